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
 * Only pages whose first result looks wrong pay for the second parse — and pages whose text holds
 * the opening of their description (og:description, the meta description) while the first result
 * does not: the relaxed pass then replaces it only when it opens with those words, is no shorter
 * and is not the same text read wider (a sidebar teaser beats an article whose wrapper is named
 * "nav-single"; the description names the article).
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
/**
 * The description (og:description, the meta description) is most often the article's opening
 * sentence, or a sentence of it. Its first characters are looked for: descriptions are cut with
 * an ellipsis, and a short one ("News from the valley") says nothing about the article.
 */
const MIN_LEAD_CHARS = 60;
const LEAD_PROBE_CHARS = 60;
/**
 * A candidate holding this share of the first pass's text is the same article read wider (with
 * its standfirst, say): the first pass did not miss it.
 */
const MAX_SHARED = 0.5;
/** The blocks that make an opening: a kicker, the headline, a byline line, then the first paragraph. */
const OPENING_BLOCKS = 4;
const CUT_END = /(\.\.\.|…)\s*$/;
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

/** What of `description` is looked for in a pass's text; undefined when it is too short to say anything. */
export function leadProbe(description: string | undefined): string | undefined {
  if (!description) return undefined;
  const d = collapseWhitespace(description).replace(CUT_END, '');
  return d.length < MIN_LEAD_CHARS ? undefined : d.slice(0, LEAD_PROBE_CHARS);
}

/** True when the blocks' text holds `lead`. */
export function holdsLead(blocks: string[], lead: string): boolean {
  for (const b of blocks) if (b.includes(lead)) return true;
  // The description may run over two blocks (a lead in bold, then the sentence).
  return collapseWhitespace(blocks.join(' ')).includes(lead);
}

/** Characters of `a`'s blocks that `b` holds too. */
function sharedChars(a: string[], b: string[]): number {
  const seen = new Set(b);
  let n = 0;
  for (const x of a) if (seen.has(x)) n += x.length;
  return n;
}

/** True when one of the first blocks holds `lead`: the text opens with the description's words. */
function opensWith(blocks: string[], lead: string): boolean {
  return holdsLead(blocks.slice(0, OPENING_BLOCKS), lead);
}

/**
 * True when `relaxed` (the relaxed pass: the whole page read afresh) is the article that the first
 * pass missed: the first pass's text lacks the description's words (`lead`), the relaxed one opens
 * with them, is no shorter, reads as prose, is not a list of links, and is not the first pass's text
 * read wider (a root that also takes the standfirst shares most of its text).
 */
export function opensOnLead(first: BodyCandidate, relaxed: BodyCandidate, lead: string): boolean {
  if (holdsLead(first.blocks, lead)) return false;
  const own = ownChars(first.blocks);
  return (
    relaxed.linkShare <= MASS_LINK_SHARE &&
    opensWith(relaxed.blocks, lead) &&
    ownChars(relaxed.blocks) >= own &&
    sharedChars(first.blocks, relaxed.blocks) < own * MAX_SHARED &&
    proseChars(relaxed.blocks, MIN_PROSE_CHARS) >= MIN_PROSE_CHARS
  );
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
 * The candidate to keep among `others` (the next candidate, then the relaxed pass, last): the relaxed
 * pass when it opens with the description's words (`lead`) that the first one lacks (see
 * opensOnLead); else the first pass's, unless another one's prose alone is more than twice all of
 * the first one's own text (and it is not mostly links); of several such, the one with the most prose.
 */
export function prefer<T extends BodyCandidate>(first: T, others: T[], lead?: string): T {
  // The relaxed pass (a fresh reading of the whole page) that opens with the description's words.
  const relaxed = others[others.length - 1];
  if (lead && relaxed && opensOnLead(first, relaxed, lead)) return relaxed;
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
