// The Analyse page: frequency lists, keyness, collocations and n-grams (/api/freq, /api/keyness, /api/colloc,
// /api/ngrams) of a subcorpus: the filter panel's filters and a CQL region, or a saved subcorpus
// (/api/subcorpora). Its exact size comes with every result; every row opens its concordance (the CQL view of
// the term over the same subcorpus); the export links ask the same route for every row as CSV or JSONL. A
// request in flight shows "Computing…" with the time elapsed and can be cancelled (the server stops the job
// when the client goes away); a 400's message is shown next to the input it names.

import {
  ApiError, getJson, type AnalysisPage, type CollocResponse, type CollocRow, type FreqResponse, type FreqRow,
  type KeynessResponse, type KeyRow, type NgramRow, type NgramsResponse, type Params, type Subcorpus,
  type SubcorporaResponse,
} from './api';
import { renderDiverging, type DivergingRow } from './charts';
import { byId, clear, fmt, fmtPm, h, plural } from './dom';
import { renderExport } from './export';
import { pager } from './pager';
import { stateLink } from './start';
import {
  ANALYSE_OPTIONS, ANALYSE_PAGE, ANALYSE_TABS, cloneState, concordanceState, emptyFilters, filterParams, hasFilters,
  LIST_FILTERS, reEscape, REF_PREFIX, type AnalyseTab, type AppState, type Filters, type ListFilter,
} from './state';
import { renderTable, type Column } from './table';

export interface AnalyseHandlers {
  /** show another URL state (pushState) */
  go(next: AppState): void;
  /** the page shows the data of its URL (body[data-ready]) */
  ready(): void;
}

interface TabDef {
  label: string;
  path: string;
  /** what the tab measures (the line under the tabs) */
  about: string;
  /** the server's defaults of the select controls: the form shows them, the URL and the request leave them out */
  defaults: Record<string, string>;
  /** paged with offset (frequency list, n-grams) or the strongest ANALYSE_PAGE rows (keyness, collocations) */
  paged: boolean;
}

const TABS: Record<AnalyseTab, TabDef> = {
  freq: { label: 'Frequency', path: '/api/freq', paged: true, defaults: { attr: 'lower', sort: 'frequency' },
    about: 'Every distinct form of the subcorpus with its frequency, per million, range and dispersion.' },
  keyness: { label: 'Keyness', path: '/api/keyness', paged: false,
    defaults: { attr: 'lemma', n: '1', alpha: '0.05', sort: 'log-likelihood' },
    about: 'The words (or n-grams) of a target subcorpus that are key against a reference: G², log ratio, %DIFF.' },
  colloc: { label: 'Collocations', path: '/api/colloc', paged: false, defaults: { attr: 'lower', measure: 'logdice' },
    about: 'What the matches of a CQL query keep company with: logDice, MI, MI3, t-score, log-likelihood.' },
  ngrams: { label: 'N-grams', path: '/api/ngrams', paged: true, defaults: { attr: 'lower', n: '3' },
    about: 'Recurring sequences of 2 to 6 tokens with frequency, range and dispersion.' },
};

const ATTRS = ['word', 'lower', 'lemma'];
const DIM_LABEL: Record<string, string> = {
  from: 'From', to: 'To', speaker: 'Speaker', role: 'Role', kind: 'Kind', outlet: 'Outlet', event: 'Event',
  language: 'Language', organiser: 'Organiser',
};

/** A statistic: 'n/a' when the server says it is undefined (null). */
function stat(v: number | null | undefined, digits = 2): string {
  return v === null || v === undefined ? 'n/a' : v.toFixed(digits);
}

/** The CQL of a term or an n-gram (tokens joined by spaces) on an attribute: [lower="a"] [lower="b"]. */
export function termCql(attr: string, term: string): string {
  const tokens = term.split(' ').filter((t) => t !== '');
  return (tokens.length ? tokens : [term]).map((t) => `[${attr}="${reEscape(t)}"]`).join(' ');
}

/** Which subcorpus a concordance runs over: filters and a region query. */
interface Scope { filters: Filters; region: string }

/** The scope of a subcorpus's definition ({filters: {role: "official"}, cql: "<turn/>"}). */
function scopeOfDefinition(sub: Subcorpus): Scope | null {
  const d = sub.definition;
  if (!d) return null;
  const f = emptyFilters();
  for (const [k, v] of Object.entries(d.filters ?? {})) {
    const values = (Array.isArray(v) ? v : [v]).map(String);
    if (k === 'from' || k === 'to') f[k] = values[0] ?? '';
    else if ((LIST_FILTERS as readonly string[]).includes(k)) f[k as ListFilter] = values;
  }
  return { filters: f, region: d.cql ?? '' };
}

/** "role=official, speaker=X; region <turn/>", or "the whole corpus". */
function describeScope(sc: Scope): string {
  const parts = filterParams(sc.filters).map(([k, v]) => `${k}=${v}`);
  if (sc.region) parts.push(`region ${sc.region}`);
  return parts.length ? parts.join(', ') : 'the whole corpus';
}

/** The parameter a 400's message names: "parameter 'min_freq': ...", "--min-freq: ...", "match: ...",
 *  "max_dp '2': ...", "'within' replaces ...". */
