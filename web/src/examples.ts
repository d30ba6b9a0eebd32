// The example queries of the UI, from examples.json: the one list the search box placeholder, the syntax
// help and the start page show, and that tests/sample_examples_test.cpp runs on the shipped sample.

import list from './examples.json';
import type { Mode } from './state';

export interface Example {
  q: string;
  /** what the example shows (the syntax help's explanation) */
  what: string;
  /** shown in the empty search box */
  placeholder?: boolean;
  /** offered on the start page */
  start?: boolean;
}

export const EXAMPLES: Record<Mode, readonly Example[]> = { search: list.search, cql: list.cql };

/** The search box's placeholder for a mode: its placeholder examples, in the list's order. */
export function placeholderText(mode: Mode): string {
  const shown = EXAMPLES[mode].filter((e) => e.placeholder).map((e) => e.q).join('  ');
  return mode === 'cql' ? `CQL, e.g. ${shown}` : `Search, e.g. ${shown}`;
}
