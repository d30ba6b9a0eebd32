// Events by title and date, never by bare id: the titles and dates of the event ids the UI shows (facets,
// filter chips, chart bars), asked of /api/events once per id and kept for the page's life.

import { getJson, type EventsResponse } from './api';

export interface EventLabel { title: string; date: string }

const known = new Map<string, EventLabel>();
const asked = new Set<string>();

/** "Title (2023-06-14)", or the id until the title is known (and when the event has none). */
export function eventText(id: string): string {
  const e = known.get(id);
  if (!e) return id;
  const title = e.title || id;
  return e.date ? `${title} (${e.date})` : title;
}

export function rememberEvent(id: string, label: EventLabel): void {
  known.set(id, label);
}

/** Asks for the titles of the ids not known yet; resolves true when any new one arrived. */
export async function loadEventLabels(ids: string[]): Promise<boolean> {
  const wanted = [...new Set(ids)].filter((id) => id && !known.has(id) && !asked.has(id));
  if (!wanted.length) return false;
  for (const id of wanted) asked.add(id);
  let any = false;
  for (let i = 0; i < wanted.length; i += 50) {
    const chunk = wanted.slice(i, i + 50);
    try {
      const r = await getJson<EventsResponse>('/api/events', [...chunk.map((id) => ['event', id] as [string, string]),
        ['limit', String(chunk.length)]]);
      for (const e of r.events) { known.set(e.id, { title: e.title, date: e.date }); any = true; }
    } catch {
      for (const id of chunk) asked.delete(id);   // asked again next time
    }
  }
  return any;
}
