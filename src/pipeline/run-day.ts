import { urlKey } from '../cluster/index.js';
import {
  discover,
  type FetchGdeltOptions,
  type GoogleNewsDecoder,
  type NewsSearch,
  type PostFn,
  shiftDate,
} from '../discover/index.js';
import { FETCH_CODES, isPermanent } from '../fetch/errors.js';
import { BudgetClock, type FetchBudgets } from '../fetch/politeness.js';
import type { Fetcher } from '../fetch/types.js';
import { type ErrorInfo, errorInfo, isDaybriefError } from '../model/errors.js';
import type { DayWindow, Digest, Topic } from '../model/types.js';
import type { Queue } from '../queue/queue.js';
import type { Store, StoredArticle } from '../store/store.js';
import { hostOf, workArticle } from './article.js';
import { buildDigest } from './digest.js';
import type { OnEvent } from './events.js';
import { prepareCover } from './media.js';

/** Digests read for running stories: the day itself (on a rerun) and the three before. */
const RECENT_DIGESTS = 4;
/** Days before the run's whose articles show which sentences are an outlet's template. */
const TEMPLATE_DAYS = 3;

/** Everything a run touches from outside. */
export interface RunDeps {
  http: Fetcher;
  store: Store;
  queue: Queue;
  onEvent?: OnEvent;
  /** News-search engines for topics with a query: true (GDELT and Bing News), false or a list; default true. */
  newsSearch?: NewsSearch;
  /** GDELT endpoint and pacing. */
  gdelt?: FetchGdeltOptions;
  /**
   * The Google News link decoder, shared by every topic-day of a run so that its pacing and its
   * stop after repeated refusals hold for the whole run; default one per topic-day.
   */
  gnewsDecoder?: GoogleNewsDecoder;
  /** Fetch each cover image and make its thumbnails (pages show no other image); default true. */
  images?: boolean;
  /**
   * Articles that failed with a transient error (timeout, 5xx, a budget that ran out…) are retried on
   * later runs up to this many attempts in all; default 5. Permanent failures are not retried.
   */
  maxAttempts?: number;
  /** Fetch every failed article again, permanent failures and spent attempts included. */
  retryFailed?: boolean;
  /** Time limits of the article fetching (see BudgetClock); defaults DEFAULT_FETCH_BUDGETS. */
  budgets?: Partial<FetchBudgets>;
  now?: () => Date;
}

/** What a run of one topic-day did. */
export interface RunReport {
  topic: string;
  date: string;
  candidates: number;
  /** Fetched and extracted on this run. */
  fetched: number;
  /** Already done on an earlier run, not fetched again. */
  reused: number;
  /** Articles that failed on this run, whatever the reason (fetch, extract, or the store refusing to save them). */
  failed: number;
  failures: Array<{ url: string; error: ErrorInfo }>;
  /** Of `failed`, the articles whose result the store could not save (stage `store`): retried on the next run. */
  storeFailed: number;
  /** Of `reused`, articles that failed permanently on an earlier run and were not fetched again. */
  permanent: number;
  /** Wall time of this topic-day's run, discovery included, and of its article fetching alone. */
  elapsedMs: number;
  fetchElapsedMs: number;
  sourceFailures: Array<{ source: string; error: ErrorInfo }>;
  /**
   * Cover images that have no thumbnails after this run, and why: a fetch error (tried again on the
   * next run) or an image refused by its bytes (`IMAGE_*`, recorded). The article shows its placeholder.
   */
  imageFailures: Array<{ url: string; error: ErrorInfo }>;
  stories: number;
  articles: number;
  /**
   * Set when the day itself failed (its digest could not be built or stored, e.g. the disk is full):
   * the day has no new page and is run again on the next run.
   */
  error?: ErrorInfo;
}

/** POSTs through the fetcher, so Google News link decoding obeys the same politeness and limits. */
export function postThrough(http: Fetcher): PostFn {
  return async (url, body, headers) =>
    (await http.fetch(url, { method: 'POST', body, headers, accept: '*/*' })).text;
}

function needsWork(row: StoredArticle, maxAttempts: number, retryFailed: boolean): boolean {
  if (row.status === 'pending') return true;
  if (row.status !== 'failed') return false;
  if (retryFailed) return true;
  return !isPermanent(row.error?.code) && row.attempts < maxAttempts;
}

/**
 * The order of a run's work, so that what a budget cuts off is what costs most: new articles first,
 * then those a budget cut off before (never tried), then other failures, then those that timed out.
 */
export function retryRank(row: StoredArticle): number {
  if (row.status !== 'failed') return 0;
  const code = row.error?.code;
  if (code === FETCH_CODES.budgetExceeded || code === FETCH_CODES.deadline) return 1;
  return code === FETCH_CODES.timeout ? 3 : 2;
}

/** The same fetcher with every request under `signal` (for cover images after the articles). */
function underSignal(http: Fetcher, signal: AbortSignal, timeoutMs: number): Fetcher {
  return { fetch: (url, opts) => http.fetch(url, { ...opts, signal, timeoutMs }), close: () => http.close() };
}

