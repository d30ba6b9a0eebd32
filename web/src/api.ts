// API client for `presser serve` (contract: docs/api.md of the server). GET only, JSON answers.

export interface Part { text: string; hit?: boolean }
export interface Snippet {
  parts: Part[]; truncated_before?: boolean; truncated_after?: boolean;
  source_begin?: number; source_end?: number;
}
export interface SearchHit {
  score: number; event_id: string; turn_id?: string; exchange_id?: string; date: string;
  speaker: string; role: string; kind: string; outlet: string; title: string; source?: string;
  snippet: Snippet | null; answer?: Snippet | null;
}
export interface Facet { name: string; distinct: number; values: { value: string; count: number }[] }
export interface SearchResponse {
  q: string; unit: string; total: number; offset: number; limit: number; took_ms?: number;
  hits: SearchHit[]; facets?: Facet[];
}
export interface KwicLine {
  segment?: number; start?: number; end?: number; left: string; match: string; right: string;
  speaker: string; role: string; outlet: string; date: string; event_id: string; language?: string;
  source?: string; source_begin?: number | null; source_end?: number | null; kind?: string;
  office?: string; event_title?: string;
}
export interface QueryResponse {
  cql: string; matching?: string; total: number; events?: number; turns?: number; offset: number; limit: number;
  took_ms?: number; lines: KwicLine[]; sample?: { size: number; seed: number } | null;
}
export interface GroupRow { value: string; hits: number; tokens?: number; per_million?: number }
export interface GroupsResponse { cql: string; matching?: string; by: string; total: number; distinct: number; rows: GroupRow[] }
export interface Bucket { period: string; hits: number; tokens: number; per_million: number }
export interface TimelineResponse { granularity: string; total: number; undated?: number; buckets: Bucket[] }
export interface InfoResponse {
  tokens: number; events: number; turns: number; speakers: number; people?: number; outlets: number;
  languages: { value: string; events: number }[]; organisers?: { value: string; events: number }[];
  date_min?: string; date_max?: string; version?: string;
}
export interface ReaderSpeaker {
  id: string; name: string; role: string; title?: string; affiliations?: string[];
}
export interface ReaderTurn {
  id: string; speaker: string; kind: string; exchange?: string | null;
  paragraphs: { parts: Part[]; source_begin?: number; source_end?: number }[];
}
export interface EventResponse {
  event: { id: string; title: string; date: string; date_precision?: string; organiser?: string;
           venue?: string; language?: string; source?: string; source_note?: string };
  speakers: ReaderSpeaker[];
  turns: ReaderTurn[];
  exchanges: { id: string; questions: string[]; answers: string[]; follows?: string | null }[];
  hits?: number;
}
export interface Office { title: string; from: string; to: string; turns: number }
export interface Person {
  name: string; spellings: string[]; roles: { role: string; turns: number }[]; offices: Office[];
  outlets: string[]; organisers: string[]; from: string; to: string; events: number; turns: number; tokens: number;
}
export interface PeopleResponse { total: number; offset: number; limit: number; unidentified_turns: number; people: Person[] }
export interface Outlet {
  name: string; spellings: string[]; known: boolean; speakers: number; events: number; turns: number; tokens: number;
}
export interface OutletsResponse { total: number; offset: number; limit: number; outlets: Outlet[] }
export interface EventRow {
  id: string; title: string; date: string; organiser?: string; venue?: string; language?: string; source?: string;
  tokens: number; turns: number; exchanges: number;
}
export interface EventsResponse { total: number; offset: number; limit: number; events: EventRow[] }
/** A subcorpus's definition (the filters and a CQL region query) and its exact sizes. */
export interface SubcorpusDefinition { filters?: Record<string, string | string[]>; cql?: string }
export interface Subcorpus { name: string; definition?: SubcorpusDefinition; tokens: number; turns: number; events: number }
export interface SubcorporaResponse { subcorpora: Subcorpus[] }
/** What every analysis answers besides its rows (a statistic that is undefined is null). */
export interface AnalysisPage { total_rows: number; offset?: number; limit?: number; took_ms?: number }
export interface FreqRow {
  term: string; frequency: number; per_million: number; events: number; turns: number;
  juilland_d: number | null; gries_dp: number | null;
}
export interface FreqResponse extends AnalysisPage { attribute: string; subcorpus: Subcorpus; rows: FreqRow[] }
export interface KeyRow {
  term: string; target_frequency: number; reference_frequency: number; target_per_million: number;
  reference_per_million: number; log_likelihood: number | null; log_ratio: number | null; percent_diff: number | null;
}
export interface KeynessResponse extends AnalysisPage {
  attribute: string; target: Subcorpus; reference: Subcorpus; positive: KeyRow[]; negative: KeyRow[];
  positive_total?: number; negative_total?: number; types_compared?: number; alpha?: number | null;
  critical_value?: number | null; bonferroni?: boolean;
}
export interface CollocRow {
  collocate: string; cooccurrences: number; collocate_frequency: number; cql: string;
  logdice: number | null; mi: number | null; mi3: number | null; t: number | null; ll: number | null;
}
export interface CollocResponse extends AnalysisPage {
  query: string; attribute: string; measure: string; nodes: number; subcorpus: Subcorpus; rows: CollocRow[];
  window?: { left?: number; right?: number; within?: string }; corpus_tokens?: number;
}
export interface NgramRow {
  ngram: string; frequency: number; per_million: number; events: number; turns: number; gries_dp: number | null;
}
export interface NgramsResponse extends AnalysisPage { n: number; attribute: string; subcorpus: Subcorpus; rows: NgramRow[] }
export interface NamedList { total: number; speakers?: { name: string }[]; outlets?: { name: string }[] }

