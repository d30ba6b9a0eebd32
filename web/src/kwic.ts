// KWIC table: left | match | right aligned, sortable by left/right/match via the API `sort` (a header sets the
// first key and keeps the second, chosen in the toolbar's "then by" select).

import type { KwicLine, QueryResponse } from './api';
import { h } from './dom';
import { joinSortKeys, sortKeys } from './state';

export interface KwicHandlers {
  openEvent(id: string, at?: number): void;
  sort(key: string): void;
}

export const COLS: { key: string; label: string; cls: string }[] = [
  { key: 'left', label: 'Left', cls: 'kwic-left' },
  { key: 'match', label: 'Match', cls: 'kwic-match' },
  { key: 'right', label: 'Right', cls: 'kwic-right' },
];

function sortHeader(col: typeof COLS[number], current: string, on: KwicHandlers): HTMLElement {
  const [first, second] = sortKeys(current);
  const base = first.split(':')[0];
  const desc = first.endsWith(':desc');
  const active = base === col.key;
  const then = second.split(':')[0] === col.key ? '' : second;  // one column is not both keys
  const next = joinSortKeys(active && !desc ? `${col.key}:desc` : col.key, then);
  const aria = active ? (desc ? 'descending' : 'ascending') : 'none';
  return h('th', { scope: 'col', class: col.cls, 'aria-sort': aria },
    h('button', { type: 'button', class: 'sort-button', 'data-testid': `sort-${col.key}`,
      title: `Sort by ${col.label.toLowerCase()} context`, onclick: () => on.sort(next) },
      col.label, active ? (desc ? ' ▼' : ' ▲') : ''));
}

function lineEl(l: KwicLine, on: KwicHandlers): HTMLElement {
  return h('tr', { 'data-testid': 'kwic-row', 'data-event': l.event_id },
    h('td', { class: 'kwic-left' }, h('span', {}, h('bdi', { dir: 'ltr' }, l.left))),
    h('td', { class: 'kwic-match' }, h('mark', {}, l.match)),
    h('td', { class: 'kwic-right' }, h('span', {}, l.right)),
    h('td', { class: 'kwic-meta' },
      h('button', { type: 'button', class: 'linklike', 'data-testid': 'open-event', 'data-event': l.event_id,
        title: `Open ${l.event_id}`, onclick: () => on.openEvent(l.event_id, l.source_begin) }, l.date || 'no date'),
      ' ', h('span', { class: 'speaker' }, l.speaker || '(unidentified)'),
      l.outlet ? h('span', { class: 'outlet' }, ` · ${l.outlet}`) : null));
}

export function renderKwic(r: QueryResponse, sort: string, on: KwicHandlers): HTMLElement {
  if (r.lines.length === 0) {
    return h('p', { class: 'empty', 'data-testid': 'no-results' },
      r.total > 0 ? 'No hits on this page: the result set is shorter.' : 'No hits.');
  }
  const table = h('table', { class: 'kwic', 'data-testid': 'kwic-table' },
    h('thead', {}, h('tr', {}, COLS.map((c) => sortHeader(c, sort, on)),
      h('th', { scope: 'col', class: 'kwic-meta' }, 'Where'))),
    h('tbody', {}, r.lines.map((l) => lineEl(l, on))));
  return h('div', { class: 'kwic-wrap' }, table);
}
