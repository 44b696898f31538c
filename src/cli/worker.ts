import { Command } from 'commander';
import { dayWindow, type GdeltSettings, type NewsSearch } from '../discover/index.js';
import type { Fetcher } from '../fetch/types.js';
import { DaybriefError } from '../model/errors.js';
import { type OnEvent, type RunReport, runDay } from '../pipeline/index.js';
import { LocalQueue } from '../queue/index.js';
import { type JobContext, type TopicDayJob, TopicDayQueue, topicDayKey } from '../queue/pgboss.js';
import { explainPostgres } from '../store/errors.js';
import { openStore, type Store } from '../store/index.js';
import { openFetcher } from './fetcher.js';
import { checkReadableFile, intFlag } from './flags.js';
import { progressPrinter } from './progress.js';
import { resolveStoreSettings } from './publish.js';
import { ALLOW_HOST_FLAG, ALLOW_HOST_HELP, collectFlag, type TopicFlags } from './topic-args.js';

interface WorkerFlags extends TopicFlags {
  replay?: string;
  concurrency: string;
  untilEmpty?: boolean;
  newsSearch: boolean;
  robots: boolean;
  quiet?: boolean;
}

/** Parallel article fetches within one topic-day, as in `daybrief run`. */
const ARTICLE_CONCURRENCY = 8;
/** How long Ctrl+C waits for running days before handing them back to the queue. */
const STOP_TIMEOUT_MS = 30_000;

/** What a worker needs to run one topic-day job. */
export interface TopicDayDeps {
  http: Fetcher;
  store: Store;
  /** False turns news search off whatever the job says (e.g. when replaying an archive). */
  newsSearch?: NewsSearch;
  /** GDELT endpoint and pacing, from the worker's config. */
  gdelt?: GdeltSettings;
  onEvent?: OnEvent;
}

/**
 * Runs one topic-day job with `runDay`. A day whose every source failed and that found nothing
 * throws, so that the queue retries it later (the outage is most likely passing); so does a day with
 * articles the store could not save (they are done on the retry).
 */
export async function runTopicDayJob(job: TopicDayJob, deps: TopicDayDeps): Promise<RunReport> {
  const report = await runDay(job.topic, dayWindow(job.date, job.topic.timezone), {
    http: deps.http,
    store: deps.store,
    queue: new LocalQueue(ARTICLE_CONCURRENCY),
    newsSearch: deps.newsSearch === false ? false : (job.newsSearch ?? deps.newsSearch ?? true),
    ...(deps.gdelt ? { gdelt: deps.gdelt } : {}),
    ...(deps.onEvent ? { onEvent: deps.onEvent } : {}),
  });
  if (report.error) {
    throw new DaybriefError('store', report.error.code, `${topicDayKey(job)}: ${report.error.message}`);
  }
  const notSaved = report.failures.filter((f) => f.error.stage === 'store');
  const first = notSaved[0];
  if (first) {
    // The articles are pending or failed in the store: a retry of the day does them.
    throw new DaybriefError(
      'store',
      first.error.code,
      `${topicDayKey(job)}: ${notSaved.length} article(s) could not be saved (${first.error.message})`,
    );
  }
  if (report.candidates === 0 && report.sourceFailures.length > 0) {
    throw new DaybriefError(
      'pipeline',
      'PIPELINE_NO_SOURCES',
      `${topicDayKey(job)}: every source failed (${report.sourceFailures.map((f) => f.error.code).join(', ')})`,
    );
  }
  return report;
}

function doneLine(key: string, r: RunReport, ms: number): string {
  return (
    `${key}: done, ${r.candidates} candidates, ${r.fetched} fetched, ${r.reused} reused, ` +
    `${r.failed} failed, ${r.stories} stories in ${(ms / 1000).toFixed(1)} s`
  );
}

/** Host and database of a postgres:// URL, without the credentials, for the log. */
function dbName(url: string): string {
  const u = new URL(url);
  return `${u.host}${u.pathname}`;
}

