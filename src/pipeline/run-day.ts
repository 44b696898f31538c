import { urlKey } from '../cluster/index.js';
import {
  discover,
  type FetchGdeltOptions,
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
import { hostOf, processArticle } from './article.js';
import { buildDigest } from './digest.js';
import type { OnEvent } from './events.js';
import { fetchCover } from './media.js';

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
  /** Keep a local copy of each cover image so pages need not hotlink outlets; default true. */
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
  stories: number;
  articles: number;
  /**
   * Set when the day itself failed (its digest could not be built or stored, e.g. the disk is full):
   * the day has no new page and is run again on the next run.
   */
  error?: ErrorInfo;
}

/** POSTs through the fetcher, so Google News link decoding obeys the same politeness and limits. */
function postThrough(http: Fetcher): PostFn {
  return async (url, body, headers) =>
    (await http.fetch(url, { method: 'POST', body, headers, accept: '*/*' })).text;
}

async function copyCover(url: string, deps: RunDeps): Promise<void> {
  if ((await deps.store.getMedia([url])).length > 0) return;
  const media = await fetchCover(url, deps.http);
  if (media) await deps.store.saveMedia(media);
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
function retryRank(row: StoredArticle): number {
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
  const now = deps.now ?? (() => new Date());
  const maxAttempts = deps.maxAttempts ?? 5;
  await deps.store.putTopic(topic);

  emit({ type: 'stage', topic: topic.slug, stage: 'discover' });
  const found = await discover(topic, day, deps.http, {
    liveSearch: deps.newsSearch ?? true,
    post: postThrough(deps.http),
    linkCache: deps.store,
    feedCache: deps.store,
    ...(deps.gdelt ? { gdelt: deps.gdelt } : {}),
  });
  await deps.store.saveSourceFailures(topic.slug, day.date, found.failures);
  for (const f of found.failures)
    emit({ type: 'source-failed', topic: topic.slug, source: f.source, ...f.error });

  const candidates = found.candidates.slice(0, topic.maxArticles);
  const rows: StoredArticle[] = [];
  for (const c of candidates)
    rows.push(await deps.store.linkCandidate(topic.slug, day.date, urlKey(c.url), c));
  const todo = rows
    .filter((r) => needsWork(r, maxAttempts, deps.retryFailed ?? false))
    .map((row, i) => ({ row, i, rank: retryRank(row) }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .map(({ row }) => row);
  const permanent = rows.filter(
    (r) => r.status === 'failed' && !todo.includes(r) && isPermanent(r.error?.code),
  ).length;

  emit({ type: 'stage', topic: topic.slug, stage: 'fetch', total: todo.length });
  const fetchStarted = Date.now();
  // One clock for the topic-day: a slow host stops at its budget while the others go on, and
  // everything stops at the deadline; what was cut off is recorded as transient and retried next run.
  const clock = new BudgetClock(deps.budgets);
  const failures: RunReport['failures'] = [];
  const covers: string[] = [];
  let done = 0;
  await deps.queue.map(todo, async (row) => {
    let result = await processArticle(row, deps.http, clock);
    try {
      await deps.store.saveResult(row.id, result);
      if (result.status === 'ok' && result.article.image && deps.images !== false) {
        covers.push(result.article.image);
      }
    } catch (err) {
      // The store refused the result (disk full, locked, gone): the article fails visibly, and is
      // recorded as failed when the store still takes that, so the next run tries it again.
      result = { status: 'failed', error: errorInfo(err, 'store') };
      await deps.store.saveResult(row.id, result).catch(() => undefined);
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
  // covers leaves the covers to this one (copyCover skips those already stored).
  if (deps.images !== false) {
    for (const r of rows) if (r.status === 'ok' && r.article?.image) covers.push(r.article.image);
  }
  await deps.queue.map([...new Set(covers)], async (url) => {
    if (clock.stopped(hostOf(url))) return;
    await copyCover(url, {
      ...deps,
      http: underSignal(deps.http, clock.signalFor(hostOf(url)), clock.budgets.requestTimeoutMs),
    }).catch(() => undefined);
  });
  clock.close();
  const fetchElapsedMs = Date.now() - fetchStarted;

  emit({ type: 'stage', topic: topic.slug, stage: 'cluster' });
  const report: RunReport = {
    topic: topic.slug,
    date: day.date,
    candidates: candidates.length,
    fetched: todo.length - failures.length,
    reused: rows.length - todo.length,
    failed: failures.length,
    failures,
    storeFailed: failures.filter((f) => f.error.stage === 'store').length,
    permanent,
    elapsedMs: 0,
    fetchElapsedMs,
    sourceFailures: found.failures,
    stories: 0,
    articles: 0,
  };
  try {
    const digest = buildDigest(
      topic,
      day.date,
      await deps.store.listDayArticles(topic.slug, day.date),
      now().toISOString(),
      await earlierDigests(deps.store, topic.slug, day.date),
      await recentArticles(deps.store, topic.slug, day.date),
    );
    await deps.store.saveDigest(digest);
    report.stories = digest.stories.length;
    report.articles = digest.stories.reduce((n, s) => n + s.articles.length, 0);
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
