import type { FetchGdeltOptions, GoogleNewsDecoderOptions, NewsSearch } from '../discover/index.js';
import { dayWindow, GoogleNewsDecoder } from '../discover/index.js';
import type { FetchBudgets } from '../fetch/politeness.js';
import type { Fetcher } from '../fetch/types.js';
import { type ErrorInfo, errorInfo } from '../model/errors.js';
import type { Topic } from '../model/types.js';
import { LocalQueue } from '../queue/index.js';
import type { Store } from '../store/store.js';
import type { OnEvent } from './events.js';
import { checkOutDir, publishSite } from './publish-site.js';
import { isStoreFailure, postThrough, type RunReport, runDay } from './run-day.js';

/** What `runTopics` needs. */
export interface RunTopicsOptions {
  http: Fetcher;
  store: Store;
  /** Site directory to republish afterwards. */
  out: string;
  /** The dates (YYYY-MM-DD, oldest first) to run for a topic. */
  dates: (topic: Topic) => string[];
  title?: string;
  newsSearch?: NewsSearch;
  gdelt?: FetchGdeltOptions;
  /** Pacing and limits of the run's Google News link decoder (tests make it instant). */
  gnews?: Omit<GoogleNewsDecoderOptions, 'post' | 'cache'>;
  onEvent?: OnEvent;
  /** Parallel article jobs per day, default 8. */
  concurrency?: number;
  /** Fetch failed articles again, permanent failures included (`--retry-failed`). */
  retryFailed?: boolean;
  /** Per-request, per-host and per-day time limits of article fetching (config `fetch`). */
  budgets?: Partial<FetchBudgets>;
}

/** The report of a day that failed as a whole. */
function failedDay(topic: Topic, date: string, err: unknown): RunReport {
  return {
    topic: topic.slug,
    date,
    candidates: 0,
    fetched: 0,
    reused: 0,
    failed: 0,
    failures: [],
    storeFailed: 0,
    permanent: 0,
    elapsedMs: 0,
    fetchElapsedMs: 0,
    sourceFailures: [],
    imageFailures: [],
    stories: 0,
    articles: 0,
    error: errorInfo(err, 'store'),
  };
}

/**
 * Runs each topic's days in turn, then rebuilds the site once. Returns the reports and files written.
 * The dates and the site folder are checked before anything is fetched (a bad date or an unwritable
 * folder throws at once). A day the store fails (disk full, database locked) is reported with its
 * `error` and the run goes on with the next; the day is run again next time.
 */
export async function runTopics(
  topics: Topic[],
  opts: RunTopicsOptions,
): Promise<{ reports: RunReport[]; files: number }> {
  const days = topics.flatMap((topic) =>
    opts.dates(topic).map((date) => ({ topic, day: dayWindow(date, topic.timezone) })),
  );
  await checkOutDir(opts.out);
  const reports: RunReport[] = [];
  const queue = new LocalQueue(opts.concurrency ?? 8);
  // One Google News decoder for the run: its pacing and its stop after repeated refusals ("sorry",
  // consent, 429) hold across topics, so a refused run does not try again for every topic.
  const gnewsDecoder = new GoogleNewsDecoder(opts.http, {
    post: postThrough(opts.http),
    cache: opts.store,
    ...opts.gnews,
  });
  for (const { topic, day } of days) {
    const deps = {
      http: opts.http,
      store: opts.store,
      queue,
      gnewsDecoder,
      newsSearch: opts.newsSearch ?? true,
      ...(opts.gdelt ? { gdelt: opts.gdelt } : {}),
      ...(opts.retryFailed ? { retryFailed: true } : {}),
      ...(opts.budgets ? { budgets: opts.budgets } : {}),
    };
    try {
      reports.push(await runDay(topic, day, opts.onEvent ? { ...deps, onEvent: opts.onEvent } : deps));
    } catch (err) {
      if (!isStoreFailure(err)) throw err;
      const report = failedDay(topic, day.date, err);
      reports.push(report);
      opts.onEvent?.({
        type: 'day-failed',
        topic: topic.slug,
        date: day.date,
        ...(report.error as ErrorInfo),
      });
    }
  }
  opts.onEvent?.({ type: 'stage', topic: '*', stage: 'publish' });
  const files = await publishSite(opts.store, opts.out, opts.title ? { title: opts.title } : {});
  return { reports, files };
}
