/**
 * Our article body finder, over the light DOM after boilerplate removal: every text block scores
 * its ancestors by length and punctuation, scores are cut by link density and nudged by tag and
 * class/id words, the best container wins and takes along siblings that look like article text.
 * Blocks inside it that read as navigation (link lists, negative class words) are left out when
 * the paragraphs are collected.
 */
import { leadBlocks } from './lead.js';
import type { LElement, LNode, LText } from './lightdom.js';

/** Containers whose text is never article text. */
const SKIP_TAGS = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'SVG',
  'RT',
  'RP',
  'BUTTON',
  'SELECT',
  'IFRAME',
  'OBJECT',
  'CANVAS',
]);
/** Elements that start a new block: a container holding one is not itself a paragraph. */
const BLOCK_TAGS = new Set([
  'P',
  'DIV',
  'SECTION',
  'ARTICLE',
  'MAIN',
  'HEADER',
  'FOOTER',
  'ASIDE',
  'NAV',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'UL',
  'OL',
  'DL',
  'LI',
  'BLOCKQUOTE',
  'PRE',
  'TABLE',
  'FIGURE',
  'FORM',
  'ADDRESS',
  'HR',
]);
/** Blocks whose text scores their ancestors. */
const TEXT_BLOCKS = new Set(['P', 'PRE', 'TD', 'BLOCKQUOTE']);
/** Containers that may stand for "a paragraph" when they hold only inline content. */
const LOOSE_BLOCKS = new Set(['DIV', 'SECTION', 'ARTICLE', 'SPAN', 'FONT', 'CENTER', 'MAIN']);
const TAG_WEIGHT: Record<string, number> = {
  ARTICLE: 8,
  MAIN: 5,
  DIV: 5,
  SECTION: 3,
  PRE: 3,
  TD: 3,
  BLOCKQUOTE: 3,
  FORM: -3,
  OL: -3,
  UL: -3,
  DL: -3,
  LI: -3,
  ADDRESS: -3,
  TH: -5,
  H1: -5,
  H2: -5,
  H3: -5,
  H4: -5,
  H5: -5,
  H6: -5,
};
const NEGATIVE =
  /(^|[\s_-])(comments?|meta|footer|footnotes?|related|share|sharing|social|sidebar|widget|promo|sponsor(ed)?|ads?|advert\w*|banner|outbrain|taboola|tags?|tools?|toolbar|byline|author|bio|caption|credits?|subscribe|newsletter|recommend\w*|more|nav|menu|breadcrumbs?|pagination|pager|popular|trending|disclaimer|copyright|signup|masthead|shoutbox|skyscraper|hidden|print|rating|login)([\s_-]|$)/i;
const POSITIVE =
  /(^|[\s_-])(article|body|content|entry|hentry|h-entry|main|post|text|story|prose|rich-?text|blog|news|page|column|paragraphs?)([\s_-]|$)|articlebody|storybody|postbody/i;
/** Captions and credits, whatever the tag: short text named so is never article text. */
const CAPTION = /caption|credit|copyright|legend|image-?source|photo-?source/i;
const MAX_CAPTION_CHARS = 300;
const HEADINGS = new Set(['H2', 'H3', 'H4', 'H5', 'H6']);
const COMMAS = /[,，、،]/g;
const CLASS_WEIGHT = 25;
const ARTICLE_BODY_BONUS = 60;
/** A block of fewer characters says nothing about its container. */
const MIN_BLOCK_CHARS = 25;
/** How many ancestors a block's score reaches, and each one's share. */
const ANCESTOR_SHARES = [1, 0.5, 1 / 6, 1 / 8, 1 / 10];
/** Siblings join the winner with this share of its score. */
const SIBLING_SHARE = 0.2;
const MIN_SIBLING_SCORE = 10;
/** Candidates within this share of the best one are its rivals; this many of them lift it up. */
const RIVAL_SHARE = 0.75;
const MIN_RIVALS = 2;
/** Inside the winner, containers and lists mostly made of links are navigation. */
const MAX_LINK_DENSITY = 0.5;
const MAX_LIST_LINK_DENSITY = 0.6;
/** A paragraph this much link text, in capitals, is a related headline. */
const SHOUTED_LINK_SHARE = 0.9;
/** A headline is a line, not a page: past this many characters a paragraph is not one. */
const MAX_HEADLINE_CHARS = 400;
/** A label and a link: the link's share of the text, and the most characters of the whole. */
const LABELLED_LINK_SHARE = 0.5;
const MAX_LABELLED_LINK_CHARS = 250;
const MAX_LEAD_IN_CHARS = 80;
const LEAD_IN_END = /[:：]\s*$/;
const BARE_URL = /^\s*(?:https?:|www\.)/i;
const LINK_LABEL = /^\s*[^\s:：][^:：\n]{1,34}[:：]\s*/;
const MAX_NODES = 200_000;
/** Containers the collector may leave out as navigation; inline elements and paragraphs never. */
const NOISE_CANDIDATES = new Set([
  'DIV',
  'SECTION',
  'ASIDE',
  'HEADER',
  'FOOTER',
  'NAV',
  'UL',
  'OL',
  'DL',
  'TABLE',
  'FORM',
  'FIGURE',
]);

