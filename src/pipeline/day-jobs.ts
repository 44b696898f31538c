/**
 * A topic-day as queue jobs, for many workers on one Postgres (see docs/architecture.md):
 *
 * 1. the topic-day job discovers the day, links its candidates and gives every article that needs
 *    work a job of its own (the article's `jobId` in the store, so a URL found by two topics has
 *    one job and is fetched once), then queues the day's finish job;
 * 2. each article job fetches, extracts and summarises its article (`workArticle`, as `daybrief run`);
 * 3. the finish job looks at the day's articles: while one is pending and its job is alive it looks
 *    again later; an article whose job is gone for good (retries spent) is recorded as failed
 *    (transient: the next run retries it); then it copies covers, clusters and stores the digest.
 *
 * Every step is idempotent, so a job that runs twice (expired after a crash, retried) adds nothing:
 * articles are one row per URL key, an article job whose article is no longer pending under its id
 * does nothing, and a digest replaces the last.
 */
import { randomUUID } from 'node:crypto';
import { dayWindow, type FetchGdeltOptions, type NewsSearch } from '../discover/index.js';
import { BudgetClock, type FetchBudgets } from '../fetch/politeness.js';
import type { Fetcher } from '../fetch/types.js';
import { DaybriefError } from '../model/errors.js';
import { type ArticleJob, type FinishJob, type TopicDayJob, topicDayKey } from '../queue/jobs.js';
import { LocalQueue } from '../queue/local.js';
import type { ArticleResult, Store, StoredArticle } from '../store/store.js';
import { workArticle } from './article.js';
import type { OnEvent } from './events.js';
import { articlesToWork, copyCovers, discoverDay, publishDay, retryRank } from './run-day.js';

/** Parallel cover copies of a finish job. */
const COVER_CONCURRENCY = 8;
/** The code of an article whose job was lost for good (its retries spent): transient, retried next run. */
export const JOB_LOST = 'PIPELINE_JOB_LOST';

/** What the day's jobs need from outside. */
export interface DayJobDeps {
  http: Fetcher;
  store: Store;
  /** False turns news search off whatever the job says (e.g. when replaying an archive). */
  newsSearch?: NewsSearch;
  gdelt?: FetchGdeltOptions;
  /** Time limits of one article job's fetching (config `fetch`). */
  budgets?: Partial<FetchBudgets>;
  /** As in `runDay`; default 5. */
  maxAttempts?: number;
  /** Copy cover images; default true. */
  images?: boolean;
  onEvent?: OnEvent;
  now?: () => Date;
}

/** An article job to queue: its id is the article's job id in the store. */
export interface QueuedArticle {
  id: string;
  data: ArticleJob;
  /** Higher first: new articles before earlier failures (see retryRank). */
  priority: number;
}

/** Where an article's job stands in the queue. */
export type JobState = 'alive' | 'gone' | 'missing';

/** What the day's jobs need from the queue. */
export interface DayJobQueue {
  /** Queues article jobs under their ids; an id already queued is left as it is. */
  sendArticles(jobs: QueuedArticle[]): Promise<void>;
  /** Queues the day's finish job to start after `delayMs`; one already waiting for the day is kept. */
  sendFinish(job: FinishJob, delayMs: number): Promise<void>;
  /** alive: waiting, running or to be retried; gone: completed, failed for good or cancelled; missing: never queued (or long deleted). */
  articleJobState(id: string): Promise<JobState>;
}

/** What a topic-day job did. */
export interface DiscoverReport {
  candidates: number;
  /** Article jobs queued (or joined: another topic's job for the same URL). */
  queued: number;
  /** Articles already done (or failed for good) that need no job. */
  reused: number;
  sourceFailures: number;
}

function toQueued(row: StoredArticle, id: string): QueuedArticle {
  return { id, data: { articleId: row.id, url: row.url }, priority: 3 - retryRank(row) };
}

