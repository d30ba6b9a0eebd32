// Paging controls shared by the results list, the KWIC table and the browse pages.

import { fmt, h } from './dom';

export function pager(total: number, page: number, pageSize: number, go: (page: number) => void): HTMLElement {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return h('nav', { class: 'pager', 'aria-label': 'Pages' },
    h('button', { type: 'button', class: 'small', disabled: page <= 1, 'data-testid': 'page-prev',
      onclick: () => go(page - 1) }, '‹ Previous'),
    h('span', { class: 'page-info', 'data-testid': 'page-info' },
      total === 0 ? 'no results' : `${fmt(first)}–${fmt(last)} of ${fmt(total)} · page ${fmt(page)} of ${fmt(pages)}`),
    h('button', { type: 'button', class: 'small', disabled: page >= pages, 'data-testid': 'page-next',
      onclick: () => go(page + 1) }, 'Next ›'));
}
