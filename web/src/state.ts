// The whole UI state lives in the page URL (shareable; back/forward restore it).
// Format (defaults are left out):
//   ?mode=search|cql &q=TEXT &unit=turn|exchange &view=results|kwic &sort=KEY[,KEY] &page=N
//    &matching=standard|shortest|longest|all (CQL mode)
//    KWIC: &context=0..50 (tokens each side, default 8) &size=20|50|100|200|500 (lines per page, default 50)
//    &sample=N &seed=S (thin: a random sample of N hits; seed default 1)
//    &open=EVENT_ID &at=SOURCE_BYTE &scale=abs|pm &dist=speaker|outlet &granularity=day|month|year (auto)
//    &from=DATE &to=DATE &speaker=S (repeatable) &role= &kind= &outlet= &event= &language= &organiser=
// Browse pages: ?browse=people|outlets|events &name=TEXT (name or title contains) &sort= &page=N &limit=ROWS
//    (people: &role=; events: &speaker= &from= &to= &language=) and &open=EVENT_ID (the reader over the page).
// Analyse page: ?analyse=freq|keyness|colloc|ngrams, the target subcorpus as &subcorpus=NAME or the filters
//    above and &region=CQL, the tab's options under their API names (ANALYSE_OPTIONS; &q= is the collocation
//    node), &page=N; keyness's own reference as &reference=rest|NAME or &ref_from= ... &ref_region=.

import type { Params } from './api';

export type Mode = 'search' | 'cql';
export type View = 'results' | 'kwic';
export type Granularity = 'day' | 'month' | 'year';
/** The time chart's periods: a fixed granularity, or 'auto' (chosen from the date span, autoGranularity). */
export type GranularityChoice = 'auto' | Granularity;
/** Which hits a CQL query gives when several spans match (docs/cql.md); the API's `matching`. */
export type Matching = 'standard' | 'shortest' | 'longest' | 'all';
export const MATCHINGS: readonly Matching[] = ['standard', 'shortest', 'longest', 'all'];
export const GRANULARITIES: readonly GranularityChoice[] = ['auto', 'day', 'month', 'year'];
export const LIST_FILTERS = ['speaker', 'role', 'kind', 'outlet', 'event', 'language', 'organiser'] as const;
export type ListFilter = typeof LIST_FILTERS[number];
/** The page shown: '' = search (start page, ranked results, KWIC), else a browse page. */
export type Browse = '' | 'people' | 'outlets' | 'events';
export const BROWSE_PAGES: readonly Exclude<Browse, ''>[] = ['people', 'outlets', 'events'];
/** The sorts a browse page's headers set ('' = the API's default: most turns first; events newest first). */
export const BROWSE_SORTS: Record<Exclude<Browse, ''>, readonly string[]> = {
  people: ['tokens', 'name'], outlets: ['tokens', 'name'], events: ['date'],
};
export const BROWSE_LIMITS: readonly number[] = [10, 25, 50, 100];
export const BROWSE_LIMIT = 50;
/** The tabs of the Analyse page, each over its API route. */
export type AnalyseTab = 'freq' | 'keyness' | 'colloc' | 'ngrams';
export const ANALYSE_TABS: readonly AnalyseTab[] = ['freq', 'keyness', 'colloc', 'ngrams'];
/** Every tab's options, kept in the URL under the API's parameter names (the filters and q, the collocation
 *  node, are AppState's own fields). `subcorpus` is keyness's `target`; keyness's `chart=ll` (the chart shows
 *  G² instead of log ratio) is the UI's own. */
export const ANALYSE_OPTIONS: Record<AnalyseTab, readonly string[]> = {
  freq: ['subcorpus', 'region', 'attr', 'match', 'min_freq', 'sort'],
  keyness: ['subcorpus', 'region', 'attr', 'n', 'reference', 'ref_region', 'alpha', 'bonferroni', 'min_freq', 'sort', 'chart'],
  colloc: ['subcorpus', 'region', 'attr', 'window', 'left', 'right', 'within', 'measure', 'min_freq', 'min_collocate_freq'],
  ngrams: ['subcorpus', 'region', 'attr', 'n', 'min_freq', 'min_range', 'min_turns', 'max_dp', 'containing'],
};
/** Rows a page of the Analyse tables (frequency lists and n-grams are paged; keyness and collocations show
 *  the strongest this many, the export holds every row). */