/** An error answer of the API: `{"error": {"status", "message", "column"?}}` or `{"error": "message"}`. */
export class ApiError extends Error {
  constructor(public status: number, message: string, public column?: number) {
    super(message);
  }
}

export type Params = [string, string][];

/** Optional bearer token (`?token=` in the page URL, kept for the session). */
function token(): string | null {
  const t = new URLSearchParams(location.search).get('token');
  if (t) sessionStorage.setItem('presser-token', t);
  return t || sessionStorage.getItem('presser-token');
}

export function apiUrl(path: string, params: Params): string {
  const sp = new URLSearchParams();
  for (const [k, v] of params) sp.append(k, v);
  const t = token();
  if (t && path.startsWith('/api/export')) sp.append('token', t);  // plain links cannot send headers
  if (t && path.startsWith('/api/source')) sp.append('token', t);
  if (t && !path.startsWith('/api/export') && params.some(([k]) => k === 'format')) sp.append('token', t);  // analysis exports
  const qs = sp.toString();
  return qs ? `${path}?${qs}` : path;
}

export async function getJson<T>(path: string, params: Params, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const t = token();
  if (t) headers.Authorization = `Bearer ${t}`;
  let res: Response;
  try {
    res = await fetch(apiUrl(path, params), { headers, signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, `cannot reach the server (${(e as Error).message})`);
  }
  let body: unknown = null;
  const text = await res.text();
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    if (!res.ok) throw new ApiError(res.status, `HTTP ${res.status}: ${text.slice(0, 200)}`);
    throw new ApiError(res.status, 'the server answered with invalid JSON');
  }
  if (!res.ok) {
    const err = (body as { error?: string | { status?: number; message?: string; column?: number } } | null)?.error;
    if (typeof err === 'string') throw new ApiError(res.status, err, columnOf(err));
    throw new ApiError(err?.status ?? res.status, err?.message ?? `HTTP ${res.status}`, err?.column);
  }
  return body as T;
}

/** The column a message names ("column 15: expected ']'"), for errors given as a plain string. */
function columnOf(message: string): number | undefined {
  const m = /\bcolumn (\d+)/.exec(message);
  return m ? parseInt(m[1], 10) : undefined;
}