/** Text statistics of one element: collapsed text length, text inside links, own score. */
interface Stats {
  chars: number;
  linkChars: number;
  commas: number;
  hasBlock: boolean;
  /** Text outside its block children (its own text nodes and inline elements), and the commas in it. */
  inlineChars: number;
  inlineCommas: number;
  score: number;
}

/** The article body found: the elements to read, in document order. */
export interface BodyResult {
  roots: LElement[];
  /** All statistics, for the collector's skip rule. */
  stats: Map<LElement, Stats>;
}

/**
 * Finds the element(s) holding the article text below `body`; undefined when no block has text.
 * With `byName: false` (the safety net's relaxed pass) class and id words weigh nothing: only tags,
 * text and links decide.
 */
export function findBody(body: LElement, byName = true): BodyResult | undefined {
  const order = preOrder(body);
  const stats = new Map<LElement, Stats>();
  for (let i = order.length - 1; i >= 0; i--) measure(order[i] as LElement, stats);
  const scores = new Map<LElement, number>();
  for (const el of order) {
    const s = stats.get(el) as Stats;
    let anc: LElement | null;
    let chars: number;
    let commas: number;
    if (isParagraph(el, s)) {
      anc = el.parentElement;
      chars = s.chars;
      commas = s.commas;
    } else if (holdsLooseText(el, s)) {
      // Text written straight into a container beside its blocks ("<div><div>icon</div>Text…<br>
      // <br>More…</div>") is a paragraph of that container, as if it were wrapped in a <p>.
      anc = el;
      chars = s.inlineChars;
      commas = s.inlineCommas;
    } else continue;
    let points = 1 + Math.min(commas, 10) + Math.min(Math.floor(chars / 100), 3);
    // A block's text scores its ancestors, not the part of it inside links (a linked headline and its date).
    if (anc !== el) points *= 1 - density(s);
    for (const share of ANCESTOR_SHARES) {
      if (!anc) break;
      scores.set(anc, (scores.get(anc) ?? initial(anc, byName)) + points * share);
      anc = anc === body ? null : anc.parentElement;
    }
  }
  let top: LElement | undefined;
  let best = 0;
  for (const [el, raw] of scores) {
    const s = stats.get(el) as Stats;
    const final = raw * (1 - density(s));
    scores.set(el, final);
    if (final > best) {
      best = final;
      top = el;
    }
  }
  if (!top) return undefined;
  top = climb(shareAncestor(top, scores, body), scores, body);
  const roots = withSiblings(top, scores, stats, body);
  const lead = leadBlocks(order, roots, stats, (el) => isNoise(el, stats, byName));
  return { roots: lead.length ? [...lead, ...roots] : roots, stats };
}

/** Elements of `root` (itself first) in document order, skipping never-text containers. */
function preOrder(root: LElement): LElement[] {
  const out: LElement[] = [];
  const stack: LElement[] = [root];
  while (stack.length && out.length < MAX_NODES) {
    const el = stack.pop() as LElement;
    out.push(el);
    const kids = el.childNodes;
    for (let i = kids.length - 1; i >= 0; i--) {
      const k = kids[i] as LNode;
      if (k.nodeType === 1 && !SKIP_TAGS.has((k as LElement).tagName)) stack.push(k as LElement);
    }
  }
  return out;
}

/** Children are measured first (reverse pre-order), so a parent sums its children's stats. */
function measure(el: LElement, stats: Map<LElement, Stats>): void {
  const s: Stats = {
    chars: 0,
    linkChars: 0,
    commas: 0,
    hasBlock: false,
    inlineChars: 0,
    inlineCommas: 0,
    score: 0,
  };
  for (const k of el.childNodes) {
    if (k.nodeType === 3) {
      const t = (k as LText).data;
      const n = visibleLength(t);
      const commas = t.match(COMMAS)?.length ?? 0;
      s.chars += n;
      s.commas += commas;
      s.inlineChars += n;
      s.inlineCommas += commas;
    } else if (k.nodeType === 1) {
      const c = stats.get(k as LElement);
      if (!c) continue;
      s.chars += c.chars;
      s.linkChars += c.linkChars;
      s.commas += c.commas;
      if (BLOCK_TAGS.has((k as LElement).tagName) || c.hasBlock) s.hasBlock = true;
      else if (c.linkChars < c.chars) {
        s.inlineChars += c.chars;
        s.inlineCommas += c.commas;
      }
    }
  }
  if (el.tagName === 'A') s.linkChars = s.chars;
  stats.set(el, s);
}