export const ANALYSE_PAGE = 50;
/** The reference side's filters of keyness: ref_from, ref_speaker, ... */
export const REF_PREFIX = 'ref_';

/** A browse page's rows of the turns of a person or an outlet: the first token of every turn (CQL). */
export const TURNS_CQL = '<turn> []';

export interface Filters {
  from: string; to: string;
  speaker: string[]; role: string[]; kind: string[]; outlet: string[]; event: string[]; language: string[];
  organiser: string[];
}

export interface AppState {
  mode: Mode;
  q: string;
  unit: 'turn' | 'exchange';
  view: View;
  sort: string;      // results: score|date; kwic: '' or up to three keys (KWIC_KEY), comma-separated
  matching: Matching; // CQL mode only
  page: number;      // 1-based
  open: string;      // event id shown in the reader, '' = closed
  at: number;        // source byte of the hit the reader was opened at (-1 = none)
  scale: 'abs' | 'pm';
  dist: 'speaker' | 'outlet';
  granularity: GranularityChoice;
  filters: Filters;
  browse: Browse;
  name: string;      // browse pages: name (events: title) contains
  limit: number;     // browse pages: rows per page
  analyse: '' | AnalyseTab;         // the Analyse page's tab ('' = not on it)
  opts: Record<string, string>;     // the tab's options (ANALYSE_OPTIONS), API parameter -> value
  refFilters: Filters;              // keyness: the reference's own filters (ref_*)
  context: number;   // KWIC: tokens of context each side
  size: number;      // KWIC: lines per page (KWIC_SIZES)
  sample: number;    // KWIC: thin to a random sample of this many hits (0 = every hit)
  seed: number;      // KWIC: the sample's seed
}

export const RESULTS_PAGE = 20;
export const KWIC_PAGE = 50;
export const KWIC_SIZES: readonly number[] = [20, 50, 100, 200, 500];
export const KWIC_CONTEXT = 8;
export const MAX_CONTEXT = 50;
export const MAX_SAMPLE = 1_000_000;
export const MAX_SORT_LEVELS = 3;

export function emptyFilters(): Filters {
  return { from: '', to: '', speaker: [], role: [], kind: [], outlet: [], event: [], language: [], organiser: [] };
}

export function defaultState(): AppState {
  return { mode: 'search', q: '', unit: 'turn', view: 'results', sort: '', matching: 'standard', page: 1, open: '', at: -1,
           scale: 'abs', dist: 'speaker', granularity: 'auto', filters: emptyFilters(),
           browse: '', name: '', limit: BROWSE_LIMIT, analyse: '', opts: {}, refFilters: emptyFilters(),
           context: KWIC_CONTEXT, size: KWIC_PAGE, sample: 0, seed: 1 };
}

/** The token keys' parts and the metadata keys (which take no attribute), as the API's `sort` names them. */
export const TOKEN_PARTS = ['match', 'left', 'right'] as const;
export const META_PARTS = ['date', 'speaker', 'role', 'outlet', 'event'] as const;
export const SORT_ATTRIBUTES = ['word', 'lower', 'lemma'] as const;
const KWIC_KEY = '((match|left|right)(:(word|lower|lemma))?|date|speaker|role|outlet|event)(:desc)?';
const KWIC_SORTS = new RegExp(`^(none|${KWIC_KEY}(,${KWIC_KEY}){0,${MAX_SORT_LEVELS - 1}})$`);

/** A KWIC sort as [first key, second key] ('' = none): "left,right:desc" -> ['left', 'right:desc']. */
export function sortKeys(sort: string): [string, string] {
  const [first = '', second = ''] = sort === 'none' ? [] : sort.split(',');
  return [first, second];
}

/** The sort parameter of two keys; the second alone is no sort (it only breaks ties of the first). */
export function joinSortKeys(first: string, second: string): string {
  if (!first) return '';
  return second ? `${first},${second}` : first;
}

/** One level of a multi-level sort: a part (token or metadata key), an attribute (token keys), a direction. */
export interface SortLevel { part: string; attribute: string; desc: boolean }

export function parseSortLevels(sort: string): SortLevel[] {
  if (!sort || sort === 'none') return [];
  return sort.split(',').map((key) => {
    const bits = key.split(':');
    const desc = bits[bits.length - 1] === 'desc';
    if (desc) bits.pop();
    return { part: bits[0], attribute: bits[1] ?? 'word', desc };
  });
}

