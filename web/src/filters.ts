// The filter panel: date range, speaker, role, kind, outlet, event, language, organiser. The counts beside the
// values come from the current result (search facets or CQL groups) and are exact; each dimension shows its
// counts as they arrive. Speaker, outlet, event and organiser inputs suggest values from the index
// (/api/suggest); events are shown by title and date, never by bare id.

import { byId, clear, fmt, h } from './dom';
import { eventText, loadEventLabels, rememberEvent } from './event-labels';
import type { AppState, ListFilter } from './state';
import { suggestInput, type SuggestField } from './suggest';

export interface FacetCounts {
  /** dimension (speaker, outlet, role, kind, language, event, year) -> top values with counts */
  values: { value: string; count: number }[];
  distinct: number;
}
export type CountsByDim = Map<string, FacetCounts>;

export interface FilterHandlers {
  add(dim: ListFilter, value: string): void;
  remove(dim: ListFilter, value: string): void;
  setDates(from: string, to: string): void;
  clearAll(): void;
}

const DIMS: { dim: ListFilter; label: string; fixed?: string[]; suggest?: SuggestField }[] = [
  { dim: 'speaker', label: 'Speaker', suggest: 'speaker' },
  { dim: 'role', label: 'Role', fixed: ['official', 'moderator', 'journalist', 'other', 'unknown'] },
  { dim: 'kind', label: 'Kind', fixed: ['question', 'answer', 'statement', 'moderation', 'narration', 'stage_direction', 'source_note', 'played_media'] },
  { dim: 'outlet', label: 'Outlet', suggest: 'outlet' },
  { dim: 'event', label: 'Event', suggest: 'event' },
  { dim: 'language', label: 'Language' },
  { dim: 'organiser', label: 'Organiser', suggest: 'organiser' },
];

/** What a filter value shows: an event by title and date, anything else as it is. */
function shown(dim: ListFilter, value: string): string {
  return dim === 'event' ? eventText(value) : value;
}

const DATE_RE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

export class FilterPanel {
  private root = byId('filters');
  private countsLabel = 'results';
  private last: Parameters<FilterPanel['render']> | null = null;

  constructor(private handlers: FilterHandlers) {}

  /** pending: the dimensions whose counts are still being taken (their sections say so). */
  render(s: AppState, counts: CountsByDim | null, countsLabel: string, loading: boolean, pending: string[] = []): void {
    this.last = [s, counts, countsLabel, loading, pending];
    this.countsLabel = countsLabel;
    this.root.dataset.counting = String(loading);
    // Counts arrive while the user may be typing in an input of the panel: keep what was typed, and the focus.
    const typing = this.root.contains(document.activeElement) && document.activeElement instanceof HTMLInputElement
      ? { testid: document.activeElement.dataset.testid, value: document.activeElement.value } : null;
    clear(this.root);
    const f = s.filters;
    const anyFilter = !!(f.from || f.to || DIMS.some((d) => f[d.dim].length));
    this.root.appendChild(h('div', { class: 'filters-head' },
      h('h2', {}, 'Filters'),
      anyFilter ? h('button', { type: 'button', class: 'small', 'data-testid': 'clear-filters',
        onclick: () => this.handlers.clearAll() }, 'Clear all') : null));
    const counted = counts && counts.size > 0;
    this.root.appendChild(h('p', { class: 'muted small-text', 'data-testid': 'counts-state' },
      loading && !counted ? 'Counting…'
        : counted ? `Counts: ${countsLabel} of the current query${loading && pending.length ? ` (still counting ${pending.join(', ')}…)` : ''}`
          : s.analyse ? 'The subcorpus the analysis reads (unless a saved subcorpus is chosen)' : 'Run a query to see counts'));
    this.root.appendChild(this.dateSection(s, counts?.get('year') ?? null));
    for (const d of DIMS) {
      const sec = this.section(s, d, counts?.get(d.dim) ?? null);
      if (loading && counted && pending.includes(d.dim)) sec.insertBefore(h('p', { class: 'muted small-text' }, 'counting…'), sec.children[1] ?? null);
      this.root.appendChild(sec);
    }
    if (typing?.testid) {
      const again = this.root.querySelector<HTMLInputElement>(`input[data-testid="${typing.testid}"]`);
      if (again) { again.value = typing.value; again.focus(); }
    }
    // Events by title and date: ask for the titles of the ids shown, then draw again.
    const ids = [...s.filters.event, ...(counts?.get('event')?.values.map((v) => v.value) ?? [])];
    void loadEventLabels(ids).then((any) => { if (any && this.last && this.last[0] === s) this.render(...this.last); });
  }

