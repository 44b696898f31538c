/**
 * The end of an article body often carries a run of headlines of other articles, each its own
 * paragraph and nothing but a link ("You may also like…" then five linked titles). Class names do
 * not always say so; the shape does, in any language.
 */
import type { LElement, LNode } from './lightdom.js';

/** A block whose text is at least this share link text is a link line. */
const MIN_LINK_SHARE = 0.9;
/** This many link lines in a row at the very end make a related-links tail. */
const MIN_TAIL_LINES = 2;
/** A line just above the run this short, ending like a lead-in, introduces it. */
const MAX_LEAD_IN_CHARS = 80;
const LEAD_IN_END = /(?:[:：]|\.\.\.|…|»|>)\s*$/;
const BLOCKS = new Set(['P', 'LI', 'DIV', 'H2', 'H3', 'H4', 'H5', 'H6', 'DT', 'DD']);
const MAX_NODES = 200_000;

/** Text and link-text lengths of an element, as the body finder measured them. */
export interface LinkStats {
  chars: number;
  linkChars: number;
}

/**
 * The elements of a trailing related-links run at the end of `roots` (and its lead-in line), to
 * be left out of the text; empty when the article does not end so. Only leaf blocks count: a
 * paragraph that links one phrase inside a sentence is text, and a run must close the article.
 */
export function linkTail(roots: LElement[], stats: Map<LElement, LinkStats>): Set<LElement> {
  const blocks = leafBlocks(roots, stats);
  const tail: LElement[] = [];
  for (let i = blocks.length - 1; i >= 0; i--) {
    const el = blocks[i] as LElement;
    const s = stats.get(el) as LinkStats;
    if (s.linkChars < s.chars * MIN_LINK_SHARE) break;
    tail.push(el);
  }
  if (tail.length < MIN_TAIL_LINES) return new Set();
  const before = blocks[blocks.length - tail.length - 1];
  if (before && isLeadIn(before, stats.get(before) as LinkStats)) tail.push(before);
  return new Set(tail);
}

function isLeadIn(el: LElement, s: LinkStats): boolean {
  if (s.chars > MAX_LEAD_IN_CHARS || s.linkChars > 0) return false;
  return LEAD_IN_END.test(el.textContent ?? '') || /^H[2-6]$/.test(el.tagName);
}

/** Blocks with text and no block inside, in document order. */
function leafBlocks(roots: LElement[], stats: Map<LElement, LinkStats>): LElement[] {
  const out: LElement[] = [];
  let visited = 0;
  for (const root of roots) {
    const stack: LNode[] = [root];
    while (stack.length && visited++ < MAX_NODES) {
      const n = stack.pop() as LNode;
      if (n.nodeType !== 1) continue;
      const el = n as LElement;
      const s = stats.get(el);
      if (!s?.chars) continue;
      if (BLOCKS.has(el.tagName) && !hasBlockChild(el)) out.push(el);
      const kids = el.childNodes;
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as LNode);
    }
  }
  return out;
}

function hasBlockChild(el: LElement): boolean {
  return el.children.some((k) => BLOCKS.has(k.tagName) || k.tagName === 'UL' || k.tagName === 'OL');
}
