/**
 * The body's safety net. The first pass (boilerplate removed by class and id words and by nav,
 * aside and footer tags; candidates weighed by class words) is right on most pages. When its
 * result looks wrong — less prose than one real paragraph, mostly links, or much shorter than the
 * JSON-LD articleBody — a relaxed pass runs on a fresh parse, the way Readability retries with its
 * flags off: nothing the page's author named is read (class and id words, sectioning tags may name
 * the article's own wrapper: "share-story", an <aside> around the post), only tags, text and links
 * decide. The relaxed result replaces the first one only when its prose alone is more than twice
 * all of the first pass's text (trafilatura's rule for its baselines: the other result is taken
 * when its own is empty or the other is more than twice as long). Longer is no evidence by itself:
 * comment threads and teaser lists are long, and the relaxed pass no longer sees their names.
 * Only pages whose first result looks wrong pay for the second parse.
 */

import { isConsentLine } from './paywall.js';

/** What one pass gave: its text blocks and the share of its roots' text inside links. */
export interface BodyCandidate {
  blocks: string[];
  linkShare: number;
}

/** What the page holds besides the pass: the length of its JSON-LD articleBody (0 for none). */
export interface PageEvidence {
  articleBodyChars: number;
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
  return page.articleBodyChars > 0 && page.articleBodyChars > ARTICLE_BODY_RATIO * ownChars(c.blocks);
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
