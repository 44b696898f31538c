/** The article body: Readability over the cleaned document, then one string per block. */
import { Readability } from '@mozilla/readability';
import { collapseWhitespace } from './text.js';

/** Elements that end the paragraph before them and start a new one. */
const BLOCK_TAGS = new Set([
  'P',
  'DIV',
  'SECTION',
  'ARTICLE',
  'MAIN',
  'HEADER',
  'FOOTER',
  'ASIDE',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'LI',
  'UL',
  'OL',
  'DL',
  'DT',
  'DD',
  'BLOCKQUOTE',
  'PRE',
  'TABLE',
  'THEAD',
  'TBODY',
  'TR',
  'FIGURE',
  'HR',
  'ADDRESS',
  'DETAILS',
  'SUMMARY',
  'FORM',
  'FIELDSET',
  'CENTER',
]);
/** Elements whose text is never body text. */
const SKIP_TAGS = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'FIGCAPTION',
  'BUTTON',
  'SELECT',
  'svg',
  'SVG',
]);
const CELL_TAGS = new Set(['TD', 'TH']);
const MAX_NODES = 200_000;

/** What Readability found: its content element and the byline it spotted in the markup. */
export interface ReadabilityResult {
  content?: Element;
  byline?: string;
}

/**
 * Readability's scoring walks ancestors for every node, so its time grows with the cube of the nesting
 * depth (5,000 nested divs take minutes). No real article page nests this deep; beyond it the caller's
 * fallback containers are used instead.
 */
export const MAX_READABILITY_DEPTH = 160;

/** True when some element of `root` is nested deeper than `limit` (stops at the first one). */
export function deeperThan(root: Element, limit: number): boolean {
  const stack: Array<[Element, number]> = [[root, 0]];
  while (stack.length) {
    const [el, depth] = stack.pop() as [Element, number];
    if (depth > limit) return true;
    for (const child of Array.from(el.children)) stack.push([child, depth + 1]);
  }
  return false;
}

/** Runs Readability over `doc` (which it changes); an empty result when it finds nothing or fails. */
export function runReadability(doc: Document): ReadabilityResult {
  if (doc.body && deeperThan(doc.body, MAX_READABILITY_DEPTH)) return {};
  try {
    const result = new Readability<Element>(doc, {
      serializer: (n) => n as Element,
      disableJSONLD: true,
    }).parse();
    return { content: result?.content ?? undefined, byline: result?.byline ?? undefined };
  } catch {
    // Readability trips over some odd trees; the caller falls back to the page's own containers.
    return {};
  }
}

/**
 * Text blocks of `root` in reading order: paragraphs, headings, list items, quotes, each with its
 * whitespace collapsed; `<br><br>` splits a block; captions, scripts and empty blocks are left out,
 * and so are elements for which `skip` (default: none) says true.
 */
export function collectParagraphs(root: Element, skip?: (el: Element) => boolean): string[] {
  const out: string[] = [];
  let buffer = '';
  let brs = 0;
  const flush = () => {
    const text = collapseWhitespace(buffer);
    if (text) out.push(text);
    buffer = '';
  };
  // An explicit stack: news pages nest deep enough to break recursion on pathological input.
  const stack: { node: Node; exit: boolean }[] = [{ node: root, exit: false }];
  let visited = 0;
  for (let item = stack.pop(); item && visited++ < MAX_NODES; item = stack.pop()) {
    const { node, exit } = item;
    if (node.nodeType === 3) {
      const t = node.textContent ?? '';
      if (t.trim()) brs = 0;
      buffer += t;
      continue;
    }
    if (node.nodeType !== 1) continue;
    const tag = (node as Element).tagName;
    if (exit) {
      if (BLOCK_TAGS.has(tag)) flush();
      else if (CELL_TAGS.has(tag)) buffer += ' ';
      continue;
    }
    if (SKIP_TAGS.has(tag) || (skip && node !== root && skip(node as Element))) continue;
    if (tag === 'BR') {
      if (++brs >= 2) flush();
      else buffer += ' ';
      continue;
    }
    if (BLOCK_TAGS.has(tag)) flush();
    stack.push({ node, exit: true });
    const children = node.childNodes;
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child) stack.push({ node: child, exit: false });
    }
  }
  flush();
  return out;
}
