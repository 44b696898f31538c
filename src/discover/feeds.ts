/**
 * Feed parsing: RSS 0.9x/2.0, Atom 0.3/1.0, RDF (RSS 1.0) and JSON Feed through feedsmith, and
 * Microsoft's CDF (cdf.ts), mapped to Candidates. Google News and Bing News feeds (recognised by the feed URL's host) get their own
 * item mapping.
 */
import type { AtomFeed, JsonFeed, RdfFeed, RssFeed } from 'feedsmith';
import { parseFeed as parseAnyFeed } from 'feedsmith';
import { DaybriefError } from '../model/errors.js';
import type { Candidate } from '../model/types.js';
import { bingNewsCandidate, bingSources, isBingUrl } from './bing-news.js';
import { looksLikeCdf, readCdf } from './cdf.js';
import { googleNewsCandidate, isGoogleNewsUrl } from './google-news.js';
import type { FeedMeta, RawItem } from './items.js';
import { toCandidate } from './items.js';
import { collapse } from './text.js';
import { itemChunks, repairXml } from './xml-recover.js';

const BOM = /^\uFEFF/;
const HTTP_URL = /^https?:\/\//i;
const SNIPPET_CHARS = 40;
const HTML_TYPES = new Set(['html', 'xhtml', 'text/html', 'application/xhtml+xml']);
const NON_ARTICLE_RELS = new Set(['self', 'enclosure', 'replies', 'edit', 'via', 'related', 'license']);

type Rss = RssFeed.Feed<string>;
type Atom = AtomFeed.Feed<string>;
type Rdf = RdfFeed.Feed<string>;
type Json = JsonFeed.Feed<string>;

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function isHtmlType(type: string | undefined): boolean {
  return type !== undefined && HTML_TYPES.has(type.toLowerCase());
}

function atomTextAsHtml(t: { value?: string; type?: string } | undefined): string | undefined {
  if (t?.value === undefined) return undefined;
  return isHtmlType(t.type) ? t.value : escapeHtml(t.value);
}

function rssItem(item: NonNullable<Rss['items']>[number]): RawItem {
  const guid = item.guid;
  const permalink =
    guid?.value && guid.isPermaLink !== false && HTTP_URL.test(guid.value) ? guid.value : undefined;
  return {
    link: item.link ?? permalink ?? item.atom?.links?.[0]?.href,
    title: item.title ?? item.dc?.titles?.[0],
    titleIsHtml: true,
    description: item.description ?? item.content?.encoded ?? item.dc?.descriptions?.[0],
    date:
      item.pubDate ??
      item.dc?.dates?.[0] ??
      item.dcterms?.issued?.[0] ??
      item.atom?.published ??
      item.atom?.updated,
    sourceName: item.source?.title,
    sourceUrl: item.source?.url,
    publisher: item.dc?.publishers?.[0],
  };
}

function atomLink(links: Atom['links']): string | undefined {
  const usable = (links ?? []).filter(
    (l) => l.href && !NON_ARTICLE_RELS.has((l.rel ?? 'alternate').toLowerCase()),
  );
  const html = usable.find((l) => l.type === undefined || isHtmlType(l.type));
  return (html ?? usable[0])?.href;
}

function atomEntry(entry: NonNullable<Atom['entries']>[number]): RawItem {
  const id = entry.id;
  return {
    link: atomLink(entry.links) ?? (id && HTTP_URL.test(id) ? id : undefined),
    title: atomTextAsHtml(entry.title),
    titleIsHtml: true,
    // Read as HTML whatever the declared type: feeds often omit type="html" on escaped markup.
    description: entry.summary?.value ?? entry.content?.value,
    date: entry.published ?? entry.updated ?? entry.dc?.dates?.[0],
    sourceName: entry.source?.title?.value,
    publisher: entry.dc?.publishers?.[0],
  };
}

function rdfItem(item: NonNullable<Rdf['items']>[number]): RawItem {
  return {
    link: item.link ?? item.rdf?.about,
    title: item.title,
    titleIsHtml: true,
    description: item.description ?? item.content?.encoded ?? item.dc?.descriptions?.[0],
    date: item.dc?.dates?.[0] ?? item.dcterms?.issued?.[0] ?? item.dcterms?.modified?.[0],
    publisher: item.dc?.publishers?.[0],
  };
}

