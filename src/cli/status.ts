import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { Command } from 'commander';
import { DaybriefError, isDaybriefError } from '../model/errors.js';
import { type QueueReader, type QueueStatus, queueStatus } from '../queue/status.js';
import { postgresError, redactUrl, sqliteError } from '../store/errors.js';
import { type DayStatus, dayStatus, type StatusReader } from '../store/status.js';
import { intFlag } from './flags.js';
import { resolveStoreSettings } from './publish.js';
import type { TopicFlags } from './topic-args.js';

const POSTGRES_URL = /^postgres(ql)?:\/\//i;
const NO_QUEUE =
  'no queue: on SQLite every topic-day runs in the `daybrief run` (or `serve --schedule`) process; workers need Postgres';

interface StatusFlags extends TopicFlags {
  json?: boolean;
  days: string;
}

/** What `daybrief status` reports. */
export interface StatusReport {
  database: string;
  kind: 'sqlite' | 'postgres';
  /** The pg-boss queues, or null on SQLite (see `queueNote`). */
  queue: QueueStatus | null;
  queueNote?: string;
  days: DayStatus[];
  /** Set when the database holds no daybrief tables yet. */
  storeNote?: string;
}

interface Connection {
  reader: StatusReader;
  /** Postgres only: the queue lives in the same database. */
  queue?: QueueReader;
  hasStore: boolean;
  close: () => Promise<void>;
}

/** A --db that cannot be read is a usage mistake here (exit 2): status only reads. */
function badDb(err: unknown): DaybriefError {
  if (!isDaybriefError(err)) throw err;
  return new DaybriefError('cli', err.code, err.message.replace(/^\w+: /, ''), { cause: err });
}

function openSqlite(file: string): Connection {
  if (!existsSync(file)) {
    throw new DaybriefError(
      'cli',
      'CLI_BAD_FLAG',
      `--db ${file}: no such database; give the SQLite file or postgres:// URL that \`daybrief run\` writes to`,
    );
  }
  let db: Database.Database;
  let hasStore: boolean;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    hasStore =
      db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'topic_day_articles'").get() !==
      undefined;
  } catch (err) {
    throw badDb(sqliteError(err, file));
  }
  return {
    reader: { dialect: 'sqlite', all: async (sql) => db.prepare(sql).all() as Record<string, unknown>[] },
    hasStore,
    close: async () => {
      db.close();
    },
  };
}

async function openPostgres(url: string): Promise<Connection> {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => undefined);
    throw badDb(postgresError(err, url, 'connect'));
  }
  const all = async (sql: string, params: unknown[] = []) => {
    try {
      return (await client.query(sql, params)).rows as Record<string, unknown>[];
    } catch (err) {
      throw postgresError(err, url);
    }
  };
  const [row] = await all("SELECT to_regclass('topic_day_articles') IS NOT NULL AS ok");
  return {
    reader: { dialect: 'postgres', all: (sql) => all(sql) },
    queue: { all },
    hasStore: row?.ok === true,
    close: () => client.end(),
  };
}

/** Reads the queue (Postgres) and the newest topic-days of each topic from `database`. */
export async function readStatus(database: string, opts: { days?: number } = {}): Promise<StatusReport> {
  const postgres = POSTGRES_URL.test(database);
  const conn = postgres ? await openPostgres(database) : openSqlite(database);
  try {
    const report: StatusReport = {
      database: postgres ? redactUrl(database) : database,
      kind: postgres ? 'postgres' : 'sqlite',
      queue: null,
      days: conn.hasStore ? await dayStatus(conn.reader, opts) : [],
    };
    if (!conn.hasStore) report.storeNote = 'no daybrief tables yet: nothing has run against this database';
    if (conn.queue) report.queue = await queueStatus(conn.queue);
    else report.queueNote = NO_QUEUE;
    return report;
  } finally {
    await conn.close().catch(() => undefined);
  }
}

/** Text columns (`left`, by index) left-aligned, numbers right-aligned, as `daybrief sources` prints tables. */
function table(head: string[], rows: string[][], left: ReadonlySet<number>): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (left.has(i) ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)];
}

function age(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} days`;
}

function codes(list: Array<{ code: string; count: number }>): string {
  return list.map((c) => `${c.code} ×${c.count}`).join(', ');
}

function queueLines(q: QueueStatus | null, note?: string): string[] {
  if (!q) return [`queue: ${note ?? 'none'}`];
  if (!q.installed) return [`queue (pg-boss, schema ${q.schema}): empty, nothing was ever queued`];
  const rows = q.queues.map((c) =>
    [c.name, c.waiting, c.retrying, c.active, c.failed, c.dead, c.done].map(String),
  );
  const out = [
    `queue (pg-boss, schema ${q.schema}):`,
    ...table(['QUEUE', 'WAITING', 'RETRYING', 'ACTIVE', 'FAILED', 'DEAD', 'DONE'], rows, new Set([0])),
  ];
  const o = q.oldestWaiting;
  out.push(
    o
      ? `oldest waiting: ${o.key ?? o.id} on ${o.queue}, queued ${o.queuedAt} (${age(o.ageSeconds)} ago${o.failedAttempts ? `, failed ${o.failedAttempts}×` : ''})`
      : 'oldest waiting: none',
  );
  return out;
}

function dayLines(days: DayStatus[], note?: string): string[] {
  if (note) return [`topic-days: ${note}`];
  if (days.length === 0) return ['topic-days: none yet'];
  const rows = days.map((d) => [
    d.topic,
    d.date,
    String(d.articles),
    String(d.ok),
    String(d.failed),
    String(d.pending),
    d.stories === undefined ? '-' : String(d.stories),
    d.builtAt ?? '-',
    [codes(d.failures), d.sourceFailures.length ? `sources: ${codes(d.sourceFailures)}` : '']
      .filter(Boolean)
      .join('; ') || '-',
  ]);
  return [
    'last run of each topic-day:',
    ...table(
      ['TOPIC', 'DATE', 'ARTICLES', 'OK', 'FAILED', 'PENDING', 'STORIES', 'BUILT', 'FAILURES'],
      rows,
      new Set([0, 1, 7, 8]),
    ),
  ];
}

/** The report as the human tables `daybrief status` prints. */
export function formatStatus(r: StatusReport): string {
  return [
    `database: ${r.database} (${r.kind === 'postgres' ? 'Postgres' : 'SQLite'})`,
    ...queueLines(r.queue, r.queueNote),
    ...dayLines(r.days, r.storeNote),
  ].join('\n');
}

/** `daybrief status`: the queue and the last run of each topic-day, read-only. */
export async function statusCommand(flags: StatusFlags): Promise<number> {
  const days = intFlag('days', flags.days, 1, 366);
  const settings = await resolveStoreSettings(flags);
  const report = await readStatus(settings.database, { days });
  process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatStatus(report)}\n`);
  return 0;
}

/** The `status` command's definition. */
export function statusCli(): Command {
  return new Command('status')
    .description('show the job queue (Postgres) and the last run of each topic-day; reads only')
    .option('-c, --config <file>', 'configuration file (default: DAYBRIEF_CONFIG, else daybrief.config.json)')
    .option('--db <file|url>', 'SQLite file or postgres:// URL (default: from config, else daybrief.sqlite)')
    .option('--days <n>', 'newest topic-days shown per topic', '1')
    .option('--json', 'print the report as JSON')
    .action(async function (this: Command) {
      process.exitCode = await statusCommand(this.opts<StatusFlags>());
    });
}
