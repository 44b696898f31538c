/**
 * Walking the page's markup for the metadata readers: where the article sits, document order,
 * text read without building long strings.
 */
import type { LElement, LNode } from './lightdom.js';
import { collapseWhitespace } from './text.js';

export const ARTICLE_ROOT = '[itemprop="articleBody"], article, [role="main"], main';
/** Text pieces looked at below the headline for a "By …" line. */
export const MAX_TEXTS_AFTER_HEADLINE = 40;
/** Raw text may be this many times longer than its collapsed length before a bounded read gives up. */
const RAW_TEXT_FACTOR = 8;

/** The node after `n` in document order; `into` false skips n's own children. */
export function nextInOrder(n: LNode, into: boolean): LNode | null {
  if (into && n.nodeType === 1 && (n as LElement).childNodes.length)
    return (n as LElement).childNodes[0] ?? null;
  return skipSubtree(n);
}

/** The node after `n`'s subtree in document order. */
export function skipSubtree(n: LNode): LNode | null {
  for (let cur: LNode | null = n; cur; cur = cur.parentNode) {
    const next = cur.nextSibling;
    if (next) return next;
  }
  return null;
}

/**
 * The element's text when it reads shorter than `max` characters (whitespace runs count once),
 * without building a long string: markup indentation may be many times the text.
 */
export function boundedText(el: LElement, max: number): string | undefined {
  let out = '';
  const rawMax = max * RAW_TEXT_FACTOR;
  const stack: LNode[] = [el];
  while (stack.length) {
    const n = stack.pop() as LNode;
    if (n.nodeType === 3) {
      out += (n as unknown as { data: string }).data;
      if (out.length >= rawMax) return undefined;
    } else if (n.nodeType === 1) {
      const kids = (n as LElement).childNodes;
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as LNode);
    }
  }
  return out.length < max || collapseWhitespace(out).length < max ? out : undefined;
}