/**
 * The stored digests of the days just before `date`, for running stories. The newest few are enough
 * when running today; rerunning an older day reads further.
 */
async function earlierDigests(store: Store, slug: string, date: string): Promise<Digest[]> {
  let digests = await store.listDigests(slug, RECENT_DIGESTS);
  if (digests.length === RECENT_DIGESTS && digests.every((d) => d.date >= date))
    digests = await store.listDigests(slug);
  return digests.filter((d) => d.date < date).slice(0, RECENT_DIGESTS);
}

/** The topic's stored articles of the few days before `date` (for outlets' template sentences). */
async function recentArticles(store: Store, slug: string, date: string): Promise<StoredArticle[]> {
  const days = Array.from({ length: TEMPLATE_DAYS }, (_, i) => shiftDate(date, -(i + 1)));
  return (await Promise.all(days.map((d) => store.listDayArticles(slug, d)))).flat();
}

/** What discovery of a topic-day gave: the candidates kept and their stored rows. */
export interface DiscoveredDay {
  found: Awaited<ReturnType<typeof discover>>;
  candidates: number;
  rows: StoredArticle[];
}

/**
 * Discovers a topic-day and links its candidates (at most `maxArticles`) in the store, recording
 * the sources that failed. Idempotent: a second call links nothing twice.
 */
export async function discoverDay(
  topic: Topic,
  day: DayWindow,
  deps: Pick<RunDeps, 'http' | 'store' | 'onEvent' | 'newsSearch' | 'gdelt' | 'gnewsDecoder'>,
): Promise<DiscoveredDay> {
  const emit = deps.onEvent ?? (() => {});
  await deps.store.putTopic(topic);
  emit({ type: 'stage', topic: topic.slug, stage: 'discover' });
  const found = await discover(topic, day, deps.http, {
    liveSearch: deps.newsSearch ?? true,
    post: postThrough(deps.http),
    linkCache: deps.store,
    feedCache: deps.store,
    ...(deps.gnewsDecoder ? { gnewsDecoder: deps.gnewsDecoder } : {}),
    ...(deps.gdelt ? { gdelt: deps.gdelt } : {}),
  });
  await deps.store.saveSourceFailures(topic.slug, day.date, found.failures);
  for (const f of found.failures)
    emit({ type: 'source-failed', topic: topic.slug, source: f.source, ...f.error });
  const candidates = found.candidates.slice(0, topic.maxArticles);
  const items = candidates.map((c) => ({ urlKey: urlKey(c.url), candidate: c }));
  let rows: StoredArticle[] = [];
  if (deps.store.linkCandidates) rows = await deps.store.linkCandidates(topic.slug, day.date, items);
  else
    for (const i of items)
      rows.push(await deps.store.linkCandidate(topic.slug, day.date, i.urlKey, i.candidate));
  return { found, candidates: candidates.length, rows };
}

/**
 * The rows that need work, in the order of {@link retryRank}, and how many of the others failed
 * permanently before (not fetched again).
 */