function jsonItem(item: NonNullable<Json['items']>[number]): RawItem {
  const text = item.summary ?? item.content_text;
  return {
    link: item.url ?? item.external_url,
    title: item.title,
    titleIsHtml: false,
    description: text === undefined ? item.content_html : escapeHtml(text),
    date: item.date_published ?? item.date_modified,
  };
}

/** `recovered`: the document was malformed and what it holds came out of xml-recover.ts. */
type ReadFeed = { meta: FeedMeta; items: RawItem[]; recovered?: boolean };

/**
 * feedsmith's result flattened to feed facts and raw items. Malformed XML is mended
 * (xml-recover.ts) and, if that is not enough, parsed item by item, keeping every item that parses.
 */
function readFeed(text: string, feedUrl: string): ReadFeed {
  if (looksLikeCdf(text)) {
    const cdf = readCdf(text, feedUrl);
    if (cdf) return cdf;
  }
  const json = normaliseJsonFeed(text);
  let first: ReadFeed;
  try {
    first = flatten(json ?? text, feedUrl);
  } catch (err) {
    if (json !== undefined || !(err instanceof Error) || err.name !== 'MalformedError') throw err;
    const recovered = recover(text, feedUrl);
    // Items there but none saved: the feed is broken, not empty.
    if (!recovered || (recovered.items.length === 0 && countItems(text) > 0)) throw err;
    return { ...recovered, recovered: true };
  }
  // A lenient parse can swallow items after a bad one: recover when fewer came out than went in.
  if (json !== undefined || first.items.length >= countItems(text)) return first;
  const recovered = recover(text, feedUrl);
  return recovered && recovered.items.length > first.items.length ? recovered : first;
}

/** How many item or entry elements the document opens (for the kind it has most of). */
function countItems(text: string): number {
  return itemChunks(text)?.length ?? 0;
}

/**
 * The mended document (xml-recover.ts) when it lost no item; else the items parsed one by one in
 * the feed's envelope, keeping each that parses; the better of the two. Undefined when neither
 * gives a feed.
 */
function recover(text: string, feedUrl: string): ReadFeed | undefined {
  let repaired: ReadFeed | undefined;
  try {
    repaired = flatten(repairXml(text), feedUrl);
  } catch (err) {
    if (err instanceof Error && err.name === 'ParseError') repaired = { meta: { feedUrl }, items: [] };
  }
  const chunks = itemChunks(text) ?? [];
  if (repaired && repaired.items.length >= chunks.length) return repaired;
  let meta: FeedMeta | undefined = repaired?.meta;
  const items: RawItem[] = [];
  for (const chunk of chunks) {
    try {
      const part = flatten(chunk, feedUrl);
      meta ??= part.meta;
      items.push(...part.items);
    } catch {}
  }
  if (repaired && repaired.items.length >= items.length) return repaired;
  return meta ? { meta, items } : undefined;
}

/** `"version": "1.1"`, `http://jsonfeed.org/version/1/` …: the JSON Feed 1.x version spellings. */
const JSON_FEED_VERSION = /^(?:(?:https?:\/\/)?(?:www\.)?jsonfeed\.org\/version\/?)?v?1(?:\.[01])?\/?$/i;
const JSON_FEED_CANONICAL = 'https://jsonfeed.org/version/1.1';

/**
 * A JSON document with a JSON Feed version in any spelling, re-serialised with the canonical
 * one (feedsmith knows only the URL form); undefined for anything else.
 */
