// Charts: hits over time (uPlot; by day, month or year, or auto; absolute or per million tokens; a click on a
// bar filters by its period; the legend names what is plotted) and the speaker/outlet distribution as HTML
// bars (each bar is a button that adds the filter).

import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { TimelineResponse } from './api';
import { clear, fmt, fmtPm, h, plural } from './dom';
import { GRANULARITIES, type GranularityChoice } from './state';

export interface DistRow { value: string; count: number; per_million?: number }
export interface Distribution { rows: DistRow[]; distinct: number; label: string }

function periodToTime(p: string): number {
  const [y, m, d] = p.split('-').map((x) => parseInt(x, 10));
  return Date.UTC(y, (m || 1) - 1, d || 1) / 1000;
}

// Tick steps of the time axis (seconds, uPlot's approximations), never finer than the periods charted.
const DAY = 86_400, MONTH = 30 * DAY, YEAR = 365 * DAY;
const YEAR_STEPS = [1, 2, 5, 10, 25, 50, 100].map((n) => n * YEAR);
const MONTH_STEPS = [1, 2, 3, 4, 6].map((n) => n * MONTH).concat(YEAR_STEPS);
const TICK_STEPS: Record<string, number[]> = {
  day: [1, 2, 3, 4, 5, 7, 10, 15].map((n) => n * DAY).concat(MONTH_STEPS),
  month: MONTH_STEPS,
  year: YEAR_STEPS,
};
const PERIOD_SECONDS: Record<string, number> = { day: DAY, month: MONTH, year: YEAR };

const GRANULARITY_LABEL: Record<GranularityChoice, string> = { auto: 'Auto', day: 'Day', month: 'Month', year: 'Year' };

interface TimelineHandlers {
  scale(s: 'abs' | 'pm'): void;
  granularity(g: GranularityChoice): void;
  /** a bar was clicked: filter by its period ("2023", "2023-06", "2023-06-14") */
  pickPeriod?(period: string): void;
}

export class TimelineChart {
  private plot: uPlot | null = null;
  private last: { r: TimelineResponse; scale: 'abs' | 'pm'; unitLabel: string; choice: GranularityChoice } | null = null;
  private select: HTMLSelectElement | null = null;
  private observer: ResizeObserver;

  constructor(private root: HTMLElement, private handlers: TimelineHandlers) {
    this.observer = new ResizeObserver(() => {
      if (this.plot) this.plot.setSize(this.size());
    });
    this.observer.observe(root);
  }

  private size(): { width: number; height: number } {
    return { width: Math.max(200, this.root.clientWidth - 8), height: 150 };
  }

  /** choice: the granularity asked for (the select shows it while the data loads). */
  loading(choice: GranularityChoice): void {
    this.root.setAttribute('aria-busy', 'true');
    this.root.setAttribute('data-granularity-choice', choice);
    if (this.select) this.select.value = choice;
  }

  error(message: string): void {
    this.reset();
    this.root.removeAttribute('aria-busy');
    this.root.appendChild(h('p', { class: 'error' }, `Timeline: ${message}`));
  }

  empty(): void {
    this.reset();
    this.root.removeAttribute('aria-busy');
  }

  private destroy(): void {
    if (this.plot) this.plot.destroy();
    this.plot = null;
  }

  /** No chart: nothing shown, nothing for rescale to redraw, no data attributes. */
  private reset(): void {
    this.destroy();
    clear(this.root);
    this.last = null;
    this.select = null;
    for (const a of ['data-total', 'data-buckets', 'data-scale', 'data-granularity']) this.root.removeAttribute(a);
  }

  /** A labelled <select> (keyboard: Tab, then the arrow keys) with Auto / Day / Month / Year; Auto names the
   *  granularity it stands for. */
  private granularitySelect(choice: GranularityChoice, used: string): HTMLElement {
    const select = h('select', { id: 'granularity', 'data-testid': 'granularity-select' },
      GRANULARITIES.map((g) => h('option', { value: g, selected: g === choice },
        g === 'auto' && choice === 'auto' ? `Auto (${used})` : GRANULARITY_LABEL[g])));
    select.addEventListener('change', () => this.handlers.granularity(select.value as GranularityChoice));
    this.select = select;
    return h('label', { class: 'granularity', for: 'granularity' }, 'Periods ', select);
  }