export function articlesToWork(
  rows: StoredArticle[],
  maxAttempts: number,
  retryFailed: boolean,
): { todo: StoredArticle[]; permanent: number } {
  const todo = rows
    .filter((r) => needsWork(r, maxAttempts, retryFailed))
    .map((row, i) => ({ row, i, rank: retryRank(row) }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .map(({ row }) => row);
  const permanent = rows.filter(
    (r) => r.status === 'failed' && !todo.includes(r) && isPermanent(r.error?.code),
  ).length;
  return { todo, permanent };
}

/**
 * Copies the cover images of `rows` (articles saved ok) not copied yet, in the time their hosts
 * have left on `clock`: a nicety never costs an article.
 */
export async function copyCovers(
  rows: StoredArticle[],
  deps: Pick<RunDeps, 'http' | 'store' | 'queue' | 'onEvent'>,
  clock: BudgetClock,
  topic: string,
  extra: string[] = [],
): Promise<RunReport['imageFailures']> {
  const emit = deps.onEvent ?? (() => {});
  const covers = [...extra];
  for (const r of rows) if (r.status === 'ok' && r.article?.image) covers.push(r.article.image);
  const imageFailures: RunReport['imageFailures'] = [];
  const unique = [...new Set(covers)];
  // One look for the day's covers: those with a record (thumbnails, or why none) are done already.
  // When the look fails, each cover looks for itself (and a store failure fails that cover only).
  const recorded = await deps.store.getThumbnails(unique).then(
    (found) => new Set(found.map((r) => r.url)),
    () => undefined,
  );
  await deps.queue.map(recorded ? unique.filter((url) => !recorded.has(url)) : unique, async (url) => {
    const host = hostOf(url);
    // A host out of time gets no request; what is stored already (an original without thumbnails) is still finished.
    const http = clock.stopped(host)
      ? undefined
      : underSignal(deps.http, clock.signalFor(host), clock.budgets.requestTimeoutMs);
    const outcome = await prepareCover(url, deps.store, http, {}, recorded !== undefined).catch(
      (err: unknown) => ({
        status: 'failed' as const,
        error: errorInfo(err, 'store'),
      }),
    );
    if (outcome.status !== 'failed') return;
    imageFailures.push({ url, error: outcome.error });
    emit({ type: 'image-failed', topic, url, ...outcome.error });
  });
  return imageFailures;
}

/**
 * Builds the topic-day's digest from its stored articles (duplicates folded, stories ranked,
 * running stories marked against the days before) and stores it, replacing an earlier one.
 */
export async function publishDay(
  topic: Topic,
  date: string,
  deps: Pick<RunDeps, 'store' | 'now'>,
  /** The day's articles as just read from the store, if the caller has them: not read again. */
  dayRows?: StoredArticle[],
): Promise<{ stories: number; articles: number }> {
  const now = deps.now ?? (() => new Date());
  const digest = buildDigest(
    topic,
    date,
    dayRows ?? (await deps.store.listDayArticles(topic.slug, date)),
    now().toISOString(),
    await earlierDigests(deps.store, topic.slug, date),
    await recentArticles(deps.store, topic.slug, date),
  );
  await deps.store.saveDigest(digest);
  return {
    stories: digest.stories.length,
    articles: digest.stories.reduce((n, s) => n + s.articles.length, 0),
  };
}

/**
 * Runs one topic's day: discover, fetch + extract + summarise what is new (or failed before), fold
 * duplicates into stories and store the digest. Per-item failures are recorded and the run goes on;
 * a rerun skips what is done and adds no duplicates. An article the store cannot save counts as
 * failed (stage `store`); a digest it cannot save sets the report's `error`. A store failure before
 * any article (linking the candidates) throws.
 */
export async function runDay(topic: Topic, day: DayWindow, deps: RunDeps): Promise<RunReport> {
  const started = Date.now();
  const emit = deps.onEvent ?? (() => {});
  const maxAttempts = deps.maxAttempts ?? 5;
  const { found, candidates, rows } = await discoverDay(topic, day, deps);
  const { todo, permanent } = articlesToWork(rows, maxAttempts, deps.retryFailed ?? false);

  emit({ type: 'stage', topic: topic.slug, stage: 'fetch', total: todo.length });
  const fetchStarted = Date.now();
  // One clock for the topic-day: a slow host stops at its budget while the others go on, and
  // everything stops at the deadline; what was cut off is recorded as transient and retried next run.
  const clock = new BudgetClock(deps.budgets);
  const failures: RunReport['failures'] = [];
  const covers: string[] = [];
  let done = 0;
  await deps.queue.map(todo, async (row) => {
    const result = await workArticle(row, deps, clock, { recordStoreFailure: true });
    if (result.status === 'ok' && result.article.image && deps.images !== false) {
      covers.push(result.article.image);
    }
    done++;
    if (result.status === 'failed') {
      failures.push({ url: row.url, error: result.error });
      emit({ type: 'item-failed', topic: topic.slug, url: row.url, ...result.error });
    }
    emit({ type: 'progress', topic: topic.slug, done, total: todo.length, failed: failures.length });
  });
  // Cover images after every article, in the time their hosts have left: a nicety never costs an article.
  // Articles reused from an earlier run count too: a run stopped between its articles and their
  // covers leaves the covers to this one (prepareCover skips those done, and makes the thumbnails of
  // an original stored by a run stopped before them).
  const imageFailures = deps.images !== false ? await copyCovers(rows, deps, clock, topic.slug, covers) : [];
  clock.close();
  const fetchElapsedMs = Date.now() - fetchStarted;

  emit({ type: 'stage', topic: topic.slug, stage: 'cluster' });
  const report: RunReport = {
    topic: topic.slug,
    date: day.date,
    candidates,
    fetched: todo.length - failures.length,
    reused: rows.length - todo.length,
    failed: failures.length,
    failures,
    storeFailed: failures.filter((f) => f.error.stage === 'store').length,
    permanent,
    elapsedMs: 0,
    fetchElapsedMs,
    sourceFailures: found.failures,
    imageFailures,
    stories: 0,
    articles: 0,
  };
  try {
    const published = await publishDay(topic, day.date, deps);
    report.stories = published.stories;
    report.articles = published.articles;
  } catch (err) {
    // The articles' outcomes are kept in the report; the day itself is what failed.
    if (!isStoreFailure(err)) throw err;
    report.error = errorInfo(err, 'store');
    emit({ type: 'day-failed', topic: topic.slug, date: day.date, ...report.error });
  }
  report.elapsedMs = Date.now() - started;
  return report;
}

/** A failure of the store (or a full disk): it fails an article or a day, not the whole run. */
export function isStoreFailure(err: unknown): boolean {
  return isDaybriefError(err) && (err.stage === 'store' || err.code === 'DISK_FULL');
}
