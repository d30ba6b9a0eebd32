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
      t.paragraphs.push({ text, tokens, source_begin: begin, source_end: enc(src), first: t.paragraphs.length === 0 });
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
    kind: sp.getAll('kind'), outlet: sp.getAll('outlet'), event: sp.getAll('event'), language: sp.getAll('language') };
}
function turnPasses(t, f) {
  const d = t.event.date;
  if (f.from && d.slice(0, f.from.length) < f.from) return false;
  if (f.to && d.slice(0, f.to.length) > f.to) return false;
  const chk = (vals, v) => vals.length === 0 || vals.includes(v);
  // speaker and outlet select every spelling of the identity they name (as the server does)
  const same = (vals, v, key) => vals.length === 0 || (v !== '' && vals.some((x) => key(x) === key(v)));
  return same(f.speaker, t.speaker.name, personKey) && chk(f.role, t.speaker.role) && chk(f.kind, t.kind)
    && same(f.outlet, t.speaker.outlet, outletKey) && chk(f.event, t.event.id) && chk(f.language, t.event.language);
}
// One identity per person and per outlet: spellings that fold (case, accents, punctuation) to the same words
// are one; the known-outlet list joins other spellings (as analysis/people does, in miniature).
const fold = (s) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[\p{P}\p{S}]+/gu, ' ')
  .trim().replace(/\s+/gu, ' ');
const KNOWN_OUTLETS = { reuters: 'Reuters', afp: 'Agence France-Presse', 'agence france presse': 'Agence France-Presse',
  '法新社': 'Agence France-Presse', bloomberg: 'Bloomberg', 'bloomberg news': 'Bloomberg' };
const personKey = (name) => fold(name);
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
    speaker: t.speaker.name, role: t.speaker.role, outlet: t.speaker.outlet, kind: t.kind, date: t.event.date,
    event_id: t.event.id, language: t.event.language, source: t.event.source,
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

// ---- routes -----------------------------------------------------------------------------------------
function route(path, sp, res) {
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
    if (sort !== 'none') {
      const keys = sort.split(',').map((k) => k.split(':'));
      const text = (part, l) => part === 'match' ? l.match.toLowerCase() : part === 'left'
        ? l.left.split(' ').reverse().join(' ').toLowerCase() : l.right.toLowerCase();
      lines.sort((a, b) => {
        for (const k of keys) {
          const c = text(k[0], a).localeCompare(text(k[0], b));
          if (c) return k.includes('desc') ? -c : c;
        }
        return 0;
      });
    }
    const { offset, limit } = page(sp);
    return { cql, matching: matchingOf(sp), total: lines.length, events: new Set(hits.map((h) => h.t.event.id)).size,
      turns: new Set(hits.map((h) => h.t)).size, offset, limit, took_ms: 0.1, lines: lines.slice(offset, offset + limit) };
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
  if (path === '/api/events') {
    const title = (sp.get('title') || '').toLowerCase();
    const orgs = sp.getAll('organiser');
    const sort = sp.get('sort') || '-date';
    if (sort !== 'date' && sort !== '-date') throw new HttpError(400, `parameter 'sort': expected date or -date, got '${sort}'`);
    const evs = EVENTS.filter((ev) => ev.title.toLowerCase().includes(title)
      && (orgs.length === 0 || orgs.includes(ev.organiser))
      && ev.turnObjs.some((t) => turnPasses(t, { ...f, role: [], kind: [] })))
      .sort((a, b) => (sort === 'date' ? 1 : -1) * a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
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
      res.end(JSON.stringify({ error: { status, message: e.message, ...(e.column ? { column: e.column } : {}) } }));
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
