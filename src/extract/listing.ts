/**
 * Pages that list other articles (section fronts, tag pages, "latest news" teaser lists). Their
 * text is a run of items, each led by a headline that links to another page of the same site, with
 * at most a teaser's worth of text under it. Such a page has no article body of its own: the
 * extractor returns no paragraphs for it (title and metadata stay), so that a list of other
 * stories' headlines and blurbs is never summarised as if it were one story; the digest falls back
 * to the feed's blurb, as it does for a paywall teaser. A page whose own text comes first and a
 * list of teasers after it ("more stories", an endless scroll of the next posts) keeps its text
 * and loses the list.
 */
import type { LElement, LNode, LText } from './lightdom.js';

const HEADINGS = new Set(['H1', 'H2', 'H3', 'H4', 'H5', 'H6']);
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE']);
/** Fewer linked headlines than this is a "related" box at most, not a list. */
const MIN_ITEMS = 4;
/** A teaser is one to three sentences; more text under one headline is an article's own. */
const MAX_ITEM_CHARS = 500;
/** A headline is a link when nearly all of its text is inside one. */
const MIN_HEADLINE_LINK_SHARE = 0.9;
const MAX_NODES = 50_000;
/** A section front's own text above its list: its name and a one-sentence description. */
const MAX_LEAD_CHARS = 200;

/** What the roots hold: their own text only, a list of other articles, or their text and such a list. */
export type ListingVerdict =
  | { kind: 'none' }
  | { kind: 'listing' }
  /** The page's own text, then a list: the elements from the list's first headline on. */
  | { kind: 'tail'; from: Set<LElement> };

/**
 * Reads `roots` for a list of other articles of the site `pageUrl` belongs to: at least
 * MIN_ITEMS headlines linking to its other pages, none over more than a teaser's worth of text.
 * Text above the first headline longer than a section's name and one-line description is the
 * page's own article: the list is then its tail. Elements `skip` says true for (what the
 * collector leaves out) are not read.
 */
export function readListing(
  roots: LElement[],
  pageUrl: string,
  skip?: (el: LElement) => boolean,
): ListingVerdict {
  let host: string;
  try {
    host = new URL(pageUrl).host;
  } catch {
    return NONE;
  }
  const page = pageUrl.replace(/#.*$/, '');
  const targets = new Set<string>();
  let run = 0;
  let lead = -1;
  let seen = 0;
  let after: Set<LElement> | undefined;
  let selfItems = 0;
  for (const root of roots) {
    const stack: LNode[] = [root];
    while (stack.length && seen++ < MAX_NODES) {
      const n = stack.pop() as LNode;
      if (n.nodeType === 3) {
        run += (n as LText).data.trim().length;
        if (run > MAX_ITEM_CHARS && lead >= 0) return NONE;
        continue;
      }
      if (n.nodeType !== 1) continue;
      const el = n as LElement;
      if (SKIP.has(el.tagName) || (skip && el !== root && skip(el))) continue;
      if (after) after.add(el);
      if (HEADINGS.has(el.tagName)) {
        const target = headlineTarget(el, page, host);
        if (target === SELF) {
          // The page's own teaser among the others (a "recent posts" list that includes it) is an
          // item of the list once the list has begun; before it, it is the page's own headline.
          if (lead >= 0) {
            selfItems++;
            run = 0;
            continue;
          }
        } else if (target) {
          if (lead < 0) {
            lead = run;
            after = new Set([el]);
          }
          targets.add(target);
          run = 0;
          continue;
        }
      }
      const kids = el.childNodes;
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as LNode);
    }
  }
  if (targets.size + selfItems < MIN_ITEMS || !after) return NONE;
  return lead > MAX_LEAD_CHARS ? { kind: 'tail', from: after } : { kind: 'listing' };
}

const NONE: ListingVerdict = { kind: 'none' };
/** headlineTarget's answer for a headline that links to the page itself. */
const SELF = 'self';

/**
 * The page a heading links to, when the heading is a link to another page of the same site
 * (`pageUrl`, no fragment); SELF when it links to the page itself.
 */
function headlineTarget(heading: LElement, pageUrl: string, host: string): string | undefined {
  const text = heading.textContent.trim();
  if (!text) return undefined;
  let linked = 0;
  let href: string | undefined;
  for (const a of heading.querySelectorAll('a[href]')) {
    linked += a.textContent.trim().length;
    href ??= a.getAttribute('href') ?? undefined;
  }
  if (!href || href.startsWith('#') || linked < text.length * MIN_HEADLINE_LINK_SHARE) return undefined;
  try {
    const url = new URL(href, pageUrl);
    url.hash = '';
    if (url.host !== host) return undefined;
    if (url.href === pageUrl) return SELF;
    return url.href;
  } catch {
    return undefined;
  }
}
