// The KWIC toolbar: context width, lines per page, a multi-level sort (up to three keys, each a token key
// with its attribute or a metadata key, and a direction) and thinning to a random sample with a seed.
// Every control changes the URL state (state.ts); nothing is kept elsewhere.

import { h } from './dom';
import {
  joinSortLevels, KWIC_SIZES, MAX_CONTEXT, MAX_SAMPLE, MAX_SORT_LEVELS, META_PARTS, parseSortLevels, SORT_ATTRIBUTES,
  TOKEN_PARTS, type AppState, type SortLevel,
} from './state';

export interface KwicControlHandlers {
  /** Applies a change to the state (a new history entry); `resetPage` goes back to page 1. */
  change(mutate: (s: AppState) => void, resetPage?: boolean): void;
}

const CONTEXTS = [0, 1, 2, 3, 5, 8, 10, 15, 20, 30, 40, 50];
const PART_LABELS: Record<string, string> = {
  match: 'match', left: 'left context', right: 'right context', date: 'date', speaker: 'speaker', role: 'role',
  outlet: 'outlet', event: 'event title',
};

function select(testid: string, label: string, options: [string, string][], value: string, onChange: (v: string) => void,
  disabled = false): HTMLSelectElement {
  const el = h('select', { 'data-testid': testid, 'aria-label': label, disabled },
    options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
  el.addEventListener('change', () => onChange(el.value));
  return el;
}

function sortLevel(levels: SortLevel[], i: number, on: KwicControlHandlers): HTMLElement {
  const level = levels[i] ?? { part: '', attribute: 'word', desc: false };
  const reachable = i === 0 || !!levels[i - 1]?.part;
  const token = (TOKEN_PARTS as readonly string[]).includes(level.part);
  const set = (update: Partial<SortLevel>) => on.change((n) => {
    const next = parseSortLevels(n.sort);
    while (next.length <= i) next.push({ part: '', attribute: 'word', desc: false });
    next[i] = { ...next[i], ...update };
    if (!next[i].part) next.length = i;     // "none" drops this level and the ones after it
    n.sort = joinSortLevels(next);
  });
  const parts: [string, string][] = [['', i === 0 ? 'corpus order' : '(no more)'],
    ...[...TOKEN_PARTS, ...META_PARTS].map((p): [string, string] => [p, PART_LABELS[p]])];
  return h('span', { class: 'sort-level', 'data-testid': `sort-level-${i + 1}` },
    h('span', { class: 'muted' }, i === 0 ? 'Sort by ' : ' then '),
    select(`sort-part-${i + 1}`, `Sort key ${i + 1}`, parts, level.part, (v) => set({ part: v }), !reachable),
    select(`sort-attr-${i + 1}`, `Sort key ${i + 1}: attribute`,
      SORT_ATTRIBUTES.map((a): [string, string] => [a, a]), level.attribute, (v) => set({ attribute: v }), !token),
    select(`sort-dir-${i + 1}`, `Sort key ${i + 1}: direction`, [['asc', '▲'], ['desc', '▼']], level.desc ? 'desc' : 'asc',
      (v) => set({ desc: v === 'desc' }), !level.part));
}

function thinForm(s: AppState, on: KwicControlHandlers): HTMLElement {
  const size = h('input', { type: 'number', min: 1, max: MAX_SAMPLE, step: 1, value: s.sample > 0 ? s.sample : 100,
    'data-testid': 'thin-size', 'aria-label': 'Sample size (lines)', class: 'narrow' });
  const seed = h('input', { type: 'number', min: 0, max: 4294967295, step: 1, value: s.seed, 'data-testid': 'thin-seed',
    'aria-label': 'Seed', class: 'narrow' });
  const form = h('form', { class: 'thin', 'data-testid': 'thin-form',
    title: 'Show a random sample of the hits, drawn uniformly; the same seed draws the same lines. The count stays exact.' },
  h('span', { class: 'muted' }, 'Thin to '), size, h('span', { class: 'muted' }, ' lines, seed '), seed, ' ',
  h('button', { type: 'submit', class: 'small', 'data-testid': 'thin-apply' }, 'Thin'),
  s.sample > 0 ? h('button', { type: 'button', class: 'small', 'data-testid': 'thin-clear',
    onclick: () => on.change((n) => { n.sample = 0; n.seed = 1; }) }, 'All hits') : null);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const n = parseInt(size.value, 10);
    const sd = parseInt(seed.value, 10);
    if (!Number.isFinite(n) || n < 1 || n > MAX_SAMPLE) { size.setCustomValidity(`1 to ${MAX_SAMPLE} lines`); size.reportValidity(); return; }
    on.change((x) => { x.sample = n; x.seed = Number.isFinite(sd) && sd >= 0 ? sd : 1; });
  });
  return form;
}

export function renderKwicControls(s: AppState, on: KwicControlHandlers): HTMLElement[] {
  const context = select('context-select', 'Context (tokens each side)',
    [...new Set([...CONTEXTS, s.context])].sort((a, b) => a - b).filter((c) => c <= MAX_CONTEXT)
      .map((c): [string, string] => [String(c), String(c)]),
    String(s.context), (v) => on.change((n) => { n.context = parseInt(v, 10); }, false));
  const size = select('page-size-select', 'Lines per page', KWIC_SIZES.map((n): [string, string] => [String(n), String(n)]),
    String(s.size), (v) => on.change((n) => { n.size = parseInt(v, 10); }));
  const levels = parseSortLevels(s.sort);
  return [
    h('label', {}, 'Context ', context, ' tokens'),
    h('label', {}, 'Lines ', size),
    h('div', { class: 'sort-levels', role: 'group', 'aria-label': 'Sort', 'data-testid': 'sort-levels' },
      Array.from({ length: MAX_SORT_LEVELS }, (_, i) => sortLevel(levels, i, on))),
    thinForm(s, on),
  ];
}
