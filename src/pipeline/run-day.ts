import { urlKey } from '../cluster/index.js';
import { discover, type FetchGdeltOptions, type NewsSearch, type PostFn } from '../discover/index.js';
import type { Fetcher } from '../fetch/types.js';
import { type ErrorInfo, errorInfo, isDaybriefError } from '../model/errors.js';
import type { DayWindow, Digest, Topic } from '../model/types.js';
import type { Queue } from '../queue/queue.js';
import type { Store, StoredArticle } from '../store/store.js';
import { processArticle } from './article.js';
import { buildDigest } from './digest.js';
import type { OnEvent } from './events.js';
import { fetchCover } from './media.js';

/** Digests read for running stories: the day itself (on a rerun) and the three before. */
const RECENT_DIGESTS = 4;

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
  /** Failed articles are retried on later runs up to this many attempts in all; default 5. */
  maxAttempts?: number;
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

function needsWork(row: StoredArticle, maxAttempts: number): boolean {
  return row.status === 'pending' || (row.status === 'failed' && row.attempts < maxAttempts);
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

/**
 * Runs one topic's day: discover, fetch + extract + summarise what is new (or failed before), fold
 * duplicates into stories and store the digest. Per-item failures are recorded and the run goes on;
 * a rerun skips what is done and adds no duplicates. An article the store cannot save counts as
 * failed (stage `store`); a digest it cannot save sets the report's `error`. A store failure before
 * any article (linking the candidates) throws.
 */
export async function runDay(topic: Topic, day: DayWindow, deps: RunDeps): Promise<RunReport> {
  const emit = deps.onEvent ?? (() => {});
  const now = deps.now ?? (() => new Date());
  const maxAttempts = deps.maxAttempts ?? 5;
  await deps.store.putTopic(topic);

  emit({ type: 'stage', topic: topic.slug, stage: 'discover' });
  const found = await discover(topic, day, deps.http, {
    liveSearch: deps.newsSearch ?? true,
    post: postThrough(deps.http),
    linkCache: deps.store,
    ...(deps.gdelt ? { gdelt: deps.gdelt } : {}),
  });
  await deps.store.saveSourceFailures(topic.slug, day.date, found.failures);
  for (const f of found.failures)
    emit({ type: 'source-failed', topic: topic.slug, source: f.source, ...f.error });

  const candidates = found.candidates.slice(0, topic.maxArticles);
  const rows: StoredArticle[] = [];
  for (const c of candidates)
    rows.push(await deps.store.linkCandidate(topic.slug, day.date, urlKey(c.url), c));
  const todo = rows.filter((r) => needsWork(r, maxAttempts));

  emit({ type: 'stage', topic: topic.slug, stage: 'fetch', total: todo.length });
  const failures: RunReport['failures'] = [];
  let done = 0;
  await deps.queue.map(todo, async (row) => {
    let result = await processArticle(row, deps.http);
    try {
      await deps.store.saveResult(row.id, result);
      if (result.status === 'ok' && result.article.image && deps.images !== false) {
        await copyCover(result.article.image, deps);
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
  return report;
}

/** A failure of the store (or a full disk): it fails an article or a day, not the whole run. */
export function isStoreFailure(err: unknown): boolean {
  return isDaybriefError(err) && (err.stage === 'store' || err.code === 'DISK_FULL');
}
