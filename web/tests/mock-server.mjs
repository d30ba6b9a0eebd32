// A small in-memory implementation of the presser HTTP API contract, for developing and testing the web UI
// without the C++ server (`node tests/mock-server.mjs --port 8099 --web dist`). Its four events are test
// fixtures, not real transcripts (with spellings of one person and of one outlet, and an anonymous speaker); the real end-to-end run uses `presser serve`.
import { createServer } from 'node:http';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { join, extname, normalize } from 'node:path';

const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : def; };
const port = parseInt(opt('--port', '8099'), 10);
const webDir = opt('--web', null);

// ---- fixture corpus -------------------------------------------------------------------------------
const EVENTS = [
  { id: 'mock-2023-03-07-npc', title: 'Mock press conference on foreign policy', date: '2023-03-07', language: 'en',
    organiser: 'Mock Ministry', venue: 'Mock Hall', source: 'mock/2023-03-07.txt',
    speakers: [['s1', 'Moderator Li', 'moderator', ''], ['s2', 'Ann Reporter', 'journalist', 'Reuters'],
               ['s3', 'Qin Gang', 'official', '', 'Foreign Minister'], ['s4', 'Bo Writer', 'journalist', 'CCTV']],
    turns: [['s1', 'moderation', null, ['Good morning. The minister will take questions.']],
            ['s2', 'question', 'x1', ['What is your view on the new sanctions and on Taiwan?']],
            ['s3', 'answer', 'x1', ['Sanctions do not solve problems. We oppose unilateral sanctions.', 'On Taiwan our position is clear.']],
            ['s4', 'question', 'x2', ['How do you see trade with Europe this year?']],
            ['s3', 'answer', 'x2', ['Trade with Europe is growing, and sanctions would hurt everyone.']]] },
  { id: 'mock-2023-06-14-fomc', title: 'Mock FOMC press conference', date: '2023-06-14', language: 'en',
    organiser: 'Mock Reserve', venue: '', source: 'mock/2023-06-14.txt',
    speakers: [['p1', 'Chair Powell', 'official', '', 'Chair'], ['p2', 'Cy Columnist', 'journalist', 'Bloomberg'],
               ['p3', 'Ann Reporter', 'journalist', 'Reuters']],
    turns: [['p1', 'statement', null, ['Good afternoon. Inflation remains well above our goal.']],
            ['p2', 'question', 'y1', ['Are sanctions on energy feeding inflation?']],
            ['p1', 'answer', 'y1', ['Energy prices matter for inflation, and sanctions are one factor among many.']],
            ['p3', 'question', 'y2', ['Will rates rise again?']],
            ['p1', 'answer', 'y2', ['We will decide meeting by meeting. Inflation is too high.']]] },
  { id: 'mock-2022-11-02-mfa', title: '外交部发言人例行记者会（模拟）', date: '2022-11-02', language: 'zh',
    organiser: '模拟外交部', venue: '', source: 'mock/2022-11-02.html',
    speakers: [['z1', '汪文斌', 'official', ''], ['z2', '法新社记者', 'journalist', '法新社']],
    turns: [['z2', 'question', 'w1', ['美国宣布新的制裁措施，中方有何回应？']],
            ['z1', 'answer', 'w1', ['中方坚决反对单边制裁。制裁解决不了问题。']]] },
  // Spellings: "QIN GANG" is the person "Qin Gang"; "REUTERS" is Reuters, "AFP" and 法新社 are one known outlet,
  // "Bloomberg News" is Bloomberg. The last question has no speaker name (an unidentified speaker).
  { id: 'mock-2023-01-10-mfa', title: 'Mock regular press conference', date: '2023-01-10', language: 'en',
    organiser: 'Mock Ministry', venue: 'Mock Hall', source: 'mock/2023-01-10.txt',
    speakers: [['m1', 'Gus Host', 'moderator', ''], ['m2', 'Dee Stringer', 'journalist', 'AFP'],
               ['m3', 'QIN GANG', 'official', '', 'Foreign Minister'], ['m4', 'Eve Anchor', 'journalist', 'REUTERS'],
               ['m5', 'Fay Pundit', 'journalist', 'Bloomberg News'],
               ['m6', 'Hua Deputy', 'official', '', 'Deputy Spokesperson'], ['m7', '', 'journalist', '']],
    turns: [['m1', 'moderation', null, ['Welcome. Questions, please.']],
            ['m2', 'question', 'v1', ['Will the minister travel to Europe?']],
            ['m3', 'answer', 'v1', ['The minister will travel when the time is right.']],
            ['m4', 'question', 'v2', ['What about the talks on shipping?']],
            ['m6', 'answer', 'v2', ['The talks on shipping continue.']],
            ['m5', 'question', 'v3', ['Any comment on the shipping lanes?']],
            ['m6', 'answer', 'v3', ['We have no comment.']],
            ['m7', 'question', null, ['One more question from the back: is the border open?']]] },
];

const enc = (s) => Buffer.byteLength(s, 'utf8');
// Words as ICU cuts them (dictionary segmentation for Chinese), punctuation as tokens of its own.
const SEG = new Intl.Segmenter('zh', { granularity: 'word' });
function* tokenize(text) {
  for (const s of SEG.segment(text)) {
    if (/^\s+$/u.test(s.segment)) continue;
    if (s.isWordLike) { yield Object.assign([s.segment], { index: s.index }); continue; }
    for (const m of s.segment.matchAll(/\S/gu)) yield Object.assign([m[0]], { index: s.index + m.index });
  }
}
const TURNS = [];
for (const ev of EVENTS) {
  let src = '';
  ev.spk = new Map(ev.speakers.map(([id, name, role, outlet, title = '']) => [id, { id, name, role, outlet, title }]));
  ev.turnObjs = [];
  ev.turns.forEach(([sid, kind, ex, paras], i) => {
    const sp = ev.spk.get(sid);
    const t = { id: `t${i + 1}`, event: ev, speaker: sp, kind, exchange: ex, paragraphs: [] };
    for (const text of paras) {
      src += `${sp.name}: `;
      const begin = enc(src);
      src += text;
      const tokens = [];
      for (const m of tokenize(text)) tokens.push({ text: m[0], lower: m[0].toLowerCase(), index: m.index });
      t.paragraphs.push({ text, tokens, source_begin: begin, source_end: enc(src), first: t.paragraphs.length === 0, turn: t });
      src += '\n\n';
    }
    ev.turnObjs.push(t);
    TURNS.push(t);
  });
  ev.sourceText = src;
  ev.tokens = ev.turnObjs.reduce((n, t) => n + t.paragraphs.reduce((m, p) => m + p.tokens.length, 0), 0);
}

// ---- helpers ----------------------------------------------------------------------------------------
class HttpError extends Error { constructor(status, message, column) { super(message); this.status = status; this.column = column; } }

