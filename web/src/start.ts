// The start page (no query yet): what the index holds (events by organiser and year, languages, people and
// outlets) and the example queries of examples.json as links that run them.

import { getJson, type EventsResponse, type InfoResponse } from './api';
import { fmt, h, plural } from './dom';
import { EXAMPLES } from './examples';
import { analyseState, browseState, defaultState, serializeState, type AnalyseTab, type AppState, type Mode } from './state';

/** Above this many events the start page does not list them all: organisers with their totals only. */
const TABULATED_EVENTS = 1000;
const SHOWN_ORGANISERS = 12;
const NO_ORGANISER = '(organiser not stated)';
const UNDATED = 'undated';

/** A real link (href = the target's URL) that a plain click follows without reloading the page. */
export function stateLink(text: string | HTMLElement, target: AppState, go: (s: AppState) => void,
  attrs: Record<string, string> = {}): HTMLAnchorElement {
  return h('a', { href: serializeState(target), ...attrs, onclick: (e: Event) => {
    const m = e as MouseEvent;
    if (m.button !== 0 || m.metaKey || m.ctrlKey || m.shiftKey || m.altKey) return;
    e.preventDefault();
    go(target);
  } }, text);
}

function exampleState(q: string, mode: Mode): AppState {
  const s = defaultState();
  s.q = q;
  s.mode = mode;
  if (mode === 'cql') s.view = 'kwic';
  return s;
}

/** Events counted by organiser (rows, most events first) and year (columns, in order). */
function organiserYearTable(rows: { organiser?: string; date: string }[]): HTMLElement {
  const counts = new Map<string, Map<string, number>>();
  const years = new Set<string>();
  for (const r of rows) {
    const organiser = r.organiser || NO_ORGANISER;
    const year = /^\d{4}/.test(r.date) ? r.date.slice(0, 4) : UNDATED;
    years.add(year);
    const byYear = counts.get(organiser) ?? new Map<string, number>();
    byYear.set(year, (byYear.get(year) ?? 0) + 1);
    counts.set(organiser, byYear);
  }
  const columns = [...years].sort((a, b) => (a === UNDATED ? 1 : b === UNDATED ? -1 : a.localeCompare(b)));
  const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const organisers = [...counts.entries()].sort((a, b) => total(b[1]) - total(a[1]) || a[0].localeCompare(b[0]));
  const shown = organisers.slice(0, SHOWN_ORGANISERS);
  const table = h('table', { class: 'start-table', 'data-testid': 'start-organisers', 'data-events': rows.length },
    h('caption', {}, 'Events by organiser and year'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Organiser'),
      columns.map((y) => h('th', { scope: 'col', class: 'num' }, y)), h('th', { scope: 'col', class: 'num' }, 'Events'))),
    h('tbody', {}, shown.map(([organiser, byYear]) => h('tr', { 'data-testid': 'start-organiser' },
      h('th', { scope: 'row' }, organiser),
      columns.map((y) => h('td', { class: 'num' }, byYear.get(y) ? fmt(byYear.get(y)!) : '')),
      h('td', { class: 'num', 'data-testid': 'start-organiser-events' }, fmt(total(byYear)))))));
  if (organisers.length <= shown.length) return table;
  const rest = organisers.slice(shown.length).reduce((n, [, m]) => n + total(m), 0);
  return h('div', {}, table, h('p', { class: 'muted' },
    `and ${plural(organisers.length - shown.length, 'other organiser', 'other organisers')} with ${plural(rest, 'event', 'events')}`));
}

/** Organisers with their event totals (from /api/info), for indexes too large to list every event here. */
function organiserTotals(info: InfoResponse): HTMLElement | null {
  const organisers = info.organisers ?? [];
  if (!organisers.length) return null;
  return h('p', { 'data-testid': 'start-organisers' }, 'Organisers: ',
    organisers.slice(0, SHOWN_ORGANISERS).map((o) => `${o.value || NO_ORGANISER} (${plural(o.events, 'event', 'events')})`).join(', '),
    organisers.length > SHOWN_ORGANISERS ? `, and ${fmt(organisers.length - SHOWN_ORGANISERS)} more` : '', '.');
}

async function eventsOverview(info: InfoResponse, signal: AbortSignal): Promise<HTMLElement | null> {
  if (info.events === 0) return null;
  if (info.events > TABULATED_EVENTS) return organiserTotals(info);
  const list = await getJson<EventsResponse>('/api/events', [['limit', String(TABULATED_EVENTS)], ['sort', 'date']], signal);
  return organiserYearTable(list.events);
}

function examplesBlock(go: (s: AppState) => void): HTMLElement {
  const group = (mode: Mode, heading: string) => h('div', { class: 'start-examples' },
    h('h3', {}, heading),
    h('ul', {}, EXAMPLES[mode].filter((e) => e.start).map((e) => h('li', {},
      stateLink(h('code', {}, e.q), exampleState(e.q, mode), go, { 'data-testid': 'start-example', 'data-mode': mode }),
      h('span', { class: 'muted' }, ` ${e.what}`)))));
  return h('section', { 'aria-label': 'Example queries' },
    h('h2', {}, 'Try'),
    group('search', 'Ranked search'), group('cql', 'CQL concordance'));
}

/** The start page's content for the index described by `info` (asks /api/events for the table). */
export async function startPage(info: InfoResponse, signal: AbortSignal, go: (s: AppState) => void): Promise<HTMLElement> {
  const overview = await eventsOverview(info, signal);
  const people = info.people ?? info.speakers;
  return h('div', { class: 'welcome', 'data-testid': 'welcome' },
    h('h2', {}, 'Press conferences in this index'),
    h('p', {}, `${plural(info.events, 'event', 'events')}, ${plural(info.turns, 'turn', 'turns')}, `
      + `${plural(info.tokens, 'token', 'tokens')}`
      + (info.date_min ? `, from ${info.date_min} to ${info.date_max}` : '') + '.'),
    overview,
    info.languages?.length ? h('p', { 'data-testid': 'start-languages' }, 'Languages: ',
      info.languages.map((l) => `${l.value} (${plural(l.events, 'event', 'events')})`).join(', ')) : null,
    h('p', { 'data-testid': 'start-people' },
      stateLink(plural(people, 'person', 'people'), browseState('people'), go, { 'data-testid': 'start-people-link', 'data-count': String(people) }),
      ' and ',
      stateLink(plural(info.outlets, 'outlet', 'outlets'), browseState('outlets'), go, { 'data-testid': 'start-outlets-link', 'data-count': String(info.outlets) }),
      ' speak in these events; ',
      stateLink('list the events', browseState('events'), go), '.'),
    h('p', { 'data-testid': 'start-analyse' }, 'Measure the corpus or a part of it on the ',
      stateLink('Analyse', analyseState('freq'), go, { 'data-testid': 'start-analyse-link' }), ' page: ',
      ([['freq', 'frequency lists'], ['keyness', 'keyness'], ['colloc', 'collocations'], ['ngrams', 'n-grams']] as [AnalyseTab, string][])
        .flatMap(([tab, label], i) => [i ? ', ' : '', stateLink(label, analyseState(tab), go, { 'data-testid': `start-analyse-${tab}` })]),
      '.'),
    examplesBlock(go),
    h('p', { class: 'muted' }, 'Press "/" to focus the search box; "?" next to it shows the syntax.'));
}
