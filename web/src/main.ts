// Wires the UI together: URL state -> API requests -> rendering; user actions -> new URL state.

import './style.css';
import {
  ApiError, getJson, type EventResponse, type GroupsResponse, type InfoResponse, type KwicLine, type Params, type Part,
  type QueryResponse, type SearchResponse, type TimelineResponse,
} from './api';
import { AnalysePage } from './analyse';
import { BrowsePage } from './browse';
import { renderDistribution, TimelineChart, type Distribution } from './charts';
import { byId, clear, fmt, h, plural } from './dom';
import { renderExport } from './export';
import { FilterPanel, type CountsByDim } from './filters';
import { renderKwic } from './kwic';
import { renderKwicControls } from './kwic_controls';
import { QueryShelf } from './queries';
import { pager } from './pager';
import { Reader } from './reader';
import { renderResults } from './results';
import { SearchBar } from './searchbar';
import { startPage } from './start';
import {
  analyseState, autoGranularity, browseState, cloneState, defaultState, effectiveCql, emptyFilters, filterParams, MATCHINGS,
  matchingParams, parseState, RESULTS_PAGE, serializeState, TURNS_CQL, type AppState, type Granularity, type ListFilter,
  type Browse, type Matching,
} from './state';

let state: AppState = parseState(location.search);
let dataKey: string | null = null;
let distKey: string | null = null;
let readerKey: string | null = null;
let timelineKey: string | null = null;
let generation = 0;
let controller: AbortController | null = null;
let readerController: AbortController | null = null;
let timelineController: AbortController | null = null;
let infoCache: Promise<InfoResponse> | null = null;
let lastCounts: CountsByDim | null = null;
let pendingGroups: string[] = [];   // the dimensions whose CQL counts have not arrived yet
let loadedKey: string | null = null;

/** Marks the page as showing the data of its URL (tests wait for body[data-ready] == location.search). */
function markReady(key: string): void {
  loadedKey = key;
  if (key === dataKey && !state.browse && !state.analyse) document.body.dataset.ready = location.search;
}
let lastDist: { speaker: Distribution | null; outlet: Distribution | null } = { speaker: null, outlet: null };

const statusEl = byId('status');
const resultsEl = byId('results');
const exportEl = byId('export');
const distEl = byId('distribution');
const toolbarEl = byId('toolbar-controls');

function navigate(mutate: (s: AppState) => void, resetPage = true): void {
  const next = cloneState(state);
  if (resetPage) next.page = 1;
  mutate(next);
  goTo(next);
}

/** Shows a new state: a new history entry (unless the URL is the same), then render. */
function goTo(next: AppState): void {
  const url = serializeState(next);
  if (url !== location.search && !(url === location.pathname && location.search === '')) {
    history.pushState(null, '', url);
  }
  state = next;
  render();
}

window.addEventListener('popstate', () => {
  state = parseState(location.search);
  render();
});

const searchBar = new SearchBar({
  submit(q, mode) {
    navigate((s) => {
      if (s.browse || s.analyse) Object.assign(s, defaultState());   // a search from a browse or the Analyse page starts afresh
      s.q = q.trim();
      if (s.mode !== mode) s.sort = '';
      s.mode = mode;
      if (mode === 'cql') s.view = 'kwic';
      s.open = '';
      s.at = -1;
    });
  },
});

const filterPanel = new FilterPanel({
  add(dim, value) {
    navigate((s) => { if (!s.filters[dim].includes(value)) s.filters[dim].push(value); s.open = ''; s.at = -1; });
  },
  remove(dim, value) {
    navigate((s) => { s.filters[dim] = s.filters[dim].filter((v) => v !== value); });
  },
  setDates(from, to) {
    navigate((s) => { s.filters.from = from; s.filters.to = to; });
  },
  clearAll() {
    navigate((s) => { s.filters = emptyFilters(); });
  },
});

const timeline = new TimelineChart(byId('timeline'), {
  scale: (scale) => navigate((s) => { s.scale = scale; }, false),
  granularity: (g) => navigate((s) => { s.granularity = g; }, false),
  pickPeriod: (period) => navigate((s) => { s.filters.from = period; s.filters.to = period; s.open = ''; s.at = -1; }),
});
const shelf = new QueryShelf(byId('queries'), { go: goTo });
const reader = new Reader(() => navigate((s) => { s.open = ''; s.at = -1; }, false));