async function assignOneByOne(
  store: Store,
  items: Array<{ articleId: number; jobId: string; requeueFailed: boolean }>,
): Promise<Array<string | undefined>> {
  const out: Array<string | undefined> = [];
  for (const i of items) out.push(await store.assignArticleJob(i.articleId, i.jobId, i.requeueFailed));
  return out;
}

/**
 * The topic-day job: discover, link, give each article that needs work its job, queue them and
 * then the finish job. A day whose every source failed and that found nothing throws, so that the
 * queue retries it later (the outage is most likely passing).
 */
export async function runTopicDayJob(
  job: TopicDayJob,
  deps: DayJobDeps,
  queue: DayJobQueue,
): Promise<DiscoverReport> {
  const day = dayWindow(job.date, job.topic.timezone);
  const newsSearch = deps.newsSearch === false ? false : (job.newsSearch ?? deps.newsSearch ?? true);
  const { found, candidates, rows } = await discoverDay(job.topic, day, { ...deps, newsSearch });
  if (candidates === 0 && found.failures.length > 0) {
    throw new DaybriefError(
      'pipeline',
      'PIPELINE_NO_SOURCES',
      `${topicDayKey(job)}: every source failed (${found.failures.map((f) => f.error.code).join(', ')})`,
    );
  }
  const { todo } = articlesToWork(rows, deps.maxAttempts ?? 5, false);
  // The store decides, atomically, whose job each article gets: a URL another topic found first keeps its job.
  const asked = todo.map((row) => ({
    articleId: row.id,
    jobId: randomUUID(),
    requeueFailed: row.status === 'failed',
  }));
  const ids = deps.store.assignArticleJobs
    ? await deps.store.assignArticleJobs(asked)
    : await assignOneByOne(deps.store, asked);
  const jobs: QueuedArticle[] = [];
  todo.forEach((row, i) => {
    const id = ids[i];
    if (id) jobs.push(toQueued(row, id));
  });
  await queue.sendArticles(jobs);
  await queue.sendFinish({ topic: job.topic, date: job.date }, 0);
  return {
    candidates,
    queued: jobs.length,
    reused: rows.length - jobs.length,
    sourceFailures: found.failures.length,
  };
}

/** What an article job did: worked on its article, or found nothing to do (done already, or not its job). */
export type ArticleOutcome = { status: 'skipped' } | ArticleResult;

/** The same fetcher with every request also under `signal`. */
function withSignal(http: Fetcher, signal: AbortSignal): Fetcher {
  return {
    fetch: (url, opts = {}) =>
      http.fetch(url, { ...opts, signal: opts.signal ? AbortSignal.any([opts.signal, signal]) : signal }),
    close: () => http.close(),
  };
}

