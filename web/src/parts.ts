// Renders highlighted text returned as parts: hits become <mark>, all text is escaped (text nodes).

import { h } from './dom';
import type { Part } from './api';

export function renderParts(parts: Part[]): DocumentFragment {
  const frag = document.createDocumentFragment();
  for (const p of parts) {
    frag.appendChild(p.hit ? h('mark', {}, p.text) : document.createTextNode(p.text));
  }
  return frag;
}
