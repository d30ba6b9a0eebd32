// The event reader: a press conference as a Q&A thread (questions and answers grouped by exchange),
// speakers with role and outlet, query hits highlighted, links to the source bytes.

import { apiUrl, type EventResponse, type ReaderSpeaker, type ReaderTurn } from './api';
import { byId, clear, fmt, h } from './dom';
import { renderParts } from './parts';

export class Reader {
  private panel = byId('reader');
  private body = byId('reader-body');
  private title = byId('reader-title');
  private backdrop = byId('reader-backdrop');
  private returnFocus: HTMLElement | null = null;

  constructor(private onClose: () => void) {
    byId('reader-close').addEventListener('click', () => this.onClose());
    this.backdrop.addEventListener('click', () => this.onClose());
    // Keep Tab inside the open dialog.
    this.panel.addEventListener('keydown', (e) => {
      if (e.key !== 'Tab') return;
      const f = Array.from(this.panel.querySelectorAll<HTMLElement>('button:not([disabled]), a[href]'));
      if (f.length === 0) return;
      const first = f[0], last = f[f.length - 1];
      if (e.shiftKey && document.activeElement === first) { e.preventDefault(); last.focus(); }
      else if (!e.shiftKey && document.activeElement === last) { e.preventDefault(); first.focus(); }
    });
  }

  isOpen(): boolean {
    return !this.panel.hidden;
  }

  private show(): void {
    if (this.panel.hidden) {
      this.returnFocus = document.activeElement as HTMLElement | null;
      this.panel.hidden = false;
      this.backdrop.hidden = false;
      byId('reader-close').focus();
    }
  }

  close(): void {
    if (this.panel.hidden) return;
    this.panel.hidden = true;
    this.backdrop.hidden = true;
    this.panel.removeAttribute('data-event');
    if (this.returnFocus && document.body.contains(this.returnFocus)) this.returnFocus.focus();
    this.returnFocus = null;
  }

  loading(id: string): void {
    this.show();
    this.panel.setAttribute('aria-busy', 'true');
    this.panel.setAttribute('data-event', id);
    this.panel.removeAttribute('data-loaded');
    this.title.textContent = id;
    clear(this.body);
    this.body.appendChild(h('p', { class: 'muted' }, 'Loading the event…'));
  }

  error(id: string, message: string): void {
    this.show();
    this.panel.removeAttribute('aria-busy');
    this.title.textContent = id;
    clear(this.body);
    this.body.appendChild(h('p', { class: 'error', role: 'alert', 'data-testid': 'reader-error' }, message));
  }

