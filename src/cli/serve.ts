import { Command } from 'commander';
import { yesterdayIn } from '../discover/index.js';
import { createLiveFetcher } from '../fetch/index.js';
import { runTopics } from '../pipeline/index.js';
import { DailySchedule, listen, staticHandler } from '../server/index.js';
import { openStore } from '../store/index.js';
import { progressPrinter } from './progress.js';
import { resolveConfig, type TopicFlags } from './topic-args.js';

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
      const http = createLiveFetcher();
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
    .option('--db <file|url>', 'SQLite file or postgres:// URL')
    .action(async (flags: ServeFlags) => {
      let out = flags.out ?? 'site';
      if (flags.schedule !== undefined) out = (await startSchedule(flags)).out;
      const { url } = await listen(staticHandler(out), { port: Number(flags.port), host: flags.host });
      process.stderr.write(`serving ${out} at ${url} (Ctrl+C to stop)\n`);
    });
}
