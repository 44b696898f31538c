/**
 * discover(): one topic, one day → the candidate articles from news search (GDELT and Bing News by
 * default, Google News when asked) and the user's feeds, with a report per source.
 */

import type { Fetcher } from '../fetch/types.js';
import type { ErrorInfo } from '../model/errors.js';
import { DaybriefError, errorInfo } from '../model/errors.js';
import type { Candidate, DayWindow, Topic } from '../model/types.js';
import type { FeedCache } from '../store/store.js';
import { bingNewsSearchUrl } from './bing-news.js';
import { parseFeed } from './feeds.js';
import { dedupeByUrl, filterToDay, isSearchFeed } from './filter.js';
import { type FetchGdeltOptions, fetchGdelt, gdeltSearchUrl } from './gdelt.js';
import type { PostFn } from './google-news.js';
import { googleNewsArticleId, googleNewsSearchUrl, resolveGoogleNewsLink } from './google-news.js';
import { compileQuery } from './query.js';

/** The Accept header for feed requests. */
export const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.8';
const DEFAULT_CONCURRENCY = 4;

/** A news-search engine daybrief can query with a topic's query. */
export type NewsSource = 'gdelt' | 'bing' | 'google';
/** Every news-search engine, in the order they are queried. */
export const NEWS_SOURCES: readonly NewsSource[] = ['gdelt', 'google', 'bing'];
/**
 * The engines queried when news search is on without a list: GDELT DOC 2.0 and Bing News. Google
 * News is opt-in (its feed is licensed for personal, non-commercial feed readers only).
 */
export const DEFAULT_NEWS_SOURCES: readonly NewsSource[] = ['gdelt', 'bing'];
/** `true` (the default engines), `false` (none) or a list of engines. */
export type NewsSearch = boolean | readonly NewsSource[];

/** The engines a news-search setting turns on, in query order. */
export function newsSources(setting: NewsSearch | undefined): NewsSource[] {
  if (setting === false) return [];
  const chosen = setting === undefined || setting === true ? DEFAULT_NEWS_SOURCES : setting;
  return NEWS_SOURCES.filter((s) => chosen.includes(s));
}

/** Options of discover(); every field is optional. */
export interface DiscoverOptions {
  /**
   * Which news-search engines to query with the topic's query: `true` (default: GDELT and Bing
   * News), `false` (none: only the topic's feeds) or a list such as `['gdelt', 'bing', 'google']`.
   * Bing and Google News feeds are licensed for personal, non-commercial feed-reader use only.
   */
  liveSearch?: NewsSearch;
  /** GDELT endpoint, pacing and backoff (see GdeltSettings); tests may pass a pacer and sleep. */
  gdelt?: FetchGdeltOptions;
  /** Resolve Google News links that need an online decode (default true); offline decodes always happen. */
  resolveLinks?: boolean;
  /** POST transport for Google's batchexecute decode; without it, 2024+ Google News links cannot be resolved. */
  post?: PostFn;
  /** Keep candidates whose Google News link could not be resolved, with the Google URL (default false). */
  keepUnresolved?: boolean;
  /** Parallel link resolutions (default 4); the Fetcher still applies its per-host limits. */
  concurrency?: number;
  /** Time of the run, for undated items (see filterToDay; default: now). */
  now?: Date;
  /**
   * Where the topic's own feeds are kept between runs (the store): a feed fetched before is asked
   * for with If-None-Match / If-Modified-Since, and a 304 parses the kept body again, so every
   * topic-day still sees the feed's items.
   */
  feedCache?: FeedCacheStore;
}

/** The part of the store that keeps feeds for conditional GET. */
export interface FeedCacheStore {
  getFeedCache(url: string): Promise<FeedCache | undefined>;
  saveFeedCache(feed: FeedCache): Promise<void>;
}

