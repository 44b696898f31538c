import { Command } from 'commander';
import type { Config } from '../config/index.js';
import { checkDate, shiftDate } from '../discover/day.js';
import { yesterdayIn } from '../discover/index.js';
import type { FetchBudgets } from '../fetch/politeness.js';
import type { ErrorInfo } from '../model/errors.js';
import type { Topic } from '../model/types.js';
import { checkOutDir, type RunReport, runTopics } from '../pipeline/index.js';
import { explainPostgres } from '../store/errors.js';
import { openStore } from '../store/index.js';
import { openFetcher } from './fetcher.js';
import { checkReadableFile, checkWritableTarget, intFlag } from './flags.js';
import { progressPrinter } from './progress.js';
import {
  ALLOW_HOST_FLAG,
  ALLOW_HOST_HELP,
  collectFlag,
  resolveConfig,
  type TopicFlags,
} from './topic-args.js';

interface RunFlags extends TopicFlags {
  date?: string;
  days?: string;
  replay?: string;
  record?: string;
  newsSearch: boolean;
  robots: boolean;
  quiet?: boolean;
  json?: boolean;
  enqueue?: boolean;
  retryFailed?: boolean;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** The dates to run, oldest first: `--date D` (default yesterday in the topic's zone) and `--days N` ending there. */
function datesFor(flags: RunFlags, timezone: string): string[] {
  const end = flags.date === undefined ? yesterdayIn(timezone) : checkDate(flags.date, '--date');
  const days = flags.days ? intFlag('days', flags.days, 1, 366) : 1;
  return Array.from({ length: days }, (_, i) => shiftDate(end, i - (days - 1)));
}

function summaryLine(reports: RunReport[], pages: number, ms: number): string {
  const sum = (f: (r: RunReport) => number) => reports.reduce((n, r) => n + f(r), 0);
  const topics = new Set(reports.map((r) => r.topic)).size;
  const notSaved = sum((r) => r.storeFailed);
  const daysFailed = reports.filter((r) => r.error).length;
  return (
    `done: ${topics} topic(s), ${reports.length} day(s), ${sum((r) => r.candidates)} candidates, ` +
    `${sum((r) => r.fetched)} articles fetched, ${sum((r) => r.reused)} reused, ${sum((r) => r.failed)} failed` +
    `${notSaved ? ` (${notSaved} could not be saved)` : ''}, ` +
    `${sum((r) => r.sourceFailures.length)} source(s) failed, ${daysFailed ? `${daysFailed} day(s) failed, ` : ''}` +
    `${sum((r) => r.stories)} stories, ${pages} files written in ${(ms / 1000).toFixed(1)} s`
  );
}

/**
 * The store's failures during a run, as one closing sentence (empty when there were none): articles
 * or days the store could not save are not done, and the run says so and exits non-zero.
 */
function storeFailureLine(reports: RunReport[]): string | undefined {
  const errors: ErrorInfo[] = [
    ...reports.flatMap((r) => (r.error ? [r.error] : [])),
    ...reports.flatMap((r) => r.failures.filter((f) => f.error.stage === 'store').map((f) => f.error)),
  ];
  const first = errors[0];
  if (!first) return undefined;
  const articles = reports.reduce((n, r) => n + r.storeFailed, 0);
  const days = reports.filter((r) => r.error).length;
  const what = [articles ? `${articles} article(s)` : '', days ? `${days} day(s)` : '']
    .filter(Boolean)
    .join(' and ');
  return `daybrief: ${what} could not be saved: ${first.message}; they are retried on the next run [${first.code}]`;
}

/** `daybrief run --enqueue`: queues each topic-day on Postgres for `daybrief worker`s instead of running it. */
async function enqueueCommand(flags: RunFlags, config: Config): Promise<number> {
  const { JobQueue } = await import('../queue/pgboss.js');
  const queue = await JobQueue.open(config.database, config.queue).catch((err: unknown) => {
    throw explainPostgres(err, config.database);
  });
  let queued = 0;
  let waiting = 0;
  try {
    for (const topic of config.topics) {
      for (const date of datesFor(flags, topic.timezone)) {
        const job = { topic, date, newsSearch: flags.newsSearch ? config.newsSearch : false };
        if (await queue.enqueue(job)) queued++;
        else waiting++;
      }
    }
  } finally {
    await queue.stop();
  }
  process.stderr.write(
    `queued ${queued} topic-day(s)${waiting ? `, ${waiting} already waiting` : ''}; ` +
      'start `daybrief worker` on each machine, then `daybrief publish`\n',
  );
  return 0;
}

/**
 * `daybrief run`: the whole pipeline for each topic and day, then the site. Everything a user can get
 * wrong is checked before the first fetch: the config, the dates, the site folder, the database.
 */
export async function runCommand(flags: RunFlags): Promise<number> {
  const started = Date.now();
  const config = await resolveConfig(flags);
  const dates = new Map(config.topics.map((t) => [t.slug, datesFor(flags, t.timezone)]));
  if (flags.enqueue) return enqueueCommand(flags, config);
  if (flags.replay) await checkReadableFile('--replay', flags.replay, 'a WARC archive written by --record');
  if (flags.record) await checkWritableTarget('record', flags.record);
  await checkOutDir(config.out);
  const store = await openStore(config.database);
  let reports: RunReport[] = [];
  try {
    const http = await openFetcher({ ...flags, allowHosts: config.fetch.allowHosts });
    const onEvent = progressPrinter(process.stderr, { quiet: flags.quiet ?? false });
    try {
      const newsSearch = flags.newsSearch && !flags.replay ? config.newsSearch : false;
      const run = await runTopics(config.topics, {
        http,
        store,
        out: config.out,
        title: config.title,
        dates: (topic: Topic) => dates.get(topic.slug) ?? [],
        newsSearch,
        gdelt: config.gdelt,
        onEvent,
        retryFailed: flags.retryFailed ?? false,
        budgets: fetchBudgets(config.fetch),
      });
      reports = run.reports;
      if (flags.json) process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
      process.stderr.write(`${summaryLine(reports, run.files, Date.now() - started)}\nsite: ${config.out}\n`);
    } finally {
      await http.close();
    }
  } finally {
    await store.close().catch(() => undefined);
  }
  const storeFailure = storeFailureLine(reports);
  if (storeFailure) {
    process.stderr.write(`${storeFailure}\n`);
    return 1;
  }
  const nothing = reports.every((r) => r.candidates === 0 && r.sourceFailures.length > 0);
  return nothing ? 1 : 0;
}

/** The time limits set under `fetch` in the config (unset ones take the defaults). */
export function fetchBudgets(f: Config['fetch']): Partial<FetchBudgets> {
  const out: Partial<FetchBudgets> = {};
  if (f.requestTimeoutMs !== undefined) out.requestTimeoutMs = f.requestTimeoutMs;
  if (f.hostBudgetMs !== undefined) out.hostBudgetMs = f.hostBudgetMs;
  if (f.runDeadlineMs !== undefined) out.runDeadlineMs = f.runDeadlineMs;
  return out;
}

/** The `run` command's definition. */
export function runCli(): Command {
  return new Command('run')
    .description(
      "fetch, summarise and publish each topic's day (default: yesterday in the topic's time zone)",
    )
    .option('-c, --config <file>', 'configuration file (default: DAYBRIEF_CONFIG, else daybrief.config.json)')
    .option('--topic <name>', 'run this one topic instead of the config file')
    .option('--query <q>', 'news-search query for --topic (phrases in quotes, OR, -exclude)')
    .option('--feed <url>', 'RSS/Atom/RDF/JSON feed for --topic (repeatable)', collect)
    .option('--language <code>', 'language for --topic', 'en')
    .option('--region <code>', 'region for --topic', 'US')
    .option('--timezone <zone>', 'IANA time zone that defines the day for --topic', 'UTC')
    .option('--max <n>', 'most articles per topic-day for --topic', '1000')
    .option('--date <YYYY-MM-DD>', 'the day to run (default: yesterday)')
    .option('--days <n>', 'run this many days ending at --date', '1')
    .option('--db <file|url>', 'SQLite file or postgres:// URL (default: from config, else daybrief.sqlite)')
    .option('--out <dir>', 'site directory (default: from config, else ./site)')
    .option('--replay <file.warc.gz>', 'answer every request from this WARC archive (offline)')
    .option('--record <file.warc.gz>', 'write everything fetched to this WARC archive')
    .option(
      '--no-news-search',
      'do not query news search (GDELT, Bing News, Google News) for topics with a query',
    )
    .option('--no-robots', 'ignore robots.txt (only for archives and your own sites)')
    .option(ALLOW_HOST_FLAG, ALLOW_HOST_HELP, collectFlag)
    .option('--retry-failed', 'fetch failed articles again, permanent failures (404, not HTML…) included')
    .option('-q, --quiet', 'print only failures and the summary line')
    .option('--json', 'print the run reports as JSON on stdout')
    .option(
      '--enqueue',
      'queue the topic-days for `daybrief worker`s instead of running them (Postgres only)',
    )
    .addHelpText(
      'after',
      '\nNews search for topics with a query: GDELT DOC 2.0 and Bing News by default; Google News only\n' +
        'when "newsSearch" lists "google". Bing and Google News feeds are licensed for personal,\n' +
        'non-commercial feed-reader use only; `daybrief sources` shows what each source gives.\n',
    )
    .action(async function (this: Command) {
      const opts = this.opts<RunFlags>();
      process.exitCode = await runCommand(opts);
    });
}
