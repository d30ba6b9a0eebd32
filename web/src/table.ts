// The data table of the browse pages and of the Analyse page: column headers (scope="col"), the sortable ones a button that sets the
// API's sort (the sorted column carries aria-sort and an arrow), one row per item, numbers right-aligned.

import { h, type Attrs } from './dom';

type Cell = Node | string | null;

export interface SortChoice {
  /** the `sort` of the URL state ('' = the API's default) */
  value: string;
  direction: 'ascending' | 'descending';
}

export interface Column<T> {
  key: string;            // class col-KEY; the header's button is data-testid sort-KEY
  label: string;
  /** the sorts this header sets: a click on an unsorted header picks the first, on a sorted one the next */
  sorts?: SortChoice[];
  numeric?: boolean;
  cell(row: T): Cell | Cell[];
}

function header<T>(col: Column<T>, sort: string, onSort: (sort: string) => void): HTMLElement {
  const sorts = col.sorts ?? [];
  if (sorts.length === 0) return h('th', { scope: 'col', class: `col-${col.key}${col.numeric ? ' num' : ''}` }, col.label);
  const i = sorts.findIndex((c) => c.value === sort);
  const active = i >= 0 ? sorts[i] : null;
  const next = sorts[(i + 1) % sorts.length];
  const title = sorts.length > 1 || !active
    ? `Sort by ${col.label.toLowerCase()}${next.direction === 'ascending' ? ', ascending' : ', descending'}`
    : `Sorted by ${col.label.toLowerCase()}`;
  return h('th', { scope: 'col', class: `col-${col.key}${col.numeric ? ' num' : ''}`,
    'aria-sort': active ? active.direction : 'none' },
  h('button', { type: 'button', class: 'sort-button', 'data-testid': `sort-${col.key}`, title,
    onclick: () => { if (next.value !== sort) onSort(next.value); } },
  col.label, active ? (active.direction === 'ascending' ? ' ▲' : ' ▼') : ''));
}

export function renderTable<T>(caption: string, cols: Column<T>[], rows: T[], sort: string,
  onSort: (sort: string) => void, rowAttrs: (row: T) => Attrs = () => ({}), testid = 'browse'): HTMLElement {
  const table = h('table', { class: 'browse-table', 'data-testid': `${testid}-table` },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, cols.map((c) => header(c, sort, onSort)))),
    h('tbody', {}, rows.map((r) => h('tr', { 'data-testid': `${testid}-row`, ...rowAttrs(r) },
      cols.map((c) => h('td', { class: `col-${c.key}${c.numeric ? ' num' : ''}` }, c.cell(r)))))));
  return h('div', { class: 'table-wrap' }, table);
}