/**
 * Fetches a topic's own feed, conditionally when a copy is kept: a 304 gives the kept body, a new
 * answer with an ETag or Last-Modified replaces the copy. A cache that fails is not used.
 */
async function fetchFeedText(url: string, http: Fetcher, cache: FeedCacheStore | undefined): Promise<string> {
  const kept = cache ? await cache.getFeedCache(url).catch(() => undefined) : undefined;
  const page = await http.fetch(url, {
    accept: FEED_ACCEPT,
    ...(kept?.etag ? { etag: kept.etag } : {}),
    ...(kept?.lastModified ? { lastModified: kept.lastModified } : {}),
  });
  if (page.status === 304 && kept) return kept.body;
  const etag = page.headers.etag;
  const lastModified = page.headers['last-modified'];
  if (cache && (etag || lastModified) && page.status >= 200 && page.status < 300) {
    const feed: FeedCache = { url, body: page.text, fetchedAt: page.fetchedAt };
    if (etag) feed.etag = etag;
    if (lastModified) feed.lastModified = lastModified;
    await cache.saveFeedCache(feed).catch(() => undefined);
  }
  return page.text;
}

/** A source (feed URL) that failed, and why. */
export interface DiscoverFailure {
  source: string;
  error: ErrorInfo;
}

/** What kind of source a URL is: a news-search engine or one of the topic's own feeds. */
export type SourceKind = NewsSource | 'feed';

/** One source to read for a topic-day. */
export interface PlannedSource {
  kind: SourceKind;
  url: string;
}

/** What one source gave: requests made through the fetcher, items read, items kept for the day, errors. */
export interface SourceReport extends PlannedSource {
  /** Requests made for this source (the search or feed, retries, and link resolutions). */
  requests: number;
  /** Items in the answer, before the topic and day filters. */
  items: number;
  /** Items kept: on topic, within the day, with a publisher URL. */
  kept: number;
  errors: ErrorInfo[];
}

