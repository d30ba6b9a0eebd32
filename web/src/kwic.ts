// KWIC table: left | match | right aligned, and where each line was said. A column header sets the first sort
// key and keeps the later ones (the toolbar's sort levels, kwic_controls.ts, choose them all). The match is
// never cut (it wraps); a line opens in place onto its whole paragraph.

import { apiUrl, type KwicLine, type Part, type QueryResponse } from './api';
import { h } from './dom';
import { renderParts } from './parts';
import { joinSortLevels, parseSortLevels } from './state';

export interface KwicHandlers {
  openEvent(id: string, at?: number): void;
  sort(key: string): void;
  /** The paragraph holding a line's match, its hits marked; null when it cannot be found. */
  paragraph(line: KwicLine): Promise<Part[] | null>;
}

export const COLS: { key: string; label: string; cls: string }[] = [
  { key: 'left', label: 'Left', cls: 'kwic-left' },
  { key: 'match', label: 'Match', cls: 'kwic-match' },
  { key: 'right', label: 'Right', cls: 'kwic-right' },
];

function sortHeader(col: typeof COLS[number], current: string, on: KwicHandlers): HTMLElement {
  const levels = parseSortLevels(current);
  const first = levels[0];
  const active = first?.part === col.key;
  const desc = active && first.desc;
  const rest = levels.slice(1).filter((l) => l.part !== col.key);  // one column is not two keys
  const next = joinSortLevels([{ part: col.key, attribute: active ? first.attribute : 'word', desc: active && !desc }, ...rest]);
  const aria = active ? (desc ? 'descending' : 'ascending') : 'none';
  return h('th', { scope: 'col', class: col.cls, 'aria-sort': aria },
    h('button', { type: 'button', class: 'sort-button', 'data-testid': `sort-${col.key}`,
      title: `Sort by ${col.label.toLowerCase()} context`, onclick: () => on.sort(next) },
      col.label, active ? (desc ? ' ▼' : ' ▲') : ''));
}

/** Where a line was said: date (opens the event), speaker, role, office, outlet, event title, and the
 *  match's bytes in the source file as a link to them. */
function whereEl(l: KwicLine, on: KwicHandlers): HTMLElement {
  const bytes = l.source_begin !== undefined && l.source_begin !== null && l.source_end !== undefined && l.source_end !== null;
  return h('td', { class: 'kwic-meta', 'data-testid': 'kwic-where' },
    h('button', { type: 'button', class: 'linklike', 'data-testid': 'open-event', 'data-event': l.event_id,
      title: `Open ${l.event_id}`, onclick: () => on.openEvent(l.event_id, l.source_begin ?? undefined) }, l.date || 'no date'),
    ' ', h('span', { class: 'speaker' }, l.speaker || '(unidentified)'),
    l.role ? h('span', { class: `badge role-${l.role}`, 'data-testid': 'where-role' }, l.role) : null,
    l.office ? h('span', { class: 'office', 'data-testid': 'where-office' }, ` · ${l.office}`) : null,
    l.outlet ? h('span', { class: 'outlet', 'data-testid': 'where-outlet' }, ` · ${l.outlet}`) : null,
    l.event_title ? h('div', { class: 'event-title', 'data-testid': 'where-title', title: l.event_title }, l.event_title) : null,
    bytes ? h('a', { class: 'source-bytes', 'data-testid': 'source-bytes', target: '_blank', rel: 'noopener',
      title: `Bytes ${l.source_begin}–${l.source_end} of ${l.source ?? 'the source file'}`,
      href: apiUrl('/api/source', [['event', l.event_id], ['begin', String(l.source_begin)], ['end', String(l.source_end)]]) },
    `bytes ${l.source_begin}–${l.source_end}`) : null);
}

function lineRows(l: KwicLine, on: KwicHandlers): HTMLElement[] {
  const paragraphRow = h('tr', { class: 'kwic-paragraph', 'data-testid': 'kwic-paragraph', hidden: true },
    h('td', { colspan: 5 }));
  const expand = h('button', { type: 'button', class: 'linklike expand', 'data-testid': 'expand-line', 'aria-expanded': 'false',
    title: 'Show the whole paragraph', 'aria-label': 'Show the whole paragraph' }, '¶');
  expand.addEventListener('click', () => {
    const open = paragraphRow.hidden;
    paragraphRow.hidden = !open;
    expand.setAttribute('aria-expanded', String(open));
    if (!open || paragraphRow.dataset.loaded) return;
    paragraphRow.dataset.loaded = 'loading';
    const cell = paragraphRow.firstElementChild as HTMLElement;
    cell.textContent = 'Loading the paragraph…';
    on.paragraph(l).then((parts) => {
      cell.textContent = '';
      if (parts) cell.appendChild(h('p', { class: 'paragraph-text' }, renderParts(parts)));
      else cell.textContent = 'The paragraph could not be found in the event.';
      paragraphRow.dataset.loaded = 'yes';
    }, (err: Error) => {
      cell.textContent = `Cannot load the paragraph: ${err.message}`;
      delete paragraphRow.dataset.loaded;
    });
  });
  const row = h('tr', { 'data-testid': 'kwic-row', 'data-event': l.event_id },
    h('td', { class: 'kwic-expand' }, expand),
    h('td', { class: 'kwic-left' }, h('span', {}, h('bdi', { dir: 'ltr' }, l.left))),
    h('td', { class: 'kwic-match' }, h('mark', { 'data-testid': 'kwic-match' }, l.match)),
    h('td', { class: 'kwic-right' }, h('span', {}, l.right)),
    whereEl(l, on));
  return [row, paragraphRow];
}

export function renderKwic(r: QueryResponse, sort: string, on: KwicHandlers): HTMLElement {
  if (r.lines.length === 0) {
    return h('p', { class: 'empty', 'data-testid': 'no-results' },
      r.total > 0 ? 'No hits on this page: the result set is shorter.' : 'No hits.');
  }
  const table = h('table', { class: 'kwic', 'data-testid': 'kwic-table' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col', class: 'kwic-expand' }, h('span', { class: 'visually-hidden' }, 'Paragraph')),
      COLS.map((c) => sortHeader(c, sort, on)),
      h('th', { scope: 'col', class: 'kwic-meta' }, 'Where'))),
    h('tbody', {}, r.lines.flatMap((l) => lineRows(l, on))));
  return h('div', { class: 'kwic-wrap' }, table);
}