function openEvent(id: string, at?: number): void {
  navigate((s) => { s.open = id; s.at = at ?? -1; }, false);
}

function unitLabel(s: AppState): string {
  if (s.view === 'kwic') return 'hits';
  return s.unit === 'exchange' ? 'exchanges' : 'turns';
}

function setStatus(text: string, busy: boolean): void {
  statusEl.textContent = text;
  statusEl.setAttribute('aria-busy', String(busy));
  document.body.classList.toggle('busy', busy);
}

function showError(err: unknown, where: string): void {
  if ((err as Error).name === 'AbortError') return;
  const e = err instanceof ApiError ? err : new ApiError(0, String((err as Error).message ?? err));
  clear(resultsEl);
  resultsEl.appendChild(h('div', { class: 'error-box', role: 'alert', 'data-testid': 'error' },
    h('strong', {}, `${where} failed${e.status ? ` (HTTP ${e.status})` : ''}: `), e.message));
  searchBar.showError(e, state.q);
  setStatus('Error', false);
}

function keyOf(s: AppState): string {
  return JSON.stringify([s.mode, s.q, s.unit, s.view, s.sort, s.matching, s.page, s.filters, s.context, s.size, s.sample, s.seed]);
}

function queryParams(s: AppState): Params | null {
  if (!s.q.trim()) return null;
  if (s.view === 'kwic') {
    const cql = effectiveCql(s);
    return cql ? [['cql', cql], ...matchingParams(s), ...filterParams(s.filters)] : null;
  }
  const p: Params = [['q', s.q], ...filterParams(s.filters)];
  if (s.unit !== 'turn') p.push(['unit', s.unit]);
  return p;
}

function renderToolbar(s: AppState): void {
  clear(toolbarEl);
  const tab = (view: 'results' | 'kwic', label: string) => h('button', {
    type: 'button', class: 'tab', 'aria-pressed': String(s.view === view), 'data-testid': `view-${view}`,
    disabled: view === 'results' && s.mode === 'cql',
    title: view === 'results' && s.mode === 'cql' ? 'Ranked results need a simple search' : undefined,
    onclick: () => navigate((n) => { n.view = view; n.sort = ''; }),
  }, label);
  toolbarEl.appendChild(h('div', { class: 'tabs', role: 'group', 'aria-label': 'View' },
    tab('results', 'Ranked results'), tab('kwic', 'KWIC concordance')));
  if (s.view === 'results') {
    const unit = h('select', { id: 'unit', 'data-testid': 'unit-select', 'aria-label': 'Unit' },
      h('option', { value: 'turn', selected: s.unit === 'turn' }, 'turns'),
      h('option', { value: 'exchange', selected: s.unit === 'exchange' }, 'exchanges'));
    unit.addEventListener('change', () => navigate((n) => { n.unit = unit.value === 'exchange' ? 'exchange' : 'turn'; }));
    const sort = h('select', { id: 'sort', 'data-testid': 'sort-select', 'aria-label': 'Sort' },
      h('option', { value: '', selected: s.sort === '' }, 'best match'),
      h('option', { value: 'date', selected: s.sort === 'date' }, 'newest first'));
    sort.addEventListener('change', () => navigate((n) => { n.sort = sort.value; }));
    toolbarEl.appendChild(h('label', {}, 'Unit ', unit));
    toolbarEl.appendChild(h('label', {}, 'Sort ', sort));
    return;
  }
  // KWIC: context, lines per page, the sort levels (the column headers set the first) and thinning.
  for (const el of renderKwicControls(s, { change: (mutate, resetPage = true) => navigate(mutate, resetPage) })) toolbarEl.appendChild(el);
  if (s.mode === 'cql') {
    const matching = h('select', { id: 'matching', 'data-testid': 'matching-select', 'aria-label': 'Matching strategy',
      title: 'Which hits a query gives when several spans match: standard (CQP), shortest, longest, all (every span)' },
    MATCHINGS.map((m) => h('option', { value: m, selected: s.matching === m }, m)));
    matching.addEventListener('change', () => navigate((n) => { n.matching = matching.value as Matching; }));
    toolbarEl.appendChild(h('label', {}, 'Matching ', matching));
  }
}

