import { Command } from 'commander';
import type { Config } from '../config/index.js';
import {
  dayWindow,
  discover,
  NEWS_SOURCES,
  type NewsSource,
  type SourceReport,
  yesterdayIn,
} from '../discover/index.js';
import type { Fetcher } from '../fetch/types.js';
import { DaybriefError } from '../model/errors.js';
import type { Topic } from '../model/types.js';
import { openFetcher } from './fetcher.js';
import {
  ALLOW_HOST_FLAG,
  ALLOW_HOST_HELP,
  collectFlag,
  DEFAULT_CONFIG,
  resolveConfig,
} from './topic-args.js';

interface SourcesFlags {
  config?: string;
  topic?: string;
  date?: string;
  search?: string;
  replay?: string;
  record?: string;
  robots: boolean;
  allowHost?: string[];
  json?: boolean;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ENGINE_NAMES: Record<NewsSource, string> = {
  gdelt: 'GDELT',
  bing: 'Bing News',
  google: 'Google News',
};

/** One row of the table: a source that was read, or a news-search engine that was not. */
export interface SourceRow {
  source: string;
  kind: SourceReport['kind'];
  url?: string;
  requests?: number;
  items?: number;
  kept?: number;
  errors: Array<{ code: string; message: string }>;
  /** Why a news-search engine was not queried. */
  skipped?: string;
}

/** What `daybrief sources` found for one topic-day. */
export interface TopicSources {
  topic: string;
  date: string;
  timezone: string;
  candidates: number;
  rows: SourceRow[];
}

function badFlag(message: string): DaybriefError {
  return new DaybriefError('cli', 'CLI_BAD_FLAG', message);
}

function parseEngines(list: string): NewsSource[] {
  const names = list
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  for (const n of names) {
    if (!NEWS_SOURCES.includes(n as NewsSource))
      throw badFlag(`--search expects a comma-separated list of gdelt, bing, google; got "${n}"`);
  }
  return names as NewsSource[];
}

function pickTopics(config: Config, slug: string | undefined): Topic[] {
  if (!slug) return config.topics;
  const topic = config.topics.find((t) => t.slug === slug || t.name === slug);
  if (!topic) {
    throw new DaybriefError(
      'cli',
      'CLI_UNKNOWN_TOPIC',
      `no topic "${slug}" in the config (topics: ${config.topics.map((t) => t.slug).join(', ')})`,
    );
  }
  return [topic];
}

function feedLabel(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}${u.search}`;
  } catch {
    return url;
  }
}

function skippedReason(engine: NewsSource, topic: Topic, setting: Config['newsSearch']): string {
  if (!topic.query?.trim()) return 'not queried: the topic has no query';
  if (setting === false) return 'not queried: "newsSearch" is false';
  if (engine === 'google')
    return 'not queried: opt-in (personal, non-commercial use only): add "google" to "newsSearch" or pass --search';
  return 'not queried: not in "newsSearch"';
}

/** Discovers one topic's day and tells, per source, what it gave. */
export async function topicSources(
  topic: Topic,
  date: string,
  http: Fetcher,
  opts: { newsSearch: Config['newsSearch']; gdelt: Config['gdelt'] },
): Promise<TopicSources> {
  const day = dayWindow(date, topic.timezone);
  const post = async (url: string, body: string, headers: Record<string, string>) =>
    (await http.fetch(url, { method: 'POST', body, headers, accept: '*/*' })).text;
  const found = await discover(topic, day, http, { liveSearch: opts.newsSearch, gdelt: opts.gdelt, post });
  const rows: SourceRow[] = [];
  for (const engine of NEWS_SOURCES) {
    const report = found.sources.find((s) => s.kind === engine);
    if (!report) {
      rows.push({
        source: ENGINE_NAMES[engine],
        kind: engine,
        errors: [],
        skipped: skippedReason(engine, topic, opts.newsSearch),
      });
      continue;
    }
    rows.push(row(ENGINE_NAMES[engine], report));
  }
  for (const report of found.sources.filter((s) => s.kind === 'feed'))
    rows.push(row(`feed ${feedLabel(report.url)}`, report));
  return { topic: topic.slug, date, timezone: topic.timezone, candidates: found.candidates.length, rows };
}

function row(source: string, r: SourceReport): SourceRow {
  return {
    source,
    kind: r.kind,
    url: r.url,
    requests: r.requests,
    items: r.items,
    kept: r.kept,
    errors: r.errors.map((e) => ({ code: e.code, message: e.message })),
  };
}

function pad(cells: string[], widths: number[], right: boolean[]): string {
  return cells
    .map((c, i) => (right[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
    .join('  ')
    .trimEnd();
}

/** The plain-text table of one topic-day: a header line, one row per source, then the error messages. */
export function formatTopicSources(t: TopicSources): string {
  const head = ['SOURCE', 'REQUESTS', 'ITEMS', 'KEPT', 'ERRORS'];
  const right = [false, true, true, true, false];
  const body = t.rows.map((r) =>
    r.skipped !== undefined
      ? [r.source, '-', '-', '-', r.skipped]
      : [
          r.source,
          String(r.requests ?? 0),
          String(r.items ?? 0),
          String(r.kept ?? 0),
          r.errors.length ? r.errors.map((e) => e.code).join(', ') : '-',
        ],
  );
  const widths = head.map((h, i) =>
    Math.max(h.length, ...body.map((b) => (i === 4 ? 0 : (b[i] ?? '').length))),
  );
  const lines = [`${t.topic}  ${t.date} (${t.timezone}): ${t.candidates} candidate(s) after de-duplication`];
  lines.push(pad(head, widths, right), ...body.map((b) => pad(b, widths, right)));
  const failed = t.rows.filter((r) => r.errors.length > 0);
  if (failed.length) {
    lines.push('', 'errors:');
    for (const r of failed) for (const e of r.errors) lines.push(`  ${r.source}: [${e.code}] ${e.message}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `daybrief sources`: discovery only, per source, for each topic (or one) and a day. */
export async function sourcesCommand(flags: SourcesFlags): Promise<number> {
  if (flags.date !== undefined && !DATE.test(flags.date))
    throw badFlag(`--date expects YYYY-MM-DD, got "${flags.date}"`);
  const config = await resolveConfig({
    ...(flags.config ? { config: flags.config } : {}),
    ...(flags.allowHost ? { allowHost: flags.allowHost } : {}),
  }).catch((err: unknown) => {
    if (err instanceof DaybriefError && err.code === 'CLI_NO_TOPIC')
      throw new DaybriefError(
        'cli',
        'CLI_NO_TOPIC',
        `no topics: write ${DEFAULT_CONFIG} (see README) or pass --config FILE`,
      );
    throw err;
  });
  const topics = pickTopics(config, flags.topic);
  const newsSearch = flags.search !== undefined ? parseEngines(flags.search) : config.newsSearch;
  // A replayed archive needs no pacing: nothing reaches GDELT.
  const gdelt = flags.replay ? { ...config.gdelt, intervalMs: 0, backoffMs: 0 } : config.gdelt;
  const http = await openFetcher({
    ...(flags.replay ? { replay: flags.replay } : {}),
    ...(flags.record ? { record: flags.record } : {}),
    robots: flags.robots,
    allowHosts: config.fetch.allowHosts,
  });
  const results: TopicSources[] = [];
  try {
    for (const topic of topics) {
      const date = flags.date ?? yesterdayIn(topic.timezone);
      const result = await topicSources(topic, date, http, { newsSearch, gdelt });
      results.push(result);
      if (!flags.json) process.stdout.write(`${results.length > 1 ? '\n' : ''}${formatTopicSources(result)}`);
    }
  } finally {
    await http.close();
  }
  if (flags.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  const read = results.flatMap((r) => r.rows.filter((row) => row.skipped === undefined));
  return read.length > 0 && read.every((r) => r.errors.length > 0) ? 1 : 0;
}

/** The `sources` command's definition. */
export function sourcesCli(): Command {
  return new Command('sources')
    .description(
      'discovery only, live by default: per source (GDELT, Bing News, Google News, each feed) the requests, items, items kept for the day and errors with codes',
    )
    .option('-c, --config <file>', 'configuration file (default: DAYBRIEF_CONFIG, else daybrief.config.json)')
    .option('--topic <slug>', 'only this topic of the config (its slug or name)')
    .option('--date <YYYY-MM-DD>', "the day (default: yesterday in each topic's time zone)")
    .option(
      '--search <engines>',
      'news-search engines to try, comma-separated: gdelt,bing,google (default: the config\'s "newsSearch")',
    )
    .option('--replay <file.warc.gz>', 'answer every request from this WARC archive (offline)')
    .option('--record <file.warc.gz>', 'write everything fetched to this WARC archive')
    .option('--no-robots', 'ignore robots.txt (only for archives and your own sites)')
    .option(ALLOW_HOST_FLAG, ALLOW_HOST_HELP, collectFlag)
    .option('--json', 'print the per-source reports as JSON instead of a table')
    .addHelpText(
      'after',
      '\nNews search: GDELT DOC 2.0 (free, commercial use allowed) and Bing News are queried by default;\n' +
        'Google News is opt-in. Bing and Google News feeds are licensed for personal, non-commercial\n' +
        'feed-reader use only: operators of public or commercial sites should leave them off.\n',
    )
    .action(async function (this: Command) {
      const opts = this.opts<SourcesFlags>();
      process.exitCode = await sourcesCommand(opts);
    });
}
