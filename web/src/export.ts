// Export links for the full current result set (CSV, JSONL): plain links to /api/export (search, KWIC) or to
// an analysis route with format=csv|jsonl, streamed by the server, never capped.

import { apiUrl, type Params } from './api';
import { clear, fmt, h } from './dom';

/** path: the route that answers with `format`; name: the downloaded file's name without its extension. */
export function renderExport(root: HTMLElement, query: Params | null, total: number | null, what: string,
  path = '/api/export', name = 'presser-export'): void {
  clear(root);
  if (!query) return;
  for (const format of ['csv', 'jsonl']) {
    root.appendChild(h('a', {
      class: 'button small', 'data-testid': `export-${format}`, download: `${name}.${format}`,
      href: apiUrl(path, [...query, ['format', format]]),
      title: total === null ? `Export every ${what}` : `Export all ${fmt(total)} ${what}`,
    }, `Export ${format.toUpperCase()}`));
  }
}