function filtersOf(sp) {
  return { from: sp.get('from') || '', to: sp.get('to') || '', speaker: sp.getAll('speaker'), role: sp.getAll('role'),
    kind: sp.getAll('kind'), outlet: sp.getAll('outlet'), event: sp.getAll('event'), language: sp.getAll('language'),
    organiser: sp.getAll('organiser') };
}
function turnPasses(t, f) {
  const d = t.event.date;
  if (f.from && d.slice(0, f.from.length) < f.from) return false;
  if (f.to && d.slice(0, f.to.length) > f.to) return false;
  const chk = (vals, v) => vals.length === 0 || vals.includes(v);
  // speaker and outlet select every spelling of the identity they name (as the server does)
  const same = (vals, v, key) => vals.length === 0 || (v !== '' && vals.some((x) => key(x) === key(v)));
  // organiser and language: the whole value in any case (docs/api.md, "Filters")
  const folded = (vals, v) => vals.length === 0 || vals.some((x) => caseKey(x) === caseKey(v));
  return same(f.speaker, t.speaker.name, personKey) && chk(f.role, t.speaker.role) && chk(f.kind, t.kind)
    && same(f.outlet, t.speaker.outlet, outletKey) && chk(f.event, t.event.id) && folded(f.language, t.event.language)
    && folded(f.organiser ?? [], t.event.organiser);
}
// One identity per person and per outlet: spellings that fold (case, accents, punctuation) to the same words
// are one; the known-outlet list joins other spellings (as analysis/people does, in miniature).
const fold = (s) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[\p{P}\p{S}]+/gu, ' ')
  .trim().replace(/\s+/gu, ' ');
const KNOWN_OUTLETS = { reuters: 'Reuters', afp: 'Agence France-Presse', 'agence france presse': 'Agence France-Presse',
  '法新社': 'Agence France-Presse', bloomberg: 'Bloomberg', 'bloomberg news': 'Bloomberg' };
const personKey = (name) => fold(name);
const caseKey = (s) => s.normalize('NFKC').toLowerCase();
const outletKey = (name) => (KNOWN_OUTLETS[fold(name)] ? fold(KNOWN_OUTLETS[fold(name)]) : fold(name));
const turnTokens = (t) => t.paragraphs.reduce((m, p) => m + p.tokens.length, 0);
/** The most frequent spelling first (ties: corpus order). */
function spellingsOf(turnsBySpelling) {
  return [...turnsBySpelling.entries()].sort((a, b) => b[1] - a[1]).map(([v]) => v);
}
function sortRows(rows, sort) {
  const byName = (a, b) => a.name.localeCompare(b.name);
  if (sort === 'turns') return rows.sort((a, b) => b.turns - a.turns || byName(a, b));
  if (sort === 'tokens') return rows.sort((a, b) => b.tokens - a.tokens || byName(a, b));
  if (sort === 'name') return rows.sort(byName);
  throw new HttpError(400, `parameter 'sort': expected turns, tokens or name, got '${sort}'`);
}
function people() {
  const byKey = new Map();
  for (const t of TURNS) {
    if (!t.speaker.name) continue;
    const k = personKey(t.speaker.name);
    if (!byKey.has(k)) byKey.set(k, { turns: [], spellings: new Map(), roles: new Map(), offices: new Map() });
    const p = byKey.get(k);
    p.turns.push(t);
    p.spellings.set(t.speaker.name, (p.spellings.get(t.speaker.name) || 0) + 1);
    p.roles.set(t.speaker.role, (p.roles.get(t.speaker.role) || 0) + 1);
    if (t.speaker.title) {
      const o = p.offices.get(t.speaker.title) || { title: t.speaker.title, from: t.event.date, to: t.event.date, turns: 0 };
      if (t.event.date < o.from) o.from = t.event.date;
      if (t.event.date > o.to) o.to = t.event.date;
      o.turns++;
      p.offices.set(t.speaker.title, o);
    }
  }
  return [...byKey.values()].map((p) => {
    const dates = p.turns.map((t) => t.event.date).sort();
    const spellings = spellingsOf(p.spellings);
    return { name: spellings[0], spellings,
      roles: [...p.roles.entries()].sort((a, b) => b[1] - a[1]).map(([role, turns]) => ({ role, turns })),
      offices: [...p.offices.values()].sort((a, b) => a.from.localeCompare(b.from)),
      outlets: [...new Set(p.turns.map((t) => t.speaker.outlet).filter(Boolean).map((o) => outletOf(o)))],
      organisers: [...new Set(p.turns.map((t) => t.event.organiser).filter(Boolean))],
      from: dates[0], to: dates.at(-1), events: new Set(p.turns.map((t) => t.event.id)).size,
      turns: p.turns.length, tokens: p.turns.reduce((n, t) => n + turnTokens(t), 0) };
  });
}
function outlets() {
  const byKey = new Map();
  for (const t of TURNS) {
    if (!t.speaker.outlet) continue;
    const k = outletKey(t.speaker.outlet);
    if (!byKey.has(k)) byKey.set(k, { turns: [], spellings: new Map() });
    const o = byKey.get(k);
    o.turns.push(t);
    o.spellings.set(t.speaker.outlet, (o.spellings.get(t.speaker.outlet) || 0) + 1);
  }
  return [...byKey.values()].map((o) => {
    const spellings = spellingsOf(o.spellings);
    const known = KNOWN_OUTLETS[fold(spellings[0])];
    return { name: known || spellings[0], spellings, known: !!known,
      speakers: new Set(o.turns.map((t) => personKey(t.speaker.name))).size,
      events: new Set(o.turns.map((t) => t.event.id)).size, turns: o.turns.length,
      tokens: o.turns.reduce((n, t) => n + turnTokens(t), 0) };
  });
}
function outletOf(spelling) {
  return outlets().find((o) => o.spellings.includes(spelling))?.name ?? spelling;
}
function listPage(sp) {
  const offset = parseInt(sp.get('offset') || '0', 10), limit = parseInt(sp.get('limit') || '50', 10);
  if (!(offset >= 0) || !(limit >= 0) || limit > 1000) throw new HttpError(400, 'bad offset or limit');
  return { offset, limit };
}

