// An input that suggests filter values as the user types (/api/suggest): a combobox with a listbox of
// values and their counts, navigable with the arrow keys, Enter picks, Escape closes. Events are offered by
// title and date; the value given back is what the filter takes (an event's id, a canonical name).

import { getJson } from './api';
import { clear, fmt, h } from './dom';

export type SuggestField = 'speaker' | 'outlet' | 'event' | 'organiser';

export interface SuggestionRow { value: string; label: string; count: number; date?: string; spellings?: string[] }
export interface SuggestResponse { field: string; q: string; count_of: string; total: number; suggestions: SuggestionRow[] }

let serial = 0;

/** What a suggestion shows: an event's title and date, a name with its other spellings. */
export function suggestionText(field: SuggestField, r: SuggestionRow): string {
  if (field === 'event') return r.date ? `${r.label} (${r.date})` : r.label;
  return r.label;
}

export interface SuggestOptions {
  field: SuggestField;
  label: string;          // "speaker": the input's accessible name says what it adds
  testid: string;
  /** only a suggested value may be added (events: a typed title is not an id) */
  strict?: boolean;
  /** a value was picked (from the list, or typed and Enter: then `row` is null) */
  pick(value: string, row: SuggestionRow | null): void;
}

/** A form with the input and its listbox; the caller places it. */
export function suggestInput(o: SuggestOptions): HTMLElement {
  const id = `suggest-${o.field}-${++serial}`;
  const listId = `${id}-list`;
  const input = h('input', { id, type: 'text', role: 'combobox', autocomplete: 'off', spellcheck: 'false',
    'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': listId,
    placeholder: `add ${o.label}…`, 'aria-label': `Add a ${o.label} filter (suggestions as you type)`,
    'data-testid': o.testid, 'data-field': o.field });
  const list = h('ul', { id: listId, role: 'listbox', class: 'suggestions', hidden: true, 'data-testid': 'suggestions',
    'aria-label': `${o.label} suggestions` });
  let rows: SuggestionRow[] = [];
  let active = -1;
  let timer = 0;
  let controller: AbortController | null = null;
  let countOf = '';
  const hint = h('p', { class: 'field-error', role: 'alert', hidden: true, 'data-testid': 'suggest-hint' });

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const highlight = (i: number) => {
    active = i;
    list.querySelectorAll('[role="option"]').forEach((el, j) => el.setAttribute('aria-selected', String(j === i)));
    if (i >= 0) input.setAttribute('aria-activedescendant', `${listId}-${i}`);
    else input.removeAttribute('aria-activedescendant');
    list.querySelector<HTMLElement>(`#${CSS.escape(`${listId}-${i}`)}`)?.scrollIntoView({ block: 'nearest' });
  };
  const choose = (r: SuggestionRow) => {
    close();
    input.value = '';
    o.pick(r.value, r);
  };
  const show = (r: SuggestResponse) => {
    rows = r.suggestions;
    countOf = r.count_of;
    clear(list);
    rows.forEach((row, i) => {
      const other = row.spellings?.length ? h('span', { class: 'muted spellings' }, ` also ${row.spellings.slice(0, 3).join(' · ')}`) : null;
      list.appendChild(h('li', { id: `${listId}-${i}`, role: 'option', 'aria-selected': 'false', class: 'suggestion',
        'data-testid': 'suggestion', 'data-value': row.value, 'data-count': row.count,
        onmousedown: (e: Event) => { e.preventDefault(); choose(row); } },
      h('span', { class: 'fv-label' }, suggestionText(o.field, row), other),
      h('span', { class: 'count', title: `${fmt(row.count)} ${countOf}` }, fmt(row.count))));
    });
    if (rows.length === 0) list.appendChild(h('li', { class: 'muted no-suggestion', 'data-testid': 'no-suggestion' },
      `No ${o.label} contains “${r.q}”`));
    else if (r.total > rows.length) list.appendChild(h('li', { class: 'muted small-text' }, `${fmt(r.total)} match; type more to narrow`));
    list.dataset.q = r.q;
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    active = -1;
  };
  const load = () => {
    controller?.abort();
    controller = new AbortController();
    const q = input.value.trim();
    getJson<SuggestResponse>('/api/suggest', [['field', o.field], ['q', q], ['limit', '10']], controller.signal)
      .then((r) => { if ((document.activeElement === input || !hint.hidden) && input.value.trim() === q) show(r); })
      .catch(() => { /* suggestions are optional: typing a value and Enter still works */ });
  };
  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(load, 150);
  });
  input.addEventListener('focus', () => { if (!input.value.trim()) load(); });
  input.addEventListener('blur', () => window.setTimeout(close, 100));
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (list.hidden) { load(); return; }
      if (!rows.length) return;
      const step = e.key === 'ArrowDown' ? 1 : -1;
      const next = active + step;
      highlight(next >= rows.length ? 0 : next < 0 ? rows.length - 1 : next);
    } else if (e.key === 'Escape' && !list.hidden) {
      e.preventDefault();
      e.stopPropagation();
      close();
    } else if (e.key === 'Enter' && !list.hidden && active >= 0) {
      e.preventDefault();
      choose(rows[active]);
    }
  });
  return h('form', { class: 'add-filter suggest', onsubmit: (e: Event) => {
    e.preventDefault();
    const v = input.value.trim();
    if (!v) return;
    // A typed value that one suggestion names exactly (in any case) is that suggestion's value.
    const same = rows.find((r) => r.label.toLowerCase() === v.toLowerCase() || r.value.toLowerCase() === v.toLowerCase());
    if (!same && o.strict) {
      // Not an event id: offer the events whose title, date or id contains it instead of a filter that finds nothing.
      hint.textContent = `Pick one of the ${o.label}s that contain “${v}” (by title and date)`;
      hint.hidden = false;
      load();
      return;
    }
    hint.hidden = true;
    close();
    input.value = '';
    o.pick(same ? same.value : v, same ?? null);
  } }, input, list, h('button', { type: 'submit', class: 'small' }, 'Add'), hint);
}
