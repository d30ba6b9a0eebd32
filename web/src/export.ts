// Export links for the full current result set (CSV, JSONL): plain links to /api/export, streamed by the
// server, never capped.

import { apiUrl, type Params } from './api';
import { clear, fmt, h } from './dom';

export function renderExport(root: HTMLElement, query: Params | null, total: number | null, what: string): void {
  clear(root);
  if (!query) return;
  for (const format of ['csv', 'jsonl']) {
    root.appendChild(h('a', {
      class: 'button small', 'data-testid': `export-${format}`, download: `presser-export.${format}`,
      href: apiUrl('/api/export', [...query, ['format', format]]),
      title: total === null ? `Export every ${what}` : `Export all ${fmt(total)} ${what}`,
    }, `Export ${format.toUpperCase()}`));
  }
}