  /** r: the API's answer (r.granularity is the one in use); choice: what the user picked (auto or that). */
  render(r: TimelineResponse, scale: 'abs' | 'pm', unitLabel: string, choice: GranularityChoice): void {
    this.reset();
    this.last = { r, scale, unitLabel, choice };
    this.root.removeAttribute('aria-busy');
    this.root.setAttribute('data-total', String(r.total));
    this.root.setAttribute('data-buckets', String(r.buckets.length));
    this.root.setAttribute('data-scale', scale);
    this.root.setAttribute('data-granularity', r.granularity);
    this.root.setAttribute('data-granularity-choice', choice);
    const toggle = h('div', { class: 'toggle', role: 'group', 'aria-label': 'Scale' },
      h('button', { type: 'button', class: 'small', 'aria-pressed': String(scale === 'abs'), 'data-testid': 'scale-abs',
        onclick: () => this.handlers.scale('abs') }, 'Absolute'),
      h('button', { type: 'button', class: 'small', 'aria-pressed': String(scale === 'pm'), 'data-testid': 'scale-pm',
        onclick: () => this.handlers.scale('pm') }, 'Per million tokens'));
    const title = h('div', { class: 'chart-head' },
      h('h3', { 'data-testid': 'timeline-heading' },
        `Over time, by ${r.granularity}${choice === 'auto' ? ' (auto)' : ''}`),
      h('span', { class: 'muted', 'data-testid': 'timeline-summary' },
        `${fmt(r.total)} ${unitLabel} in ${plural(r.buckets.length, r.granularity, `${r.granularity}s`)}`
        + (r.undated ? `, ${fmt(r.undated)} not charted (no date${r.granularity === 'year' ? '' : ` to the ${r.granularity}`})` : '')),
      h('div', { class: 'chart-controls' }, this.granularitySelect(choice, r.granularity), toggle));
    this.root.appendChild(title);
    if (r.buckets.length === 0) {
      this.root.appendChild(h('p', { class: 'muted' }, 'No periods with text for this query and filters.'));
      return;
    }
    const box = h('div', { class: 'uplot-box' });
    this.root.appendChild(box);
    const xs = r.buckets.map((b) => periodToTime(b.period));
    const ys = r.buckets.map((b) => (scale === 'pm' ? b.per_million : b.hits));
    const periods = r.buckets.map((b) => b.period);
    // Room for half a bar beyond the first and last period (bars are as wide as the closest two allow).
    let gap = PERIOD_SECONDS[r.granularity] ?? MONTH;
    for (let i = 1; i < xs.length; i++) gap = i === 1 ? xs[1] - xs[0] : Math.min(gap, xs[i] - xs[i - 1]);
    const opts: uPlot.Options = {
      ...this.size(),
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false } },
      // periods are UTC dates: the axis shows them in UTC whatever the browser's time zone
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      scales: { x: { time: true, range: (_u, min, max) => [min - gap / 2, max + gap / 2] },
                y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.05 : 1] } },
      axes: [
        { stroke: '#555', grid: { stroke: '#eee' }, incrs: TICK_STEPS[r.granularity] ?? MONTH_STEPS },
        { stroke: '#555', grid: { stroke: '#eee' }, size: 56,
          values: (_u, vals) => vals.map((v) => (scale === 'pm' ? fmtPm(v) : fmt(v))) },
      ],
      series: [
        // Without a bar under the cursor the legend says what the chart holds: every period and the total.
        { label: r.granularity[0].toUpperCase() + r.granularity.slice(1),
          value: (_u, _v, _s, idx) => (idx == null ? `all ${plural(periods.length, r.granularity, `${r.granularity}s`)}` : periods[idx] ?? '') },
        { label: scale === 'pm' ? `${unitLabel} per million tokens` : `${unitLabel[0].toUpperCase()}${unitLabel.slice(1)}`,
          stroke: '#1f5fa8', fill: 'rgba(31,95,168,0.25)', width: 1,
          paths: uPlot.paths.bars!({ size: [0.8, 40] }), points: { show: false },
          value: (_u, v) => (v == null ? (scale === 'pm' ? 'hover a bar' : `${fmt(r.total - (r.undated ?? 0))} in all`)
            : scale === 'pm' ? fmtPm(v) : fmt(v)) },
      ],
    };
    this.plot = new uPlot(opts, [xs, ys], box);
    // A click on a bar (the period under the cursor) filters by that period.
    const plot = this.plot;
    const pick = this.handlers.pickPeriod;
    if (pick) {
      plot.over.style.cursor = 'pointer';
      plot.over.title = `Click a bar to show only its ${r.granularity}`;
      plot.over.dataset.testid = 'timeline-plot';
      plot.over.addEventListener('click', () => {
        const idx = plot.cursor.idx;
        if (idx != null && periods[idx] && ys[idx]) pick(periods[idx]);
      });
    }
  }

  rescale(scale: 'abs' | 'pm'): void {
    if (this.last && this.last.scale !== scale) this.render(this.last.r, scale, this.last.unitLabel, this.last.choice);
  }
}

