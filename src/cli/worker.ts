import { Command } from 'commander';
import { type DayJobDeps, runArticleJob, runFinishJob, runTopicDayJob } from '../pipeline/day-jobs.js';
import {
  type ArticleJob,
  type FinishJob,
  type Handlers,
  type JobContext,
  JobQueue,
  type TopicDayJob,
  topicDayKey,
} from '../queue/pgboss.js';
import { explainPostgres } from '../store/errors.js';
import { openStore, PostgresStore } from '../store/index.js';
import { openFetcher } from './fetcher.js';
import { checkReadableFile, intFlag } from './flags.js';
import { progressPrinter } from './progress.js';
import { resolveStoreSettings } from './publish.js';
import { fetchBudgets } from './run.js';
import { ALLOW_HOST_FLAG, ALLOW_HOST_HELP, collectFlag, type TopicFlags } from './topic-args.js';

interface WorkerFlags extends TopicFlags {
  replay?: string;
  concurrency: string;
  untilEmpty?: boolean;
  newsSearch: boolean;
  robots: boolean;
  quiet?: boolean;
}

/** How long Ctrl+C waits for running jobs before handing them back to the queue. */
const STOP_TIMEOUT_MS = 30_000;

type Log = (text: string) => void;

/** What each job kind's handler prints: start lines and article lines only with `--verbose`. */
function handlers(queue: JobQueue, deps: DayJobDeps, log: Log, verbose: boolean, counts: Counts): Handlers {
  const retry = (ctx: JobContext) => (ctx.retryCount > 0 ? ` (retry ${ctx.retryCount})` : '');
  const failed = (what: string, err: unknown) => {
    counts.failed++;
    log(`${what}: failed, will be retried: ${(err as Error).message}`);
    return err;
  };
  return {
    topicDay: async (job: TopicDayJob, ctx: JobContext) => {
      const key = topicDayKey(job);
      log(`${key}: discover${retry(ctx)}`);
      const r = await runTopicDayJob(job, deps, queue).catch((err: unknown) => {
        throw failed(key, err);
      });
      counts.days++;
      log(
        `${key}: ${r.candidates} candidates, ${r.queued} article job(s) queued, ${r.reused} reused` +
          `${r.sourceFailures ? `, ${r.sourceFailures} source(s) failed` : ''}`,
      );
    },
    article: async (job: ArticleJob, ctx: JobContext) => {
      const what = `article ${job.url}`;
      if (verbose) log(`${what}: start${retry(ctx)}`);
      const r = await runArticleJob(job, ctx.id, deps, ctx.signal).catch((err: unknown) => {
        throw failed(what, err);
      });
      counts.articles++;
      if (r.status === 'failed') log(`${what}: failed [${r.error.code}] ${r.error.message}`);
      else if (verbose) log(`${what}: ${r.status}`);
    },
    finish: async (job: FinishJob, ctx: JobContext) => {
      const key = topicDayKey(job);
      const started = Date.now();
      const r = await runFinishJob(job, deps, queue, {
        pollMs: queue.settings.finishPollSeconds * 1000,
      }).catch((err: unknown) => {
        throw failed(`${key}: finish`, err);
      });
      if (r.status === 'waiting') {
        if (verbose) log(`${key}: ${r.pending} article(s) pending, looking again later${retry(ctx)}`);
        return;
      }
      counts.published++;
      log(
        `${key}: published, ${r.stories} stories, ${r.articles} articles` +
          `${r.lost ? `, ${r.lost} lost (retried next run)` : ''} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    },
  };
}

interface Counts {
  days: number;
  articles: number;
  published: number;
  failed: number;
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

/** `daybrief worker`: takes topic-day, article and finish jobs from the Postgres queue until stopped. */
export async function workerCommand(flags: WorkerFlags): Promise<number> {
  const settings = await resolveStoreSettings(flags);
  const concurrency = intFlag('concurrency', flags.concurrency, 1, 64);
  if (flags.replay) await checkReadableFile('--replay', flags.replay, 'a WARC archive written by --record');
  const log: Log = (text) => process.stderr.write(`${text}\n`);
  const verbose = !(flags.quiet ?? true);
  const queue = await JobQueue.open(settings.database, {
    ...settings.queue,
    onError: (err) => log(`worker: queue error: ${err.message}`),
  }).catch((err: unknown) => {
    throw explainPostgres(err, settings.database);
  });
  const store = await openStore(settings.database).catch(async (err: unknown) => {
    await queue.stop();
    throw err;
  });
  // Every worker on the database shares the per-host spacing (a replay has none).
  const hostSlots = store instanceof PostgresStore ? store.hostSlots() : undefined;
  const http = await openFetcher({
    ...flags,
    allowHosts: settings.fetch.allowHosts,
    ...(hostSlots ? { hostSlots } : {}),
  });
  const deps: DayJobDeps = {
    http,
    store,
    newsSearch: flags.newsSearch && !flags.replay ? settings.newsSearch : false,
    // GDELT's interval, too, holds across the workers.
    gdelt: { ...settings.gdelt, ...(hostSlots ? { sharedSlots: hostSlots } : {}) },
    budgets: fetchBudgets(settings.fetch),
    onEvent: progressPrinter(process.stderr, { quiet: !verbose }),
  };
  const { signal, dispose } = stopSignal();
  const counts: Counts = { days: 0, articles: 0, published: 0, failed: 0 };
  try {
    await queue.work(handlers(queue, deps, log, verbose, counts), { concurrency });
    log(
      `worker: taking jobs from ${dbName(settings.database)}, ${concurrency} article(s) at once${flags.untilEmpty ? ' until the queue is empty' : ' (Ctrl+C to stop)'}`,
    );
    if (flags.untilEmpty) await queue.drain({ signal });
    else await new Promise((ok) => signal.addEventListener('abort', ok, { once: true }));
  } finally {
    dispose();
    await queue.stop({ timeoutMs: STOP_TIMEOUT_MS });
    await http.close();
    await store.close();
  }
  log(
    `worker: ${counts.days} topic-day(s) discovered, ${counts.articles} article job(s), ${counts.published} day(s) published, ` +
      `${counts.failed} job(s) failed; run \`daybrief publish\` to rebuild the site`,
  );
  return 0;
}

/** The `worker` command's definition. */
export function workerCli(): Command {
  return new Command('worker')
    .description(
      'run the jobs of topic-days queued by `daybrief run --enqueue` (Postgres only; start one per machine)',
    )
    .option('-c, --config <file>', 'configuration file (default: DAYBRIEF_CONFIG, else daybrief.config.json)')
    .option('--db <url>', 'postgres:// URL of the shared database (default: from config)')
    .option(
      '--concurrency <n>',
      'article jobs run at once by this worker (topic-day jobs: a quarter of it)',
      '8',
    )
    .option('--until-empty', 'exit once the queue is empty instead of waiting for more jobs')
    .option('--replay <file.warc.gz>', 'answer every request from this WARC archive (offline)')
    .option('--no-news-search', 'do not query Google News / Bing News, whatever the job says')
    .option('--no-robots', 'ignore robots.txt (only for archives and your own sites)')
    .option(ALLOW_HOST_FLAG, ALLOW_HOST_HELP, collectFlag)
    .option('-v, --verbose', 'print each article job and topic-day stage too')
    .action(async function (this: Command) {
      const opts = this.opts<WorkerFlags & { verbose?: boolean }>();
      opts.quiet = !opts.verbose;
      process.exitCode = await workerCommand(opts);
    });
}