/** Length of the text with whitespace runs counted as one character. */
function visibleLength(t: string): number {
  let n = 0;
  let space = true;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    const ws = c === 32 || (c >= 9 && c <= 13) || c === 160;
    if (!ws) n++;
    else if (!space) n++;
    space = ws;
  }
  return n;
}

function isParagraph(el: LElement, s: Stats): boolean {
  if (s.chars < MIN_BLOCK_CHARS) return false;
  if (TEXT_BLOCKS.has(el.tagName)) return true;
  return LOOSE_BLOCKS.has(el.tagName) && !s.hasBlock;
}

function holdsLooseText(el: LElement, s: Stats): boolean {
  return s.hasBlock && s.inlineChars >= MIN_BLOCK_CHARS && LOOSE_BLOCKS.has(el.tagName);
}

function density(s: Stats): number {
  return s.chars ? s.linkChars / s.chars : 0;
}

function initial(el: LElement, byName: boolean): number {
  let w = TAG_WEIGHT[el.tagName] ?? 0;
  if (byName) w += classWeight(el);
  if (el.attribs.itemprop?.toLowerCase().includes('articlebody')) w += ARTICLE_BODY_BONUS;
  return w;
}

/** +25 for content words in class/id, −25 for boilerplate words (both may apply). */
export function classWeight(el: LElement): number {
  let w = 0;
  for (const name of [el.attribs.class, el.attribs.id]) {
    if (!name) continue;
    if (NEGATIVE.test(name)) w -= CLASS_WEIGHT;
    if (POSITIVE.test(name)) w += CLASS_WEIGHT;
  }
  return w;
}

/**
 * An article cut into chunks (between ads or widgets) gives several near-equal candidates: the
 * winner becomes the closest ancestor holding at least two of those rivals, or one that carries
 * the winner's own tag and class.
 */
function shareAncestor(top: LElement, scores: Map<LElement, number>, body: LElement): LElement {
  const best = scores.get(top) ?? 0;
  const rivals: LElement[] = [];
  for (const [el, score] of scores) {
    if (el !== top && score >= best * RIVAL_SHARE && !contains(el, top) && !contains(top, el))
      rivals.push(el);
  }
  if (!rivals.length) return top;
  // A rival of the same tag and class is another chunk of the same article.
  const twins = rivals.some(
    (r) => r.tagName === top.tagName && r.attribs.class && r.attribs.class === top.attribs.class,
  );
  const needed = twins ? 1 : MIN_RIVALS;
  for (let anc = top.parentElement; anc && anc !== body; anc = anc.parentElement) {
    let held = 0;
    for (const r of rivals) if (contains(anc, r)) held++;
    if (held >= needed) return anc;
  }
  return top;
}

function contains(outer: LElement, inner: LElement): boolean {
  for (let p: LElement | null = inner; p; p = p.parentElement) if (p === outer) return true;
  return false;
}

/**
 * Text split over several sibling containers makes each score less than their parent would: the
 * winner moves up while its parent scores at least as well, or while it is its parent's only child.
 */
function climb(top: LElement, scores: Map<LElement, number>, body: LElement): LElement {
  let el = top;
  for (let p = el.parentElement; p && el !== body; p = el.parentElement) {
    const ps = scores.get(p) ?? 0;
    const only = p.children.length === 1;
    if (!only && ps < (scores.get(el) ?? 0)) break;
    el = p;
  }
  return el;
}

/** The winner plus siblings that score well or read as plain paragraphs, in document order. */
function withSiblings(
  top: LElement,
  scores: Map<LElement, number>,
  stats: Map<LElement, Stats>,
  body: LElement,
): LElement[] {
  const parent = top.parentElement;
  if (!parent || top === body) return [top];
  const threshold = Math.max(MIN_SIBLING_SCORE, (scores.get(top) ?? 0) * SIBLING_SHARE);
  const topClass = top.attribs.class;
  return parent.children.filter((sib) => {
    if (sib === top) return true;
    const s = stats.get(sib);
    if (!s?.chars) return false;
    const twin = !!topClass && sib.attribs.class === topClass && sib.tagName === top.tagName;
    // Another chunk of the article in the same wrapper: its text may sit too deep to score.
    if (twin && readsAsText(s)) return true;
    let score = scores.get(sib) ?? 0;
    if (twin) score += (scores.get(top) ?? 0) * SIBLING_SHARE;
    if (score >= threshold) return true;
    return sib.tagName === 'P' && readsAsText(s);
  });
}

