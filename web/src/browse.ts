// The browse pages (People, Outlets, Events): the page's filters (name box, the page's own controls, rows
// per page), the exact count, a sortable table and paging. What each page asks and shows is in people.ts,
// outlets.ts and events.ts; this file loads it for the URL state and draws the common parts.

import { ApiError, getJson, type Params } from './api';
import { byId, clear, fmt, h, plural } from './dom';
import { eventsPage } from './events';
import { outletsPage } from './outlets';
import { pager } from './pager';
import { peoplePage } from './people';
import { renderTable, type Column } from './table';
import { BROWSE_LIMITS, cloneState, serializeState, type AppState, type Browse } from './state';

export interface BrowseHandlers {
  /** show another URL state (pushState) */
  go(next: AppState): void;
  /** the page shows the data of its URL (body[data-ready]) */
  ready(): void;
}

/** What a page's columns and controls may use. */
export interface PageContext {
  state: AppState;
  /** a real link (href = the target's URL; a plain click goes there without reloading) */
  link(text: string, target: AppState, attrs?: Record<string, string>): HTMLAnchorElement;
  /** a new state of this page, from page 1 */
  go(mutate: (s: AppState) => void): void;
}

export interface PageDef<R, T> {
  page: Exclude<Browse, ''>;
  title: string;
  path: string;
  noun: [string, string];
  /** the label of the name box */
  nameLabel: string;
  /** the API's parameter for the name box */
  nameParam: string;
  /** the page's filters other than the name box, as API parameters */
  params(s: AppState): Params;
  /** the page's own filter controls (selects, removable filter chips) */
  controls?(ctx: PageContext): (HTMLElement | null)[];
  rows(r: R): T[];
  total(r: R): number;
  /** lines under the count (e.g. unidentified speakers) */
  notes?(r: R): HTMLElement | null;
  columns(ctx: PageContext): Column<T>[];
  rowAttrs?(row: T): Record<string, string>;
}

// The pages differ in their answer and row types; the table and controls only pass them through.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyPage = PageDef<any, any>;
const PAGES: Record<Exclude<Browse, ''>, AnyPage> = { people: peoplePage, outlets: outletsPage, events: eventsPage };

export class BrowsePage {
  private root = byId('browse');
  private key: string | null = null;
  private loadedKey: string | null = null;
  private controller: AbortController | null = null;

  constructor(private handlers: BrowseHandlers) {}

  /** Shows the page of the state (loads it unless it is the one shown). */
  show(s: AppState): void {
    if (!s.browse) return;
    const def = PAGES[s.browse];
    const params: Params = [...def.params(s)];
    if (s.name) params.push([def.nameParam, s.name]);
    if (s.sort) params.push(['sort', s.sort]);
    params.push(['offset', String((s.page - 1) * s.limit)], ['limit', String(s.limit)]);
    const key = JSON.stringify([def.path, params]);
    document.title = `${def.title} – presser`;
    if (key === this.key) {
      if (this.loadedKey === key) this.handlers.ready();
      return;
    }
    this.key = key;
    void this.load(def, s, params, key);
  }

  /** Leaving the browse pages: a request in flight is dropped (and asked again on return). */
  hide(): void {
    if (this.loadedKey !== this.key) {
      this.controller?.abort();
      this.key = null;
    }
  }

  private context(s: AppState): PageContext {
    return {
      state: s,
      link: (text, target, attrs = {}) => h('a', { href: serializeState(target), ...attrs, onclick: (e: Event) => {
        const m = e as MouseEvent;
        if (m.button !== 0 || m.metaKey || m.ctrlKey || m.shiftKey || m.altKey) return;
        e.preventDefault();
        this.handlers.go(target);
      } }, text),
      go: (mutate) => {
        const next = cloneState(s);
        next.page = 1;
        mutate(next);
        this.handlers.go(next);
      },
    };
  }