async function renderWelcome(gen: number, signal: AbortSignal): Promise<void> {
  clear(resultsEl);
  renderDistribution(distEl, null, state.dist, '', () => {}, () => {}, false);
  filterPanel.render(state, null, '', false);
  renderExport(exportEl, null, null, '');
  setStatus('Loading index information…', true);
  try {
    const info = await getJson<InfoResponse>('/api/info', [], signal);
    infoCache ??= Promise.resolve(info);
    const start = await startPage(info, signal, goTo);
    if (gen !== generation) return;
    setStatus('Type a query and press Enter.', false);
    resultsEl.appendChild(start);
    markReady(keyOf(state));
  } catch (err) {
    if (gen === generation) { showError(err, 'Loading the start page (/api/info, /api/events)'); markReady(keyOf(state)); }
  }
}

const GROUP_DIMS: [string, string][] = [
  ['speaker', 'turn.speaker'], ['outlet', 'turn.affiliation'], ['role', 'turn.role'], ['kind', 'turn.kind'],
  ['language', 'event.language'], ['event', 'event.id'], ['year', 'event.date:year'],
];

async function loadData(s: AppState): Promise<void> {
  const gen = ++generation;
  controller?.abort();
  controller = new AbortController();
  const signal = controller.signal;
  searchBar.showError(null, s.q);
  lastCounts = null;
  pendingGroups = [];
  lastDist = { speaker: null, outlet: null };
  const params = queryParams(s);
  document.title = s.q ? `${s.q} – presser` : 'presser';
  if (!s.q.trim()) {
    await renderWelcome(gen, signal);
    return;
  }
  const label = unitLabel(s);
  renderExport(exportEl, null, null, label);
  if (!params) {
    clear(resultsEl);
    resultsEl.appendChild(h('p', { class: 'empty', 'data-testid': 'no-results' },
      'This search has no words that can be shown as a concordance. Switch to CQL to write one.'));
    setStatus('', false);
    markReady(keyOf(s));
    return;
  }
  setStatus('Searching…', true);
  resultsEl.setAttribute('aria-busy', 'true');
  filterPanel.render(s, null, label, true);
  renderDistribution(distEl, null, s.dist, label, onDim, onPickBar, true);

  try {
    if (s.view === 'results') {
      const facets = s.unit === 'exchange' ? 'speaker,outlet,role,year,event,language'
        : 'speaker,outlet,role,kind,year,event,language';
      const r = await getJson<SearchResponse>('/api/search', [...params,
        ['offset', String((s.page - 1) * RESULTS_PAGE)], ['limit', String(RESULTS_PAGE)],
        ...(s.sort ? [['sort', s.sort]] as Params : []), ['facets', facets], ['facet_limit', '10']], signal);
      if (gen !== generation) return;
      resultsEl.removeAttribute('aria-busy');
      setStatus('', false);
      showSummary(h('span', {}, h('strong', { 'data-testid': 'total', 'data-total': r.total }, `${fmt(r.total)} ${label}`),
        r.took_ms !== undefined ? h('span', { class: 'muted' }, ` · ${r.took_ms.toFixed(1)} ms`) : null));
      resultsEl.appendChild(renderResults(r, { openEvent }));
      if (r.total > 0) resultsEl.appendChild(pager(r.total, s.page, RESULTS_PAGE, goPage));
      const counts: CountsByDim = new Map();
      for (const f of r.facets ?? []) counts.set(f.name, { values: f.values, distinct: f.distinct });
      lastCounts = counts;
      for (const d of ['speaker', 'outlet'] as const) {
        const f = counts.get(d);
        lastDist[d] = f ? { rows: f.values.map((v) => ({ value: v.value, count: v.count })), distinct: f.distinct, label } : null;
      }
      filterPanel.render(s, counts, label, false);
      renderDistribution(distEl, lastDist[s.dist], s.dist, label, onDim, onPickBar, false);
      distKey = s.dist;
      renderExport(exportEl, params, r.total, label);
      shelf.remember(s);
      markReady(keyOf(s));
    } else {
      const cql = effectiveCql(s)!;
      const r = await getJson<QueryResponse>('/api/query', [...params,
        ['offset', String((s.page - 1) * s.size)], ['limit', String(s.size)],
        ...(s.sort ? [['sort', s.sort]] as Params : []), ['context', String(s.context)],
        ...(s.sample > 0 ? [['sample', String(s.sample)], ['seed', String(s.seed)]] as Params : [])], signal);
      if (gen !== generation) return;
      resultsEl.removeAttribute('aria-busy');
      setStatus('', false);
      const sample = r.sample;
      const summary = h('span', {},
        sample
          ? h('strong', { 'data-testid': 'sample-note', 'data-size': sample.size, 'data-seed': sample.seed },
            `a random sample of ${fmt(sample.size)} of `)
          : null,
        h('strong', { 'data-testid': 'total', 'data-total': r.total }, `${fmt(r.total)} hits`),
        sample ? h('strong', {}, `, seed ${sample.seed}`) : null,
        r.events !== undefined ? ` in ${plural(r.events, 'event', 'events')}` : '',
        r.turns !== undefined ? `, ${plural(r.turns, 'turn', 'turns')}` : '',
        r.matching ? h('span', { 'data-testid': 'matching', 'data-matching': r.matching }, ` · ${r.matching} matching`) : null,
        r.took_ms !== undefined ? h('span', { class: 'muted' }, ` · ${r.took_ms.toFixed(1)} ms`) : null);
      showSummary(summary);
      const who = [...s.filters.speaker, ...s.filters.outlet];
      if (s.mode === 'cql' && s.q === TURNS_CQL && who.length) {
        resultsEl.appendChild(h('p', { class: 'derived', 'data-testid': 'turns-note' },
          `Every turn of ${who.join(', ')} (a line per turn: its first words; `, h('code', {}, TURNS_CQL),
          ' with the speaker or outlet filter, which takes in every spelling).'));
      }
      if (s.mode === 'search') {
        resultsEl.appendChild(h('p', { class: 'derived', 'data-testid': 'derived-cql' },
          'Concordance of the CQL ', h('code', {}, cql), ' (every occurrence of the search words). ',
          h('button', { type: 'button', class: 'linklike', 'data-testid': 'edit-as-cql',
            onclick: () => navigate((n) => { n.mode = 'cql'; n.q = cql; n.view = 'kwic'; }) }, 'Edit as CQL')));
      }
      resultsEl.appendChild(renderKwic(r, s.sort, {
        openEvent, sort: (key) => navigate((n) => { n.sort = key; }), paragraph: (line) => paragraphOf(s, line),
      }));
      const lines = sample ? sample.size : r.total;
      if (lines > 0) resultsEl.appendChild(pager(lines, s.page, s.size, goPage));
      renderExport(exportEl, [...params, ['context', String(s.context)]], r.total, label);
      shelf.remember(s);
      loadGroups(s, cql, gen, signal, label);
      markReady(keyOf(s));
    }
  } catch (err) {
    if (gen !== generation) return;
    resultsEl.removeAttribute('aria-busy');
    timelineController?.abort();   // the same query: the timeline would repeat the error shown
    timeline.empty();
    timelineKey = null;            // reloaded by the next state that renders
    filterPanel.render(s, null, label, false);
    clear(distEl);
    distKey = null;
    showError(err, s.view === 'kwic' ? 'CQL query' : 'Search');
    markReady(keyOf(s));
  }
}

