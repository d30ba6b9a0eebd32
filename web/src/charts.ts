// Charts: hits over time (uPlot; absolute or per million tokens) and the speaker/outlet distribution as
// HTML bars (each bar is a button that adds the filter).

import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { TimelineResponse } from './api';
import { clear, fmt, fmtPm, h } from './dom';

export interface DistRow { value: string; count: number; per_million?: number }
export interface Distribution { rows: DistRow[]; distinct: number; label: string }

function periodToTime(p: string): number {
  const [y, m, d] = p.split('-').map((x) => parseInt(x, 10));
  return Date.UTC(y, (m || 1) - 1, d || 1) / 1000;
}

export class TimelineChart {
  private plot: uPlot | null = null;
  private last: { r: TimelineResponse; scale: 'abs' | 'pm'; unitLabel: string } | null = null;
  private observer: ResizeObserver;

  constructor(private root: HTMLElement, private onScale: (s: 'abs' | 'pm') => void) {
    this.observer = new ResizeObserver(() => {
      if (this.plot) this.plot.setSize(this.size());
    });
    this.observer.observe(root);
  }

  private size(): { width: number; height: number } {
    return { width: Math.max(200, this.root.clientWidth - 8), height: 150 };
  }

  loading(): void {
    this.root.setAttribute('aria-busy', 'true');
  }

  error(message: string): void {
    this.destroy();
    clear(this.root);
    this.root.removeAttribute('aria-busy');
    this.root.appendChild(h('p', { class: 'error' }, `Timeline: ${message}`));
  }

  empty(): void {
    this.destroy();
    clear(this.root);
    this.root.removeAttribute('aria-busy');
    this.root.removeAttribute('data-total');
  }

  private destroy(): void {
    if (this.plot) this.plot.destroy();
    this.plot = null;
  }

  render(r: TimelineResponse, scale: 'abs' | 'pm', unitLabel: string): void {
    this.last = { r, scale, unitLabel };
    this.destroy();
    clear(this.root);
    this.root.removeAttribute('aria-busy');
    this.root.setAttribute('data-total', String(r.total));
    this.root.setAttribute('data-buckets', String(r.buckets.length));
    this.root.setAttribute('data-scale', scale);
    const toggle = h('div', { class: 'toggle', role: 'group', 'aria-label': 'Scale' },
      h('button', { type: 'button', class: 'small', 'aria-pressed': String(scale === 'abs'), 'data-testid': 'scale-abs',
        onclick: () => this.onScale('abs') }, 'Absolute'),
      h('button', { type: 'button', class: 'small', 'aria-pressed': String(scale === 'pm'), 'data-testid': 'scale-pm',
        onclick: () => this.onScale('pm') }, 'Per million tokens'));
    const title = h('div', { class: 'chart-head' },
      h('h3', {}, `Over time (${r.granularity})`),
      h('span', { class: 'muted', 'data-testid': 'timeline-summary' },
        `${fmt(r.total)} ${unitLabel} in ${fmt(r.buckets.length)} periods`
        + (r.undated ? `, ${fmt(r.undated)} without a date (not charted)` : '')), toggle);
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
    const opts: uPlot.Options = {
      ...this.size(),
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.05 : 1] } },
      axes: [
        { stroke: '#555', grid: { stroke: '#eee' } },
        { stroke: '#555', grid: { stroke: '#eee' }, size: 56,
          values: (_u, vals) => vals.map((v) => (scale === 'pm' ? fmtPm(v) : fmt(v))) },
      ],
      series: [
        { label: 'Period', value: (_u, _v, _s, idx) => (idx == null ? '' : periods[idx] ?? '') },
        { label: scale === 'pm' ? `${unitLabel} per million tokens` : unitLabel,
          stroke: '#1f5fa8', fill: 'rgba(31,95,168,0.25)', width: 1,
          paths: uPlot.paths.bars!({ size: [0.8, 40] }), points: { show: false },
          value: (_u, v) => (v == null ? '' : scale === 'pm' ? fmtPm(v) : fmt(v)) },
      ],
    };
    this.plot = new uPlot(opts, [xs, ys], box);
  }

  rescale(scale: 'abs' | 'pm'): void {
    if (this.last && this.last.scale !== scale) this.render(this.last.r, scale, this.last.unitLabel);
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
  const max = Math.max(...d.rows.map((r) => r.count), 1);
  const list = h('ul', { class: 'bars' });
  for (const r of d.rows) {
    const pct = (100 * r.count) / max;
    list.appendChild(h('li', {}, h('button', { type: 'button', class: 'bar-row', 'data-testid': 'dist-bar',
      'data-value': r.value, title: `Add filter ${dim}: ${r.value || '(none)'}`, disabled: r.value === '',
      onclick: () => onPick(r.value) },
      h('span', { class: 'bar-label' }, r.value || '(none)'),
      h('span', { class: 'bar-track' }, h('span', { class: 'bar-fill', style: `width:${pct.toFixed(1)}%` })),
      h('span', { class: 'bar-count' }, fmt(r.count),
        r.per_million !== undefined ? h('span', { class: 'muted' }, ` · ${fmtPm(r.per_million)}/M`) : null))));
  }
  root.appendChild(list);
  if (d.distinct > d.rows.length) {
    root.appendChild(h('p', { class: 'muted small-text' }, `top ${d.rows.length} of ${fmt(d.distinct)} ${dim}s (${unitLabel})`));
  }
}