/** The `sort` of levels: levels without a part end the list; the default attribute (word) is left out. */
export function joinSortLevels(levels: SortLevel[]): string {
  const keys: string[] = [];
  for (const l of levels) {
    if (!l.part) break;
    const token = (TOKEN_PARTS as readonly string[]).includes(l.part);
    keys.push(l.part + (token && l.attribute !== 'word' ? `:${l.attribute}` : '') + (l.desc ? ':desc' : ''));
  }
  return keys.join(',');
}

function intParam(sp: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const v = parseInt(sp.get(name) ?? '', 10);
  return Number.isFinite(v) && v >= min && v <= max ? v : fallback;
}

export function parseState(search: string): AppState {
  const sp = new URLSearchParams(search);
  const s = defaultState();
  s.mode = sp.get('mode') === 'cql' ? 'cql' : 'search';
  s.q = sp.get('q') ?? '';
  s.unit = sp.get('unit') === 'exchange' ? 'exchange' : 'turn';
  s.view = s.mode === 'cql' || sp.get('view') === 'kwic' ? 'kwic' : 'results';
  const browse = sp.get('browse') as Browse | null;
  s.browse = browse && (BROWSE_PAGES as readonly string[]).includes(browse) ? browse : '';
  const analyse = sp.get('analyse') as AnalyseTab | null;
  s.analyse = !s.browse && analyse && ANALYSE_TABS.includes(analyse) ? analyse : '';
  const sort = sp.get('sort') ?? '';
  if (s.analyse) s.sort = '';
  else if (s.browse) s.sort = BROWSE_SORTS[s.browse].includes(sort) ? sort : '';
  else s.sort = s.view === 'kwic' ? (KWIC_SORTS.test(sort) ? sort : '') : (sort === 'date' ? 'date' : '');
  s.name = s.browse ? sp.get('name') ?? '' : '';
  const limit = parseInt(sp.get('limit') ?? '', 10);
  s.limit = s.browse && BROWSE_LIMITS.includes(limit) ? limit : BROWSE_LIMIT;
  const matching = sp.get('matching') as Matching | null;
  s.matching = matching && MATCHINGS.includes(matching) ? matching : 'standard';
  const page = parseInt(sp.get('page') ?? '1', 10);
  s.page = Number.isFinite(page) && page > 0 ? page : 1;
  s.open = sp.get('open') ?? '';
  const at = parseInt(sp.get('at') ?? '', 10);
  s.at = s.open && Number.isFinite(at) && at >= 0 ? at : -1;
  s.scale = sp.get('scale') === 'pm' ? 'pm' : 'abs';
  s.dist = sp.get('dist') === 'outlet' ? 'outlet' : 'speaker';
  const gran = sp.get('granularity') as GranularityChoice | null;
  s.granularity = gran && GRANULARITIES.includes(gran) ? gran : 'auto';
  s.filters = readFilters(sp, '');
  if (s.view === 'kwic' && !s.browse && !s.analyse) {
    s.context = intParam(sp, 'context', KWIC_CONTEXT, 0, MAX_CONTEXT);
    const size = intParam(sp, 'size', KWIC_PAGE, 1, 1000);
    s.size = KWIC_SIZES.includes(size) ? size : KWIC_PAGE;
    s.sample = intParam(sp, 'sample', 0, 0, MAX_SAMPLE);
    s.seed = intParam(sp, 'seed', 1, 0, 4294967295);
  }
  if (s.analyse) {
    for (const k of ANALYSE_OPTIONS[s.analyse]) {
      const v = sp.get(k);
      if (v) s.opts[k] = v;
    }
    if (s.analyse === 'keyness') s.refFilters = readFilters(sp, REF_PREFIX);
  }
  return s;
}

function readFilters(sp: URLSearchParams, prefix: string): Filters {
  const f = emptyFilters();
  f.from = sp.get(`${prefix}from`) ?? '';
  f.to = sp.get(`${prefix}to`) ?? '';
  for (const k of LIST_FILTERS) f[k] = sp.getAll(`${prefix}${k}`).filter((v) => v !== '');
  return f;
}