export function paramOfError(message: string): string | null {
  const m = /parameter '([\w-]+)'/.exec(message) ?? /--([\w-]+)/.exec(message) ?? /^'([a-z_]+)'/.exec(message)
    ?? /^([a-z_]+)(?::| ')/.exec(message);
  return m ? m[1].replace(/-/g, '_') : null;
}

export class AnalysePage {
  private root = byId('analyse');
  private state: AppState | null = null;
  private key: string | null = null;
  private loadedKey: string | null = null;
  private controller: AbortController | null = null;
  private timer = 0;
  private subcorporaCache: Promise<Subcorpus[]> | null = null;
  private fields = new Map<string, { input: HTMLElement; msg: HTMLElement }>();
  private resultEl: HTMLElement = h('div');
  /** the request and answer shown (a change of what only the page draws, keyness's chart, reuses it) */
  private last: { key: string; response: AnalysisPage } | null = null;
  private focused: string | null = null;

  constructor(private handlers: AnalyseHandlers) {}

  /** The saved subcorpora (asked once per page; again after a failure). */
  subcorpora(): Promise<Subcorpus[]> {
    if (!this.subcorporaCache) {
      const p = getJson<SubcorporaResponse>('/api/subcorpora', []).then((r) => r.subcorpora);
      p.catch(() => { if (this.subcorporaCache === p) this.subcorporaCache = null; });
      this.subcorporaCache = p;
    }
    return this.subcorporaCache;
  }

  /** Shows the tab of the state: the form, then the result (asked again unless it is the one shown). */
  show(s: AppState): void {
    if (!s.analyse) return;
    const tab = s.analyse;
    const def = TABS[tab];
    const params = this.requestParams(s);
    const reqKey = JSON.stringify([def.path, params]);
    const key = JSON.stringify([reqKey, s.opts.chart ?? '']);
    document.title = `${def.label} – Analyse – presser`;
    if (key === this.key && this.state && this.root.firstChild) {
      this.state = s;
      if (this.loadedKey === key) this.handlers.ready();
      return;
    }
    // only what the page draws changed (keyness's chart): the answer shown is drawn again
    const redraw = this.key !== null && this.loadedKey === this.key && JSON.parse(this.key)[0] === reqKey && this.last?.key === reqKey;
    this.state = s;
    this.key = key;
    this.loadedKey = null;
    this.renderPage(s);
    if (redraw && this.last) {
      const r = this.last.response;
      void this.renderResult(s, r).then(() => {
        if (this.key !== key) return;
        this.loadedKey = key;
        this.handlers.ready();
      });
      return;
    }
    if (tab === 'colloc' && !s.q.trim()) {
      this.abort();
      clear(this.resultEl);
      this.resultEl.appendChild(h('p', { class: 'empty', 'data-testid': 'an-prompt' },
        'Type a CQL query for the node (e.g. [lower="sanctions"]) and press Run.'));
      this.loadedKey = key;
      this.handlers.ready();
      return;
    }
    void this.load(s, def, params, key);
  }

  /** Leaving the page: a job in flight is dropped (and asked again on return). */
  hide(): void {
    if (this.loadedKey !== this.key) {
      this.abort();
      this.key = null;
    }
  }

  private abort(): void {
    this.controller?.abort();
    this.controller = null;
    window.clearInterval(this.timer);
  }

  /** The API parameters of the state's analysis (paged: with offset and limit; the export leaves them out). */
  requestParams(s: AppState, paged = true): Params {
    const tab = s.analyse as AnalyseTab;
    const o = s.opts;
    const p: Params = [];
    if (tab === 'colloc') p.push(['q', s.q]);
    if (o.subcorpus) p.push([tab === 'keyness' ? 'target' : 'subcorpus', o.subcorpus]);
    else {
      p.push(...filterParams(s.filters));
      if (o.region) p.push(['region', o.region]);
    }
    for (const k of ANALYSE_OPTIONS[tab]) {
      if (k === 'subcorpus' || k === 'region' || k === 'reference' || k === 'ref_region' || k === 'chart') continue;
      if (o[k]) p.push([k, o[k]]);
    }
    if (tab === 'keyness') {
      if (hasFilters(s.refFilters) || o.ref_region) {
        p.push(...filterParams(s.refFilters, REF_PREFIX));
        if (o.ref_region) p.push(['ref_region', o.ref_region]);
      } else if (o.reference) {
        p.push(['reference', o.reference]);
      }
    }
    if (paged) {
      if (TABS[tab].paged) p.push(['offset', String((s.page - 1) * ANALYSE_PAGE)]);
      p.push(['limit', String(ANALYSE_PAGE)]);
    }
    return p;
  }

  // ---- the page: heading, tabs, form --------------------------------------------------------------------

  private renderPage(s: AppState): void {
    const tab = s.analyse as AnalyseTab;
    // the keyboard focus stays on the control that changed the page (Run, a select, a sort header, the pager)
    this.focused = this.root.contains(document.activeElement) ? (document.activeElement as HTMLElement).dataset.testid ?? null : null;
    clear(this.root);
    this.fields.clear();
    this.root.appendChild(h('h2', { id: 'analyse-title', 'data-testid': 'analyse-title' }, 'Analyse'));
    this.root.appendChild(h('nav', { class: 'tabs analyse-tabs', 'aria-label': 'Analyses' }, ANALYSE_TABS.map((t) => {
      const target = cloneState(s);
      target.analyse = t;
      target.page = 1;
      // what the tabs share: the subcorpus (filters, region or saved one) and the attribute
      target.opts = {};
      for (const k of ['subcorpus', 'region', 'attr']) if (s.opts[k]) target.opts[k] = s.opts[k];
      target.refFilters = emptyFilters();
      if (t !== 'colloc') target.q = '';
      const a = stateLink(TABS[t].label, target, (n) => this.handlers.go(n),
        { class: 'tab-link', 'data-testid': `an-tab-${t}` });
      if (t === tab) a.setAttribute('aria-current', 'page');
      return a;
    })));
    this.root.appendChild(h('p', { class: 'muted' }, TABS[tab].about));
    this.root.appendChild(this.form(s));
    this.resultEl = h('div', { class: 'an-result', 'data-testid': 'an-result', 'aria-live': 'polite' });
    this.root.appendChild(this.resultEl);
    this.restoreFocus();
  }

  private restoreFocus(): void {
    if (this.focused) this.root.querySelector<HTMLElement>(`[data-testid="${this.focused}"]`)?.focus();
  }

  /** A labelled control with the place for its error (data-testid an-error-NAME). */
  private field(name: string, label: string, control: HTMLElement, hint?: string): HTMLElement {
    const msg = h('span', { class: 'field-error', role: 'alert', 'data-testid': `an-error-${name}` });
    this.fields.set(name, { input: control, msg });
    return h('div', { class: 'an-field' }, h('label', { for: control.id }, label), control,
      hint ? h('span', { class: 'muted small-text' }, hint) : null, msg);
  }

  private input(name: string, value: string, placeholder = '', attrs: Record<string, string | number> = {}): HTMLInputElement {
    return h('input', { id: `an-${name}`, name, 'data-testid': `an-${name}`, value, placeholder,
      autocomplete: 'off', spellcheck: 'false', ...attrs });
  }

  private select(name: string, options: [string, string][], value: string): HTMLSelectElement {
    return h('select', { id: `an-${name}`, name, 'data-testid': `an-${name}` },
      options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
  }

  private number(name: string, value: string, placeholder: string, min = 0, step = '1'): HTMLInputElement {
    return this.input(name, value, placeholder, { type: 'number', min, step, inputmode: 'numeric', size: 6 });
  }

  /** A select of the saved subcorpora (filled when /api/subcorpora answers; data-loaded then). */
  private subcorpusSelect(name: string, value: string, none: string): HTMLSelectElement {
    const sel = this.select(name, [['', none], ...(value ? [[value, value]] as [string, string][] : [])], value);
    this.subcorpora().then((list) => {
      clear(sel);
      sel.appendChild(h('option', { value: '', selected: !value }, none));
      for (const sc of list) {
        sel.appendChild(h('option', { value: sc.name, selected: sc.name === value },
          `${sc.name} (${plural(sc.tokens, 'token', 'tokens')})`));
      }
      if (value && !list.some((sc) => sc.name === value)) sel.appendChild(h('option', { value, selected: true }, `${value} (not saved)`));
      sel.dataset.loaded = String(list.length);
    }).catch((err: Error) => {
      sel.dataset.loaded = 'error';
      sel.title = `The saved subcorpora could not be listed: ${err.message}`;
    });
    return sel;
  }

  private form(s: AppState): HTMLElement {
    const tab = s.analyse as AnalyseTab;
    const o = s.opts;
    const d = TABS[tab].defaults;
    const val = (k: string) => o[k] ?? d[k] ?? '';
    const attr = this.select('attr', ATTRS.map((a) => [a, a]), val('attr'));
    const scope = this.targetFieldset(s);
    const controls: HTMLElement[] = [];
    if (tab === 'colloc') {
      controls.push(this.field('q', 'Node (CQL)', this.input('q', s.q, '[lower="sanctions"]', { size: 36 })));
      controls.push(this.field('window', 'Window ±', this.number('window', o.window ?? '', '5')),
        this.field('left', 'or left', this.number('left', o.left ?? '', '')),
        this.field('right', 'right', this.number('right', o.right ?? '', '')),
        this.field('within', 'or within', this.select('within', [['', '—'], ['s', 'sentence'], ['turn', 'turn']], o.within ?? '')));
    }
    if (tab === 'keyness') controls.push(this.field('n', 'Key', this.select('n', [['1', 'words'], ['2', '2-grams'], ['3', '3-grams'], ['4', '4-grams']], val('n'))));
    if (tab === 'ngrams') controls.push(this.field('n', 'n', this.select('n', ['2', '3', '4', '5', '6'].map((n) => [n, n]), val('n'))));
    controls.push(this.field('attr', 'Attribute', attr));
    if (tab === 'freq') {
      controls.push(this.field('match', 'Matching (RE2)', this.input('match', o.match ?? '', '^sanction')),
        this.field('min_freq', 'Min. frequency', this.number('min_freq', o.min_freq ?? '', '1', 1)),
        this.field('sort', 'Sort', this.select('sort', [['frequency', 'frequency'], ['term', 'term'], ['range', 'range (events)'],
          ['dispersion', 'dispersion (DP, most even first)']], val('sort'))));
    } else if (tab === 'keyness') {
      controls.push(this.field('alpha', 'Significance', this.select('alpha',
        [['0.05', 'p < 0.05'], ['0.01', 'p < 0.01'], ['0.001', 'p < 0.001'], ['0.0001', 'p < 0.0001'], ['none', 'none (every term)']], val('alpha'))),
      this.field('bonferroni', 'Bonferroni', h('input', { type: 'checkbox', id: 'an-bonferroni', name: 'bonferroni',
        'data-testid': 'an-bonferroni', checked: o.bonferroni === '1' })),
      this.field('min_freq', 'Min. frequency', this.number('min_freq', o.min_freq ?? '', '1', 1)),
      this.field('sort', 'Sort', this.select('sort', [['log-likelihood', 'log-likelihood (G²)'], ['log-ratio', 'log ratio']], val('sort'))));
    } else if (tab === 'colloc') {
      controls.push(this.field('measure', 'Sort by', this.select('measure', [['logdice', 'logDice'], ['mi', 'MI'], ['mi3', 'MI3'],
        ['t', 't-score'], ['ll', 'log-likelihood'], ['freq', 'co-occurrences']], val('measure'))),
      this.field('min_freq', 'Min. co-occurrences', this.number('min_freq', o.min_freq ?? '', '1', 1)),
      this.field('min_collocate_freq', 'Min. collocate frequency', this.number('min_collocate_freq', o.min_collocate_freq ?? '', '1', 1)));
    } else {
      controls.push(this.field('min_freq', 'Min. frequency', this.number('min_freq', o.min_freq ?? '', '1', 1)),
        this.field('min_range', 'Min. range (events)', this.number('min_range', o.min_range ?? '', '0')),
        this.field('min_turns', 'Min. turns', this.number('min_turns', o.min_turns ?? '', '0')),
        this.field('max_dp', 'Max. DP', this.number('max_dp', o.max_dp ?? '', '1', 0, 'any')),
        this.field('containing', 'Containing', this.input('containing', o.containing ?? '', 'a term')));
    }
    const general = h('div', { class: 'field-error an-general-error', role: 'alert', 'data-testid': 'an-error-general' });
    this.fields.set('', { input: general, msg: general });
    const form = h('form', { class: 'analyse-form', 'data-testid': 'an-form', 'aria-label': `${TABS[tab].label} options`,
      onsubmit: (e: Event) => {
        e.preventDefault();
        this.handlers.go(this.fromForm(s, form));
      } },
    scope,
    tab === 'keyness' ? this.referenceFieldset(s) : null,
    h('fieldset', { class: 'an-options' }, h('legend', {}, 'Options'), controls),
    h('div', { class: 'an-actions' },
      h('button', { type: 'submit', class: 'primary', 'data-testid': 'an-run' }, 'Run'), general));
    return form;
  }

  private targetFieldset(s: AppState): HTMLElement {
    const keyness = s.analyse === 'keyness';
    const f = describeScope({ filters: s.filters, region: '' });
    return h('fieldset', { class: 'an-scope', 'data-testid': 'an-target' },
      h('legend', {}, keyness ? 'Target' : 'Subcorpus'),
      this.field('subcorpus', 'Saved subcorpus', this.subcorpusSelect('subcorpus', s.opts.subcorpus ?? '', 'none: the filters and region')),
      h('p', { class: 'muted small-text', 'data-testid': 'an-filters-note' },
        `Filters (the panel on the left; one value per filter): ${f === 'the whole corpus' ? 'none' : f}. `
        + 'A saved subcorpus replaces them and the region.'),
      this.field('region', 'Region (CQL)', this.input('region', s.opts.region ?? '', '<turn role="official"/>', { size: 30 })));
  }

  private referenceFieldset(s: AppState): HTMLElement {
    const o = s.opts;
    const own = hasFilters(s.refFilters) || !!o.ref_region;
    const mode = own ? 'filters' : o.reference && o.reference !== 'rest' ? 'saved' : 'rest';
    const radio = (value: string, label: string) => h('label', { class: 'radio' },
      h('input', { type: 'radio', name: 'refmode', value, 'data-testid': `an-refmode-${value}`, checked: mode === value }), ` ${label}`);
    const refInputs = ['from', 'to', ...LIST_FILTERS].map((k) => {
      const values = k === 'from' || k === 'to' ? [s.refFilters[k]].filter(Boolean) : s.refFilters[k as ListFilter];
      return this.field(`${REF_PREFIX}${k}`, DIM_LABEL[k], this.input(`${REF_PREFIX}${k}`, values[0] ?? '',
        k === 'from' || k === 'to' ? 'YYYY[-MM[-DD]]' : '', { size: 14 }));
    });
    const saved = this.field('reference', 'Saved subcorpus', this.subcorpusSelect('reference', mode === 'saved' ? o.reference ?? '' : '', '—'));
    const filters = h('div', { class: 'an-ref-filters' }, refInputs,
      this.field('ref_region', 'Region (CQL)', this.input('ref_region', o.ref_region ?? '', '<turn kind="answer"/>', { size: 30 })));
    const fieldset = h('fieldset', { class: 'an-scope', 'data-testid': 'an-ref-side' }, h('legend', {}, 'Reference'),
      h('div', { class: 'an-refmodes' }, radio('rest', 'the rest of the corpus'), radio('saved', 'a saved subcorpus'),
        radio('filters', 'its own filters')), saved, filters);
    // only the controls of the chosen kind of reference are shown
    const showMode = (m: string) => { saved.hidden = m !== 'saved'; filters.hidden = m !== 'filters'; };
    showMode(mode);
    fieldset.addEventListener('change', (e) => {
      const t = e.target as HTMLInputElement;
      if (t.name === 'refmode') showMode(t.value);
    });
    return fieldset;
  }

  /** The state the form asks for (from page 1). */
  private fromForm(s: AppState, form: HTMLFormElement): AppState {
    const tab = s.analyse as AnalyseTab;
    const n = cloneState(s);
    n.page = 1;
    const get = (name: string) => {
      const el = form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
      if (!el) return '';
      if (el instanceof HTMLInputElement && el.type === 'checkbox') return el.checked ? '1' : '';
      return el.value.trim();
    };
    const opts: Record<string, string> = {};
    for (const k of ANALYSE_OPTIONS[tab]) {
      if (k === 'chart' || k.startsWith(REF_PREFIX) || k === 'reference') continue;
      const v = get(k);
      if (v && v !== TABS[tab].defaults[k]) opts[k] = v;
    }
    if (s.opts.chart) opts.chart = s.opts.chart;
    if (tab === 'colloc') n.q = get('q');
    n.refFilters = emptyFilters();
    if (tab === 'keyness') {
      const mode = (form.querySelector('input[name="refmode"]:checked') as HTMLInputElement | null)?.value ?? 'rest';
      if (mode === 'saved' && get('reference')) opts.reference = get('reference');
      if (mode === 'filters') {
        n.refFilters.from = get(`${REF_PREFIX}from`);
        n.refFilters.to = get(`${REF_PREFIX}to`);
        for (const k of LIST_FILTERS) {
          n.refFilters[k] = [get(`${REF_PREFIX}${k}`)].filter(Boolean);
        }
        if (get('ref_region')) opts.ref_region = get('ref_region');
      }
    }
    n.opts = opts;
    return n;
  }

  // ---- running --------------------------------------------------------------------------------------------

  private async load(s: AppState, def: TabDef, params: Params, key: string): Promise<void> {
    this.abort();
    const controller = new AbortController();
    this.controller = controller;
    const started = performance.now();
    const elapsed = h('span', { 'data-testid': 'an-elapsed' }, '0.0 s');
    clear(this.resultEl);
    this.root.setAttribute('aria-busy', 'true');
    this.resultEl.appendChild(h('div', { class: 'an-computing', role: 'status', 'data-testid': 'an-computing' },
      h('span', { class: 'spinner', 'aria-hidden': 'true' }), 'Computing… ', elapsed, ' ',
      h('button', { type: 'button', class: 'small', 'data-testid': 'an-cancel', onclick: () => controller.abort() }, 'Cancel')));
    const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
    this.timer = window.setInterval(() => { elapsed.textContent = `${seconds()} s`; }, 100);
    try {
      const r = await getJson<AnalysisPage>(def.path, params, controller.signal);
      if (this.key !== key) return;
      this.last = { key: JSON.parse(key)[0] as string, response: r };
      window.clearInterval(this.timer);
      await this.renderResult(s, r);
    } catch (err) {
      if (this.key !== key) return;
      window.clearInterval(this.timer);
      clear(this.resultEl);
      if ((err as Error).name === 'AbortError') {
        this.resultEl.appendChild(h('p', { class: 'empty', 'data-testid': 'an-cancelled' },
          `Cancelled after ${seconds()} s. `, h('button', { type: 'button', class: 'small', 'data-testid': 'an-rerun',
            onclick: () => { this.key = null; if (this.state) this.show(this.state); } }, 'Run again')));
      } else {
        this.showError(err instanceof ApiError ? err : new ApiError(0, String((err as Error).message ?? err)));
      }
    }
    this.root.removeAttribute('aria-busy');
    if (this.controller === controller) this.controller = null;
    this.loadedKey = key;
    this.handlers.ready();
  }

  /** The error in the result area, and next to the input whose parameter it names (else under Run). */
  private showError(e: ApiError): void {
    const tab = this.state?.analyse;
    let param = paramOfError(e.message) ?? (e.column && tab === 'colloc' ? 'q' : null);
    if (param === 'target') param = 'subcorpus';
    if (param === 'cql') param = 'q';
    const shown = param ? this.fields.get(param) : undefined;
    const field = shown && !shown.input.closest('[hidden]') ? shown : this.fields.get('')!;
    field.msg.textContent = e.message;
    field.input.setAttribute('aria-invalid', 'true');
    this.root.querySelector('.an-general-error')?.setAttribute('data-param', param ?? '');
    this.resultEl.appendChild(h('div', { class: 'error-box', role: 'alert', 'data-testid': 'an-error', 'data-param': param ?? '' },
      h('strong', {}, `${TABS[tab as AnalyseTab].label} failed${e.status ? ` (HTTP ${e.status})` : ''}: `), e.message));
  }

  // ---- results --------------------------------------------------------------------------------------------

  /** Where the concordance of a target row runs: the response's definition of its subcorpus, else the
   *  state's (a saved subcorpus's from /api/subcorpora, else the filters and region). */
  private async targetScope(s: AppState, sub: Subcorpus | undefined): Promise<Scope> {
    const fromResponse = sub ? scopeOfDefinition(sub) : null;
    if (fromResponse) return fromResponse;
    if (s.opts.subcorpus) {
      try {
        const saved = (await this.subcorpora()).find((x) => x.name === s.opts.subcorpus);
        const sc = saved ? scopeOfDefinition(saved) : null;
        if (sc) return sc;
      } catch { /* the filters below */ }
    }
    return { filters: s.filters, region: s.opts.region ?? '' };
  }

  private sizeLine(label: string, sub: Subcorpus | undefined, scope: Scope | null, testid: string): HTMLElement | null {
    if (!sub) return null;
    const what = sub.name && sub.name !== 'rest' ? `${sub.name}${scope ? ` (${describeScope(scope)})` : ''}`
      : sub.name === 'rest' ? 'the rest of the corpus' : scope ? describeScope(scope) : '';
    return h('p', { class: 'an-size', 'data-testid': testid, 'data-tokens': sub.tokens, 'data-turns': sub.turns,
      'data-events': sub.events, 'data-name': sub.name ?? '' },
    h('strong', {}, `${label}: `), what, ' — ',
    h('span', { class: 'an-size-numbers' }, `${plural(sub.tokens, 'token', 'tokens')}, ${plural(sub.turns, 'turn', 'turns')}, `
      + `${plural(sub.events, 'event', 'events')}`));
  }

  private concLink(text: string, cql: string, scope: Scope, attrs: Record<string, string> = {}): HTMLAnchorElement {
    return stateLink(text, concordanceState(cql, scope.filters, scope.region), (n) => this.handlers.go(n),
      { class: 'an-term', 'data-testid': 'an-conc', title: `Concordance of ${cql}`, ...attrs });
  }

  /** A row that opens its concordance wherever it is clicked (its term is the link). */
  private rowAttrs(key: string, cql: string, scope: Scope): Record<string, string | EventListener> {
    return { 'data-term': key, 'data-cql': cql, class: 'clickable', onclick: ((e: Event) => {
      if ((e.target as HTMLElement).closest('a, button')) return;
      this.handlers.go(concordanceState(cql, scope.filters, scope.region));
    }) as EventListener };
  }

  private headerRow(s: AppState, r: AnalysisPage, total: string, what: string, exportName: string): HTMLElement {
    const exportEl = h('div', { class: 'export', 'data-testid': 'an-export' });
    renderExport(exportEl, this.requestParams(s, false), r.total_rows, what, TABS[s.analyse as AnalyseTab].path, exportName);
    return h('div', { class: 'summary-row' },
      h('span', {}, h('strong', { 'data-testid': 'an-total', 'data-total': r.total_rows }, total),
        r.took_ms !== undefined && r.took_ms !== null ? h('span', { class: 'muted', 'data-testid': 'an-took' }, ` · ${r.took_ms.toFixed(1)} ms`) : null),
      exportEl);
  }

  /** "showing 1–50 of 2,095" (paged) or "the strongest 50 of 120; the export holds every row". */
  private shownLine(s: AppState, shown: number, total: number, paged: boolean): HTMLElement {
    const first = (s.page - 1) * ANALYSE_PAGE + 1;
    return h('p', { class: 'muted small-text', 'data-testid': 'an-shown', 'data-shown': shown },
      paged ? (shown ? `showing ${fmt(first)}–${fmt(first + shown - 1)} of ${fmt(total)}` : 'none on this page')
        : shown < total ? `the first ${fmt(shown)} of ${fmt(total)}; the export holds every row` : `all ${fmt(total)}`);
  }

  private sortBy(s: AppState, key: string, value: string): void {
    const n = cloneState(s);
    n.page = 1;
    if (value) n.opts[key] = value;
    else delete n.opts[key];
    this.handlers.go(n);
  }

  private async renderResult(s: AppState, r: AnalysisPage): Promise<void> {
    clear(this.resultEl);
    const tab = s.analyse as AnalyseTab;
    const out: (HTMLElement | null)[] = [];
    if (tab === 'freq') out.push(...await this.freqResult(s, r as FreqResponse));
    else if (tab === 'keyness') out.push(...await this.keynessResult(s, r as KeynessResponse));
    else if (tab === 'colloc') out.push(...await this.collocResult(s, r as CollocResponse));
    else out.push(...await this.ngramsResult(s, r as NgramsResponse));
    for (const el of out) if (el) this.resultEl.appendChild(el);
    if (!this.root.contains(document.activeElement) || document.activeElement === document.body) this.restoreFocus();
    if (TABS[tab].paged && (r.total_rows > ANALYSE_PAGE || s.page > 1)) {
      this.resultEl.appendChild(pager(r.total_rows, s.page, ANALYSE_PAGE, (page) => {
        const n = cloneState(s);
        n.page = page;
        this.handlers.go(n);
        window.scrollTo(0, 0);
      }));
    }
  }

  private async freqResult(s: AppState, r: FreqResponse): Promise<(HTMLElement | null)[]> {
    const scope = await this.targetScope(s, r.subcorpus);
    const attr = r.attribute || s.opts.attr || TABS.freq.defaults.attr;
    const cols: Column<FreqRow>[] = [
      { key: 'term', label: 'Term', sorts: [{ value: 'term', direction: 'ascending' }],
        cell: (x) => this.concLink(x.term, termCql(attr, x.term), scope) },
      { key: 'frequency', label: 'Frequency', numeric: true, sorts: [{ value: '', direction: 'descending' }], cell: (x) => fmt(x.frequency) },
      { key: 'per_million', label: 'Per million', numeric: true, cell: (x) => fmtPm(x.per_million) },
      { key: 'events', label: 'Events', numeric: true, sorts: [{ value: 'range', direction: 'descending' }], cell: (x) => fmt(x.events) },
      { key: 'turns', label: 'Turns', numeric: true, cell: (x) => fmt(x.turns) },
      { key: 'juilland_d', label: 'Juilland D', numeric: true, cell: (x) => stat(x.juilland_d, 3) },
      { key: 'gries_dp', label: 'Gries DP', numeric: true, sorts: [{ value: 'dispersion', direction: 'ascending' }], cell: (x) => stat(x.gries_dp, 3) },
    ];
    const sort = s.opts.sort && s.opts.sort !== 'frequency' ? s.opts.sort : '';
    return [
      this.sizeLine('Subcorpus', r.subcorpus, scope, 'an-size'),
      this.headerRow(s, r, plural(r.total_rows, 'term', 'terms'), 'terms', `presser-freq-${attr}`),
      this.shownLine(s, r.rows.length, r.total_rows, true),
      r.rows.length ? renderTable(`Frequency list of ${attr}`, cols, r.rows, sort, (v) => this.sortBy(s, 'sort', v),
        (x) => this.rowAttrs(x.term, termCql(attr, x.term), scope), 'an') : this.empty(r.total_rows),
    ];
  }

  private async keynessResult(s: AppState, r: KeynessResponse): Promise<(HTMLElement | null)[]> {
    const target = await this.targetScope(s, r.target);
    const reference = r.reference && r.reference.name !== 'rest' ? scopeOfDefinition(r.reference) : null;
    const attr = r.attribute || s.opts.attr || TABS.keyness.defaults.attr;
    const byLr = s.opts.sort === 'log-ratio';
    const chartLl = s.opts.chart === 'll';
    const cols = (side: 'positive' | 'negative'): Column<KeyRow>[] => [
      { key: 'term', label: side === 'positive' ? 'Key in the target' : 'Key in the reference',
        cell: (x) => [this.concLink(x.term, termCql(attr, x.term), target),
          side === 'negative' && reference ? [' ', this.concLink('in reference', termCql(attr, x.term), reference,
            { class: 'an-ref-conc small-text', 'data-testid': 'an-conc-ref' })] : null].flat() },
      { key: 'target_frequency', label: 'Target freq.', numeric: true, cell: (x) => fmt(x.target_frequency) },
      { key: 'reference_frequency', label: 'Ref. freq.', numeric: true, cell: (x) => fmt(x.reference_frequency) },
      { key: 'target_per_million', label: 'Target /M', numeric: true, cell: (x) => fmtPm(x.target_per_million) },
      { key: 'reference_per_million', label: 'Ref. /M', numeric: true, cell: (x) => fmtPm(x.reference_per_million) },
      { key: 'log_likelihood', label: 'G²', numeric: true, sorts: [{ value: '', direction: 'descending' }], cell: (x) => stat(x.log_likelihood) },
      { key: 'log_ratio', label: 'Log ratio', numeric: true, sorts: [{ value: 'log-ratio', direction: 'descending' }], cell: (x) => stat(x.log_ratio) },
      { key: 'percent_diff', label: '%DIFF', numeric: true, cell: (x) => stat(x.percent_diff, 1) },
    ];
    const table = (side: 'positive' | 'negative', rows: KeyRow[], total: number | undefined) => h('section', {
      class: 'an-side', 'data-testid': `an-${side}`, 'data-total': total ?? rows.length },
    h('h3', {}, side === 'positive' ? `Positive keywords (${fmt(total ?? rows.length)})` : `Negative keywords (${fmt(total ?? rows.length)})`),
    rows.length ? renderTable(`${side} keywords`, cols(side), rows, byLr ? 'log-ratio' : '', (v) => this.sortBy(s, 'sort', v),
      (x) => this.rowAttrs(x.term, termCql(attr, x.term), target), `an-${side}`)
      : h('p', { class: 'empty' }, 'None.'));
    const CHART_ROWS = 20;
    const value = (x: KeyRow, side: 'positive' | 'negative') => chartLl
      ? (x.log_likelihood === null ? null : side === 'positive' ? x.log_likelihood : -x.log_likelihood)
      : x.log_ratio;
    // each side's first rows (the tables' order), drawn from the largest charted value outwards
    const bySize = (a: DivergingRow, b: DivergingRow) => Math.abs(b.value ?? 0) - Math.abs(a.value ?? 0);
    const chartRows: DivergingRow[] = [
      ...r.positive.slice(0, CHART_ROWS).map((x) => ({ term: x.term, value: value(x, 'positive'), side: 'positive' as const })).sort(bySize),
      ...r.negative.slice(0, CHART_ROWS).map((x) => ({ term: x.term, value: value(x, 'negative'), side: 'negative' as const })).sort(bySize).reverse(),
    ];
    const toggle = h('div', { class: 'toggle', role: 'group', 'aria-label': 'Chart of' },
      h('button', { type: 'button', class: 'small', 'aria-pressed': String(!chartLl), 'data-testid': 'an-chart-lr',
        onclick: () => this.sortBy(s, 'chart', '') }, 'Log ratio'),
      h('button', { type: 'button', class: 'small', 'aria-pressed': String(chartLl), 'data-testid': 'an-chart-ll',
        onclick: () => this.sortBy(s, 'chart', 'll') }, 'G²'));
    const chart = chartRows.length ? renderDiverging(
      `${chartLl ? 'G² (signed: negative keywords to the left)' : 'Log ratio (binary log of the ratio of relative frequencies)'}, `
        + `the first ${Math.min(CHART_ROWS, r.positive.length)} positive and ${Math.min(CHART_ROWS, r.negative.length)} negative keywords`,
      chartRows, (v) => v.toFixed(2), (row) => this.handlers.go(concordanceState(termCql(attr, row.term), target.filters, target.region)))
      : null;
    chart?.querySelector('.chart-head')?.appendChild(toggle);
    const threshold = r.alpha === null || r.alpha === undefined ? 'every compared term (no significance threshold)'
      : `G² ≥ ${stat(r.critical_value)} (p < ${r.alpha}${r.bonferroni ? ', Bonferroni-corrected' : ''})`;
    return [
      this.sizeLine('Target', r.target, target, 'an-size-target'),
      this.sizeLine('Reference', r.reference, reference, 'an-size-reference'),
      this.headerRow(s, r, `${plural(r.positive_total ?? r.positive.length, 'positive', 'positive')}, `
        + `${fmt(r.negative_total ?? r.negative.length)} negative keywords`, 'keywords', `presser-keyness-${attr}`),
      h('p', { class: 'muted small-text', 'data-testid': 'an-threshold' },
        `${r.types_compared !== undefined ? `${plural(r.types_compared, 'type', 'types')} compared; ` : ''}kept: ${threshold}. `
        + `Each side shows its first ${ANALYSE_PAGE}; the export holds every row.`),
      chart,
      table('positive', r.positive, r.positive_total),
      table('negative', r.negative, r.negative_total),
    ];
  }

  private async collocResult(s: AppState, r: CollocResponse): Promise<(HTMLElement | null)[]> {
    const scope = await this.targetScope(s, r.subcorpus);
    const sorted = (key: string, label: string, pick: (x: CollocRow) => number | null): Column<CollocRow> => ({
      key, label, numeric: true, sorts: [{ value: key === 'logdice' ? '' : key, direction: 'descending' }],
      cell: (x) => stat(pick(x)) });
    const cols: Column<CollocRow>[] = [
      { key: 'collocate', label: 'Collocate', cell: (x) => this.concLink(x.collocate, x.cql, scope) },
      { key: 'freq', label: 'Co-occurrences', numeric: true, sorts: [{ value: 'freq', direction: 'descending' }], cell: (x) => fmt(x.cooccurrences) },
      { key: 'collocate_frequency', label: 'Collocate freq.', numeric: true, cell: (x) => fmt(x.collocate_frequency) },
      sorted('logdice', 'logDice', (x) => x.logdice), sorted('mi', 'MI', (x) => x.mi), sorted('mi3', 'MI3', (x) => x.mi3),
      sorted('t', 't-score', (x) => x.t), sorted('ll', 'Log-lik.', (x) => x.ll),
    ];
    const w = r.window;
    const span = w?.within ? `within ${w.within}` : w ? `window ${w.left ?? 0} left, ${w.right ?? 0} right` : '';
    const measure = s.opts.measure && s.opts.measure !== 'logdice' ? s.opts.measure : '';
    return [
      this.sizeLine('Subcorpus', r.subcorpus, scope, 'an-size'),
      this.headerRow(s, r, plural(r.total_rows, 'collocate', 'collocates'), 'collocates', `presser-colloc-${r.attribute || 'lower'}`),
      h('p', { class: 'muted small-text', 'data-testid': 'an-nodes', 'data-nodes': r.nodes ?? '' },
        `${r.nodes !== undefined ? `${plural(r.nodes, 'match', 'matches')} of ` : ''}`, h('code', {}, r.query || s.q),
        span ? `; ${span}` : '', '. ', 'A collocate opens the lines where it occurs with the node.'),
      this.shownLine(s, r.rows.length, r.total_rows, false),
      r.rows.length ? renderTable(`Collocates of ${s.q}`, cols, r.rows, measure, (v) => this.sortBy(s, 'measure', v),
        (x) => this.rowAttrs(x.collocate, x.cql, scope), 'an') : this.empty(r.total_rows),
    ];
  }

  private async ngramsResult(s: AppState, r: NgramsResponse): Promise<(HTMLElement | null)[]> {
    const scope = await this.targetScope(s, r.subcorpus);
    const attr = r.attribute || s.opts.attr || TABS.ngrams.defaults.attr;
    const cols: Column<NgramRow>[] = [
      { key: 'ngram', label: `${r.n ?? s.opts.n ?? TABS.ngrams.defaults.n}-gram`, cell: (x) => this.concLink(x.ngram, termCql(attr, x.ngram), scope) },
      { key: 'frequency', label: 'Frequency', numeric: true, cell: (x) => fmt(x.frequency) },
      { key: 'per_million', label: 'Per million', numeric: true, cell: (x) => fmtPm(x.per_million) },
      { key: 'events', label: 'Events', numeric: true, cell: (x) => fmt(x.events) },
      { key: 'turns', label: 'Turns', numeric: true, cell: (x) => fmt(x.turns) },
      { key: 'gries_dp', label: 'Gries DP', numeric: true, cell: (x) => stat(x.gries_dp, 3) },
    ];
    return [
      this.sizeLine('Subcorpus', r.subcorpus, scope, 'an-size'),
      this.headerRow(s, r, plural(r.total_rows, 'n-gram', 'n-grams'), 'n-grams', `presser-ngrams-${r.n ?? ''}-${attr}`),
      this.shownLine(s, r.rows.length, r.total_rows, true),
      r.rows.length ? renderTable(`N-grams of ${attr}`, cols, r.rows, '', () => {},
        (x) => this.rowAttrs(x.ngram, termCql(attr, x.ngram), scope), 'an') : this.empty(r.total_rows),
    ];
  }

  private empty(total: number): HTMLElement {
    return h('p', { class: 'empty', 'data-testid': 'an-empty' },
      total > 0 ? 'Nothing on this page: the table is shorter.' : 'No rows: nothing passes the thresholds in this subcorpus.');
  }
}