/** The paragraph of an event holding a KWIC line's first byte, with the query's hits marked (the reader's
 *  answer, /api/events/{id}); by token position when the line has no source bytes. */
async function paragraphOf(s: AppState, line: KwicLine): Promise<Part[] | null> {
  const p: Params = [];
  const cql = effectiveCql(s);
  if (cql) p.push(['cql', cql], ...matchingParams(s));
  const r = await getJson<EventResponse>(`/api/events/${encodeURIComponent(line.event_id)}`, p);
  const at = line.source_begin;
  if (at === undefined || at === null) return null;
  for (const turn of r.turns)
    for (const para of turn.paragraphs)
      if (para.source_begin !== undefined && para.source_end !== undefined && para.source_begin <= at && at < para.source_end) return para.parts;
  return null;
}

/** /api/info, once per page (its date_min/date_max feed autoGranularity); asked again after a failure. */
function corpusInfo(): Promise<InfoResponse> {
  if (!infoCache) {
    const p = getJson<InfoResponse>('/api/info', []);
    p.catch(() => { if (infoCache === p) infoCache = null; });
    infoCache = p;
  }
  return infoCache;
}

/** What the timeline shows depends on the query, the filters and the granularity, not on page or sort. */
function timelineKeyOf(s: AppState): string {
  return JSON.stringify([s.mode, s.q, s.unit, s.view, s.matching, s.filters, s.granularity]);
}

