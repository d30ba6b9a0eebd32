// Export links for the full current result set (CSV, JSONL): plain links to /api/export (search, KWIC) or to
// an analysis route with format=csv|jsonl, streamed by the server, never capped.

import { apiUrl, type Params } from './api';
import { clear, fmt, h } from './dom';

// The field's formats a CQL query's hits also export to (docs/export.md): whole turns holding a hit.
const CORPUS_FORMATS: [string, string][] = [
  ['vrt', 'VRT (CWB)'], ['conllu', 'CoNLL-U'], ['tei', 'TEI'], ['csv-turns', 'Turns CSV'],
];

/** path: the route that answers with `format`; name: the downloaded file's name without its extension
 * (empty: the name the server gives, which says what the file holds). */
export function renderExport(root: HTMLElement, query: Params | null, total: number | null, what: string,
  path = '/api/export', name = ''): void {
  clear(root);
  if (!query) return;
  const link = (format: string, label: string, title: string) => root.appendChild(h('a', {
    class: 'button small', 'data-testid': `export-${format}`, download: name ? `${name}.${format}` : '',
    href: apiUrl(path, [...query, ['format', format]]), title,
  }, label));
  for (const format of ['csv', 'jsonl']) {
    link(format, `Export ${format.toUpperCase()}`, total === null ? `Export every ${what}` : `Export all ${fmt(total)} ${what}`);
  }
  if (path !== '/api/export' || !query.some(([key]) => key === 'cql')) return;
  for (const [format, label] of CORPUS_FORMATS) link(format, label, `The turns of every hit as ${label}`);
}
