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
import {
  type DecodedLinkCache,
  type DecodeOutcome,
  GoogleNewsDecoder,
  type GoogleNewsDecoderOptions,
} from './gnews-decode.js';
import type { PostFn } from './google-news.js';
import { googleNewsArticleId, googleNewsEdition, googleNewsSearchUrl } from './google-news.js';
import { findSameArticle } from './headline-match.js';
import { compileQuery } from './query.js';

/** The Accept header for feed requests. */
export const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.8';

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
  /**
   * Keep Google News items whose link could not be decoded (default true): matched by title and
   * outlet to another source's item of the day, else as a headline-only candidate. False drops them.
   */
  keepUnresolved?: boolean;
  /** Cache of decoded Google News ids (the store), so a rerun decodes nothing twice. */
  linkCache?: DecodedLinkCache;
  /** Pacing, batch size, backoff and stop rule of the Google News decoder. */
  gnews?: Omit<GoogleNewsDecoderOptions, 'post' | 'cache'>;
  /** A decoder shared by the topics of a run (its refusal count stops decoding for the whole run). */
  gnewsDecoder?: GoogleNewsDecoder;
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

function tally(errors: DaybriefError[]): string {
  const counts = new Map<string, number>();
  for (const e of errors) counts.set(e.code, (counts.get(e.code) ?? 0) + 1);
  return [...counts].map(([code, n]) => `${code} ×${n}`).join(', ');
}

/**
 * Decodes the Google News links of one source's candidates. A link that cannot be decoded keeps its
 * item: the same article among `others` (the day's items from other sources, by title and outlet),
 * else a headline-only candidate; with `keepUnresolved: false` it is dropped. One error sums up the
 * failures of the source.
 */
function applyDecodes(
  source: string,
  cands: Candidate[],
  decoded: Map<string, DecodeOutcome>,
  others: readonly Candidate[],
  opts: DiscoverOptions,
): { kept: Candidate[]; error?: DaybriefError } {
  const errors: DaybriefError[] = [];
  let matched = 0;
  let headlines = 0;
  const kept: Candidate[] = [];
  for (const c of cands) {
    const id = googleNewsArticleId(c.url);
    const outcome = id ? decoded.get(id) : undefined;
    if (!id || !outcome) {
      kept.push(c);
      continue;
    }
    if ('url' in outcome) {
      kept.push({ ...c, url: outcome.url });
      continue;
    }
    errors.push(outcome.error);
    if (opts.keepUnresolved === false) continue;
    const same = findSameArticle(c.title, { name: c.outlet, site: c.outletUrl }, others);
    if (same) {
      matched++;
      kept.push({ ...c, url: same.url });
    } else {
      headlines++;
      kept.push({ ...c, headlineOnly: true });
    }
  }
  if (errors.length === 0) return { kept };
  const withGoogle = cands.filter((c) => googleNewsArticleId(c.url)).length;
  const error = new DaybriefError(
    'discover',
    'DISCOVER_GNEWS_UNRESOLVED',
    `${errors.length} of ${withGoogle} Google News links from ${source} not resolved (${tally(errors)}; first: ${errors[0]?.message}); ${matched} matched to another source, ${headlines} kept as headlines`,
    { details: { codes: errors.map((e) => e.code) } },
  );
  return { kept, error };
}

/**
 * Discovers a topic's candidate articles for a day: fetches each source through `http` (the news
 * searches that `opts.liveSearch` turns on — by default GDELT and Bing News — for `topic.query`,
 * and `topic.feeds`), parses it, keeps the user's own feed items that match the query (see
 * query.ts), filters to the day (see filterToDay), then decodes the Google News links of every
 * source in one pass (cache first, batched, paced: see gnews-decode.ts) and removes exact duplicate
 * URLs. An undecodable Google News item is kept: as the same article from another source of the day
 * (title and outlet, see headline-match.ts) or as a headline-only candidate. A failing source is
 * recorded in `failures` and the others go on; so are undecoded Google News links (one entry per
 * source, with the codes). `sources` tells, per source, the requests made (the shared decode
 * requests are charged to the first source that needed them), items read and kept, and errors.
 */
export async function discover(
  topic: Topic,
  day: DayWindow,
  http: Fetcher,
  opts: DiscoverOptions = {},
): Promise<DiscoverResult> {
  const read = await mapLimit(
    plannedSources(topic, day, opts),
    Number.POSITIVE_INFINITY,
    async (source): Promise<{ cands: Candidate[]; report: SourceReport }> => {
      const counter = counting(http);
      let items = 0;
      const report = (kept: Candidate[], errors: ErrorInfo[]): SourceReport => ({
        ...source,
        requests: counter.count(),
        items,
        kept: kept.length,
        errors,
      });
      try {
        const r = await readSource(source, topic, day, counter.http, opts);
        items = r.items;
        return { cands: r.cands, report: report(r.cands, []) };
      } catch (err) {
        return { cands: [], report: report([], [errorInfo(err, 'discover')]) };
      }
    },
  );
  const needsDecode = (c: Candidate) => googleNewsArticleId(c.url) !== undefined;
  const ids = read.flatMap((r) =>
    r.cands.filter(needsDecode).map((c) => googleNewsArticleId(c.url) as string),
  );
  if (opts.resolveLinks !== false && ids.length > 0) {
    const decoder =
      opts.gnewsDecoder ??
      new GoogleNewsDecoder(http, {
        ...opts.gnews,
        ...(opts.post ? { post: opts.post } : {}),
        ...(opts.linkCache ? { cache: opts.linkCache } : {}),
      });
    const before = decoder.requests;
    const decoded = await decoder.decode(
      ids,
      googleNewsEdition(topic.language || 'en', topic.region || 'US'),
    );
    const spent = decoder.requests - before;
    const others = read.flatMap((r) => r.cands.filter((c) => !needsDecode(c)));
    let charged = false;
    for (const r of read) {
      if (!r.cands.some(needsDecode)) continue;
      const { kept, error } = applyDecodes(r.report.url, r.cands, decoded, others, opts);
      r.cands = kept;
      r.report.kept = kept.length;
      // The decode requests are shared; they are charged to the first source that needed them.
      if (!charged) r.report.requests += spent;
      charged = true;
      if (error) r.report.errors.push(errorInfo(error, 'discover'));
    }
  }
  return {
    candidates: dedupeByUrl(read.flatMap((r) => r.cands)),
    failures: read.flatMap((r) => r.report.errors.map((error) => ({ source: r.report.url, error }))),
    sources: read.map((r) => r.report),
  };
}