function terms(q) {
  const out = [];
  for (const w of tokenize(q.toLowerCase())) if (/[\p{L}\p{N}]/u.test(w[0]) && w[0] !== 'or') out.push(w[0]);
  return out;
}
function tokenMatchesTerm(tok, term) { return tok.lower === term || (term.length > 3 && tok.lower.startsWith(term.slice(0, -1)) && tok.lower.length <= term.length + 1); }
function searchTurns(q, f) {
  const ts = terms(q);
  if (ts.length === 0) throw new HttpError(400, 'column 1: the query has no search terms', 1);
  const hits = [];
  for (const t of TURNS) {
    if (!turnPasses(t, f)) continue;
    const toks = t.paragraphs.flatMap((p) => p.tokens);
    if (ts.every((term) => toks.some((tok) => tokenMatchesTerm(tok, term)))) {
      const tf = toks.filter((tok) => ts.some((term) => tokenMatchesTerm(tok, term))).length;
      hits.push({ t, score: tf / Math.sqrt(toks.length) * 3 });
    }
  }
  return { ts, hits };
}
/** A token test (paragraph, token, index in the paragraph) for the mock CQL. */
function cqlMatcher(cql) {
  // `(Q) within (REGION)` (the Analyse page's concordances of a subcorpus with a region): Q inside the region
  const w = /^\((.*)\) within \((.*)\)$/s.exec(cql);
  if (w) {
    const inner = cqlMatcher(w[1]), inRegion = regionPredicate(w[2], 'cql');
    return (p, tok, ti) => inRegion(p.turn) && inner(p, tok, ti);
  }
  if (/^\s*<turn>\s*\[\]\s*$/.test(cql)) return (p, tok, ti) => p.first && ti === 0;   // the first token of every turn
  const res = parseCql(cql);
  return (p, tok) => res.some((re) => re.test(tok.text));
}
function parseCql(cql) {
  // Mock CQL: a sequence of [lower="re"] / [word="re"] / "re" alternatives separated by |, single tokens;
  // and `<turn> []` (every turn's first token).
  const res = [];
  let depth = 0;
  for (let i = 0; i < cql.length; i++) {
    if (cql[i] === '[') depth++;
    if (cql[i] === ']') { depth--; if (depth < 0) throw new HttpError(400, `CQL: column ${i + 1}: unexpected ']'`, i + 1); }
  }
  if (depth > 0) throw new HttpError(400, `CQL: column ${cql.length + 1}: expected ']' after the token condition`, cql.length + 1);
  for (const m of cql.matchAll(/"((?:[^"\\]|\\.)*)"/g)) res.push(new RegExp(`^(?:${m[1]})$`, 'iu'));
  if (res.length === 0) throw new HttpError(400, 'CQL: column 1: expected a token condition', 1);
  return res;
}
function cqlHits(cql, f) {
  const isHit = cqlMatcher(cql);
  const hits = [];
  for (const t of TURNS) {
    if (!turnPasses(t, f)) continue;
    t.paragraphs.forEach((p, pi) => p.tokens.forEach((tok, ti) => {
      if (isHit(p, tok, ti)) hits.push({ t, p, pi, ti, tok });
    }));
  }
  return hits;
}
function kwicLine(h, context) {
  const { t, p, ti, tok } = h;
  const lt = p.tokens.slice(Math.max(0, ti - context), ti), rt = p.tokens.slice(ti + 1, ti + 1 + context);
  const join = (ts) => ts.map((x) => x.text).join(t.event.language === 'zh' ? '' : ' ');
  const begin = p.source_begin + enc(p.text.slice(0, tok.index));
  return { segment: 0, start: ti, end: ti + 1, left: join(lt), match: tok.text, right: join(rt),
    speaker: t.speaker.name, role: t.speaker.role, outlet: t.speaker.outlet, office: t.speaker.title || '', kind: t.kind,
    date: t.event.date, event_title: t.event.title, event_id: t.event.id, language: t.event.language, source: t.event.source,
    source_begin: begin, source_end: begin + enc(tok.text) };
}
function partsOf(p, isHit) {
  const parts = [];
  let pos = 0;
  for (const [ti, tok] of p.tokens.entries()) {
    if (!isHit(p, tok, ti)) continue;
    if (tok.index > pos) parts.push({ text: p.text.slice(pos, tok.index) });
    parts.push({ text: tok.text, hit: true });
    pos = tok.index + tok.text.length;
  }
  if (pos < p.text.length) parts.push({ text: p.text.slice(pos) });
  return parts;
}
function count(items, key) {
  const m = new Map();
  for (const it of items) { const k = key(it); m.set(k, (m.get(k) || 0) + 1); }
  return [...m.entries()].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])));
}
const FACET_KEY = { speaker: (t) => t.speaker.name, outlet: (t) => t.speaker.outlet, role: (t) => t.speaker.role,
  kind: (t) => t.kind, year: (t) => t.event.date.slice(0, 4), month: (t) => t.event.date.slice(0, 7),
  event: (t) => t.event.id, language: (t) => t.event.language };
const GROUP_KEY = { 'turn.speaker': FACET_KEY.speaker, 'turn.affiliation': FACET_KEY.outlet, 'turn.role': FACET_KEY.role,
  'turn.kind': FACET_KEY.kind, 'event.id': FACET_KEY.event, 'event.language': FACET_KEY.language,
  'event.date:year': FACET_KEY.year, 'event.date:month': FACET_KEY.month };
function tokensWhere(pred) {
  let n = 0;
  for (const t of TURNS) if (pred(t)) n += t.paragraphs.reduce((m, p) => m + p.tokens.length, 0);
  return n;
}
function csvCell(v) { const s = String(v ?? ''); return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s; }
function matchingOf(sp) {
  const m = sp.get('matching') || 'standard';
  if (!['standard', 'shortest', 'longest', 'all'].includes(m)) {
    throw new HttpError(400, `parameter 'matching': expected one of standard, shortest, longest, all, got '${m}'`);
  }
  return m;
}
function page(sp) {
  const offset = parseInt(sp.get('offset') || '0', 10), limit = parseInt(sp.get('limit') || '20', 10);
  if (!(offset >= 0) || !(limit >= 0) || limit > 1000) throw new HttpError(400, 'bad offset or limit');
  return { offset, limit };
}

