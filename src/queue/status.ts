/**
 * The pg-boss queues as `daybrief status` shows them, read-only, straight from pg-boss's tables
 * (so it works for every queue daybrief creates, whatever its jobs are). pg-boss 10's states map to:
 * waiting = created + retry (a failed job waiting for its next attempt, also counted apart as
 * `retrying`), active, failed (its retries used up: it will not run again unless queued anew),
 * dead = cancelled, done = completed (until pg-boss archives them).
 */
import { DaybriefError } from '../model/errors.js';

const SCHEMA = /^[a-z_][a-z0-9_]*$/;

/** Runs one read-only query with parameters on Postgres. */
export interface QueueReader {
  all(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
}

/** One queue's jobs by state. */
export interface QueueCounts {
  name: string;
  waiting: number;
  /** Of `waiting`, jobs that failed and wait for a retry. */
  retrying: number;
  active: number;
  failed: number;
  dead: number;
  done: number;
}

/** The job that has waited longest. */
export interface OldestJob {
  queue: string;
  id: string;
  /** ISO 8601: when it was queued. */
  queuedAt: string;
  /** Seconds since then. */
  ageSeconds: number;
  /** `topic:date` when the job names a topic and a date. */
  key?: string;
  /** Attempts that failed so far (0 for a job never tried). */
  failedAttempts: number;
}

export interface QueueStatus {
  /** pg-boss's schema. */
  schema: string;
  /** False when nothing was ever queued there (pg-boss's tables do not exist yet). */
  installed: boolean;
  queues: QueueCounts[];
  oldestWaiting?: OldestJob;
}

function emptyCounts(name: string): QueueCounts {
  return { name, waiting: 0, retrying: 0, active: 0, failed: 0, dead: 0, done: 0 };
}

function add(c: QueueCounts, state: string, n: number): void {
  if (state === 'created') c.waiting += n;
  else if (state === 'retry') {
    c.waiting += n;
    c.retrying += n;
  } else if (state === 'active') c.active += n;
  else if (state === 'failed') c.failed += n;
  else if (state === 'cancelled') c.dead += n;
  else if (state === 'completed') c.done += n;
}

/** `topic-slug:YYYY-MM-DD` of a job's data, when it has a topic and a date. */
function jobKey(data: unknown): string | undefined {
  const d = data as { topic?: { slug?: unknown }; date?: unknown } | null;
  return typeof d?.topic?.slug === 'string' && typeof d.date === 'string'
    ? `${d.topic.slug}:${d.date}`
    : undefined;
}

/** The queues in pg-boss's `schema` (default `pgboss`), their jobs by state, and the oldest waiting job. */
export async function queueStatus(
  reader: QueueReader,
  opts: { schema?: string; now?: Date } = {},
): Promise<QueueStatus> {
  const schema = opts.schema ?? 'pgboss';
  if (!SCHEMA.test(schema)) {
    throw new DaybriefError(
      'cli',
      'CLI_BAD_FLAG',
      `"${schema}" is not a schema name; use letters, digits and _`,
    );
  }
  const [exists] = await reader.all('SELECT to_regclass($1) IS NOT NULL AS ok', [`${schema}.job`]);
  if (!exists?.ok) return { schema, installed: false, queues: [] };
  // One after another: the reader may be a single connection.
  const queues = await reader.all(`SELECT name FROM ${schema}.queue ORDER BY name`);
  const states = await reader.all(
    `SELECT name, state::text AS state, count(*)::int AS n FROM ${schema}.job GROUP BY name, state`,
  );
  const oldest = await reader.all(
    `SELECT id::text AS id, name, data, created_on, state::text AS state, retry_count FROM ${schema}.job
     WHERE state IN ('created', 'retry') ORDER BY created_on, id LIMIT 1`,
  );

  const byName = new Map<string, QueueCounts>();
  for (const q of queues) byName.set(String(q.name), emptyCounts(String(q.name)));
  for (const s of states) {
    const name = String(s.name);
    const c = byName.get(name) ?? emptyCounts(name);
    byName.set(name, c);
    add(c, String(s.state), Number(s.n));
  }
  const status: QueueStatus = {
    schema,
    installed: true,
    queues: [...byName.values()].sort((a, b) => a.name.localeCompare(b.name)),
  };
  const o = oldest[0];
  if (o) {
    const queued = o.created_on instanceof Date ? o.created_on : new Date(String(o.created_on));
    const now = opts.now ?? new Date();
    status.oldestWaiting = {
      queue: String(o.name),
      id: String(o.id),
      queuedAt: queued.toISOString(),
      ageSeconds: Math.max(0, Math.round((now.getTime() - queued.getTime()) / 1000)),
      // pg-boss counts a retry when it starts: a job waiting in `retry` has failed once more.
      failedAttempts: Number(o.retry_count ?? 0) + (o.state === 'retry' ? 1 : 0),
    };
    const k = jobKey(o.data);
    if (k) status.oldestWaiting.key = k;
  }
  return status;
}