/** Aborts on the first Ctrl+C (or SIGTERM); a second one exits at once. */
function stopSignal(): { signal: AbortSignal; dispose: () => void } {
  const ctl = new AbortController();
  const onSignal = () => {
    if (ctl.signal.aborted) process.exit(130);
    process.stderr.write('worker: stopping after the running days (Ctrl+C again to quit now)\n');
    ctl.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: ctl.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/** `daybrief worker`: takes topic-day jobs from the Postgres queue and runs them until stopped. */
export async function workerCommand(flags: WorkerFlags): Promise<number> {
  const settings = await resolveStoreSettings(flags);
  const concurrency = intFlag('concurrency', flags.concurrency, 1, 64);
  if (flags.replay) await checkReadableFile('--replay', flags.replay, 'a WARC archive written by --record');
  const log = (text: string) => process.stderr.write(`${text}\n`);
  const queue = await TopicDayQueue.open(settings.database, {
    onError: (err) => log(`worker: queue error: ${err.message}`),
  }).catch((err: unknown) => {
    throw explainPostgres(err, settings.database);
  });
  const store = await openStore(settings.database).catch(async (err: unknown) => {
    await queue.stop();
    throw err;
  });
  const http = await openFetcher({ ...flags, allowHosts: settings.fetch.allowHosts });
  const onEvent = progressPrinter(process.stderr, { quiet: flags.quiet ?? true });
  const deps = {
    http,
    store,
    newsSearch: flags.newsSearch && !flags.replay ? settings.newsSearch : false,
    gdelt: settings.gdelt,
    onEvent,
  };
  const { signal, dispose } = stopSignal();
  let done = 0;
  let failed = 0;
  try {
    await queue.work(
      async (job: TopicDayJob, ctx: JobContext) => {
        const key = topicDayKey(job);
        const started = Date.now();
        log(`${key}: start${ctx.retryCount > 0 ? ` (retry ${ctx.retryCount})` : ''}`);
        try {
          const report = await runTopicDayJob(job, deps);
          done++;
          log(doneLine(key, report, Date.now() - started));
        } catch (err) {
          failed++;
          log(`${key}: failed, will be retried: ${(err as Error).message}`);
          throw err;
        }
      },
      { concurrency },
    );
    log(
      `worker: taking topic-day jobs from ${dbName(settings.database)}, ${concurrency} at once${flags.untilEmpty ? ' until the queue is empty' : ' (Ctrl+C to stop)'}`,
    );
    if (flags.untilEmpty) await queue.drain({ signal });
    else await new Promise((ok) => signal.addEventListener('abort', ok, { once: true }));
  } finally {
    dispose();
    await queue.stop({ timeoutMs: STOP_TIMEOUT_MS });
    await http.close();
    await store.close();
  }
  log(`worker: ${done} topic-day(s) done, ${failed} failed; run \`daybrief publish\` to rebuild the site`);
  return 0;
}

/** The `worker` command's definition. */
export function workerCli(): Command {
  return new Command('worker')
    .description(
      'run topic-day jobs queued by `daybrief run --enqueue` (Postgres only; start one per machine)',
    )
    .option('-c, --config <file>', 'configuration file (default: DAYBRIEF_CONFIG, else daybrief.config.json)')
    .option('--db <url>', 'postgres:// URL of the shared database (default: from config)')
    .option('--concurrency <n>', 'topic-days run at once by this worker', '2')
    .option('--until-empty', 'exit once the queue is empty instead of waiting for more jobs')
    .option('--replay <file.warc.gz>', 'answer every request from this WARC archive (offline)')
    .option('--no-news-search', 'do not query Google News / Bing News, whatever the job says')
    .option('--no-robots', 'ignore robots.txt (only for archives and your own sites)')
    .option(ALLOW_HOST_FLAG, ALLOW_HOST_HELP, collectFlag)
    .option('-v, --verbose', 'print each topic-day stage and fetch progress too')
    .action(async function (this: Command) {
      const opts = this.opts<WorkerFlags & { verbose?: boolean }>();
      opts.quiet = !opts.verbose;
      process.exitCode = await workerCommand(opts);
    });
}