  render(r: EventResponse, at = -1): void {
    this.show();
    this.panel.removeAttribute('aria-busy');
    this.panel.setAttribute('data-event', r.event.id);
    this.panel.setAttribute('data-loaded', 'true');
    const ev = r.event;
    this.title.textContent = ev.title || ev.id;
    clear(this.body);
    const speakers = new Map<string, ReaderSpeaker>(r.speakers.map((s) => [s.id, s]));
    const turns = new Map<string, ReaderTurn>(r.turns.map((t) => [t.id, t]));
    const info = h('dl', { class: 'event-info' },
      h('dt', {}, 'Date'), h('dd', {}, ev.date || 'unknown'),
      ev.organiser ? [h('dt', {}, 'Organiser'), h('dd', {}, ev.organiser)] : null,
      ev.venue ? [h('dt', {}, 'Venue'), h('dd', {}, ev.venue)] : null,
      ev.language ? [h('dt', {}, 'Language'), h('dd', {}, ev.language)] : null,
      ev.source ? [h('dt', {}, 'Source'), h('dd', {}, h('code', {}, ev.source))] : null,
      h('dt', {}, 'Turns'), h('dd', {}, `${fmt(r.turns.length)} turns, ${fmt(r.exchanges.length)} exchanges`),
      r.hits !== undefined ? [h('dt', {}, 'Hits'), h('dd', { 'data-testid': 'reader-hits' }, fmt(r.hits))] : null);
    this.body.appendChild(info);
    if (ev.source_note) this.body.appendChild(h('p', { class: 'muted' }, ev.source_note));
    const nav = h('div', { class: 'reader-nav' });
    this.body.appendChild(nav);

    // Turns in document order; an exchange is drawn once, where its first turn appears.
    const exchangeOf = new Map<string, string>();
    for (const x of r.exchanges) for (const t of [...x.questions, ...x.answers]) exchangeOf.set(t, x.id);
    const drawn = new Set<string>();
    const thread = h('div', { class: 'thread', 'data-testid': 'reader-thread' });
    let n = 0;
    for (const t of r.turns) {
      if (drawn.has(t.id)) continue;
      const xid = t.exchange || exchangeOf.get(t.id);
      const x = xid ? r.exchanges.find((e) => e.id === xid) : undefined;
      if (x) {
        n++;
        const sec = h('section', { class: 'exchange', 'data-testid': 'reader-exchange', 'aria-label': `Exchange ${n}` },
          h('div', { class: 'exchange-label' }, `Exchange ${n}`));
        const ids = r.turns.filter((tt) => (tt.exchange || exchangeOf.get(tt.id)) === x.id).map((tt) => tt.id);
        for (const id of ids) {
          const tt = turns.get(id);
          if (!tt) continue;
          drawn.add(id);
          sec.appendChild(this.turnEl(tt, speakers, ev.id));
        }
        thread.appendChild(sec);
      } else {
        drawn.add(t.id);
        thread.appendChild(this.turnEl(t, speakers, ev.id));
      }
    }
    this.body.appendChild(thread);
    const marks = Array.from(thread.querySelectorAll('mark'));
    if (marks.length) {
      let i = -1;
      const go = (d: number) => {
        i = (i + d + marks.length) % marks.length;
        marks.forEach((m) => m.classList.remove('current'));
        marks[i].classList.add('current');
        marks[i].scrollIntoView({ block: 'center' });
      };
      nav.appendChild(h('span', { class: 'muted' }, `${fmt(marks.length)} highlighted `));
      nav.appendChild(h('button', { type: 'button', class: 'small', 'data-testid': 'reader-prev-hit', onclick: () => go(-1) }, '‹ Previous hit'));
      nav.appendChild(h('button', { type: 'button', class: 'small', 'data-testid': 'reader-next-hit', onclick: () => go(1) }, 'Next hit ›'));
      // Start at the hit the reader was opened from (its source byte), else at the first hit.
      let start = 0;
      const para = at >= 0 ? Array.from(thread.querySelectorAll<HTMLElement>('p.para')).find((p) =>
        Number(p.dataset.begin) <= at && at < Number(p.dataset.end)) : undefined;
      if (para) {
        const k = marks.findIndex((m) => para.contains(m));
        if (k >= 0) start = k;
      }
      i = start - 1;
      go(1);
    } else {
      this.body.scrollTop = 0;
    }
  }

  private turnEl(t: ReaderTurn, speakers: Map<string, ReaderSpeaker>, eventId: string): HTMLElement {
    const sp = speakers.get(t.speaker);
    const who = h('div', { class: 'turn-who' },
      h('span', { class: 'speaker' }, (sp && sp.name) || '(unidentified)'),
      sp?.role ? h('span', { class: `badge role-${sp.role}` }, sp.role) : null,
      sp?.title ? h('span', { class: 'muted' }, sp.title) : null,
      sp?.affiliations?.length ? h('span', { class: 'outlet' }, sp.affiliations.join(', ')) : null,
      h('span', { class: 'badge kind' }, t.kind));
    const paras = t.paragraphs.map((p) => {
      const link = p.source_begin !== undefined && p.source_end !== undefined
        ? h('a', { class: 'source-link', 'data-testid': 'source-link', target: '_blank', rel: 'noopener',
            href: apiUrl('/api/source', [['event', eventId], ['begin', String(p.source_begin)], ['end', String(p.source_end)]]),
            title: `Source bytes ${p.source_begin}–${p.source_end}` }, 'source')
        : null;
      return h('p', { class: 'para', 'data-begin': p.source_begin, 'data-end': p.source_end },
        renderParts(p.parts), link ? ' ' : null, link);
    });
    return h('article', { class: `turn kind-${t.kind}`, 'data-testid': 'reader-turn', 'data-turn': t.id }, who, paras);
  }
}