  private async load(def: AnyPage, s: AppState, params: Params, key: string): Promise<void> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.root.setAttribute('aria-busy', 'true');
    if (!this.root.firstChild || this.root.dataset.page !== def.page) {
      clear(this.root);
      this.root.dataset.page = def.page;
      this.root.appendChild(h('h2', { id: 'browse-title', 'data-testid': 'browse-title' }, def.title));
      this.root.appendChild(h('p', { class: 'muted', role: 'status' }, 'Loading…'));
    }
    try {
      const r = await getJson<unknown>(def.path, params, controller.signal);
      if (controller.signal.aborted || this.key !== key) return;
      this.render(def, s, r);
    } catch (err) {
      if ((err as Error).name === 'AbortError' || this.key !== key) return;
      const e = err instanceof ApiError ? err : new ApiError(0, String((err as Error).message ?? err));
      this.render(def, s, null, e);
    }
    this.root.removeAttribute('aria-busy');
    this.loadedKey = key;
    this.handlers.ready();
  }

  private render(def: AnyPage, s: AppState, r: unknown, error?: ApiError): void {
    // Keep the keyboard focus on the control that changed the page (a sort header, the pager, a select).
    const focused = this.root.contains(document.activeElement)
      ? (document.activeElement as HTMLElement).dataset.testid : undefined;
    const ctx = this.context(s);
    clear(this.root);
    this.root.dataset.page = def.page;
    this.root.appendChild(h('h2', { id: 'browse-title', 'data-testid': 'browse-title' }, def.title));
    this.root.appendChild(this.filterForm(def, ctx));
    if (error) {
      this.root.appendChild(h('div', { class: 'error-box', role: 'alert', 'data-testid': 'error' },
        h('strong', {}, `Loading ${def.title.toLowerCase()} failed${error.status ? ` (HTTP ${error.status})` : ''}: `),
        error.message));
      return;
    }
    const total = def.total(r);
    const rows = def.rows(r);
    const first = rows.length ? (s.page - 1) * s.limit + 1 : 0;
    const last = first ? first + rows.length - 1 : 0;
    this.root.appendChild(h('p', { class: 'browse-count' },
      h('strong', { 'data-testid': 'browse-total', 'data-total': total }, plural(total, def.noun[0], def.noun[1])),
      total > 0 ? h('span', { class: 'muted', 'data-testid': 'browse-showing', 'data-first': first, 'data-last': last },
        rows.length ? ` · showing ${fmt(first)}–${fmt(last)} of ${fmt(total)}` : ' · none on this page') : null));
    const notes = def.notes?.(r);
    if (notes) this.root.appendChild(notes);
    if (rows.length) {
      const caption = `${def.title}, ${rows.length ? `${fmt(first)}–${fmt(last)} of ${fmt(total)}` : ''}`;
      this.root.appendChild(renderTable(caption, def.columns(ctx), rows, s.sort,
        (sort) => ctx.go((n) => { n.sort = sort; }), def.rowAttrs));
    } else {
      this.root.appendChild(h('p', { class: 'empty', 'data-testid': 'browse-empty' },
        total > 0 ? 'Nothing on this page: the list is shorter.' : `No ${def.noun[1]} match.`));
    }
    if (total > s.limit || s.page > 1) {
      this.root.appendChild(pager(total, s.page, s.limit, (page) => {
        const next = cloneState(s);
        next.page = page;
        this.handlers.go(next);
        window.scrollTo(0, 0);
      }));
    }
    if (focused) this.root.querySelector<HTMLElement>(`[data-testid="${focused}"]`)?.focus();
  }

  private filterForm(def: AnyPage, ctx: PageContext): HTMLElement {
    const s = ctx.state;
    const name = h('input', { id: 'browse-name', type: 'search', value: s.name, 'data-testid': 'browse-name',
      autocomplete: 'off', spellcheck: 'false' });
    const rows = h('select', { id: 'browse-limit', 'data-testid': 'browse-limit' },
      BROWSE_LIMITS.map((n) => h('option', { value: String(n), selected: n === s.limit }, String(n))));
    rows.addEventListener('change', () => ctx.go((n) => { n.limit = Number(rows.value); }));
    return h('form', { class: 'browse-filters', role: 'search', 'aria-label': `Filter ${def.title.toLowerCase()}`,
      'data-testid': 'browse-filters', onsubmit: (e: Event) => {
        e.preventDefault();
        const v = name.value.trim();
        if (v !== s.name) ctx.go((n) => { n.name = v; });
      } },
    h('label', { for: 'browse-name' }, def.nameLabel), name,
    h('button', { type: 'submit', class: 'small', 'data-testid': 'browse-apply' }, 'Apply'),
    def.controls?.(ctx) ?? [],
    h('label', { for: 'browse-limit' }, 'Rows per page'), rows);
  }
}
