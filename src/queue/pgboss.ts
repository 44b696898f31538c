import PgBoss from 'pg-boss';
import type { NewsSearch } from '../discover/discover.js';
import { DaybriefError } from '../model/errors.js';
import type { Topic } from '../model/types.js';

const POSTGRES_URL = /^postgres(ql)?:\/\//i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** The pg-boss queue that holds topic-day jobs. */
const QUEUE_NAME = 'daybrief-topic-day';
/** A topic-day is a few minutes of polite fetching; one that outlives this is presumed dead and retried. */
const EXPIRE_SECONDS = 4 * 60 * 60;
const DRAIN_POLL_MS = 1000;

/** One unit of distributed work: a topic's day. The topic travels with the job, so workers need no config of topics. */
export interface TopicDayJob {
  topic: Topic;
  /** YYYY-MM-DD in the topic's time zone. */
  date: string;
  /** Query news search for this day; the worker may still turn it off (e.g. replaying an archive). Default true. */
  newsSearch?: NewsSearch;
}

/** Options of {@link TopicDayQueue.open}. */
export interface TopicDayQueueOptions {
  /** Schema that holds pg-boss's tables, default `pgboss`. */
  schema?: string;
  /** Retries of a failed topic-day after the first attempt, default 3. */
  retryLimit?: number;
  /** Seconds before the first retry, doubling (with jitter) each time; default 60. */
  retryDelaySeconds?: number;
  /** How often an idle worker looks for jobs, default 2 s (pg-boss allows 0.5 s at least). */
  pollingIntervalSeconds?: number;
  /** Connections in pg-boss's pool, default 4. */
  max?: number;
  /** pg-boss's own errors (lost connection, failed poll); default: ignored, pg-boss keeps polling. */
  onError?: (err: Error) => void;
}

/** Options of {@link TopicDayQueue.work}. */
export interface WorkOptions {
  /** Topic-days run at once by this process, default 1. */
  concurrency?: number;
}

/** What a job handler sees besides the job: which attempt this is (0 on the first). */
export interface JobContext {
  id: string;
  retryCount: number;
}

/** The singleton key: the same topic-day is never pending twice. */
export function topicDayKey(job: Pick<TopicDayJob, 'topic' | 'date'>): string {
  return `${job.topic.slug}:${job.date}`;
}

/** Throws unless `database` is a postgres:// URL: the queue lives in the store's database. */
export function requirePostgres(database: string): string {
  if (!POSTGRES_URL.test(database)) {
    throw new DaybriefError(
      'pipeline',
      'PIPELINE_NEEDS_POSTGRES',
      `scale-out needs Postgres: pass --db postgres://user@host:5432/db or set "database" to a postgres:// URL (got "${database}")`,
    );
  }
  return database;
}

function checkJob(data: unknown): TopicDayJob {
  const job = data as Partial<TopicDayJob> | null;
  if (!job || typeof job.topic?.slug !== 'string' || typeof job.date !== 'string' || !DATE.test(job.date)) {
    throw new DaybriefError('pipeline', 'PIPELINE_BAD_JOB', `not a topic-day job: ${JSON.stringify(data)}`);
  }
  return job as TopicDayJob;
}

/**
 * Topic-day jobs on Postgres through pg-boss: any number of processes on any number of machines
 * enqueue and work the same queue; each job is taken by one worker at a time, a failed (or
 * expired) job is retried with exponential backoff, and a topic-day is never queued twice while
 * it waits. Running a day again is safe because `runDay` is idempotent.
 */
export class TopicDayQueue {
  #inFlight = 0;
  /** Jobs whose handler has returned but whose outcome pg-boss may not have written yet. */
  #settling = new Set<string>();

  private constructor(private readonly boss: PgBoss) {}

