// The Outlets page (/api/outlets): one row per organisation the speakers are affiliated with, with every
// spelling; the name opens the outlet's turns (the KWIC view of TURNS_CQL filtered by outlet=).

import type { Outlet, OutletsResponse } from './api';
import type { PageDef } from './browse';
import { fmt, h } from './dom';
import { turnsState } from './state';

export const outletsPage: PageDef<OutletsResponse, Outlet> = {
  page: 'outlets',
  title: 'Outlets',
  path: '/api/outlets',
  noun: ['outlet', 'outlets'],
  nameLabel: 'Name contains',
  nameParam: 'name',
  params: () => [],
  rows: (r) => r.outlets,
  total: (r) => r.total,
  rowAttrs: (o) => ({ 'data-name': o.name }),
  columns: (ctx) => [
    { key: 'name', label: 'Outlet', sorts: [{ value: 'name', direction: 'ascending' }],
      cell: (o) => [
        ctx.link(o.name, turnsState('outlet', o.name),
          { class: 'outlet-link', 'data-testid': 'outlet-turns', 'data-name': o.name, title: `Every turn of a speaker of ${o.name}` }),
        o.known ? [' ', h('span', { class: 'badge', title: 'named by presser\'s list of known outlets' }, 'known')] : null,
        o.spellings.length > 1 || (o.spellings.length === 1 && o.spellings[0] !== o.name)
          ? h('div', { class: 'spellings muted', 'data-testid': 'spellings' }, 'spelled ', o.spellings.join(' · '))
          : null].flat() },
    { key: 'speakers', label: 'Speakers', numeric: true, cell: (o) => fmt(o.speakers) },
    { key: 'events', label: 'Events', numeric: true, cell: (o) => fmt(o.events) },
    { key: 'turns', label: 'Turns', numeric: true, sorts: [{ value: '', direction: 'descending' }],
      cell: (o) => fmt(o.turns) },
    { key: 'tokens', label: 'Tokens', numeric: true, sorts: [{ value: 'tokens', direction: 'descending' }],
      cell: (o) => fmt(o.tokens) },
  ],
};