  private dateSection(s: AppState, years: FacetCounts | null): HTMLElement {
    const from = h('input', { id: 'filter-from', 'data-testid': 'filter-from', value: s.filters.from,
      placeholder: 'YYYY[-MM[-DD]]', size: 10, 'aria-label': 'From date (inclusive)' });
    const to = h('input', { id: 'filter-to', 'data-testid': 'filter-to', value: s.filters.to,
      placeholder: 'YYYY[-MM[-DD]]', size: 10, 'aria-label': 'To date (inclusive)' });
    const msg = h('p', { class: 'field-error', role: 'alert' });
    const form = h('form', { class: 'date-form', onsubmit: (e: Event) => {
      e.preventDefault();
      const a = from.value.trim(), b = to.value.trim();
      if ((a && !DATE_RE.test(a)) || (b && !DATE_RE.test(b))) {
        msg.textContent = 'Dates are YYYY, YYYY-MM or YYYY-MM-DD';
        return;
      }
      this.handlers.setDates(a, b);
    } }, h('label', { for: 'filter-from' }, 'From'), from, h('label', { for: 'filter-to' }, 'To'), to,
      h('button', { type: 'submit', class: 'small', 'data-testid': 'apply-dates' }, 'Apply'));
    const sec = h('section', { class: 'filter', 'data-testid': 'filter-date' }, h('h3', {}, 'Date'), form, msg);
    if (s.filters.from || s.filters.to) {
      sec.appendChild(h('button', { type: 'button', class: 'chip', 'aria-label': 'Remove the date range',
        onclick: () => this.handlers.setDates('', '') },
        `${s.filters.from || '…'} – ${s.filters.to || '…'}`, h('span', { 'aria-hidden': 'true' }, ' ×')));
    }
    if (years && years.values.length) {
      const ul = h('ul', { class: 'facet-values' });
      const sorted = [...years.values].sort((a, b) => a.value.localeCompare(b.value));
      for (const v of sorted) {
        const usable = DATE_RE.test(v.value);
        ul.appendChild(h('li', {}, h('button', { type: 'button', class: 'facet-value', disabled: !usable,
          'data-testid': 'facet-year', 'data-value': v.value,
          title: usable ? `Only ${v.value}` : undefined,
          onclick: () => this.handlers.setDates(v.value, v.value) },
          h('span', { class: 'fv-label' }, v.value), h('span', { class: 'count' }, fmt(v.count)))));
      }
      sec.appendChild(ul);
      if (years.distinct > years.values.length) {
        sec.appendChild(h('p', { class: 'muted small-text' }, `top ${years.values.length} of ${fmt(years.distinct)} years`));
      }
    }
    return sec;
  }

  private section(s: AppState, d: typeof DIMS[number], counts: FacetCounts | null): HTMLElement {
    const selected = s.filters[d.dim];
    const sec = h('section', { class: 'filter', 'data-testid': `filter-${d.dim}` }, h('h3', {}, d.label));
    if (selected.length) {
      const chips = h('ul', { class: 'chips' });
      for (const v of selected) {
        const c = counts?.values.find((x) => x.value === v);
        chips.appendChild(h('li', {}, h('button', { type: 'button', class: 'chip', 'data-testid': 'remove-filter',
          'data-dim': d.dim, 'data-value': v, 'aria-label': `Remove filter ${d.label}: ${v}`,
          onclick: () => this.handlers.remove(d.dim, v) },
          shown(d.dim, v), c ? h('span', { class: 'count' }, fmt(c.count)) : null, h('span', { 'aria-hidden': 'true' }, ' ×'))));
      }
      sec.appendChild(chips);
    }
    if (counts) {
      const rest = counts.values.filter((v) => !selected.includes(v.value));
      if (rest.length) {
        const ul = h('ul', { class: 'facet-values' });
        for (const v of rest) {
          ul.appendChild(h('li', {}, h('button', { type: 'button', class: 'facet-value', disabled: v.value === '',
            'data-testid': `facet-${d.dim}`, 'data-value': v.value,
            title: `Add filter ${d.label}: ${shown(d.dim, v.value)} (${fmt(v.count)} ${this.countsLabel})`,
            onclick: () => this.handlers.add(d.dim, v.value) },
            h('span', { class: 'fv-label' }, v.value ? shown(d.dim, v.value) : (d.dim === 'speaker' ? '(unidentified)' : '(none)')), h('span', { class: 'count' }, fmt(v.count)))));
        }
        sec.appendChild(ul);
      }
      if (counts.distinct > counts.values.length) {
        sec.appendChild(h('p', { class: 'muted small-text' },
          `top ${counts.values.length} of ${fmt(counts.distinct)} values`));
      }
    }
    sec.appendChild(this.addForm(d));
    return sec;
  }

  private addForm(d: typeof DIMS[number]): HTMLElement {
    const id = `add-${d.dim}`;
    let field: HTMLInputElement | HTMLSelectElement;
    if (d.fixed) {
      field = h('select', { id, 'aria-label': `Add a ${d.label.toLowerCase()} filter` },
        h('option', { value: '' }, `add ${d.label.toLowerCase()}…`), d.fixed.map((v) => h('option', { value: v }, v)));
      field.addEventListener('change', () => { if (field.value) this.handlers.add(d.dim, field.value); });
      return h('div', { class: 'add-filter' }, field);
    }
    if (d.suggest) {
      return suggestInput({ field: d.suggest, label: d.label.toLowerCase(), testid: `add-${d.dim}`, strict: d.dim === 'event',
        pick: (value, row) => {
          if (row && d.dim === 'event') rememberEvent(value, { title: row.label, date: row.date ?? '' });
          this.handlers.add(d.dim, value);
        } });
    }
    const input = h('input', { id, placeholder: `add ${d.label.toLowerCase()}…`,
      'aria-label': `Add a ${d.label.toLowerCase()} filter (whole value, any case)`, 'data-testid': `add-${d.dim}` });
    return h('form', { class: 'add-filter', onsubmit: (e: Event) => {
      e.preventDefault();
      const v = input.value.trim();
      if (v) this.handlers.add(d.dim, v);
    } }, input, h('button', { type: 'submit', class: 'small' }, 'Add'));
  }
}
