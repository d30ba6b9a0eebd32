// The filter panel: date range, speaker, role, kind, outlet, event, language, organiser. The counts beside the
// values come from the current result (search facets or CQL groups) and are exact.

import { getJson, type NamedList } from './api';
import { byId, clear, fmt, h } from './dom';
import type { AppState, ListFilter } from './state';

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

const DIMS: { dim: ListFilter; label: string; fixed?: string[]; suggest?: 'speakers' | 'outlets' }[] = [
  { dim: 'speaker', label: 'Speaker', suggest: 'speakers' },
  { dim: 'role', label: 'Role', fixed: ['official', 'moderator', 'journalist', 'other', 'unknown'] },
  { dim: 'kind', label: 'Kind', fixed: ['question', 'answer', 'statement', 'moderation', 'narration', 'stage_direction', 'source_note', 'played_media'] },
  { dim: 'outlet', label: 'Outlet', suggest: 'outlets' },
  { dim: 'event', label: 'Event' },
  { dim: 'language', label: 'Language' },
  { dim: 'organiser', label: 'Organiser' },
];

const DATE_RE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

export class FilterPanel {
  private root = byId('filters');
  private countsLabel = 'results';
  private suggestTimer = 0;

  constructor(private handlers: FilterHandlers) {}

  render(s: AppState, counts: CountsByDim | null, countsLabel: string, loading: boolean): void {
    this.countsLabel = countsLabel;
    clear(this.root);
    const f = s.filters;
    const anyFilter = !!(f.from || f.to || DIMS.some((d) => f[d.dim].length));
    this.root.appendChild(h('div', { class: 'filters-head' },
      h('h2', {}, 'Filters'),
      anyFilter ? h('button', { type: 'button', class: 'small', 'data-testid': 'clear-filters',
        onclick: () => this.handlers.clearAll() }, 'Clear all') : null));
    this.root.appendChild(h('p', { class: 'muted small-text' },
      loading ? 'Counting…' : counts ? `Counts: ${countsLabel} of the current query`
        : s.analyse ? 'The subcorpus the analysis reads (unless a saved subcorpus is chosen)' : 'Run a query to see counts'));
    this.root.appendChild(this.dateSection(s, counts?.get('year') ?? null));
    for (const d of DIMS) this.root.appendChild(this.section(s, d, counts?.get(d.dim) ?? null));
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
          v, c ? h('span', { class: 'count' }, fmt(c.count)) : null, h('span', { 'aria-hidden': 'true' }, ' ×'))));
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
            title: `Add filter ${d.label}: ${v.value} (${fmt(v.count)} ${this.countsLabel})`,
            onclick: () => this.handlers.add(d.dim, v.value) },
            h('span', { class: 'fv-label' }, v.value || (d.dim === 'speaker' ? '(unidentified)' : '(none)')), h('span', { class: 'count' }, fmt(v.count)))));
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
    const listId = `${id}-list`;
    const input = h('input', { id, list: d.suggest ? listId : null, placeholder: `add ${d.label.toLowerCase()}…`,
      'aria-label': `Add a ${d.label.toLowerCase()} filter (exact value)`, 'data-testid': `add-${d.dim}` });
    const datalist = h('datalist', { id: listId });
    if (d.suggest) {
      input.addEventListener('input', () => {
        window.clearTimeout(this.suggestTimer);
        const name = input.value.trim();
        if (name.length < 2) return;
        this.suggestTimer = window.setTimeout(() => {
          getJson<NamedList>(`/api/${d.suggest}`, [['name', name], ['limit', '20'], ['sort', 'turns']])
            .then((r) => {
              clear(datalist);
              for (const x of (r.speakers ?? r.outlets ?? [])) datalist.appendChild(h('option', { value: x.name }));
            })
            .catch(() => { /* suggestions are optional */ });
        }, 250);
      });
    }
    return h('form', { class: 'add-filter', onsubmit: (e: Event) => {
      e.preventDefault();
      const v = input.value.trim();
      if (v) this.handlers.add(d.dim, v);
    } }, input, d.suggest ? datalist : null, h('button', { type: 'submit', class: 'small' }, 'Add'));
  }
}