function normaliseJsonFeed(text: string): string | undefined {
  const start = text.trimStart();
  if (!start.startsWith('{')) return undefined;
  let obj: unknown;
  try {
    obj = JSON.parse(start);
  } catch {
    return undefined;
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return undefined;
  const rec = obj as Record<string, unknown>;
  const key = Object.keys(rec).find((k) => k.toLowerCase() === 'version');
  const version = key === undefined ? undefined : rec[key];
  if (
    (typeof version === 'string' || typeof version === 'number') &&
    JSON_FEED_VERSION.test(String(version).trim())
  )
    return JSON.stringify({ ...rec, [key as string]: JSON_FEED_CANONICAL });
  return undefined;
}

function flatten(text: string, feedUrl: string): ReadFeed {
  const parsed = parseAnyFeed(text);
  switch (parsed.format) {
    case 'rss': {
      const f = parsed.feed;
      const items = (f.items ?? []).map(rssItem);
      return { meta: { feedUrl, title: f.title ?? f.dc?.publishers?.[0], link: f.link }, items };
    }
    case 'atom': {
      const f = parsed.feed;
      const items = (f.entries ?? []).map(atomEntry);
      return { meta: { feedUrl, title: f.title?.value, link: atomLink(f.links) }, items };
    }
    case 'rdf': {
      const f = parsed.feed;
      return { meta: { feedUrl, title: f.title, link: f.link }, items: (f.items ?? []).map(rdfItem) };
    }
    case 'json': {
      const f = parsed.feed;
      const items = (f.items ?? []).map(jsonItem);
      return { meta: { feedUrl, title: f.title, link: f.home_page_url }, items };
    }
  }
}

function badFeed(feedUrl: string, what: string, cause?: unknown): DaybriefError {
  return new DaybriefError('discover', 'DISCOVER_BAD_FEED', `bad feed ${feedUrl}: ${what}`, {
    cause,
    details: { url: feedUrl },
  });
}

function describeFailure(err: unknown, text: string): string {
  const name = err instanceof Error ? err.name : '';
  const snippet = JSON.stringify(collapse(text).slice(0, SNIPPET_CHARS));
  if (name === 'DetectError') return `not an RSS, Atom, RDF, CDF or JSON feed (starts ${snippet})`;
  if (name === 'MalformedError') {
    const cause = (err as Error).cause;
    return `malformed XML (${cause instanceof Error ? cause.message : (err as Error).message})`;
  }
  return err instanceof Error ? err.message : String(err);
}

/**
 * The feed's own facts and every item as found (before link validation and mapping), for
 * benchmarks and diagnostics. Throws like {@link parseFeed}.
 */
export function readFeedItems(text: string, feedUrl: string): { meta: FeedMeta; items: RawItem[] } {
  const body = text.replace(BOM, '');
  if (!body.trim()) throw badFeed(feedUrl, 'empty document');
  try {
    return readFeed(body, feedUrl);
  } catch (err) {
    if (err instanceof Error && err.name === 'ParseError') return { meta: { feedUrl }, items: [] };
    throw badFeed(feedUrl, describeFailure(err, body), err);
  }
}

/**
 * Parses a feed document into Candidates (see the Candidate type for each field). Items without an
 * absolute http(s) link are dropped; a recognised feed with nothing in it gives []. Throws
 * DaybriefError('discover', 'DISCOVER_BAD_FEED') naming the feed URL and the problem when the text is
 * empty, not a feed, or malformed beyond feedsmith's leniency.
 */
export function parseFeed(text: string, feedUrl: string): Candidate[] {
  const body = text.replace(BOM, '');
  if (!body.trim()) throw badFeed(feedUrl, 'empty document');
  let feed: ReadFeed;
  try {
    feed = readFeed(body, feedUrl);
  } catch (err) {
    // feedsmith's ParseError: a feed root it recognised, with nothing it knows inside — an empty feed.
    if (err instanceof Error && err.name === 'ParseError') return [];
    throw badFeed(feedUrl, describeFailure(err, body), err);
  }
  const { meta, items } = feed;
  let map: (raw: RawItem) => Candidate | undefined = (raw) => toCandidate(raw, meta);
  if (isGoogleNewsUrl(feedUrl)) map = (raw) => googleNewsCandidate(raw, meta);
  else if (isBingUrl(feedUrl)) {
    const sources = bingSources(body);
    map = (raw) => bingNewsCandidate(raw, meta, sources);
  }
  const candidates = items.map(map).filter((c): c is Candidate => c !== undefined);
  // Malformed with nothing usable saved: a broken feed to report, not an empty one.
  if (feed.recovered && candidates.length === 0 && items.length > 0)
    throw badFeed(feedUrl, 'malformed XML (no item with a link could be recovered)');
  return candidates;
}
