/**
 * The article starts at its headline. The body finder scores containers by their paragraphs, so a
 * lead paragraph set apart from the body — a standfirst between the <h1> and the body's column, in
 * a box of its own ("intro", "teaser", "excerpt") — scores too little to be chosen, and the text
 * the reader meets first is lost. When the nearest headline above the chosen roots is the
 * article's (not a link: a linked <h1> is the site's name in its banner) and the stretch between
 * them holds less text than the roots, the paragraphs of that stretch that read as sentences, with
 * few links, join the roots in front.
 *
 * What the page's <header> element holds is left alone: the headline block (headline, dek, byline,
 * date) introduces the text and is not part of it; a dek there restates the page's description.
 * Figures and their captions are not the lead either.
 */
import type { LElement, LNode } from './lightdom.js';
import { isProse } from './net.js';
import { collapseWhitespace } from './text.js';

/** Text and link-text lengths of an element, as the body finder measured them. */
export interface LeadStats {
  chars: number;
  linkChars: number;
  hasBlock: boolean;
}

/** A lead paragraph and the headline are text, not links: at most this share of either in links. */
const MAX_LINK_SHARE = 0.25;
/** Elements that may be a lead paragraph when they hold no block. */
const LEAD_BLOCKS = new Set(['P', 'DIV', 'SECTION', 'SPAN', 'H2', 'H3', 'BLOCKQUOTE']);
/** Subtrees that are never the lead: the headline block, figures and their captions. */
const NOT_LEAD = new Set(['HEADER', 'FIGURE', 'FIGCAPTION']);

/**
 * The lead paragraphs between the headline above `roots` and their start, in document order; empty
 * when there is no such headline or the stretch holds more text than the roots. `order` is the
 * body's elements in document order; `skip` says which elements are navigation.
 */
export function leadBlocks(
  order: LElement[],
  roots: LElement[],
  stats: Map<LElement, LeadStats>,
  skip: (el: LElement) => boolean,
): LElement[] {
  const first = roots[0];
  if (!first) return [];
  const at = order.indexOf(first);
  let h1 = at - 1;
  while (h1 >= 0 && (order[h1] as LElement).tagName !== 'H1') h1--;
  if (h1 < 0) return [];
  const head = order[h1] as LElement;
  const hs = stats.get(head);
  if (!hs?.chars || hs.linkChars > hs.chars * MAX_LINK_SHARE || contains(head, first)) return [];
  let budget = 0;
  for (const r of roots) budget += stats.get(r)?.chars ?? 0;
  // The stretch: the largest elements after the headline (and outside it) that end before the roots.
  const stretch: LElement[] = [];
  for (let i = h1 + 1; i < at; i++) {
    const el = order[i] as LElement;
    if (contains(head, el) || contains(el, first)) continue;
    const last = stretch[stretch.length - 1];
    if (last && contains(last, el)) continue;
    stretch.push(el);
    budget -= stats.get(el)?.chars ?? 0;
    if (budget < 0) return [];
  }
  const out: LElement[] = [];
  for (const el of stretch) if (!insideHeader(el)) collect(el, stats, skip, out);
  return out;
}

/** The lead paragraphs at or below `el`, into `out`. */
function collect(
  el: LElement,
  stats: Map<LElement, LeadStats>,
  skip: (el: LElement) => boolean,
  out: LElement[],
): void {
  const s = stats.get(el);
  if (!s?.chars || NOT_LEAD.has(el.tagName) || skip(el)) return;
  if (s.hasBlock) {
    for (const k of el.childNodes as LNode[]) if (k.nodeType === 1) collect(k as LElement, stats, skip, out);
    return;
  }
  if (!LEAD_BLOCKS.has(el.tagName) || s.linkChars > s.chars * MAX_LINK_SHARE) return;
  if (isProse(collapseWhitespace(el.textContent))) out.push(el);
}

/** Below a <header> element. */
function insideHeader(el: LElement): boolean {
  for (let p = el.parentElement; p; p = p.parentElement) if (p.tagName === 'HEADER') return true;
  return false;
}

function contains(outer: LElement, inner: LElement): boolean {
  for (let p: LElement | null = inner; p; p = p.parentElement) if (p === outer) return true;
  return false;
}
