/**
 * The body's safety net. The first pass (boilerplate removed by class and id words and by nav,
 * aside and footer tags; candidates weighed by class words) is right on most pages. When its
 * result looks wrong — less prose than one real paragraph, mostly links, much shorter than the
 * JSON-LD articleBody, or a fifth links on a page that holds three times more prose in the
 * paragraphs of one element (its text mass, read on a fresh tree) — a relaxed pass runs on a
 * fresh parse, the way Readability retries with its flags off: nothing the page's author named is read (class and id words, sectioning tags may name
 * the article's own wrapper: "share-story", an <aside> around the post), only tags, text and links
 * decide. The relaxed result replaces the first one only when its prose alone is more than twice
 * all of the first pass's text (trafilatura's rule for its baselines: the other result is taken
 * when its own is empty or the other is more than twice as long). Longer is no evidence by itself:
 * comment threads and teaser lists are long, and the relaxed pass no longer sees their names.
 * Only pages whose first result looks wrong pay for the second parse.
 */

import type { LElement, LNode } from './lightdom.js';
import { isConsentLine } from './paywall.js';
import { collapseWhitespace } from './text.js';

/** What one pass gave: its text blocks and the share of its roots' text inside links. */
export interface BodyCandidate {
  blocks: string[];
  linkShare: number;
}

/** What the page holds besides the pass: the length of its JSON-LD articleBody (0 for none). */
export interface PageEvidence {
  articleBodyChars: number;
  /** The page's main text mass, see proseMass (0 when unknown); read only when needed (a getter may compute it). */
  readonly proseMassChars?: number;
}

/**
 * A block reads as prose when it has a sentence's worth of words and ends one: headlines, link
 * labels, menus and credits do not.
 */
const PROSE_MIN_WORDS = 8;
const SENTENCE_END = /[.!?…。！？:;"”’»)]\s*$/u;
/** Less prose than one real paragraph: the first pass found no article text. */
const MIN_PROSE_CHARS = 150;
/** A body with more of its text in links is a link list, not an article. */
const MAX_LINK_SHARE = 0.5;
/** The articleBody this many times longer than the body: the markup pass missed the article. */
const ARTICLE_BODY_RATIO = 2;
/**
 * The relaxed pass replaces the first one only when its prose alone is more than this many times
 * all of the first pass's text: more text in general is no evidence (comment threads and teaser
 * lists are long), only a first result that holds next to nothing is.
 */
const PREFER_RATIO = 2;
/** The page's run of paragraphs this many times all of the pass's text: the pass missed the article. */
const MASS_RATIO = 3;
const MASS_LINK_SHARE = 0.2;
const MAX_MASS_NODES = 200_000;
/** Readers' comments are prose too, and often more of it than the article: they are no evidence. */
const COMMENTS = /comment|disqus|discussion|repl(y|ies)|respon/i;

/** A dialog says what it does with data in several paragraphs; one such line is an article's own. */
const MIN_DIALOG_LINES = 2;
/** …and they are most of its text. */
const DIALOG_SHARE = 0.5;

/**
 * Characters of the blocks that read as prose; a consent dialog's paragraphs are not the article's.
 * Counting stops at `enough` (default: never).
 */
export function proseChars(blocks: string[], enough = Number.POSITIVE_INFINITY): number {
  let n = 0;
  for (const b of blocks) {
    if (isProse(b) && !isConsentLine(b)) n += b.length;
    if (n >= enough) break;
  }
  return n;
}

/** A block with a sentence's worth of words that ends like a sentence. */
export function isProse(block: string): boolean {
  if (!SENTENCE_END.test(block)) return false;
  let words = 0;
  for (let i = 0, inWord = false; i < block.length; i++) {
    const space = block.charCodeAt(i) <= 32;
    if (!space && !inWord) words++;
    inWord = !space;
    if (words >= PROSE_MIN_WORDS) return true;
  }
  return false;
}

/** Characters of the blocks outside a consent dialog. */
function ownChars(blocks: string[]): number {
  let n = 0;
  for (const b of blocks) if (!isConsentLine(b)) n += b.length;
  return n;
}

/** True when the first pass's result is worth a second look. */
export function looksWrong(c: BodyCandidate, page: PageEvidence): boolean {
  if (proseChars(c.blocks, MIN_PROSE_CHARS) < MIN_PROSE_CHARS) return true;
  if (c.linkShare > MAX_LINK_SHARE) return true;
  const own = ownChars(c.blocks);
  // A short article beside a longer sidebar of prose is common: only a pass that reads like a list
  // of links (teasers: linked headlines and their blurbs) is taken to have missed the article.
  if (c.linkShare > MASS_LINK_SHARE && (page.proseMassChars ?? 0) > MASS_RATIO * own) return true;
  return page.articleBodyChars > 0 && page.articleBodyChars > ARTICLE_BODY_RATIO * own;
}

/**
 * The page's main text mass, read on the whole tree before anything is removed: the most prose
 * (paragraphs that read as sentences) that sits in <p> children of one element.
 */
export function proseMass(root: LElement): number {
  const tally = new Map<LElement, number>();
  let best = 0;
  const stack: LNode[] = [root];
  let seen = 0;
  while (stack.length && seen++ < MAX_MASS_NODES) {
    const n = stack.pop() as LNode;
    if (n.nodeType !== 1) continue;
    const el = n as LElement;
    const names = el.attribs.class || el.attribs.id ? `${el.attribs.class ?? ''} ${el.attribs.id ?? ''}` : '';
    if (names && COMMENTS.test(names)) continue;
    if (el.tagName === 'P') {
      const parent = el.parentElement;
      const text = collapseWhitespace(el.textContent);
      if (parent && isProse(text) && !isConsentLine(text)) {
        const sum = (tally.get(parent) ?? 0) + text.length;
        tally.set(parent, sum);
        if (sum > best) best = sum;
      }
      continue;
    }
    const kids = el.childNodes;
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as LNode);
  }
  return best;
}

/**
 * The candidate to keep: the first pass's, unless another one's prose alone is more than twice
 * all of the first one's own text (and it is not mostly links); of several such, the one with
 * the most prose.
 */
export function prefer<T extends BodyCandidate>(first: T, others: T[]): T {
  let best = first;
  let most = PREFER_RATIO * ownChars(first.blocks);
  for (const c of others) {
    if (c.linkShare > MAX_LINK_SHARE) continue;
    const prose = proseChars(c.blocks);
    if (prose > most) {
      best = c;
      most = prose;
    }
  }
  return best;
}

/** Blocks most of whose text is consent-dialog paragraphs (two or more of them) are a consent dialog. */
export function isConsentDialog(blocks: string[]): boolean {
  let total = 0;
  for (const b of blocks) total += b.length;
  let consent = 0;
  let other = 0;
  let lines = 0;
  for (const b of blocks) {
    if (isConsentLine(b)) {
      consent += b.length;
      lines++;
    } else {
      other += b.length;
      if (other >= total * (1 - DIALOG_SHARE)) return false;
    }
  }
  return lines >= MIN_DIALOG_LINES && consent > total * DIALOG_SHARE;
}