/** The granularity to request: the chosen one, or for auto the one the date span calls for (the date
 *  filter clipped to the corpus' dates; only the filter when /api/info fails). */
async function resolveGranularity(s: AppState): Promise<Granularity> {
  if (s.granularity !== 'auto') return s.granularity;
  let info: InfoResponse | null = null;
  try { info = await corpusInfo(); } catch { /* the filter alone */ }
  return autoGranularity(s.filters, info?.date_min, info?.date_max);
}

async function loadTimeline(s: AppState): Promise<void> {
  timelineController?.abort();
  timelineController = new AbortController();
  const signal = timelineController.signal;
  const params = queryParams(s);
  if (!params) {
    timeline.empty();
    return;
  }
  timeline.loading(s.granularity);
  const label = unitLabel(s);
  try {
    const granularity = await resolveGranularity(s);
    if (signal.aborted) return;
    const t = await getJson<TimelineResponse>('/api/timeline', [...params, ['granularity', granularity]], signal);
    if (!signal.aborted) timeline.render(t, state.scale, label, s.granularity);
  } catch (err) {
    if (!signal.aborted && (err as Error).name !== 'AbortError') timeline.error((err as Error).message);
  }
}

function loadGroups(s: AppState, cql: string, gen: number, signal: AbortSignal, label: string): void {
  const counts: CountsByDim = new Map();
  const base: Params = [['cql', cql], ...matchingParams(s), ...filterParams(s.filters)];
  let pending = GROUP_DIMS.length;
  pendingGroups = GROUP_DIMS.map(([dim]) => dim);
  for (const [dim, by] of GROUP_DIMS) {
    getJson<GroupsResponse>('/api/groups', [...base, ['by', by], ['limit', '10']], signal)
      .then((g) => {
        if (gen !== generation) return;
        counts.set(dim, { values: g.rows.map((r) => ({ value: r.value, count: r.hits })), distinct: g.distinct });
        if (dim === 'speaker' || dim === 'outlet') {
          lastDist[dim] = { rows: g.rows.map((r) => ({ value: r.value, count: r.hits, per_million: r.per_million })),
                            distinct: g.distinct, label };
          if (state.dist === dim) {
            renderDistribution(distEl, lastDist[dim], dim, label, onDim, onPickBar, false);
            distKey = dim;
          }
        }
      })
      .catch((err) => {
        if (gen !== generation || (err as Error).name === 'AbortError') return;
        if (dim === state.dist) {
          clear(distEl);
          distEl.appendChild(h('p', { class: 'error' }, `Distribution: ${(err as Error).message}`));
        }
      })
      .finally(() => {
        if (gen !== generation) return;
        pending--;
        pendingGroups = pendingGroups.filter((d) => d !== dim);
        lastCounts = counts;
        filterPanel.render(state, counts, label, pending > 0, pendingGroups);
      });
  }
}

function showSummary(el: HTMLElement): void {
  clear(resultsEl);
  const bar = byId('summary');
  clear(bar);
  bar.appendChild(el);
}

function goPage(page: number): void {
  navigate((s) => { s.page = page; }, false);
  byId('main').scrollTop = 0;
  window.scrollTo(0, 0);
}

function onDim(dim: 'speaker' | 'outlet'): void {
  navigate((s) => { s.dist = dim; }, false);
}

function onPickBar(value: string): void {
  const dim: ListFilter = state.dist;
  navigate((s) => { if (!s.filters[dim].includes(value)) s.filters[dim].push(value); s.open = ''; s.at = -1; });
}

async function loadReader(s: AppState): Promise<void> {
  readerController?.abort();
  readerController = new AbortController();
  const id = s.open;
  reader.loading(id);
  const p: Params = [];
  if (s.q.trim()) p.push(...(s.mode === 'cql' ? [['cql', s.q], ...matchingParams(s)] as Params : [['q', s.q]] as Params));
  try {
    const r = await getJson<EventResponse>(`/api/events/${encodeURIComponent(id)}`, p, readerController.signal);
    if (state.open === id) reader.render(r, s.at);
  } catch (err) {
    if ((err as Error).name === 'AbortError') return;
    if (state.open === id) reader.error(id, `Cannot load event ${id}: ${(err as Error).message}`);
  }
}