// ---- analyses (issue 20): subcorpora, frequency lists, keyness, collocations, n-grams ------------------
// Same shapes as the server's (docs/api.md); the mock's lemma is its lower-cased form and its CQL the mock's.
/** A 400 of the analysis routes: {"error": "message naming the parameter"}. */
class PlainError extends Error { constructor(message) { super(message); this.status = 400; this.plain = true; } }
const SAVED = [
  { name: 'officials', definition: { filters: { role: 'official' } } },
  { name: 'questions', definition: { filters: { kind: 'question' } } },
  { name: 'answers', definition: { cql: '<turn kind="answer"/>', filters: {} } },
  { name: 'mfa-2023', definition: { filters: { organiser: 'Mock Ministry', from: '2023' } } },
];
/** The mock's region queries: <turn ATTR="VALUE"/> with role, kind or speaker. */
function regionPredicate(region, param) {
  if (!region) return () => true;
  const m = /^<turn\s+(role|kind|speaker)="([^"]*)"\s*\/>$/.exec(region.trim());
  if (!m) throw new PlainError(`parameter '${param}': not a region query the mock knows: '${region}' (<turn role|kind|speaker="..."/>)`);
  const key = { role: (t) => t.speaker.role, kind: (t) => t.kind, speaker: (t) => t.speaker.name }[m[1]];
  const re = new RegExp(`^(?:${m[2]})$`, 'u');
  return (t) => re.test(key(t));
}
const FILTER_KEYS = ['from', 'to', 'speaker', 'role', 'kind', 'outlet', 'event', 'language', 'organiser'];
function filtersFromDefinition(filters) {
  const f = { from: '', to: '', speaker: [], role: [], kind: [], outlet: [], event: [], language: [], organiser: [] };
  for (const [k, v] of Object.entries(filters || {})) f[k] = k === 'from' || k === 'to' ? v : [v].flat();
  return f;
}
function sizesOf(turns) {
  return { tokens: turns.reduce((n, t) => n + turnTokens(t), 0), turns: turns.length, events: new Set(turns.map((t) => t.event.id)).size };
}
function savedSubcorpus(name, param) {
  const sc = SAVED.find((x) => x.name === name);
  if (!sc) throw new PlainError(`parameter '${param}': no subcorpus named '${name}': saved are ${SAVED.map((x) => x.name).join(', ')}`);
  const f = filtersFromDefinition(sc.definition.filters), inRegion = regionPredicate(sc.definition.cql, param);
  const turns = TURNS.filter((t) => turnPasses(t, f) && inRegion(t));
  return { turns, info: { name, definition: sc.definition, ...sizesOf(turns) } };
}
/** The subcorpus of a request: a saved one (NAME_PARAM), or the filters and region (with a prefix: ref_). */
function subcorpusOf(sp, nameParam, prefix = '') {
  const name = sp.get(nameParam);
  if (name && name !== 'rest') return savedSubcorpus(name, nameParam);
  const f = filtersFromDefinition({});
  const filters = {};
  for (const k of FILTER_KEYS) {
    const vals = sp.getAll(`${prefix}${k}`).filter(Boolean);
    if (!vals.length) continue;
    f[k] = k === 'from' || k === 'to' ? vals[0] : vals;
    filters[k] = k === 'from' || k === 'to' ? vals[0] : vals.length === 1 ? vals[0] : vals;
  }
  const region = sp.get(`${prefix}region`) || '';
  const inRegion = regionPredicate(region, `${prefix}region`);
  const turns = TURNS.filter((t) => turnPasses(t, f) && inRegion(t));
  const definition = { filters, ...(region ? { cql: region } : {}) };
  if (turns.length === 0) throw new PlainError(`the subcorpus ${JSON.stringify(definition)} is empty (0 tokens): expected a subcorpus with tokens`);
  return { turns, info: { name: '', definition, ...sizesOf(turns) } };
}
function attrOf(sp, def) {
  const a = sp.get('attr') || def;
  if (!['word', 'lower', 'lemma'].includes(a)) throw new PlainError(`parameter 'attr': expected word, lower or lemma, got '${a}'`);
  return a;
}
const valueOf = (tok, attr) => (attr === 'word' ? tok.text : tok.lower);
const isWord = (tok) => /[\p{L}\p{N}]/u.test(tok.text) || /\p{P}/u.test(tok.text);
function intParam(sp, name, def, lo, hi = Infinity) {
  const raw = sp.get(name);
  if (raw === null || raw === '') return def;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < lo || v > hi) {
    throw new PlainError(`parameter '${name}': expected an integer ${hi === Infinity ? `≥ ${lo}` : `from ${lo} to ${hi}`}, got '${raw}'`);
  }
  return v;
}
/** Per event: the subcorpus's tokens in it (the parts of DP and D). */
function eventParts(turns) {
  const m = new Map();
  for (const t of turns) m.set(t.event.id, (m.get(t.event.id) || 0) + turnTokens(t));
  return m;
}
function dispersion(byEvent, parts, f, N) {
  let dp = 0;
  for (const [ev, size] of parts) dp += Math.abs((byEvent.get(ev) || 0) / f - size / N);
  dp /= 2;
  const n = parts.size;
  if (n < 2) return { gries_dp: parts.size ? dp : null, juilland_d: null };
  const xs = [...parts].map(([ev, size]) => (byEvent.get(ev) || 0) / size);
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / n);
  return { gries_dp: dp, juilland_d: 1 - sd / mean / Math.sqrt(n - 1) };
}
/** Every n-gram (n tokens of one paragraph, joined by spaces) of the turns: term -> {frequency, events, turns, byEvent}. */
function countGrams(turns, attr, n) {
  const m = new Map();
  for (const t of turns) {
    for (const p of t.paragraphs) {
      for (let i = 0; i + n <= p.tokens.length; i++) {
        const term = p.tokens.slice(i, i + n).map((x) => valueOf(x, attr)).join(' ');
        const e = m.get(term) || { frequency: 0, events: new Set(), turns: new Set(), byEvent: new Map() };
        e.frequency++; e.events.add(t.event.id); e.turns.add(t);
        e.byEvent.set(t.event.id, (e.byEvent.get(t.event.id) || 0) + 1);
        m.set(term, e);
      }
    }
  }
  return m;
}
/** The inverse of the standard normal CDF (Acklam's rational approximation; |error| < 1.2e-9). */
function normalQuantile(p) {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const q = Math.min(p, 1 - p);
  const r = Math.sqrt(-2 * Math.log(q));
  const x = (((((c[0] * r + c[1]) * r + c[2]) * r + c[3]) * r + c[4]) * r + c[5]) / ((((d[0] * r + d[1]) * r + d[2]) * r + d[3]) * r + 1);
  return p < 0.5 ? x : -x;
}
function g2(a, b, c, d) {
  const e1 = (c * (a + b)) / (c + d), e2 = (d * (a + b)) / (c + d);
  return 2 * ((a ? a * Math.log(a / e1) : 0) + (b ? b * Math.log(b / e2) : 0));
}
function sendTable(res, format, name, header, rows) {
  if (format === 'csv') {
    res.writeHead(200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}.csv"` });
    res.end([header.join(','), ...rows.map((r) => header.map((k) => csvCell(r[k] === null ? '' : r[k])).join(','))].join('\r\n') + '\r\n');
  } else {
    res.writeHead(200, { 'Content-Type': 'application/x-ndjson', 'Content-Disposition': `attachment; filename="${name}.jsonl"` });
    res.end(rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  }
  return undefined;
}
function formatOf(sp) {
  const f = sp.get('format') || 'json';
  if (!['json', 'csv', 'jsonl'].includes(f)) throw new PlainError(`parameter 'format': expected json, csv or jsonl, got '${f}'`);
  // A download holds every row: offset and limit, when given, are ignored (as the server does).
  return f;
}
function analysisPage(sp, defLimit) {
  const offset = intParam(sp, 'offset', 0, 0), limit = intParam(sp, 'limit', defLimit, 0);
  return { offset, limit };
}

/** The parameters each analysis route takes (the server answers 400 to any other, and to a repeated one). */
const SUBCORPUS_PARAMS = [...FILTER_KEYS, 'region'];
const ALLOWED = {
  '/api/subcorpora': [],
  '/api/freq': [...SUBCORPUS_PARAMS, 'attr', 'subcorpus', 'match', 'min_freq', 'sort', 'offset', 'limit', 'format'],
  '/api/keyness': [...SUBCORPUS_PARAMS, ...SUBCORPUS_PARAMS.map((k) => `ref_${k}`), 'attr', 'n', 'target', 'reference', 'alpha',
    'bonferroni', 'min_freq', 'sort', 'offset', 'limit', 'format'],
  '/api/colloc': [...SUBCORPUS_PARAMS, 'q', 'attr', 'window', 'left', 'right', 'within', 'subcorpus', 'measure', 'min_freq',
    'min_collocate_freq', 'offset', 'limit', 'format'],
  '/api/ngrams': [...SUBCORPUS_PARAMS, 'n', 'attr', 'subcorpus', 'min_freq', 'min_range', 'min_turns', 'max_dp', 'containing',
    'offset', 'limit', 'format'],
};

function analysis(path, sp, res) {
  for (const k of new Set(sp.keys())) {
    if (k === 'token') continue;
    if (!ALLOWED[path].includes(k)) throw new PlainError(`unknown parameter '${k}'; expected ${ALLOWED[path].join(', ') || 'none'}`);
    if (sp.getAll(k).length > 1) throw new PlainError(`parameter '${k}' given more than once`);
  }
  const started = performance.now();
  const format = formatOf(sp);
  const took = () => performance.now() - started;
  if (path === '/api/subcorpora') {
    return { subcorpora: SAVED.map((x) => savedSubcorpus(x.name, 'subcorpus').info) };
  }
  if (path === '/api/freq') {
    const attr = attrOf(sp, 'lower');
    const { turns, info } = subcorpusOf(sp, 'subcorpus');
    const minFreq = intParam(sp, 'min_freq', 1, 1);
    let re = null;
    try { if (sp.get('match')) re = new RegExp(sp.get('match'), 'u'); } catch (e) { throw new PlainError(`parameter 'match': ${e.message}`); }
    const sort = sp.get('sort') || 'frequency';
    if (!['frequency', 'term', 'range', 'dispersion'].includes(sort)) {
      throw new PlainError(`parameter 'sort': expected frequency, term, range or dispersion, got '${sort}'`);
    }
    const parts = eventParts(turns);
    let rows = [...countGrams(turns, attr, 1)].filter(([term, e]) => e.frequency >= minFreq && (!re || re.test(term)))
      .map(([term, e]) => ({ term, frequency: e.frequency, per_million: (e.frequency * 1e6) / info.tokens, events: e.events.size,
        turns: e.turns.size, ...dispersion(e.byEvent, parts, e.frequency, info.tokens) }));
    const byFreq = (a, b) => b.frequency - a.frequency || a.term.localeCompare(b.term);
    rows.sort(sort === 'term' ? (a, b) => a.term.localeCompare(b.term)
      : sort === 'range' ? (a, b) => b.events - a.events || b.turns - a.turns || byFreq(a, b)
        : sort === 'dispersion' ? (a, b) => (a.gries_dp ?? 2) - (b.gries_dp ?? 2) || byFreq(a, b) : byFreq);
    if (format !== 'json') return sendTable(res, format, `presser-freq-${attr}`, ['term', 'frequency', 'per_million', 'events', 'turns', 'juilland_d', 'gries_dp'], rows);
    const { offset, limit } = analysisPage(sp, 100);
    return { attribute: attr, subcorpus: info, parts: eventParts(turns).size, total_rows: rows.length, offset, limit,
      took_ms: took(), rows: rows.slice(offset, offset + limit) };
  }
  if (path === '/api/keyness') {
    const attr = attrOf(sp, 'lemma');
    const n = intParam(sp, 'n', 1, 1, 4);
    const target = subcorpusOf(sp, 'target');
    const refOwn = FILTER_KEYS.some((k) => sp.get(`ref_${k}`)) || sp.get('ref_region');
    let reference;
    if (refOwn) reference = subcorpusOf(sp, '', 'ref_');
    else if (sp.get('reference') && sp.get('reference') !== 'rest') reference = savedSubcorpus(sp.get('reference'), 'reference');
    else {
      const turns = TURNS.filter((t) => !target.turns.includes(t));
      if (!turns.length) throw new PlainError("parameter 'reference': the rest of the corpus is empty");
      reference = { turns, info: { name: 'rest', definition: { filters: {} }, ...sizesOf(turns) } };
    }
    if (target.turns.some((t) => reference.turns.includes(t))) {
      throw new PlainError(`parameter 'reference': the target and the reference overlap (they share turns): choose a reference without the target's tokens`);
    }
    const alphaRaw = sp.get('alpha') || '0.05';
    const alpha = alphaRaw === 'none' ? null : Number(alphaRaw);
    if (alpha !== null && !(alpha > 0 && alpha < 1)) throw new PlainError(`parameter 'alpha': expected a number between 0 and 1 or none, got '${alphaRaw}'`);
    const minFreq = intParam(sp, 'min_freq', 1, 1);
    const sort = sp.get('sort') || 'log-likelihood';
    if (!['log-likelihood', 'log-ratio'].includes(sort)) throw new PlainError(`parameter 'sort': expected log-likelihood or log-ratio, got '${sort}'`);
    const a = countGrams(target.turns, attr, n), b = countGrams(reference.turns, attr, n);
    const c = target.info.tokens, d = reference.info.tokens;
    const compared = [];
    for (const term of new Set([...a.keys(), ...b.keys()])) {
      const fa = a.get(term)?.frequency || 0, fb = b.get(term)?.frequency || 0;
      const positive = fa / c > fb / d;
      if ((positive ? fa : fb) < minFreq) continue;
      compared.push({ term, positive, row: { term, target_frequency: fa, reference_frequency: fb,
        target_per_million: (fa * 1e6) / c, reference_per_million: (fb * 1e6) / d, log_likelihood: g2(fa, fb, c, d),
        log_ratio: Math.log2(((fa || 0.5) / c) / ((fb || 0.5) / d)), percent_diff: fb ? (((fa * 1e6) / c - (fb * 1e6) / d) * 100) / ((fb * 1e6) / d) : null } });
    }
    const effAlpha = alpha === null ? null : sp.get('bonferroni') === '1' ? alpha / Math.max(1, compared.length) : alpha;
    const critical = effAlpha === null ? null : normalQuantile(effAlpha / 2) ** 2;
    const kept = compared.filter((x) => critical === null || x.row.log_likelihood >= critical);
    const order = sort === 'log-ratio' ? (x, y) => Math.abs(y.log_ratio) - Math.abs(x.log_ratio) || x.term.localeCompare(y.term)
      : (x, y) => y.log_likelihood - x.log_likelihood || x.term.localeCompare(y.term);
    const positive = kept.filter((x) => x.positive).map((x) => x.row).sort(order);
    const negative = kept.filter((x) => !x.positive).map((x) => x.row).sort(order);
    if (format !== 'json') {
      return sendTable(res, format, `presser-keyness-${attr}`, ['keyword', 'term', 'target_frequency', 'reference_frequency',
        'target_per_million', 'reference_per_million', 'log_likelihood', 'log_ratio', 'percent_diff'],
      [...positive.map((r) => ({ keyword: 'positive', ...r })), ...negative.map((r) => ({ keyword: 'negative', ...r }))]);
    }
    const { limit } = analysisPage(sp, 50);
    return { attribute: attr, n, target: target.info, reference: reference.info, types_compared: compared.length, alpha,
      bonferroni: sp.get('bonferroni') === '1', critical_value: critical, positive_total: positive.length,
      negative_total: negative.length, total_rows: positive.length + negative.length, offset: 0, limit, took_ms: took(),
      positive: positive.slice(0, limit), negative: negative.slice(0, limit) };
  }
  if (path === '/api/colloc') {
    const q = sp.get('q') || '';
    if (!q.trim()) throw new PlainError("parameter 'q': expected a CQL query for the node");
    const attr = attrOf(sp, 'lower');
    const within = sp.get('within') || '';
    if (within && !['s', 'turn'].includes(within)) throw new PlainError(`parameter 'within': expected s or turn, got '${within}'`);
    if (within && (sp.get('window') || sp.get('left') || sp.get('right'))) {
      throw new PlainError("parameter 'within': give either within or a window (window, left, right), not both");
    }
    const win = intParam(sp, 'window', 5, 0);
    const left = intParam(sp, 'left', win, 0), right = intParam(sp, 'right', win, 0);
    const measure = sp.get('measure') || 'logdice';
    if (!['logdice', 'mi', 'mi3', 't', 'll', 'freq'].includes(measure)) {
      throw new PlainError(`parameter 'measure': expected logdice, mi, mi3, t, ll or freq, got '${measure}'`);
    }
    const minFreq = intParam(sp, 'min_freq', 1, 1), minCollFreq = intParam(sp, 'min_collocate_freq', 1, 1);
    const { turns, info } = subcorpusOf(sp, 'subcorpus');
    let isNode;
    try { isNode = cqlMatcher(q); } catch (e) { throw new PlainError(e.message); }
    const N = info.tokens;
    const freq = countGrams(turns, attr, 1);
    const co = new Map();
    let nodes = 0;
    for (const t of turns) {
      for (const p of t.paragraphs) {
        p.tokens.forEach((tok, i) => {
          if (!isNode(p, tok, i)) return;
          nodes++;
          const lo = within ? 0 : Math.max(0, i - left), hi = within ? p.tokens.length - 1 : Math.min(p.tokens.length - 1, i + right);
          for (let j = lo; j <= hi; j++) if (j !== i) { const v = valueOf(p.tokens[j], attr); co.set(v, (co.get(v) || 0) + 1); }
        });
      }
    }
    const esc = (v) => v.replace(/[\\.^$|?*+()[\]{}"]/g, (ch) => (ch === '"' ? '\\"' : '\\' + ch));
    const gap = within ? '[]*' : null;
    let rows = [...co].filter(([v, fnc]) => fnc >= minFreq && (freq.get(v)?.frequency || 0) >= minCollFreq).map(([v, fnc]) => {
      const fc = freq.get(v)?.frequency || 0, fn = nodes;
      const coll = `[${attr}="${esc(v)}"]`;
      const cql = within ? `((${q}) ${gap} ${coll} | ${coll} ${gap} (${q})) within ${within}`
        : `(${q}) []{0,${Math.max(0, right - 1)}} ${coll} | ${coll} []{0,${Math.max(0, left - 1)}} (${q})`;
      return { collocate: v, cooccurrences: fnc, collocate_frequency: fc, cql,
        logdice: 14 + Math.log2((2 * fnc) / (fn + fc)), mi: Math.log2((fnc * N) / (fn * fc)), mi3: Math.log2((fnc ** 3 * N) / (fn * fc)),
        t: (fnc - (fn * fc) / N) / Math.sqrt(fnc), ll: fc === fnc ? null : g2(fnc, fc - fnc, fn, Math.max(1, N - fn)) };
    });
    const key = measure === 'freq' ? 'cooccurrences' : measure;
    rows.sort((x, y) => (y[key] ?? -Infinity) - (x[key] ?? -Infinity) || x.collocate.localeCompare(y.collocate));
    if (format !== 'json') {
      return sendTable(res, format, `presser-colloc-${attr}`, ['collocate', 'cooccurrences', 'collocate_frequency', 'logdice', 'mi', 'mi3', 't', 'll', 'cql'], rows);
    }
    const { limit } = analysisPage(sp, 50);
    return { query: q, attribute: attr, measure, nodes, corpus_tokens: N, subcorpus: info,
      window: within ? { within } : { left, right }, total_rows: rows.length, offset: 0, limit, took_ms: took(),
      rows: limit ? rows.slice(0, limit) : rows };
  }
  if (path === '/api/ngrams') {
    const n = intParam(sp, 'n', 3, 2, 6);
    const attr = attrOf(sp, 'lower');
    const minFreq = intParam(sp, 'min_freq', 1, 1), minRange = intParam(sp, 'min_range', 0, 0), minTurns = intParam(sp, 'min_turns', 0, 0);
    const maxDpRaw = sp.get('max_dp');
    const maxDp = maxDpRaw ? Number(maxDpRaw) : null;
    if (maxDp !== null && !(maxDp >= 0 && maxDp <= 1)) throw new PlainError(`parameter 'max_dp': expected a number from 0 to 1, got '${maxDpRaw}'`);
    const containing = (sp.get('containing') || '').toLowerCase();
    const { turns, info } = subcorpusOf(sp, 'subcorpus');
    const parts = eventParts(turns);
    const rows = [...countGrams(turns, attr, n)]
      .filter(([term, e]) => e.frequency >= minFreq && e.events.size >= minRange && e.turns.size >= minTurns
        && (!containing || term.split(' ').some((x) => x.toLowerCase() === containing)))
      .map(([ngram, e]) => ({ ngram, frequency: e.frequency, per_million: (e.frequency * 1e6) / info.tokens, events: e.events.size,
        turns: e.turns.size, gries_dp: dispersion(e.byEvent, parts, e.frequency, info.tokens).gries_dp }))
      .filter((r) => maxDp === null || (r.gries_dp !== null && r.gries_dp <= maxDp))
      .sort((a, b) => b.frequency - a.frequency || a.ngram.localeCompare(b.ngram));
    if (format !== 'json') return sendTable(res, format, `presser-ngrams-${n}-${attr}`, ['ngram', 'frequency', 'per_million', 'events', 'turns', 'gries_dp'], rows);
    const { offset, limit } = analysisPage(sp, 50);
    return { n, attribute: attr, subcorpus: info, total_rows: rows.length, offset, limit, took_ms: took(),
      rows: limit ? rows.slice(offset, offset + limit) : rows.slice(offset) };
  }
  return null;
}

// ---- routes -----------------------------------------------------------------------------------------
function route(path, sp, res) {
  if (['/api/subcorpora', '/api/freq', '/api/keyness', '/api/colloc', '/api/ngrams'].includes(path)) return analysis(path, sp, res);
  const f = filtersOf(sp);
  if (path === '/api/info') {
    return { tokens: TURNS.reduce((n, t) => n + t.paragraphs.reduce((m, p) => m + p.tokens.length, 0), 0),
      events: EVENTS.length, segments: 1, turns: TURNS.length, speakers: new Set(TURNS.map((t) => t.speaker.name).filter(Boolean)).size,
      people: people().length, outlets: outlets().length,
      languages: count(EVENTS, (e) => e.language).map(([value, events]) => ({ value, events })),
      date_min: '2022-11-02', date_max: '2023-06-14',
      organisers: count(EVENTS, (e) => e.organiser).map(([value, events]) => ({ value, events })), version: 'mock' };
  }
  if (path === '/api/search') {
    const q = sp.get('q') || '';
    const { ts, hits } = searchTurns(q, f);
    if (sp.get('sort') === 'date') hits.sort((a, b) => b.t.event.date.localeCompare(a.t.event.date) || b.score - a.score);
    else hits.sort((a, b) => b.score - a.score || b.t.event.date.localeCompare(a.t.event.date));
    const { offset, limit } = page(sp);
    const fl = parseInt(sp.get('facet_limit') || '10', 10);
    const facets = (sp.get('facets') || 'speaker,outlet,role,year').split(',').filter(Boolean).map((name) => {
      if (!FACET_KEY[name]) throw new HttpError(400, `unknown facet '${name}'`);
      const c = count(hits.map((x) => x.t), FACET_KEY[name]);
      return { name, distinct: c.length, values: c.slice(0, fl).map(([value, n]) => ({ value, count: n })) };
    });
    return { q, unit: sp.get('unit') || 'turn', total: hits.length, offset, limit, took_ms: 0.1,
      hits: hits.slice(offset, offset + limit).map(({ t, score }) => {
        const p = t.paragraphs.find((pp) => pp.tokens.some((tok) => ts.some((term) => tokenMatchesTerm(tok, term)))) || t.paragraphs[0];
        return { score, event_id: t.event.id, turn_id: t.id, exchange_id: t.exchange || '', date: t.event.date,
          speaker: t.speaker.name, role: t.speaker.role, kind: t.kind, outlet: t.speaker.outlet, title: t.event.title,
          source: t.event.source,
          snippet: { parts: partsOf(p, (pp, tok) => ts.some((term) => tokenMatchesTerm(tok, term))), truncated_before: false,
            truncated_after: false, source_begin: p.source_begin, source_end: p.source_end }, answer: null };
      }), facets };
  }
  if (path === '/api/query') {
    const cql = sp.get('cql') || '';
    const hits = cqlHits(cql, f);
    const sort = sp.get('sort') || 'none';
    const ctx = Math.min(50, parseInt(sp.get('context') || '8', 10));
    let lines = hits.map((h) => kwicLine(h, ctx));
    // A sample as the server draws one: the same seed the same lines, in corpus order (a seeded shuffle here).
    const sampleSize = sp.has('sample') ? intParam(sp, 'sample', 0, 0) : null;
    const seed = intParam(sp, 'seed', 1, 0);
    if (sampleSize !== null) {
      let x = (seed * 2654435761 + 1) >>> 0;
      const rnd = () => { x = (x * 1103515245 + 12345) >>> 0; return x / 4294967296; };
      const picked = lines.map((l, i) => [rnd(), i]).sort((a, b) => a[0] - b[0]).slice(0, sampleSize).map(([, i]) => i).sort((a, b) => a - b);
      lines = picked.map((i) => lines[i]);
    }
    if (sort !== 'none') {
      const META = { date: 'date', speaker: 'speaker', role: 'role', outlet: 'outlet', event: 'event_title' };
      const keys = sort.split(',').map((k) => k.split(':'));
      for (const k of keys) {
        if (!['match', 'left', 'right', ...Object.keys(META)].includes(k[0])) {
          throw new HttpError(400, `parameter 'sort': unknown part '${k[0]}': expected match, left, right, date, speaker, role, outlet or event (or none)`);
        }
      }
      const text = (part, l) => part in META ? l[META[part]] : part === 'match' ? l.match.toLowerCase() : part === 'left'
        ? l.left.split(' ').reverse().join(' ').toLowerCase() : l.right.toLowerCase();
      const cmp = (x, y) => (x < y ? -1 : x > y ? 1 : 0);
      lines.sort((a, b) => {
        for (const k of keys) {
          const c = k[0] in META ? cmp(text(k[0], a), text(k[0], b)) : text(k[0], a).localeCompare(text(k[0], b));
          if (c) return k.includes('desc') ? -c : c;
        }
        return 0;
      });
    }
    const { offset, limit } = page(sp);
    return { cql, matching: matchingOf(sp), total: hits.length, events: new Set(hits.map((h) => h.t.event.id)).size,
      turns: new Set(hits.map((h) => h.t)).size, offset, limit,
      sample: sampleSize === null ? null : { size: lines.length, seed }, took_ms: 0.1, lines: lines.slice(offset, offset + limit) };
  }
  if (path === '/api/groups') {
    const by = sp.get('by') || 'turn.speaker';
    const key = GROUP_KEY[by];
    if (!key) throw new HttpError(400, `unknown group key '${by}'`);
    const hits = cqlHits(sp.get('cql') || '', f);
    const c = count(hits.map((h) => h.t), key);
    const limit = parseInt(sp.get('limit') || '50', 10);
    return { cql: sp.get('cql'), matching: matchingOf(sp), by, total: hits.length, distinct: c.length, rows: c.slice(0, limit).map(([value, n]) => {
      const tokens = tokensWhere((t) => key(t) === value && turnPasses(t, f));
      return { value, hits: n, tokens, per_million: tokens ? (n * 1e6) / tokens : 0 };
    }) };
  }
  if (path === '/api/timeline') {
    const gran = sp.get('granularity') || 'month';
    if (!['day', 'month', 'year'].includes(gran)) {
      throw new HttpError(400, `parameter 'granularity': expected one of day, month, year, got '${gran}'`);
    }
    const cut = gran === 'year' ? 4 : gran === 'day' ? 10 : 7;
    const units = sp.get('cql') ? cqlHits(sp.get('cql'), f).map((h) => h.t) : searchTurns(sp.get('q') || '', f).hits.map((h) => h.t);
    const periods = [...new Set(TURNS.filter((t) => turnPasses(t, f)).map((t) => t.event.date.slice(0, cut)))].sort();
    return { granularity: gran, total: units.length, undated: 0, buckets: periods.map((period) => {
      const hits = units.filter((t) => t.event.date.slice(0, cut) === period).length;
      const tokens = tokensWhere((t) => t.event.date.slice(0, cut) === period && turnPasses(t, f));
      return { period, hits, tokens, per_million: (hits * 1e6) / tokens };
    }) };
  }
  const m = path.match(/^\/api\/events\/(.+)$/);
  if (m) {
    const id = decodeURIComponent(m[1]);
    const ev = EVENTS.find((e) => e.id === id);
    if (!ev) throw new HttpError(404, `unknown event '${id}'`);
    let isHit = () => false;
    if (sp.get('cql')) isHit = cqlMatcher(sp.get('cql'));
    else if (sp.get('q')) { const ts = terms(sp.get('q')); isHit = (p, tok) => ts.some((term) => tokenMatchesTerm(tok, term)); }
    let hits = 0;
    const turns = ev.turnObjs.map((t) => ({ id: t.id, speaker: t.speaker.id, kind: t.kind, exchange: t.exchange,
      paragraphs: t.paragraphs.map((p) => { hits += p.tokens.filter((tok, ti) => isHit(p, tok, ti)).length;
        return { parts: partsOf(p, isHit), source_begin: p.source_begin, source_end: p.source_end }; }) }));
    const xs = [...new Set(ev.turnObjs.map((t) => t.exchange).filter(Boolean))];
    return { event: { id: ev.id, title: ev.title, date: ev.date, date_precision: 'day', organiser: ev.organiser,
        venue: ev.venue, language: ev.language, source: ev.source, source_note: '' },
      speakers: [...ev.spk.values()].map((s) => ({ id: s.id, name: s.name, role: s.role, title: s.title,
        affiliations: s.outlet ? [s.outlet] : [] })),
      turns, exchanges: xs.map((x, i) => ({ id: x, questions: ev.turnObjs.filter((t) => t.exchange === x && t.kind === 'question').map((t) => t.id),
        answers: ev.turnObjs.filter((t) => t.exchange === x && t.kind === 'answer').map((t) => t.id), follows: i ? xs[i - 1] : null })),
      hits };
  }
  if (path === '/api/speakers') {
    const name = (sp.get('name') || '').toLowerCase();
    const names = count(TURNS, FACET_KEY.speaker).filter(([n]) => n && n.toLowerCase().includes(name));
    const list = names.map(([n, turns]) => ({ name: n, turns }));
    return { total: list.length, speakers: list };
  }
  if (path === '/api/people' || path === '/api/outlets') {
    const name = (sp.get('name') || '').toLowerCase();
    const roles = sp.getAll('role');
    const isPeople = path === '/api/people';
    const rows = sortRows((isPeople ? people() : outlets())
      .filter((r) => r.spellings.some((v) => v.toLowerCase().includes(name)))
      .filter((r) => !isPeople || roles.length === 0 || r.roles.some((x) => roles.includes(x.role))), sp.get('sort') || 'turns');
    const { offset, limit } = listPage(sp);
    const slice = rows.slice(offset, offset + limit);
    return isPeople
      ? { total: rows.length, offset, limit, unidentified_turns: TURNS.filter((t) => !t.speaker.name).length, people: slice }
      : { total: rows.length, offset, limit, outlets: slice };
  }
  if (path === '/api/suggest') {
    const field = sp.get('field');
    if (!['speaker', 'outlet', 'event', 'organiser'].includes(field)) {
      throw new HttpError(400, `parameter 'field': expected one of speaker, outlet, event, organiser, got '${field ?? ''}'`);
    }
    const q = caseKey(sp.get('q') || '');
    const limit = parseInt(sp.get('limit') || '10', 10);
    const closeness = (names) => {
      let best = 3;
      for (const n of names) {
        const k = caseKey(n);
        for (let at = k.indexOf(q); at >= 0 && best > 0; at = k.indexOf(q, at + 1)) {
          best = Math.min(best, at === 0 ? 0 : /[ \-(]/.test(k[at - 1]) ? 1 : 2);
        }
      }
      return q ? best : 0;
    };
    let rows;
    if (field === 'speaker' || field === 'outlet') {
      rows = (field === 'speaker' ? people() : outlets()).map((p) => ({ rank: closeness([p.name, ...p.spellings]),
        row: { value: p.name, label: p.name, count: p.turns, spellings: p.spellings.filter((x) => x !== p.name) } }));
    } else if (field === 'event') {
      rows = EVENTS.map((ev) => ({ rank: closeness([ev.title, ev.id, ev.date]),
        row: { value: ev.id, label: ev.title || ev.id, date: ev.date, count: ev.turnObjs.length } }));
    } else {
      rows = count(EVENTS, (e) => e.organiser).map(([value, events]) => ({ rank: closeness([value]), row: { value, label: value, count: events } }));
    }
    rows = rows.filter((r) => r.rank < 3).sort((a, b) => a.rank - b.rank
      || (field === 'event' ? b.row.date.localeCompare(a.row.date) : 0) || b.row.count - a.row.count || a.row.label.localeCompare(b.row.label));
    return { field, q: sp.get('q') || '', count_of: field === 'organiser' ? 'events' : 'turns', total: rows.length,
      suggestions: rows.slice(0, limit).map((r) => r.row) };
  }
  if (path === '/api/events') {
    const title = (sp.get('title') || '').toLowerCase();
    const orgs = sp.getAll('organiser').map(caseKey);
    const sort = sp.get('sort') || '-date';
    const SORTS = ['date', '-date', 'title', '-title', 'organiser', '-organiser'];
    if (!SORTS.includes(sort)) throw new HttpError(400, `parameter 'sort': expected one of ${SORTS.join(', ')}, got '${sort}'`);
    const key = sort.replace(/^-/, '');
    const dir = sort.startsWith('-') ? -1 : 1;
    const evs = EVENTS.filter((ev) => ev.title.toLowerCase().includes(title)
      && (orgs.length === 0 || orgs.includes(caseKey(ev.organiser)))
      && ev.turnObjs.some((t) => turnPasses(t, { ...f, role: [], kind: [] })))
      .sort((a, b) => dir * a[key].localeCompare(b[key]) || b.date.localeCompare(a.date) || a.id.localeCompare(b.id));
    const { offset, limit } = listPage(sp);
    return { total: evs.length, offset, limit, events: evs.slice(offset, offset + limit).map((ev) => ({
      id: ev.id, title: ev.title, date: ev.date, organiser: ev.organiser, venue: ev.venue, language: ev.language,
      source: ev.source, tokens: ev.tokens, turns: ev.turnObjs.length,
      exchanges: new Set(ev.turnObjs.map((t) => t.exchange).filter(Boolean)).size })) };
  }
  if (path === '/api/source') {
    const ev = EVENTS.find((e) => e.id === sp.get('event'));
    if (!ev) throw new HttpError(404, 'unknown event');
    const b = Buffer.from(ev.sourceText, 'utf8');
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(b.subarray(parseInt(sp.get('begin'), 10), parseInt(sp.get('end'), 10)));
    return undefined;
  }
  if (path === '/api/export') {
    const format = sp.get('format') || 'csv';
    if (format === 'vrt' && sp.get('cql')) {
      // The hits' turns as CWB's vertical text: a token per line inside <event> and <turn>.
      const turns = new Set(cqlHits(sp.get("cql"), f).map((h) => h.t));
      const out = ['<!-- presser mock export -->'];
      for (const t of turns) {
        out.push(`<event id="${t.event.id}">`, `<turn speaker="${t.speaker.name}" kind="${t.kind}">`);
        for (const p of t.paragraphs) for (const w of p.text.split(/\s+/).filter(Boolean)) out.push(`${w}\t${w.toLowerCase()}\t${w.toLowerCase()}`);
        out.push('</turn>', '</event>');
      }
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Disposition': 'attachment; filename="presser-vrt-mock.vrt"' });
      res.end(out.join('\n') + '\n');
      return undefined;
    }
    let rows, header;
    if (sp.get('cql')) {
      const ctx = Math.min(50, parseInt(sp.get('context') || '8', 10));
      header = ['query', 'event_id', 'date', 'speaker', 'role', 'kind', 'outlet', 'language', 'source', 'source_begin', 'source_end', 'left', 'match', 'right'];
      rows = cqlHits(sp.get('cql'), f).map((h) => ({ query: sp.get('cql'), ...kwicLine(h, ctx) }));
    } else {
      const q = sp.get('q') || '';
      header = ['query', 'event_id', 'date', 'speaker', 'role', 'kind', 'outlet', 'language', 'source', 'source_begin', 'source_end', 'score', 'snippet'];
      rows = searchTurns(q, f).hits.map(({ t, score }) => ({ query: q, event_id: t.event.id, date: t.event.date, speaker: t.speaker.name,
        role: t.speaker.role, kind: t.kind, outlet: t.speaker.outlet, language: t.event.language, source: t.event.source,
        source_begin: t.paragraphs[0].source_begin, source_end: t.paragraphs.at(-1).source_end, score,
        snippet: t.paragraphs.map((p) => p.text).join('\n') }));
    }
    res.writeHead(200, { 'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
      'Content-Disposition': `attachment; filename="presser-export.${format}"` });
    if (format === 'csv') res.end([header.join(','), ...rows.map((r) => header.map((k) => csvCell(r[k])).join(','))].join('\r\n') + '\r\n');
    else res.end(rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    return undefined;
  }
  throw new HttpError(404, `unknown route ${path}`);
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };
createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname.startsWith('/api/')) {
    try {
      const body = route(url.pathname, url.searchParams, res);
      if (body !== undefined) {
        res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(body));
      }
    } catch (e) {
      const status = e.status || 500;
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(e.plain ? { error: e.message }
        : { error: { status, message: e.message, ...(e.column ? { column: e.column } : {}) } }));
    }
    return;
  }
  if (!webDir) { res.writeHead(404); res.end('no --web'); return; }
  const rel = url.pathname === '/' ? 'index.html' : normalize(decodeURIComponent(url.pathname)).replace(/^[/\\]+/, '');
  const file = join(webDir, rel);
  if (rel.includes('..') || !existsSync(file) || !statSync(file).isFile()) { res.writeHead(404); res.end('not found'); return; }
  res.writeHead(200, { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream' });
  res.end(readFileSync(file));
}).listen(port, '127.0.0.1', () => console.log(`mock presser API on http://127.0.0.1:${port}/`));