export function serializeState(s: AppState): string {
  const sp = new URLSearchParams();
  if (s.browse) sp.set('browse', s.browse);
  if (s.analyse) sp.set('analyse', s.analyse);
  if (s.browse && s.name) sp.set('name', s.name);
  if (s.mode !== 'search') sp.set('mode', s.mode);
  if (s.q) sp.set('q', s.q);
  if (s.unit !== 'turn') sp.set('unit', s.unit);
  if (s.view !== 'results' && s.mode !== 'cql') sp.set('view', s.view);
  if (s.sort) sp.set('sort', s.sort);
  if (s.matching !== 'standard') sp.set('matching', s.matching);
  if (s.page > 1) sp.set('page', String(s.page));
  if (s.view === 'kwic' && !s.browse && !s.analyse) {
    if (s.context !== KWIC_CONTEXT) sp.set('context', String(s.context));
    if (s.size !== KWIC_PAGE) sp.set('size', String(s.size));
    if (s.sample > 0) {
      sp.set('sample', String(s.sample));
      if (s.seed !== 1) sp.set('seed', String(s.seed));
    }
  }
  if (s.browse && s.limit !== BROWSE_LIMIT) sp.set('limit', String(s.limit));
  for (const [k, v] of filterParams(s.filters)) sp.append(k, v);
  if (s.analyse) {
    for (const k of ANALYSE_OPTIONS[s.analyse]) if (s.opts[k]) sp.set(k, s.opts[k]);
    if (s.analyse === 'keyness') for (const [k, v] of filterParams(s.refFilters, REF_PREFIX)) sp.append(k, v);
  }
  if (s.scale !== 'abs') sp.set('scale', s.scale);
  if (s.dist !== 'speaker') sp.set('dist', s.dist);
  if (s.granularity !== 'auto') sp.set('granularity', s.granularity);
  if (s.open) sp.set('open', s.open);
  if (s.open && s.at >= 0) sp.set('at', String(s.at));
  const qs = sp.toString();
  return qs ? `?${qs}` : location.pathname;
}

/** A fresh browse page (its defaults). */
export function browseState(page: Exclude<Browse, ''>): AppState {
  const s = defaultState();
  s.browse = page;
  return s;
}

/** The KWIC view of every turn of a person (speaker=) or an outlet (outlet=): CQL TURNS_CQL, filtered. */
export function turnsState(dim: 'speaker' | 'outlet', name: string): AppState {
  const s = defaultState();
  s.mode = 'cql';
  s.view = 'kwic';
  s.q = TURNS_CQL;
  s.filters[dim] = [name];
  return s;
}

export function cloneState(s: AppState): AppState {
  return JSON.parse(JSON.stringify(s)) as AppState;
}

/** The filters as API parameters (same names as the API; keyness's reference side with prefix ref_). */
export function filterParams(f: Filters, prefix = ''): Params {
  const p: Params = [];
  if (f.from) p.push([`${prefix}from`, f.from]);
  if (f.to) p.push([`${prefix}to`, f.to]);
  for (const k of LIST_FILTERS) for (const v of f[k]) p.push([`${prefix}${k}`, v]);
  return p;
}

/** A fresh Analyse page on a tab. */
export function analyseState(tab: AnalyseTab): AppState {
  const s = defaultState();
  s.analyse = tab;
  return s;
}

/** The KWIC view of a CQL query over a subcorpus: its filters, and its region query as a `within`. */
export function concordanceState(cql: string, filters: Filters, region: string): AppState {
  const s = defaultState();
  s.mode = 'cql';
  s.view = 'kwic';
  s.q = region.trim() ? `(${cql}) within (${region.trim()})` : cql;
  s.filters = JSON.parse(JSON.stringify(filters)) as Filters;
  return s;
}

const DAY_MS = 86_400_000;

/** First (end = false) or last (end = true) day of a date prefix YYYY, YYYY-MM or YYYY-MM-DD, as UTC ms;
 *  null when it is not such a prefix. */
function dayOf(d: string | undefined, end: boolean): number | null {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(d ?? '');
  if (!m) return null;
  const y = parseInt(m[1], 10);
  const mo = m[2] ? parseInt(m[2], 10) - 1 : end ? 11 : 0;
  if (m[3]) return Date.UTC(y, mo, parseInt(m[3], 10));
  return end ? Date.UTC(y, mo + 1, 1) - DAY_MS : Date.UTC(y, mo, 1);
}

/** Auto: spans (in days, both ends included) shorter than AUTO_DAY_UNDER are charted by day, longer than
 *  AUTO_YEAR_OVER by year. */
export const AUTO_DAY_UNDER = 122;    // 4 months
export const AUTO_YEAR_OVER = 2922;   // 8 years (8 x 365.25 days)