function readsAsText(s: Stats): boolean {
  const d = density(s);
  return (s.chars > 80 && d < 0.25) || (s.chars > 0 && d === 0 && s.commas > 0);
}

/**
 * True for a container inside the article that holds navigation rather than text: lists and
 * boxes mostly made of links, and small boxes named like boilerplate (unless `byName` is false,
 * the relaxed pass: then names are not read).
 */
export function isNoise(el: LElement, stats: Map<LElement, Stats>, byName = true): boolean {
  const s = stats.get(el);
  if (!s?.chars) return false;
  const tag = el.tagName;
  if (
    byName &&
    s.chars < MAX_CAPTION_CHARS &&
    CAPTION.test(`${el.attribs.class ?? ''} ${el.attribs.id ?? ''}`)
  )
    return true;
  if (HEADINGS.has(tag)) return headsNoise(el, stats, byName);
  if (isShoutedLink(el, s) || isLabelledLink(el, s) || leadsIntoNoise(el, s, stats, byName)) return true;
  if (!NOISE_CANDIDATES.has(tag)) return false;
  const d = density(s);
  if ((tag === 'UL' || tag === 'OL') && d > MAX_LIST_LINK_DENSITY) return true;
  if (d > MAX_LINK_DENSITY && s.chars < 1000) return true;
  return byName && classWeight(el) < 0 && s.chars < 500 && !el.attribs.itemprop;
}

/**
 * "'DANCING WITH THE STARS' PRO OPENS UP ABOUT HER HEALTH": a paragraph that is only a link, in
 * capitals, is a related headline set into the story.
 */
function isShoutedLink(el: LElement, s: Stats): boolean {
  if (el.tagName !== 'P' || s.chars < MIN_BLOCK_CHARS || s.chars > MAX_HEADLINE_CHARS) return false;
  if (density(s) < SHOUTED_LINK_SHARE) return false;
  const text = el.textContent;
  return text === text.toUpperCase() && text !== text.toLowerCase();
}

/**
 * "Lea también: <a>headline</a>", "MEHR ZUM THEMA: <a>…</a>": a paragraph that is a short label
 * ending in a colon and then a link, with no other text, points to another article.
 */
function isLabelledLink(el: LElement, s: Stats): boolean {
  if (s.linkChars < s.chars * LABELLED_LINK_SHARE || s.chars > MAX_LABELLED_LINK_CHARS) return false;
  if (el.tagName !== 'P' && !(LOOSE_BLOCKS.has(el.tagName) && !s.hasBlock)) return false;
  const text = el.textContent;
  const label = LINK_LABEL.exec(text);
  if (!label || s.chars - s.linkChars > (label[0] as string).length + 2) return false;
  // "Source: http://…" names where the text comes from; a headline is words.
  return !BARE_URL.test(text.slice(label[0].length));
}

/** "Lesen Sie auch:" above a list of links: a short line ending in a colon goes with the navigation it introduces. */
function leadsIntoNoise(el: LElement, s: Stats, stats: Map<LElement, Stats>, byName: boolean): boolean {
  if (s.chars > MAX_LEAD_IN_CHARS || s.linkChars > 0) return false;
  if (el.tagName !== 'P' && !(LOOSE_BLOCKS.has(el.tagName) && !s.hasBlock)) return false;
  if (!LEAD_IN_END.test(el.textContent)) return false;
  const next = el.nextElementSibling;
  return next !== null && !HEADINGS.has(next.tagName) && next.tagName !== 'P' && isNoise(next, stats, byName);
}

/** A heading whose next element is navigation ("Related", "Mehr zum Thema") goes with it. */
function headsNoise(el: LElement, stats: Map<LElement, Stats>, byName: boolean): boolean {
  const next = el.nextElementSibling;
  return next !== null && !HEADINGS.has(next.tagName) && isNoise(next, stats, byName);
}

/** The share of the roots' text that sits inside links (0 for no text). */
export function linkShare(roots: LElement[], stats: Map<LElement, Stats>): number {
  let chars = 0;
  let links = 0;
  for (const r of roots) {
    const s = stats.get(r);
    if (!s) continue;
    chars += s.chars;
    links += s.linkChars;
  }
  return chars ? links / chars : 0;
}
