// Query history and saved queries, both kept in this browser only (localStorage): the last HISTORY_MAX
// queries shown (one entry per query text and mode), newest first, and queries saved under a name. An entry is the page's URL state (query,
// mode, filters, sort, context, sample...), so running it restores the whole view.

import { h } from './dom';
import { cloneState, parseState, serializeState, type AppState } from './state';

export const HISTORY_KEY = 'presser-query-history';
export const SAVED_KEY = 'presser-saved-queries';
export const HISTORY_MAX = 50;

export interface StoredQuery { url: string; q: string; mode: string; name?: string; at: string }

export interface QueryShelfHandlers { go(s: AppState): void }

function read(key: string): StoredQuery[] {
  try {
    const v = JSON.parse(localStorage.getItem(key) ?? '[]') as unknown;
    return Array.isArray(v) ? v.filter((e): e is StoredQuery => typeof e?.url === 'string' && typeof e?.q === 'string') : [];
  } catch {
    return [];  // unreadable (or storage disabled): start afresh
  }
}

function write(key: string, entries: StoredQuery[]): void {
  try {
    localStorage.setItem(key, JSON.stringify(entries));
  } catch {
    // storage full or disabled: history is a convenience, the search itself goes on
  }
}

/** The URL of a query as it is kept: page 1, no event open. */
function queryUrl(s: AppState): string {
  const c = cloneState(s);
  c.page = 1;
  c.open = '';
  c.at = -1;
  return serializeState(c);
}

export class QueryShelf {
  private current: AppState | null = null;

  constructor(private el: HTMLElement, private on: QueryShelfHandlers) {
    this.render();
  }

  /** Adds the query shown to the history: one entry per query text and mode, moved to the top with the
   *  settings it was last shown with. */
  remember(s: AppState): void {
    this.current = cloneState(s);
    if (!s.q.trim() || s.browse || s.analyse) { this.render(); return; }
    const url = queryUrl(s);
    const history = read(HISTORY_KEY).filter((e) => e.q !== s.q || e.mode !== s.mode);
    history.unshift({ url, q: s.q, mode: s.mode, at: new Date().toISOString() });
    write(HISTORY_KEY, history.slice(0, HISTORY_MAX));
    this.render();
  }

  private run(entry: StoredQuery): void {
    this.on.go(parseState(entry.url.startsWith('?') ? entry.url : ''));
  }

  private save(name: string): void {
    if (!this.current || !name.trim()) return;
    const url = queryUrl(this.current);
    const saved = read(SAVED_KEY).filter((e) => e.name !== name.trim());
    saved.push({ url, q: this.current.q, mode: this.current.mode, name: name.trim(), at: new Date().toISOString() });
    saved.sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''));
    write(SAVED_KEY, saved);
    this.render();
  }

  private remove(name: string): void {
    write(SAVED_KEY, read(SAVED_KEY).filter((e) => e.name !== name));
    this.render();
  }

  private entryButton(e: StoredQuery, testid: string, label: string): HTMLElement {
    return h('button', { type: 'button', class: 'linklike', 'data-testid': testid, 'data-url': e.url, title: e.url,
      onclick: () => this.run(e) }, label);
  }

  render(): void {
    const history = read(HISTORY_KEY);
    const saved = read(SAVED_KEY);
    const wasOpen = new Set(Array.from(this.el.querySelectorAll('details[open]')).map((d) => d.getAttribute('data-testid')));
    this.el.textContent = '';
    const historyList = h('ol', { class: 'query-list' }, history.map((e) => h('li', { 'data-testid': 'history-entry' },
      this.entryButton(e, 'history-run', e.q), h('span', { class: 'muted' }, ` ${e.mode === 'cql' ? 'CQL' : 'search'}`))));
    const savedList = h('ul', { class: 'query-list' }, saved.map((e) => h('li', { 'data-testid': 'saved-entry', 'data-name': e.name },
      this.entryButton(e, 'saved-run', e.name ?? e.q), h('span', { class: 'muted' }, ` ${e.q} `),
      h('button', { type: 'button', class: 'small', 'data-testid': 'saved-delete', title: `Delete the saved query ${e.name}`,
        onclick: () => this.remove(e.name ?? '') }, 'Delete'))));
    const name = h('input', { type: 'text', 'data-testid': 'save-name', 'aria-label': 'Name of the saved query', placeholder: 'name',
      required: true, class: 'narrow' });
    const form = h('form', { class: 'save-query', 'data-testid': 'save-form' }, name, ' ',
      h('button', { type: 'submit', class: 'small', 'data-testid': 'save-query', disabled: !this.current?.q.trim() }, 'Save this query'));
    form.addEventListener('submit', (ev) => { ev.preventDefault(); this.save(name.value); });
    const details = (testid: string, title: string, ...body: (HTMLElement | null)[]) => h('details',
      { 'data-testid': testid, open: wasOpen.has(testid) }, h('summary', {}, title), ...body);
    this.el.append(
      details('history', `History (${history.length})`,
        history.length ? historyList : h('p', { class: 'muted' }, 'Queries you run appear here (this browser only).')),
      details('saved', `Saved (${saved.length})`, form,
        saved.length ? savedList : h('p', { class: 'muted' }, 'No saved queries yet.')));
  }
}
