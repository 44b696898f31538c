/** discover(): one topic, one day → the candidate articles from news search and the user's feeds. */

import type { Fetcher } from '../fetch/types.js';
import type { ErrorInfo } from '../model/errors.js';
import { DaybriefError, errorInfo } from '../model/errors.js';
import type { Candidate, DayWindow, Topic } from '../model/types.js';
import { bingNewsSearchUrl } from './bing-news.js';
import { parseFeed } from './feeds.js';
import { dedupeByUrl, filterToDay, isSearchFeed } from './filter.js';
import type { PostFn } from './google-news.js';
import { googleNewsArticleId, googleNewsSearchUrl, resolveGoogleNewsLink } from './google-news.js';
import { compileQuery } from './query.js';

/** The Accept header for feed requests. */
export const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.8';
const DEFAULT_CONCURRENCY = 4;

/** Options of discover(); every field is optional. */
export interface DiscoverOptions {
  /**
   * Query Google News and Bing News with the topic's query (default true). Both feeds are licensed
   * for personal, non-commercial feed-reader use only: turn this off for public or commercial sites.
   */
  liveSearch?: boolean;
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
}

/** A source (feed URL) that failed, and why. */
export interface DiscoverFailure {
  source: string;
  error: ErrorInfo;
}

/** What discover() found: candidates of the day, and the sources that failed. */
export interface DiscoverResult {
  candidates: Candidate[];
  failures: DiscoverFailure[];
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

/** The feeds to read for a topic: search feeds for its query (when allowed), then its own feeds. */
export function discoverSources(topic: Topic, day: DayWindow, opts: DiscoverOptions = {}): string[] {
  const search =
    topic.query?.trim() && opts.liveSearch !== false
      ? [googleNewsSearchUrl(topic, day), bingNewsSearchUrl(topic, day)]
      : [];
  return [...new Set([...search, ...topic.feeds])];
}

async function readSource(
  source: string,
  topic: Topic,
  day: DayWindow,
  http: Fetcher,
  opts: DiscoverOptions,
) {
  const page = await http.fetch(source, { accept: FEED_ACCEPT });
  let cands = parseFeed(page.text, source);
  if (topic.query?.trim() && !isSearchFeed(source)) {
    const matches = compileQuery(topic.query);
    cands = cands.filter((c) => matches(`${c.title}\n${c.description ?? ''}`));
  }
  return filterToDay(cands, day, opts.now ? { now: opts.now } : {});
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
 * Discovers a topic's candidate articles for a day: fetches each source through `http` (the Google
 * News and Bing News searches for `topic.query`, when `opts.liveSearch` allows, and `topic.feeds`),
 * parses it, keeps the user's own feed items that match the query (see query.ts), filters to the
 * day (see filterToDay), resolves news-search links to publisher URLs, and removes exact duplicate
 * URLs. A failing source is recorded in `failures` and the others go on; so are Google News links
 * that cannot be resolved (one entry per feed).
 */
export async function discover(
  topic: Topic,
  day: DayWindow,
  http: Fetcher,
  opts: DiscoverOptions = {},
): Promise<DiscoverResult> {
  const perSource = await Promise.all(
    discoverSources(topic, day, opts).map(async (source): Promise<[Candidate[], DiscoverFailure[]]> => {
      try {
        const cands = await readSource(source, topic, day, http, opts);
        if (opts.resolveLinks === false) return [cands, []];
        const { kept, error } = await resolveLinks(source, cands, http, opts);
        return [kept, error ? [{ source, error: errorInfo(error, 'discover') }] : []];
      } catch (err) {
        return [[], [{ source, error: errorInfo(err, 'discover') }]];
      }
    }),
  );
  return {
    candidates: dedupeByUrl(perSource.flatMap(([cands]) => cands)),
    failures: perSource.flatMap(([, failed]) => failed),
  };
}