// ---- pages: Search | People | Outlets | Events | Analyse ---------------------------------------------------
const ready = () => { document.body.dataset.ready = location.search; };
const browsePage = new BrowsePage({ go: goTo, ready });
const analysePage = new AnalysePage({ go: goTo, ready });
const navLinks = Array.from(document.querySelectorAll<HTMLAnchorElement>('nav.sections a[data-section]'));
let lastSearch: AppState | null = null;   // the search page as last shown (the Search link returns to it)
let lastAnalyse: AppState | null = null;  // the Analyse page as last shown (its link returns to it)

for (const a of navLinks) {
  a.addEventListener('click', (e) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    const section = a.dataset.section ?? '';
    if (section === 'analyse') goTo(lastAnalyse ? cloneState(lastAnalyse) : analyseState('freq'));
    else goTo(section ? browseState(section as Exclude<Browse, ''>) : lastSearch ? cloneState(lastSearch) : defaultState());
  });
}

function showSection(s: AppState): void {
  byId('search-layout').hidden = !!s.browse;
  byId('browse').hidden = !s.browse;
  byId('analyse').hidden = !s.analyse;
  byId('search-view').hidden = !!s.analyse;
  const skip = byId<HTMLAnchorElement>('skip');
  skip.href = s.browse ? '#browse' : s.analyse ? '#analyse' : '#results';
  skip.textContent = s.browse || s.analyse ? 'Skip to the table' : 'Skip to results';
  if (s.analyse) lastAnalyse = cloneState(s);
  else if (!s.browse) {
    lastSearch = cloneState(s);
    lastSearch.open = '';
    lastSearch.at = -1;
  }
  const section = s.analyse ? 'analyse' : s.browse;
  for (const a of navLinks) {
    if ((a.dataset.section ?? '') === section) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
    if (!a.dataset.section) a.href = lastSearch ? serializeState(lastSearch) : './';
    if (a.dataset.section === 'analyse' && lastAnalyse) a.href = serializeState(lastAnalyse);
  }
}

function render(): void {
  const s = state;
  showSection(s);
  searchBar.show(s);
  delete document.body.dataset.ready;
  if (s.browse) {
    analysePage.hide();
    browsePage.show(s);
    renderReader(s);
    return;
  }
  browsePage.hide();
  if (s.analyse) {
    searchBar.show(defaultState());   // the box is for searching; the collocation node has its own
    filterPanel.render(s, null, '', false);
    analysePage.show(s);
    renderReader(s);
    return;
  }
  analysePage.hide();
  document.title = s.q ? `${s.q} – presser` : 'presser';
  renderToolbar(s);
  const key = keyOf(s);
  if (key !== dataKey) {
    dataKey = key;
    clear(byId('summary'));
    void loadData(s);
  } else {
    if (distKey !== s.dist) {
      renderDistribution(distEl, lastDist[s.dist], s.dist, unitLabel(s), onDim, onPickBar, false);
      distKey = s.dist;
    }
    if (lastCounts) filterPanel.render(s, lastCounts, unitLabel(s), pendingGroups.length > 0, pendingGroups);
    if (loadedKey === key) document.body.dataset.ready = location.search;
  }
  const tk = timelineKeyOf(s);
  if (tk !== timelineKey) {
    timelineKey = tk;
    void loadTimeline(s);
  } else {
    timeline.rescale(s.scale);
  }
  renderReader(s);
}

function renderReader(s: AppState): void {
  const rk = s.open ? JSON.stringify([s.open, s.at, s.mode, s.q, s.matching]) : null;
  if (rk !== readerKey) {
    readerKey = rk;
    if (s.open) void loadReader(s);
    else reader.close();
  }
}

document.addEventListener('keydown', (e) => {
  const t = e.target as HTMLElement;
  const typing = t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);
  if (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
    e.preventDefault();
    searchBar.focus();
  } else if (e.key === 'Escape') {
    if (searchBar.helpOpen()) {
      searchBar.toggleHelp(false);
    } else if (reader.isOpen()) {
      e.preventDefault();
      navigate((s) => { s.open = ''; s.at = -1; }, false);
    }
  }
});

render();
