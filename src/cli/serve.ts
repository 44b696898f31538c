import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import type { Settings } from '../config/resolve.js';
import { yesterdayIn } from '../discover/index.js';
import { createLiveFetcher } from '../fetch/index.js';
import { mailAfterBuild } from '../mail/index.js';
import { DaybriefError } from '../model/errors.js';
import type { Topic } from '../model/types.js';
import { type OnEvent, type RunReport, runTopics } from '../pipeline/index.js';
import {
  DailySchedule,
  DEFAULT_GRACE_MS,
  listen,
  parsePort,
  siteHandler,
  stopOnSignals,
} from '../server/index.js';
import { openStore, type Store } from '../store/index.js';
import { progressPrinter } from './progress.js';
import {
  ALLOW_HOST_FLAG,
  ALLOW_HOST_HELP,
  collectFlag,
  DEFAULT_CONFIG,
  resolveConfig,
  type TopicFlags,
} from './topic-args.js';

const POSTGRES_URL = /^postgres(ql)?:\/\//i;

interface ServeFlags extends TopicFlags {
  port: string;
  host: string;
  schedule?: string | boolean;
}

function log(message: string): void {
  process.stderr.write(`${new Date().toISOString()} ${message}\n`);
}

/** The daily email of a day just built, when the config sets one up; its trouble is logged, not thrown. */
async function mailDay(store: Store, config: Settings, slug: string, date: string): Promise<void> {
  try {
    const report = await mailAfterBuild(store, config, slug, date);
    if (report === undefined) return;
    const failed = report.error ? `; ${report.error.message} [${report.error.code}]` : '';
    log(`email ${slug} ${date}: ${report.sent} sent${failed}`);
  } catch (err) {
    log(`email ${slug} ${date} failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * One scheduled run of a topic: its yesterday with the resolved settings (news search, GDELT, allowed
 * hosts, site), then its email when one is set up.
 */
export async function scheduledRun(
  config: Settings,
  topic: Topic,
  onEvent?: OnEvent,
): Promise<RunReport | undefined> {
  const store = await openStore(config.database);
  const http = createLiveFetcher({ allowHosts: config.fetch.allowHosts });
  try {
    const dates = () => [yesterdayIn(topic.timezone)];
    const { reports } = await runTopics([topic], {
      http,
      store,
      out: config.out,
      title: config.title,
      dates,
      newsSearch: config.newsSearch,
      gdelt: config.gdelt,
      ...(onEvent ? { onEvent } : {}),
    });
    const r = reports[0];
    log(`scheduled run ${topic.slug} ${r?.date}: ${r?.stories} stories, ${r?.failed} failed`);
    if (r) await mailDay(store, config, topic.slug, r.date);
    return r;
  } finally {
    await http.close();
    await store.close();
  }
}

/** Starts the daily schedule: each topic's yesterday at its time, then the site is rebuilt. */
function startSchedule(config: Settings): DailySchedule {
  const onEvent = progressPrinter(process.stderr, { quiet: true });
  const jobs = config.topics.map((topic) => ({
    name: topic.slug,
    at: config.schedule,
    timezone: topic.timezone,
    run: async () => {
      await scheduledRun(config, topic, onEvent);
    },
  }));
  const schedule = new DailySchedule(jobs, (job, err) =>
    log(`scheduled run ${job.name} failed: ${err instanceof Error ? err.message : String(err)}`),
  );
  schedule.start();
  for (const next of schedule.upcoming()) log(`schedule: ${next.name} next runs at ${next.at.toISOString()}`);
  return schedule;
}

/**
 * The settings of `serve`, from the one resolver. Serving a built site needs no topics, so then a
 * broken default config file is reported and ignored; --schedule needs topics.
 */
export async function serveSettings(flags: ServeFlags): Promise<Settings> {
  const schedule = typeof flags.schedule === 'string' ? flags.schedule : undefined;
  const { schedule: _, ...rest } = flags;
  const scheduled = flags.schedule !== undefined;
  return resolveConfig(
    { ...rest, ...(schedule ? { schedule } : {}) },
    scheduled
      ? {}
      : { requireTopics: false, onBrokenDefault: (err) => log(`ignoring ${DEFAULT_CONFIG}: ${err.message}`) },
  );
}

/**
 * The archive to search: the resolved database. A SQLite file is opened only when it exists, so
 * serving a site never creates an empty database.
 */
async function openArchive(config: Settings): Promise<Store | undefined> {
  const database = config.database;
  if (!POSTGRES_URL.test(database) && !existsSync(database)) return undefined;
  return openStore(database);
}

const requests = (n: number) => `${n} request${n === 1 ? '' : 's'}`;

/** True when `out` holds a built site (its home page). */
function holdsSite(out: string): boolean {
  try {
    return statSync(join(out, 'index.html')).isFile();
  } catch {
    return false;
  }
}

/** Refuses to serve a folder with no site in it (a wrong --out, or nothing built yet). */
function requireSite(out: string): void {
  if (holdsSite(out)) return;
  throw new DaybriefError(
    'cli',
    'SERVE_NO_SITE',
    `there is no site in ${out} (no index.html): run \`daybrief run\` or \`daybrief demo --no-serve --out DIR\` first, or pass --out DIR`,
    { details: { out } },
  );
}

/**
 * Waits for `work` for up to `ms`; true when it finished in time. The timer does not keep the process
 * alive.
 */
async function within(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((ok) => {
    timer = setTimeout(() => ok(false), ms);
    timer.unref();
  });
  const done = await Promise.race([work.then(() => true as const), late]);
  clearTimeout(timer);
  return done;
}

/**
 * The `serve` command: serves a built site, and with --schedule runs the topics every day. On SIGTERM
 * or SIGINT it stops accepting, lets the requests in flight (and a scheduled run) finish for up to
 * `graceMs`, closes the store and exits 0; a second signal exits at once.
 */
export function serveCli(graceMs = DEFAULT_GRACE_MS): Command {
  return new Command('serve')
    .description("serve the site over HTTP; with --schedule, also build each topic's page every day")
    .option('--out <dir>', 'the site directory (default: from config, else ./site)')
    .option('--port <n>', 'port', '8080')
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .option(
      '--schedule [HH:MM]',
      "run every topic daily at this time in its time zone (default: config's, 06:00)",
    )
    .option(
      '-c, --config <file>',
      'configuration file (default: DAYBRIEF_CONFIG, else daybrief.config.json if present)',
    )
    .option('--topic <name>', 'schedule this one topic instead of the config file')
    .option('--query <q>', 'news-search query for --topic')
    .option('--feed <url>', 'feed for --topic (repeatable)', (v: string, p: string[] = []) => [...p, v])
    .option('--timezone <zone>', 'time zone for --topic', 'UTC')
    .option(ALLOW_HOST_FLAG, `${ALLOW_HOST_HELP}, for --schedule`, collectFlag)
    .option(
      '--db <file|url>',
      'SQLite file or postgres:// URL to search (default: from config, else daybrief.sqlite if present)',
    )
    .action(async (flags: ServeFlags) => {
      const port = parsePort(flags.port);
      const config = await serveSettings(flags);
      const scheduled = flags.schedule !== undefined;
      // With --schedule the first scheduled run builds the site; without, there must be one already.
      if (!scheduled) requireSite(config.out);
      const out = config.out;
      let schedule: DailySchedule | undefined;
      if (scheduled) schedule = startSchedule(config);
      if (scheduled && !holdsSite(out)) log(`no site in ${out} yet: the first scheduled run builds it`);
      let store: Store | undefined;
      let listening: Awaited<ReturnType<typeof listen>>;
      try {
        store = await openArchive(config);
        const handler = siteHandler(out, store, { title: config.title });
        listening = await listen(handler, { port, host: flags.host, log });
      } catch (err) {
        schedule?.stop();
        await store?.close();
        throw err;
      }
      const extra = store ? ' with search and the JSON API' : ' (static only: no database found)';
      process.stderr.write(`serving ${out}${extra} at ${listening.url} (Ctrl+C to stop)\n`);
      stopOnSignals(
        async (signal) => {
          const started = Date.now();
          const inFlight = listening.inFlight();
          // Closed before saying so: whoever reads the line finds the port no longer accepting.
          const closed = listening.close(graceMs);
          schedule?.stop();
          log(
            `${signal}: shutting down, waiting up to ${graceMs / 1000} s for ${requests(inFlight)} in flight`,
          );
          const { dropped } = await closed;
          if (dropped > 0) log(`cut off ${requests(dropped)} still running after ${graceMs / 1000} s`);
          const jobs = schedule?.runningJobs() ?? [];
          if (schedule && jobs.length > 0) {
            log(`waiting for the scheduled run of ${jobs.join(', ')}`);
            const left = Math.max(0, graceMs - (Date.now() - started));
            if (!(await within(schedule.idle(), left))) {
              log(`leaving the scheduled run of ${jobs.join(', ')} unfinished: the next run resumes it`);
            }
          }
          await store?.close();
          log('stopped');
        },
        { log },
      );
    });
}