/** The granularity 'auto' stands for: the span is the date filter (from/to) clipped to the corpus' dates
 *  (/api/info date_min/date_max); an open end of the filter is the corpus' end. Under 4 months (< 122
 *  days) -> day, over 8 years (> 2922 days) -> year, else month; month when the span is unknown or empty. */
export function autoGranularity(f: Filters, dateMin?: string, dateMax?: string): Granularity {
  const lo = [dayOf(f.from, false), dayOf(dateMin, false)].filter((x): x is number => x !== null);
  const hi = [dayOf(f.to, true), dayOf(dateMax, true)].filter((x): x is number => x !== null);
  if (lo.length === 0 || hi.length === 0) return 'month';
  const days = Math.round((Math.min(...hi) - Math.max(...lo)) / DAY_MS) + 1;
  if (days <= 0) return 'month';
  if (days < AUTO_DAY_UNDER) return 'day';
  if (days > AUTO_YEAR_OVER) return 'year';
  return 'month';
}

/** The `matching` parameter of the CQL requests: CQL mode only (a simple search's CQL is plain words). */
export function matchingParams(s: AppState): Params {
  return s.mode === 'cql' ? [['matching', s.matching]] : [];
}

export function hasFilters(f: Filters): boolean {
  return !!(f.from || f.to || LIST_FILTERS.some((k) => f[k].length > 0));
}

/** The CQL used for KWIC, timelines and groups: the query itself in CQL mode, else derived from the
 *  simple search (see simpleToCql). null when there is nothing to query. */
export function effectiveCql(s: AppState): string | null {
  if (!s.q.trim()) return null;
  return s.mode === 'cql' ? s.q : simpleToCql(s.q);
}

/** A literal string as a CQL regex value (RE2 metacharacters and quotes escaped). */
export function reEscape(w: string): string {
  return w.replace(/[\\.^$|?*+()[\]{}"]/g, (c) => (c === '"' ? '\\"' : '\\' + c));
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;
let segmenter: Intl.Segmenter | null = null;

/** Text without spaces (Chinese, Japanese, Thai) is cut into words as the server's tokenizer does (both
 *  use ICU's dictionary word breaks), so a Chinese word becomes a token sequence. */
function splitCjk(w: string): string[] {
  if (!CJK.test(w) || typeof Intl.Segmenter !== 'function') return [w];
  segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
  const prefix = w.endsWith('*');
  const out = Array.from(segmenter.segment(prefix ? w.slice(0, -1) : w))
    .filter((s) => s.isWordLike).map((s) => s.segment);
  if (out.length === 0) return [w];
  if (prefix) out[out.length - 1] += '*';
  return out;
}

/** Every occurrence of a positive term of a simple search as a CQL alternative: words -> [lower="w"],
 *  prefixes w* -> [lower="w.*"], phrases -> token sequences. Exclusions (-x) and field prefixes
 *  (speaker:, outlet:) select units, not occurrences, and are left out; question:/answer:/statement: become
 *  a turn kind condition. The derived CQL is shown to the user next to the KWIC table. */
export function simpleToCql(q: string): string | null {
  const alts: string[] = [];
  const re = /(-?)(?:(\w+):)?(?:"([^"]*)"?|(\S+))/gu;
  let m: RegExpExecArray | null;
  while ((m = re.exec(q)) !== null) {
    const [, neg, field, phrase, word] = m;
    if (neg) continue;
    if (!phrase && word === 'OR') continue;
    const f = field?.toLowerCase();
    if (f === 'speaker' || f === 'outlet') continue;
    const kind = f === 'question' || f === 'answer' || f === 'statement' ? f : '';
    const cond = kind ? ` & _.turn_kind="${kind}"` : '';
    const words = (phrase ?? word ?? '').toLowerCase().split(/[\s]+/u)
      .map((w) => w.replace(/^[\p{P}]+|[\p{P}]+$/gu, (x) => (x === '*' ? x : '')))
      .filter((w) => w && !/^\p{P}+$/u.test(w))
      .flatMap(splitCjk);
    if (words.length === 0) continue;
    const seq = words.map((w) => {
      const prefix = w.endsWith('*');
      const base = prefix ? w.slice(0, -1) : w;
      return `[lower="${reEscape(base)}${prefix ? '.*' : ''}"${cond}]`;
    });
    alts.push(seq.join(' '));
  }
  if (alts.length === 0) return null;
  return alts.length === 1 ? alts[0] : alts.map((a) => (a.includes(' ') ? `(${a})` : a)).join(' | ');
}