/** The store, refusing to save once `signal` has aborted. */
function savingUntil(store: Store, signal: AbortSignal): Store {
  return new Proxy(store, {
    get: (target, name) => {
      if (name === 'saveResult') {
        return (id: number, result: ArticleResult) => {
          signal.throwIfAborted();
          return target.saveResult(id, result);
        };
      }
      const value = Reflect.get(target, name, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function stopped(url: string): DaybriefError {
  return new DaybriefError(
    'pipeline',
    'PIPELINE_JOB_EXPIRED',
    `${url}: the queue gave this attempt up (it ran past queue.expireSeconds); nothing saved, its retry does the article`,
  );
}

/**
 * The article job `jobId`: works on its article if the article is still pending under this job,
 * else does nothing (a second run after a crash, or a job of an earlier run). A result the store
 * refuses throws, leaving the article pending, so that the queue retries the job. Once `signal`
 * aborts (the queue has given this attempt up: it ran past its expiry and is retried) its request
 * stops and nothing more is saved: the job throws, and the retry does the article. (A save begun
 * just before stands, and the retry finds the article done.)
 */
export async function runArticleJob(
  job: ArticleJob,
  jobId: string,
  deps: DayJobDeps,
  signal?: AbortSignal,
): Promise<ArticleOutcome> {
  const row = await deps.store.getArticle(job.articleId);
  if (row?.status !== 'pending' || row.jobId !== jobId) return { status: 'skipped' };
  if (signal?.aborted) throw stopped(row.url);
  const clock = new BudgetClock(deps.budgets);
  const work = signal
    ? { http: withSignal(deps.http, signal), store: savingUntil(deps.store, signal) }
    : deps;
  try {
    const result = await workArticle(row, work, clock, { recordStoreFailure: false });
    // Stopped before its result was saved (a save begun in time stands: the retry then skips).
    if (signal?.aborted && result.status === 'failed' && result.error.stage === 'store')
      throw stopped(row.url);
    if (result.status === 'failed' && result.error.stage === 'store') {
      throw new DaybriefError('store', result.error.code, `${row.url}: ${result.error.message}`);
    }
    return result;
  } finally {
    clock.close();
  }
}

/** What a finish job did. */
export type FinishOutcome =
  | { status: 'waiting'; pending: number }
  | { status: 'published'; stories: number; articles: number; lost: number };

/**
 * The pending articles of the day that still wait for a live job. Stops at the first live one (the
 * day waits anyway); an article whose job is missing is queued again under the same id, one without
 * a job gets one, and one whose job is gone for good is recorded as failed ({@link JOB_LOST}).
 */
async function settle(
  rows: StoredArticle[],
  deps: DayJobDeps,
  queue: DayJobQueue,
): Promise<{ waiting: number; lost: number }> {
  let waiting = 0;
  let lost = 0;
  for (const row of rows) {
    if (row.status !== 'pending') continue;
    const id = row.jobId ?? (await deps.store.assignArticleJob(row.id, randomUUID(), false));
    if (!id) continue;
    const state = row.jobId ? await queue.articleJobState(id) : 'missing';
    if (state === 'alive') return { waiting: waiting + 1, lost };
    if (state === 'missing') {
      await queue.sendArticles([toQueued(row, id)]);
      waiting++;
      continue;
    }
    // The job has ended: whatever it wrote is in the store now. Read the row again (the list was read
    // before the job state, and the job may have saved its result between the two).
    const fresh = await deps.store.getArticle(row.id);
    if (fresh && (fresh.status !== 'pending' || fresh.jobId !== id)) continue;
    const error = {
      stage: 'pipeline' as const,
      code: JOB_LOST,
      message: `pipeline: the job of ${row.url} ended without a result (its retries were spent); the next run tries it again`,
    };
    await deps.store.saveResult(row.id, { status: 'failed', error });
    lost++;
  }
  return { waiting, lost };
}

/**
 * The finish job: while an article of the day is pending under a live job, queues itself again
 * `pollMs` later; then copies covers, builds and stores the digest.
 */
export async function runFinishJob(
  job: FinishJob,
  deps: DayJobDeps,
  queue: DayJobQueue,
  opts: { pollMs: number },
): Promise<FinishOutcome> {
  // Where the day's articles stand, without their bodies: most looks find some still pending.
  const states = deps.store.listDayArticleStates
    ? await deps.store.listDayArticleStates(job.topic.slug, job.date)
    : await deps.store.listDayArticles(job.topic.slug, job.date);
  const { waiting, lost } = await settle(states, deps, queue);
  if (waiting > 0) {
    await queue.sendFinish({ ...job, looks: (job.looks ?? 0) + 1 }, opts.pollMs);
    return { status: 'waiting', pending: states.filter((r) => r.status === 'pending').length };
  }
  const emit = deps.onEvent ?? (() => {});
  // The day's articles, read whole once (after settle recorded the lost ones) for covers and digest.
  const rows = await deps.store.listDayArticles(job.topic.slug, job.date);
  if (deps.images !== false) {
    const clock = new BudgetClock(deps.budgets);
    try {
      await copyCovers(rows, { ...deps, queue: new LocalQueue(COVER_CONCURRENCY) }, clock, job.topic.slug);
    } finally {
      clock.close();
    }
  }
  emit({ type: 'stage', topic: job.topic.slug, stage: 'cluster' });
  const published = await publishDay(job.topic, job.date, deps, rows);
  return { status: 'published', ...published, lost };
}