export function renderDistribution(root: HTMLElement, d: Distribution | null, dim: 'speaker' | 'outlet',
  unitLabel: string, onDim: (d: 'speaker' | 'outlet') => void, onPick: (value: string) => void,
  loading: boolean): void {
  clear(root);
  root.setAttribute('aria-busy', String(loading));
  const toggle = h('div', { class: 'toggle', role: 'group', 'aria-label': 'Distribution by' },
    h('button', { type: 'button', class: 'small', 'aria-pressed': String(dim === 'speaker'), 'data-testid': 'dist-speaker',
      onclick: () => onDim('speaker') }, 'Speakers'),
    h('button', { type: 'button', class: 'small', 'aria-pressed': String(dim === 'outlet'), 'data-testid': 'dist-outlet',
      onclick: () => onDim('outlet') }, 'Outlets'));
  root.appendChild(h('div', { class: 'chart-head' }, h('h3', {}, `By ${dim}`), toggle));
  if (!d) {
    root.removeAttribute('data-rows');
    if (loading) root.appendChild(h('p', { class: 'muted' }, 'Loading…'));
    return;
  }
  root.setAttribute('data-rows', String(d.rows.length));
  root.setAttribute('data-values', d.rows.map((r) => r.value).join('\u001f'));
  if (d.rows.length === 0) {
    root.appendChild(h('p', { class: 'muted' }, 'Nothing to show.'));
    return;
  }
  // A speaker without a name is unidentified (docs/json.md); an outlet left blank is none.
  const noValue = dim === 'speaker' ? '(unidentified)' : '(none)';
  const max = Math.max(...d.rows.map((r) => r.count), 1);
  const list = h('ul', { class: 'bars' });
  for (const r of d.rows) {
    const pct = (100 * r.count) / max;
    list.appendChild(h('li', {}, h('button', { type: 'button', class: 'bar-row', 'data-testid': 'dist-bar',
      'data-value': r.value, title: `Add filter ${dim}: ${r.value || noValue}`, disabled: r.value === '',
      onclick: () => onPick(r.value) },
      h('span', { class: 'bar-label' }, r.value || noValue),
      h('span', { class: 'bar-track' }, h('span', { class: 'bar-fill', style: `width:${pct.toFixed(1)}%` })),
      h('span', { class: 'bar-count' }, fmt(r.count),
        r.per_million !== undefined ? h('span', { class: 'muted' }, ` · ${fmtPm(r.per_million)}/M`) : null))));
  }
  root.appendChild(list);
  if (d.distinct > d.rows.length) {
    root.appendChild(h('p', { class: 'muted small-text' }, `top ${d.rows.length} of ${fmt(d.distinct)} ${dim}s (${unitLabel})`));
  }
}

export interface DivergingRow { term: string; value: number | null; side: 'positive' | 'negative' }

/** A diverging bar chart (keyness): one row per term, bars to the right of the axis for positive values,
 *  to the left for negative, scaled to the largest |value|; a row whose value is null is drawn without a bar
 *  and labelled n/a. Each row is a button (onPick: the term's concordance). */
export function renderDiverging(caption: string, rows: DivergingRow[], format: (v: number) => string,
  onPick: (row: DivergingRow) => void): HTMLElement {
  const max = Math.max(...rows.map((r) => Math.abs(r.value ?? 0)), 1e-12);
  const list = h('ul', { class: 'bars diverging' });
  for (const r of rows) {
    const pct = r.value === null ? 0 : (50 * Math.abs(r.value)) / max;
    const fill = h('span', { class: `bar-fill ${r.side}`, style: `width:${pct.toFixed(1)}%;`
      + (r.side === 'positive' ? 'margin-left:50%' : `margin-left:${(50 - pct).toFixed(1)}%`) });
    list.appendChild(h('li', {}, h('button', { type: 'button', class: 'bar-row', 'data-testid': 'diverging-bar',
      'data-term': r.term, 'data-side': r.side, 'data-value': r.value === null ? 'n/a' : String(r.value),
      title: `Concordance of ${r.term}`, onclick: () => onPick(r) },
    h('span', { class: 'bar-label' }, r.term),
    h('span', { class: 'bar-track' }, h('span', { class: 'bar-axis' }), fill),
    h('span', { class: 'bar-count' }, r.value === null ? 'n/a' : format(r.value)))));
  }
  return h('figure', { class: 'chart diverging-chart', 'data-testid': 'diverging-chart', 'data-rows': rows.length },
    h('figcaption', { class: 'chart-head' }, h('h3', {}, caption)), list);
}
