// Ranked results: turns or exchanges with highlighted snippets (parts, hits in <mark>).

import type { SearchHit, SearchResponse, Snippet } from './api';
import { fmt, h } from './dom';
import { eventText, rememberEvent } from './event-labels';
import { renderParts } from './parts';

export interface ResultsHandlers {
  openEvent(id: string, at?: number): void;
}

function snippetEl(sn: Snippet, label: string | null): HTMLElement {
  return h('p', { class: 'snippet' },
    label ? h('span', { class: 'snippet-label' }, label) : null,
    sn.truncated_before ? '… ' : null, renderParts(sn.parts), sn.truncated_after ? ' …' : null);
}

function hitEl(hit: SearchHit, rank: number, unit: string, on: ResultsHandlers): HTMLElement {
  const meta = h('div', { class: 'hit-meta' },
    h('span', { class: 'rank' }, `${fmt(rank)}.`),
    h('span', { class: 'date' }, hit.date || 'no date'),
    h('span', { class: 'speaker' }, hit.speaker || '(unidentified)'),
    hit.role ? h('span', { class: `badge role-${hit.role}` }, hit.role) : null,
    hit.kind ? h('span', { class: 'badge' }, hit.kind) : null,
    hit.outlet ? h('span', { class: 'outlet' }, hit.outlet) : null,
    h('span', { class: 'score', title: 'BM25 score' }, `score ${hit.score.toFixed(2)}`));
  if (hit.title) rememberEvent(hit.event_id, { title: hit.title, date: hit.date });
  const li = h('li', { class: 'hit', 'data-testid': 'result', 'data-event': hit.event_id },
    meta,
    hit.snippet ? snippetEl(hit.snippet, unit === 'exchange' && hit.answer ? 'Q' : null) : null,
    hit.answer ? snippetEl(hit.answer, 'A') : null,
    h('div', { class: 'hit-foot' },
      h('button', { type: 'button', class: 'linklike event-link', 'data-testid': 'open-event',
        'data-event': hit.event_id, onclick: () => on.openEvent(hit.event_id, hit.snippet?.source_begin) },
        hit.title || eventText(hit.event_id))));
  return li;
}

export function renderResults(r: SearchResponse, on: ResultsHandlers): HTMLElement {
  if (r.hits.length === 0) {
    return h('p', { class: 'empty', 'data-testid': 'no-results' },
      r.total > 0 ? 'No results on this page: the result set is shorter.' : `No matching ${r.unit}s.`);
  }
  const ol = h('ol', { class: 'results', 'data-testid': 'results-list' });
  r.hits.forEach((hit, i) => ol.appendChild(hitEl(hit, r.offset + i + 1, r.unit, on)));
  return ol;
}
