// The search bar: one box, a switch between simple search and CQL, syntax help, inline errors.

import { ApiError } from './api';
import { byId, clear, h } from './dom';
import { EXAMPLES, placeholderText } from './examples';
import { simpleToCql, type AppState, type Mode } from './state';

export interface SearchBarHandlers {
  submit(q: string, mode: Mode): void;
}

export class SearchBar {
  private input = byId<HTMLInputElement>('q');
  private form = byId<HTMLFormElement>('search-form');
  private modeSearch = byId<HTMLInputElement>('mode-search');
  private modeCql = byId<HTMLInputElement>('mode-cql');
  private helpBtn = byId<HTMLButtonElement>('help-button');
  private help = byId('help-popover');
  private error = byId('query-error');
  private lastSimple = '';

  constructor(private handlers: SearchBarHandlers) {
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.handlers.submit(this.input.value, this.mode());
    });
    const onMode = () => {
      // Carry the query over: a simple search becomes the CQL of its words; CQL falls back to the last
      // simple search typed (CQL text is not a valid simple search).
      const text = this.input.value.trim();
      if (this.mode() === 'cql') {
        this.lastSimple = text;
        const cql = text ? simpleToCql(text) : null;
        if (cql) this.input.value = cql;
      } else {
        this.input.value = this.lastSimple;
      }
      this.updatePlaceholder();
      this.renderHelp();
      if (this.input.value.trim()) this.handlers.submit(this.input.value, this.mode());
    };
    this.modeSearch.addEventListener('change', onMode);
    this.modeCql.addEventListener('change', onMode);
    this.helpBtn.addEventListener('click', () => this.toggleHelp());
    document.addEventListener('click', (e) => {
      if (!this.help.hidden && !this.help.contains(e.target as Node) && e.target !== this.helpBtn) {
        this.toggleHelp(false);
      }
    });
  }

  mode(): Mode {
    return this.modeCql.checked ? 'cql' : 'search';
  }

  focus(): void {
    this.input.focus();
    this.input.select();
  }

  helpOpen(): boolean {
    return !this.help.hidden;
  }

  toggleHelp(open = this.help.hidden): void {
    this.help.hidden = !open;
    this.helpBtn.setAttribute('aria-expanded', String(open));
    if (open) this.renderHelp();
  }

  private updatePlaceholder(): void {
    this.input.placeholder = placeholderText(this.mode());
  }

  private renderHelp(): void {
    clear(this.help);
    const mode = this.mode();
    this.help.appendChild(h('h2', {}, mode === 'cql' ? 'CQL syntax' : 'Search syntax'));
    const dl = h('dl', {});
    for (const { q: ex, what } of EXAMPLES[mode]) {
      dl.appendChild(h('dt', {}, h('button', {
        type: 'button', class: 'linklike', title: 'Use this example',
        onclick: () => { this.input.value = ex; this.toggleHelp(false); this.input.focus(); },
      }, h('code', {}, ex))));
      dl.appendChild(h('dd', {}, what));
    }
    this.help.appendChild(dl);
    this.help.appendChild(h('p', { class: 'muted' },
      mode === 'cql' ? 'Full reference: docs/cql.md. Press Enter to run.'
        : 'Full reference: docs/search.md. Press Enter to run; "/" focuses the box.'));
  }

  /** Shows the state in the controls (after navigation or back/forward). */
  show(s: AppState): void {
    this.input.value = s.q;
    if (s.mode === 'search') this.lastSimple = s.q;
    this.modeSearch.checked = s.mode === 'search';
    this.modeCql.checked = s.mode === 'cql';
    this.updatePlaceholder();
  }

  showError(err: ApiError | null, query: string): void {
    clear(this.error);
    this.input.removeAttribute('aria-invalid');
    this.error.hidden = !err;
    if (!err) return;
    this.input.setAttribute('aria-invalid', 'true');
    this.error.appendChild(h('strong', {}, err.status >= 500 || err.status === 0 ? 'Server error: ' : 'Query error: '));
    this.error.appendChild(h('span', { 'data-testid': 'query-error-message' }, err.message));
    if (err.column && err.column > 0) {
      const chars = Array.from(query);
      const col = Math.min(err.column, chars.length + 1);
      this.error.appendChild(h('div', { class: 'error-caret', 'data-testid': 'query-error-column', 'data-column': err.column },
        h('code', {}, chars.slice(0, col - 1).join(''),
          h('span', { class: 'caret-at' }, chars[col - 1] ?? ' '),
          chars.slice(col).join('')),
        h('span', { class: 'muted' }, ` column ${err.column}`)));
    }
  }
}