/** What discover() found: candidates of the day, the sources that failed, and what each source gave. */
export interface DiscoverResult {
  candidates: Candidate[];
  failures: DiscoverFailure[];
  sources: SourceReport[];
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

/**
 * The sources to read for a topic's day: the news-search engines that `opts.liveSearch` turns on
 * (for a topic with a query), then its own feeds; a URL listed twice is read once.
 */
export function plannedSources(topic: Topic, day: DayWindow, opts: DiscoverOptions = {}): PlannedSource[] {
  const engines = topic.query?.trim() ? newsSources(opts.liveSearch) : [];
  const search = engines.map((kind): PlannedSource => {
    if (kind === 'gdelt') return { kind, url: gdeltSearchUrl(topic, day, opts.gdelt) };
    if (kind === 'bing') return { kind, url: bingNewsSearchUrl(topic, day) };
    return { kind, url: googleNewsSearchUrl(topic, day) };
  });
  const seen = new Set<string>();
  return [...search, ...topic.feeds.map((url): PlannedSource => ({ kind: 'feed', url }))].filter((s) => {
    if (seen.has(s.url)) return false;
    seen.add(s.url);
    return true;
  });
}

/** The URLs to read for a topic: search requests for its query (when allowed), then its own feeds. */
export function discoverSources(topic: Topic, day: DayWindow, opts: DiscoverOptions = {}): string[] {
  return plannedSources(topic, day, opts).map((s) => s.url);
}

async function readSource(
  source: PlannedSource,
  topic: Topic,
  day: DayWindow,
  http: Fetcher,
  opts: DiscoverOptions,
): Promise<{ items: number; cands: Candidate[] }> {
  const dayOpts = opts.now ? { now: opts.now } : {};
  if (source.kind === 'gdelt') {
    const found = await fetchGdelt(source.url, http, opts.gdelt);
    const dated = found.filter((c) => c.published !== undefined);
    return { items: found.length, cands: filterToDay(dated, day, dayOpts) };
  }
  const text =
    source.kind === 'feed'
      ? await fetchFeedText(source.url, http, opts.feedCache)
      : (await http.fetch(source.url, { accept: FEED_ACCEPT })).text;
  const parsed = parseFeed(text, source.url);
  let cands = parsed;
  if (topic.query?.trim() && source.kind === 'feed' && !isSearchFeed(source.url)) {
    const matches = compileQuery(topic.query);
    cands = cands.filter((c) => matches(`${c.title}\n${c.description ?? ''}`));
  }
  return { items: parsed.length, cands: filterToDay(cands, day, dayOpts) };
}

/** A fetcher that counts the requests made through it. */
function counting(http: Fetcher): { http: Fetcher; count: () => number } {
  let n = 0;
  return {
    http: {
      fetch: (url, o) => {
        n++;
        return http.fetch(url, o);
      },
      close: () => http.close(),
    },
    count: () => n,
  };
}

/** Resolves the feed's remaining Google News links; returns the kept candidates and an error for the failures. */
async function resolveLinks(source: string, cands: Candidate[], http: Fetcher, opts: DiscoverOptions) {
  const errors: unknown[] = [];
  const resolved = await mapLimit(cands, opts.concurrency ?? DEFAULT_CONCURRENCY, async (c) => {
    if (!googleNewsArticleId(c.url)) return c;
    try {
      return { ...c, url: await resolveGoogleNewsLink(c.url, http, opts.post ? { post: opts.post } : {}) };
    } catch (err) {
      errors.push(err);
      return opts.keepUnresolved ? c : undefined;
    }
  });
  const kept = resolved.filter((c): c is Candidate => c !== undefined);
  if (errors.length === 0) return { kept };
  const first = errors[0] instanceof Error ? errors[0].message : String(errors[0]);
  const error = new DaybriefError(
    'discover',
    'DISCOVER_GNEWS_UNRESOLVED',
    `${errors.length} of ${cands.length} Google News links from ${source} not resolved (first: ${first})`,
  );
  return { kept, error };
}

/**
 * Discovers a topic's candidate articles for a day: fetches each source through `http` (the news
 * searches that `opts.liveSearch` turns on — by default GDELT and Bing News — for `topic.query`,
 * and `topic.feeds`), parses it, keeps the user's own feed items that match the query (see
 * query.ts), filters to the day (see filterToDay), resolves news-search links to publisher URLs, and
 * removes exact duplicate URLs. A failing source is recorded in `failures` and the others go on;
 * so are Google News links that cannot be resolved (one entry per feed). `sources` tells, per
 * source, the requests made, items read and kept, and errors.
 */
export async function discover(
  topic: Topic,
  day: DayWindow,
  http: Fetcher,
  opts: DiscoverOptions = {},
): Promise<DiscoverResult> {
  const perSource = await Promise.all(
    plannedSources(topic, day, opts).map(async (source): Promise<[Candidate[], SourceReport]> => {
      const counter = counting(http);
      const report = (items: number, kept: Candidate[], errors: ErrorInfo[]): SourceReport => ({
        ...source,
        requests: counter.count(),
        items,
        kept: kept.length,
        errors,
      });
      let items = 0;
      try {
        const read = await readSource(source, topic, day, counter.http, opts);
        items = read.items;
        if (opts.resolveLinks === false) return [read.cands, report(items, read.cands, [])];
        const { kept, error } = await resolveLinks(source.url, read.cands, counter.http, opts);
        return [kept, report(items, kept, error ? [errorInfo(error, 'discover')] : [])];
      } catch (err) {
        return [[], report(items, [], [errorInfo(err, 'discover')])];
      }
    }),
  );
  return {
    candidates: dedupeByUrl(perSource.flatMap(([cands]) => cands)),
    failures: perSource.flatMap(([, r]) => r.errors.map((error) => ({ source: r.url, error }))),
    sources: perSource.map(([, r]) => r),
  };
}
