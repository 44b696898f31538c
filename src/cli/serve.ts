import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { type Config, loadConfig } from '../config/index.js';
import { yesterdayIn } from '../discover/index.js';
import { createLiveFetcher } from '../fetch/index.js';
import { runTopics } from '../pipeline/index.js';
import { DailySchedule, listen, siteHandler } from '../server/index.js';
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
/** Where `run` keeps its database when no config names one. */
const DEFAULT_DATABASE = 'daybrief.sqlite';

interface ServeFlags extends TopicFlags {
  port: string;
  host: string;
  schedule?: string | boolean;
}

function log(message: string): void {
  process.stderr.write(`${new Date().toISOString()} ${message}\n`);
}

/** Starts the daily schedule: each topic's yesterday at its time, then the site is rebuilt. */
async function startSchedule(flags: ServeFlags): Promise<{ out: string; schedule: DailySchedule }> {
  const config = await resolveConfig(flags);
  if (typeof flags.schedule === 'string') config.schedule = flags.schedule;
  const onEvent = progressPrinter(process.stderr, { quiet: true });
  const jobs = config.topics.map((topic) => ({
    name: topic.slug,
    at: config.schedule,
    timezone: topic.timezone,
    run: async () => {
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
          onEvent,
        });
        const r = reports[0];
        log(`scheduled run ${topic.slug} ${r?.date}: ${r?.stories} stories, ${r?.failed} failed`);
      } finally {
        await http.close();
        await store.close();
      }
    },
  }));
  const schedule = new DailySchedule(jobs, (job, err) =>
    log(`scheduled run ${job.name} failed: ${err instanceof Error ? err.message : String(err)}`),
  );
  schedule.start();
  for (const next of schedule.upcoming()) log(`schedule: ${next.name} next runs at ${next.at.toISOString()}`);
  return { out: config.out, schedule };
}

/** The config file when there is one (`--config`, else ./daybrief.config.json if present). */
async function optionalConfig(flags: ServeFlags): Promise<Config | undefined> {
  if (flags.config) return loadConfig(flags.config);
  if (!existsSync(DEFAULT_CONFIG)) return undefined;
  // Serving a built site needs no config, so a broken default file is reported, not fatal.
  return loadConfig(DEFAULT_CONFIG).catch((err: unknown) => {
    log(`ignoring ${DEFAULT_CONFIG}: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  });
}

/**
 * The archive to search: `--db`, else the config's database, else ./daybrief.sqlite. A SQLite file is
 * opened only when it exists, so serving a site never creates an empty database.
 */
async function openArchive(flags: ServeFlags, config: Config | undefined): Promise<Store | undefined> {
  const database = flags.db ?? config?.database ?? DEFAULT_DATABASE;
  if (!POSTGRES_URL.test(database) && !existsSync(database)) return undefined;
  return openStore(database);
}

/** The `serve` command: serves a built site, and with --schedule runs the topics every day. */
export function serveCli(): Command {
  return new Command('serve')
    .description("serve the site over HTTP; with --schedule, also build each topic's page every day")
    .option('--out <dir>', 'the site directory (default: from config, else ./site)')
    .option('--port <n>', 'port', '8080')
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .option(
      '--schedule [HH:MM]',
      "run every topic daily at this time in its time zone (default: config's, 06:00)",
    )
    .option('-c, --config <file>', 'configuration file for --schedule')
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
      const config = flags.topic ? undefined : await optionalConfig(flags);
      let out = flags.out ?? config?.out ?? 'site';
      if (flags.schedule !== undefined) out = (await startSchedule(flags)).out;
      const store = await openArchive(flags, config);
      const handler = siteHandler(out, store, { title: config?.title });
      const { url } = await listen(handler, { port: Number(flags.port), host: flags.host });
      const extra = store ? ' with search and the JSON API' : ' (static only: no database found)';
      process.stderr.write(`serving ${out}${extra} at ${url} (Ctrl+C to stop)\n`);
    });
}
