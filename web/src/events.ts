// The Events page (/api/events): the press conferences, sorted by date, title or organiser, filtered by title,
// organiser (suggested as you type), speaker (when it was opened from a person's event count), language and
// dates; a title opens the event in the reader.

import type { EventRow, EventsResponse, Params } from './api';
import type { PageDef } from './browse';
import { fmt, h } from './dom';
import { cloneState } from './state';
import { suggestInput } from './suggest';

export const eventsPage: PageDef<EventsResponse, EventRow> = {
  page: 'events',
  title: 'Events',
  path: '/api/events',
  noun: ['event', 'events'],
  nameLabel: 'Title contains',
  nameParam: 'title',
  params(s) {
    const p: Params = [];
    if (s.filters.from) p.push(['from', s.filters.from]);
    if (s.filters.to) p.push(['to', s.filters.to]);
    for (const k of ['speaker', 'language', 'event', 'organiser'] as const) for (const v of s.filters[k]) p.push([k, v]);
    return p;
  },
  controls(ctx) {
    const f = ctx.state.filters;
    const chip = (label: string, value: string, remove: () => void) => h('button', {
      type: 'button', class: 'chip', 'data-testid': 'browse-remove-filter', 'data-value': value,
      'aria-label': `Remove filter ${label}: ${value}`, onclick: remove }, `${label}: ${value}`, h('span', { 'aria-hidden': 'true' }, ' ×'));
    const organiser = suggestInput({ field: 'organiser', label: 'organiser', testid: 'browse-organiser',
      pick: (value) => ctx.go((n) => { if (!n.filters.organiser.includes(value)) n.filters.organiser.push(value); }) });
    return [
      h('label', { class: 'visually-hidden', for: organiser.querySelector('input')?.id ?? '' }, 'Organiser'), organiser,
      ...f.organiser.map((v) => chip('Organiser', v, () => ctx.go((n) => { n.filters.organiser = n.filters.organiser.filter((x) => x !== v); }))),
      ...f.speaker.map((v) => chip('Speaker', v, () => ctx.go((n) => { n.filters.speaker = n.filters.speaker.filter((x) => x !== v); }))),
      ...f.language.map((v) => chip('Language', v, () => ctx.go((n) => { n.filters.language = n.filters.language.filter((x) => x !== v); }))),
      f.from || f.to ? chip('Dates', `${f.from || '…'} – ${f.to || '…'}`, () => ctx.go((n) => { n.filters.from = ''; n.filters.to = ''; })) : null,
    ];
  },
  rows: (r) => r.events,
  total: (r) => r.total,
  rowAttrs: (e) => ({ 'data-event': e.id }),
  columns: (ctx) => [
    { key: 'date', label: 'Date',
      sorts: [{ value: '', direction: 'descending' }, { value: 'date', direction: 'ascending' }],
      cell: (e) => e.date || 'no date' },
    { key: 'title', label: 'Title',
      sorts: [{ value: 'title', direction: 'ascending' }, { value: '-title', direction: 'descending' }],
      cell: (e) => {
        const target = cloneState(ctx.state);
        target.open = e.id;
        target.at = -1;
        return ctx.link(e.title || e.id, target, { 'data-testid': 'event-open', 'data-event': e.id, title: `Read ${e.id}` });
      } },
    { key: 'organiser', label: 'Organiser',
      sorts: [{ value: 'organiser', direction: 'ascending' }, { value: '-organiser', direction: 'descending' }],
      cell: (e) => e.organiser || null },
    { key: 'language', label: 'Language', cell: (e) => e.language || null },
    { key: 'turns', label: 'Turns', numeric: true, cell: (e) => fmt(e.turns) },
    { key: 'exchanges', label: 'Exchanges', numeric: true, cell: (e) => fmt(e.exchanges) },
    { key: 'tokens', label: 'Tokens', numeric: true, cell: (e) => fmt(e.tokens) },
  ],
};
