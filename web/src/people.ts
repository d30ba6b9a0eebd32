// The People page (/api/people): one row per person across the index, with every spelling, roles, offices
// with their dates, outlets, dates of appearance and counts; the name opens the person's turns (the KWIC
// view of TURNS_CQL filtered by speaker=, which selects every spelling), the event count the Events page.

import type { PeopleResponse, Person } from './api';
import type { PageDef } from './browse';
import { fmt, h, plural } from './dom';
import { browseState, turnsState } from './state';

const ROLES = ['official', 'moderator', 'journalist', 'other', 'unknown'];

/** "2021-01-20 – 2022-05-13", one date when both are the same. */
export function dateRange(from: string, to: string): string {
  if (!from && !to) return '—';
  return from === to ? from : `${from || '…'} – ${to || '…'}`;
}

export const peoplePage: PageDef<PeopleResponse, Person> = {
  page: 'people',
  title: 'People',
  path: '/api/people',
  noun: ['person', 'people'],
  nameLabel: 'Name contains',
  nameParam: 'name',
  params: (s) => s.filters.role.map((r) => ['role', r]),
  controls(ctx) {
    const current = ctx.state.filters.role[0] ?? '';
    const role = h('select', { id: 'browse-role', 'data-testid': 'browse-role' },
      h('option', { value: '', selected: current === '' }, 'any role'),
      ROLES.map((r) => h('option', { value: r, selected: current === r }, r)));
    role.addEventListener('change', () => ctx.go((n) => { n.filters.role = role.value ? [role.value] : []; }));
    return [h('label', { for: 'browse-role' }, 'Role'), role];
  },
  rows: (r) => r.people,
  total: (r) => r.total,
  notes: (r) => h('p', { class: 'muted', 'data-testid': 'unidentified', 'data-turns': r.unidentified_turns },
    `Unidentified speakers: ${plural(r.unidentified_turns, 'turn', 'turns')} (no name in the transcript; counted in no person).`),
  rowAttrs: (p) => ({ 'data-name': p.name }),
  columns: (ctx) => [
    { key: 'name', label: 'Person', sorts: [{ value: 'name', direction: 'ascending' }],
      cell: (p) => [
        ctx.link(p.name, turnsState('speaker', p.name),
          { class: 'person-link', 'data-testid': 'person-turns', 'data-name': p.name, title: `Every turn of ${p.name}` }),
        p.spellings.length > 1
          ? h('div', { class: 'spellings muted', 'data-testid': 'spellings' },
            'spelled ', p.spellings.join(' · '))
          : null] },
    { key: 'roles', label: 'Roles',
      cell: (p) => p.roles.map((r) => h('span', { class: `badge role-${r.role}`, title: `${plural(r.turns, 'turn', 'turns')} as ${r.role}` },
        `${r.role} ${fmt(r.turns)}`)) },
    { key: 'offices', label: 'Offices',
      cell: (p) => p.offices.length
        ? h('ul', { class: 'cell-list' }, p.offices.map((o) => h('li', {}, o.title, ' ',
          h('span', { class: 'muted' }, `${dateRange(o.from, o.to)} · ${plural(o.turns, 'turn', 'turns')}`))))
        : null },
    { key: 'outlets', label: 'Outlets', cell: (p) => p.outlets.join(', ') || null },
    { key: 'appeared', label: 'Appeared', cell: (p) => dateRange(p.from, p.to) },
    { key: 'events', label: 'Events', numeric: true,
      cell: (p) => {
        const target = browseState('events');
        target.filters.speaker = [p.name];
        return ctx.link(fmt(p.events), target,
          { 'data-testid': 'person-events', title: `The events where ${p.name} speaks` });
      } },
    { key: 'turns', label: 'Turns', numeric: true, sorts: [{ value: '', direction: 'descending' }],
      cell: (p) => fmt(p.turns) },
    { key: 'tokens', label: 'Tokens', numeric: true, sorts: [{ value: 'tokens', direction: 'descending' }],
      cell: (p) => fmt(p.tokens) },
  ],
};
