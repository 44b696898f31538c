/**
 * The format-neutral item that feeds.ts builds from feedsmith's output, and its generic mapping to a
 * Candidate. News-search feeds (google-news.ts, bing-news.ts) map it their own way.
 */
import type { Candidate } from '../model/types.js';
import { capText, collapse, htmlToText, parseDate } from './text.js';
import { cleanUrl, hostOf, siteName } from './urls.js';

const DOMAIN_TAIL = /[^.]+\.[^.]+$/;

/** One feed item as found, before validation. Text fields may hold HTML. */
export interface RawItem {
  link?: string;
  title?: string;
  /** False for Atom `type="text"` titles, whose `<` are literal characters. */
  titleIsHtml: boolean;
  /** HTML (or plain text) of the summary, falling back to the content. */
  description?: string;
  /** The first date found, unparsed. */
  date?: string;
  /** `<source>` element text (RSS) or source feed title (Atom). */
  sourceName?: string;
  /** RSS `<source url="…">`: the outlet's feed or home page. */
  sourceUrl?: string;
  /** dc:publisher. */
  publisher?: string;
}

/** What the feed says about itself. */
export interface FeedMeta {
  feedUrl: string;
  title?: string;
  /** The site's home page, when given. */
  link?: string;
}

/** Title text: entities decoded, tags removed (for HTML titles), whitespace collapsed. */
export function itemTitle(raw: RawItem): string {
  const title = raw.title ?? '';
  return raw.titleIsHtml ? htmlToText(title) : collapse(title);
}

/** Description as plain text capped at ~500 characters, or undefined when empty. */
export function itemDescription(html: string | undefined): string | undefined {
  const text = html === undefined ? '' : htmlToText(html);
  return text ? capText(text) : undefined;
}

function registrable(host: string): string {
  return DOMAIN_TAIL.exec(host)?.[0] ?? host;
}

/**
 * The outlet of an item in a user's feed: its own `<source>` or dc:publisher; otherwise the feed's
 * title when the item lives on the feed's own site (a single-outlet feed), else the item's domain
 * (aggregators linking elsewhere).
 */
export function feedOutlet(raw: RawItem, url: string, meta: FeedMeta): string {
  const named = collapse(raw.sourceName ?? '') || collapse(raw.publisher ?? '');
  if (named) return named;
  const site = registrable(
    hostOf(meta.link ? (cleanUrl(meta.link, meta.feedUrl) ?? meta.feedUrl) : meta.feedUrl),
  );
  const feedTitle = htmlToText(meta.title ?? '');
  if (feedTitle && registrable(hostOf(url)) === site) return feedTitle;
  return siteName(url);
}

/** The generic mapping for any RSS/Atom/RDF/JSON feed; undefined when the item has no usable link. */
export function toCandidate(raw: RawItem, meta: FeedMeta): Candidate | undefined {
  const url = cleanUrl(raw.link, meta.feedUrl);
  if (!url) return undefined;
  const c: Candidate = { url, title: itemTitle(raw), source: meta.feedUrl };
  const outlet = feedOutlet(raw, url, meta);
  if (outlet) c.outlet = outlet;
  const published = parseDate(raw.date);
  if (published) c.published = published;
  const description = itemDescription(raw.description);
  if (description) c.description = description;
  return c;
}