  /** Connects, installs or migrates pg-boss's schema and creates the queue if needed. */
  static async open(database: string, opts: TopicDayQueueOptions = {}): Promise<TopicDayQueue> {
    const boss = new PgBoss({
      connectionString: requirePostgres(database),
      schema: opts.schema ?? 'pgboss',
      max: opts.max ?? 4,
      application_name: 'daybrief',
      pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 2,
      schedule: false,
    });
    boss.on('error', opts.onError ?? (() => {}));
    try {
      await boss.start();
      await boss.createQueue(QUEUE_NAME, {
        name: QUEUE_NAME,
        // 'short': at most one *waiting* job per key; a day re-enqueued while it runs is queued once more.
        policy: 'short',
        retryLimit: opts.retryLimit ?? 3,
        retryDelay: opts.retryDelaySeconds ?? 60,
        retryBackoff: true,
        expireInSeconds: EXPIRE_SECONDS,
      });
    } catch (err) {
      await boss.stop({ graceful: false }).catch(() => {});
      throw new DaybriefError(
        'pipeline',
        'PIPELINE_QUEUE_UNAVAILABLE',
        `cannot open the job queue on Postgres: ${(err as Error).message}`,
        { cause: err },
      );
    }
    return new TopicDayQueue(boss);
  }

  /** Queues one topic-day; false when the same topic-day is already waiting. */
  async enqueue(job: TopicDayJob): Promise<boolean> {
    const id = await this.boss.send(QUEUE_NAME, job, { singletonKey: topicDayKey(job) });
    return id !== null;
  }

  /** Jobs waiting to run (new, or failed and waiting for a retry); running ones are not counted. */
  pending(): Promise<number> {
    return this.boss.getQueueSize(QUEUE_NAME);
  }

  /** Topic-days this process is running now. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /**
   * Runs `handler` for each job this process takes, `concurrency` at once. A handler that throws
   * fails the job, which pg-boss retries after a backoff (on whichever worker polls first).
   */
  async work(
    handler: (job: TopicDayJob, ctx: JobContext) => Promise<unknown>,
    opts: WorkOptions = {},
  ): Promise<void> {
    const run = async ([job]: PgBoss.JobWithMetadata<unknown>[]) => {
      if (!job) return;
      this.#inFlight++;
      try {
        await handler(checkJob(job.data), { id: job.id, retryCount: job.retryCount });
      } finally {
        this.#settling.add(job.id);
        this.#inFlight--;
      }
    };
    // pg-boss 10 has no team size: each work() is one polling loop that takes one job at a time.
    for (let i = 0; i < Math.max(1, opts.concurrency ?? 1); i++) {
      await this.boss.work(QUEUE_NAME, { batchSize: 1, includeMetadata: true }, run);
    }
  }

  /**
   * Settles once nothing waits in the queue and this process runs nothing: the `--until-empty`
   * exit. Days running on other machines are theirs to finish (a failure there is retried by them,
   * or by anyone still working).
   */
  async drain(opts: { signal?: AbortSignal } = {}): Promise<void> {
    // Empty twice in a row: a job taken by a poll in the very moment of the first look has started by the second.
    let empty = 0;
    while (!opts.signal?.aborted && empty < 2) {
      const idle = this.#inFlight === 0 && (await this.settled()) && (await this.pending()) === 0;
      empty = idle && this.#inFlight === 0 ? empty + 1 : 0;
      if (empty < 2) await new Promise((ok) => setTimeout(ok, DRAIN_POLL_MS));
    }
  }

  /**
   * Whether pg-boss has recorded the outcome of every job this process finished: it completes or
   * fails a job just after the handler returns, and a failure only then counts as pending (a retry).
   */
  private async settled(): Promise<boolean> {
    for (const id of this.#settling) {
      const job = await this.boss.getJobById(QUEUE_NAME, id, { includeArchive: true });
      if (job?.state === 'active') return false;
      this.#settling.delete(id);
    }
    return true;
  }

  /**
   * Stops taking jobs, waits up to `timeoutMs` (default 30 s) for running ones, fails whatever still
   * runs (so it is retried elsewhere) and closes the connections.
   */
  async stop(opts: { timeoutMs?: number } = {}): Promise<void> {
    await this.boss.stop({ graceful: true, wait: true, timeout: opts.timeoutMs ?? 30_000 });
  }
}
