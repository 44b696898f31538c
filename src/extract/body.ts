/** The article body as text: one string per block of the elements the body finder chose. */
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
  // Ruby annotations: the reading aid above a word (furigana), not the text.
  'RT',
  'RP',
]);
const CELL_TAGS = new Set(['TD', 'TH']);
const MAX_NODES = 200_000;
/**
 * A block that is several links and (nearly) nothing else — headlines run together by <br>s, a row
 * of section names — is navigation, whatever holds it: a paragraph names things, and links them.
 */
const MIN_RUN_LINKS = 3;
const RUN_LINK_SHARE = 0.95;

/** Characters that are not whitespace. */
function visibleChars(t: string): number {
  let n = 0;
  for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) > 32) n++;
  return n;
}

/**
 * Text blocks of `root` in reading order: paragraphs, headings, list items, quotes, each with its
 * whitespace collapsed; `<br><br>` splits a block; captions, scripts, empty blocks and blocks made of
 * several links and nothing else are left out,
 * and so are elements for which `skip` (default: none) says true. The texts of list items are
 * added to `listItems` when given.
 */
export function collectParagraphs(
  root: Element,
  skip?: (el: Element) => boolean,
  listItems?: Set<string>,
): string[] {
  const out: string[] = [];
  let buffer = '';
  let brs = 0;
  let inItems = 0;
  // Links in the block being read: how many, and their visible characters against the block's.
  let inLinks = 0;
  let links = 0;
  let linkChars = 0;
  let chars = 0;
  const flush = () => {
    const text = collapseWhitespace(buffer).normalize('NFC');
    if (text && !(links >= MIN_RUN_LINKS && linkChars >= chars * RUN_LINK_SHARE)) {
      out.push(text);
      if (inItems) listItems?.add(text);
    }
    buffer = '';
    links = 0;
    linkChars = 0;
    chars = 0;
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
      const n = visibleChars(t);
      chars += n;
      if (inLinks) linkChars += n;
      continue;
    }
    if (node.nodeType !== 1) continue;
    const tag = (node as Element).tagName;
    if (exit) {
      if (BLOCK_TAGS.has(tag)) flush();
      else if (CELL_TAGS.has(tag)) buffer += ' ';
      if (tag === 'LI') inItems--;
      else if (tag === 'A') inLinks--;
      continue;
    }
    if (SKIP_TAGS.has(tag) || (skip && node !== root && skip(node as Element))) continue;
    if (tag === 'BR') {
      if (++brs >= 2) flush();
      else buffer += ' ';
      continue;
    }
    if (BLOCK_TAGS.has(tag)) flush();
    if (tag === 'LI') inItems++;
    else if (tag === 'A') {
      inLinks++;
      links++;
    }
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
