import PgBoss from 'pg-boss';
import { DaybriefError } from '../model/errors.js';
import type { DayJobQueue, JobState, QueuedArticle } from '../pipeline/day-jobs.js';
import {
  type ArticleJob,
  type FinishJob,
  type JobKind,
  QUEUES,
  type TopicDayJob,
  topicDayKey,
} from './jobs.js';
import { Lane } from './lane.js';

export {
  type ArticleJob,
  type FinishJob,
  type JobKind,
  QUEUES,
  type TopicDayJob,
  topicDayKey,
} from './jobs.js';

const POSTGRES_URL = /^postgres(ql)?:\/\//i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DRAIN_POLL_MS = 1000;

/** The queue's timing: config `queue` (see README); each has a default. */
export interface QueueSettings {
  /** A job running longer than this is presumed dead (its worker crashed) and retried; default 900 s. */
  expireSeconds?: number;
  /** Retries of a failed (or expired) job after its first attempt, default 3. */
  retryLimit?: number;
  /** Seconds before the first retry, doubling (with jitter) each time; default 60. */
  retryDelaySeconds?: number;
  /** How often an idle worker looks for jobs, default 2 s (pg-boss allows 0.5 s at least). */
  pollSeconds?: number;
  /** How often pg-boss looks for expired jobs (one worker does it for all), default 60 s. */
  maintenanceSeconds?: number;
  /** How long a topic-day's finish step waits before looking again at articles still pending, default 10 s. */
  finishPollSeconds?: number;
}

/** The defaults of {@link QueueSettings}. */
export const QUEUE_DEFAULTS: Required<QueueSettings> = {
  expireSeconds: 900,
  retryLimit: 3,
  retryDelaySeconds: 60,
  pollSeconds: 2,
  maintenanceSeconds: 60,
  finishPollSeconds: 10,
};

/** Options of {@link JobQueue.open}. */
export interface JobQueueOptions extends QueueSettings {
  /** Schema that holds pg-boss's tables, default `pgboss`. */
  schema?: string;
  /** Connections in pg-boss's pool, default 4. */
  max?: number;
  /** pg-boss's own errors (lost connection, failed poll); default: ignored, pg-boss keeps polling. */
  onError?: (err: Error) => void;
}

/** What a job handler sees besides the job: its id and which attempt this is (0 on the first). */
export interface JobContext {
  id: string;
  retryCount: number;
  /**
   * Aborts when the attempt outlives its expiry: pg-boss has then failed it (to be retried) and
   * will not record what the handler does after, so the handler must stop and write nothing.
   */
  signal: AbortSignal;
}

/** The error of an attempt stopped at its expiry. */
function expired(kind: JobKind, seconds: number, cause: unknown): DaybriefError {
  if (cause instanceof DaybriefError && cause.code === 'PIPELINE_JOB_EXPIRED') return cause;
  return new DaybriefError(
    'pipeline',
    'PIPELINE_JOB_EXPIRED',
    `${kind} job ran past its expiry (${seconds} s, queue.expireSeconds): stopped, to be retried`,
    { cause },
  );
}

type Handler<T> = (job: T, ctx: JobContext) => Promise<unknown>;

/** The handlers of {@link JobQueue.work}, one per job kind. */
export interface Handlers {
  topicDay: Handler<TopicDayJob>;
  article: Handler<ArticleJob>;
  finish: Handler<FinishJob>;
}

/** Options of {@link JobQueue.work}. */
export interface WorkOptions {
  /** Article jobs run at once by this process, default 1; topic-day and finish jobs get a quarter of it (at least 1). */
  concurrency?: number;
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

function badJob(data: unknown): DaybriefError {
  return new DaybriefError(
    'pipeline',
    'PIPELINE_BAD_JOB',
    `not a job daybrief knows: ${JSON.stringify(data)}`,
  );
}

function checkDayJob<T extends { topic: { slug: string }; date: string }>(data: unknown): T {
  const job = data as Partial<TopicDayJob> | null;
  if (!job || typeof job.topic?.slug !== 'string' || typeof job.date !== 'string' || !DATE.test(job.date))
    throw badJob(data);
  return job as unknown as T;
}

function checkArticleJob(data: unknown): ArticleJob {
  const job = data as Partial<ArticleJob> | null;
  if (!job || !Number.isInteger(job.articleId) || typeof job.url !== 'string') throw badJob(data);
  return job as ArticleJob;
}

const CHECKS: { [K in JobKind]: (data: unknown) => Parameters<Handlers[K]>[0] } = {
  topicDay: (d) => checkDayJob<TopicDayJob>(d),
  article: checkArticleJob,
  finish: (d) => checkDayJob<FinishJob>(d),
};

/**
 * The scale-out queue on Postgres through pg-boss: topic-day, article and finish jobs (see
 * jobs.ts and pipeline/day-jobs.ts). Any number of processes on any number of machines enqueue and
 * work the same queues; each job is taken by one worker at a time, a failed job is retried with
 * exponential backoff, and one that outlives `expireSeconds` (its worker died) is retried
 * elsewhere. A topic-day is never waiting twice; an article job's id is the article's job in the
 * store, so queueing it again is a no-op.
 */
export class JobQueue implements DayJobQueue {
  /** The polling loops of `work`, one per job kind. */
  #lanes: Lane[] = [];

  private constructor(
    private readonly boss: PgBoss,
    readonly settings: Required<QueueSettings>,
    private readonly onError: (err: Error) => void,
  ) {}

  /** Connects, installs or migrates pg-boss's schema and creates the queues if needed. */
  static async open(database: string, opts: JobQueueOptions = {}): Promise<JobQueue> {
    const settings = { ...QUEUE_DEFAULTS, ...withoutUndefined(opts) } as Required<QueueSettings>;
    const boss = new PgBoss({
      connectionString: requirePostgres(database),
      schema: opts.schema ?? 'pgboss',
      max: opts.max ?? 4,
      application_name: 'daybrief',
      pollingIntervalSeconds: settings.pollSeconds,
      maintenanceIntervalSeconds: settings.maintenanceSeconds,
      schedule: false,
    });
    const onError = opts.onError ?? (() => {});
    boss.on('error', onError);
    try {
      await boss.start();
      for (const [kind, name] of Object.entries(QUEUES) as Array<[JobKind, string]>) {
        const options = {
          name,
          // 'short': at most one *waiting* job per singleton key (topic-days and finish steps). Not
          // for articles: they have no singleton key, and pg-boss counts a missing key as one key
          // (its unique index is on COALESCE(singleton_key, '')), so all but one waiting article
          // job of a batch would be dropped. An article job is unique by its id instead.
          policy: kind === 'article' ? ('standard' as const) : ('short' as const),
          retryLimit: settings.retryLimit,
          retryDelay: settings.retryDelaySeconds,
          retryBackoff: true,
          expireInSeconds: settings.expireSeconds,
        };
        await boss.createQueue(name, options);
        // A queue created before keeps its options otherwise: the settings of the newest start apply.
        await boss.updateQueue(name, options);
      }
    } catch (err) {
      await boss.stop({ graceful: false }).catch(() => {});
      throw new DaybriefError(
        'pipeline',
        'PIPELINE_QUEUE_UNAVAILABLE',
        `cannot open the job queue on Postgres: ${(err as Error).message}`,
        { cause: err },
      );
    }
    return new JobQueue(boss, settings, onError);
  }

  /** Queues one topic-day; false when the same topic-day is already waiting. */
  async enqueue(job: TopicDayJob): Promise<boolean> {
    const id = await this.boss.send(QUEUES.topicDay, job, { singletonKey: topicDayKey(job) });
    return id !== null;
  }

  async sendArticles(jobs: QueuedArticle[]): Promise<void> {
    // One statement per batch; an id already in the queue is skipped (ON CONFLICT DO NOTHING).
    for (let i = 0; i < jobs.length; i += 500) {
      const batch = jobs.slice(i, i + 500);
      await this.boss.insert(
        batch.map((j) => ({ id: j.id, name: QUEUES.article, data: j.data, priority: j.priority })),
      );
    }
  }

  async sendFinish(job: FinishJob, delayMs: number): Promise<void> {
    await this.boss.send(QUEUES.finish, job, {
      singletonKey: topicDayKey(job),
      ...(delayMs > 0 ? { startAfter: new Date(Date.now() + delayMs) } : {}),
    });
  }

  async articleJobState(id: string): Promise<JobState> {
    const job = await this.boss.getJobById(QUEUES.article, id, { includeArchive: true });
    if (!job) return 'missing';
    return job.state === 'created' || job.state === 'retry' || job.state === 'active' ? 'alive' : 'gone';
  }

  /** Jobs waiting to run, of every kind (new, deferred, or failed and waiting for a retry); running ones are not counted. */
  async pending(): Promise<number> {
    let n = 0;
    for (const name of Object.values(QUEUES)) n += await this.boss.getQueueSize(name);
    return n;
  }

  /** Jobs this process is running now, or has ended without their outcome recorded yet. */
  get inFlight(): number {
    return this.#lanes.reduce((n, l) => n + l.owed, 0);
  }

  /**
   * Runs the handlers for the jobs this process takes: `concurrency` article jobs at once, and a
   * quarter as many (at least one) topic-day and finish jobs, each kind in a {@link Lane} (jobs
   * fetched in batches, completions recorded in groups). A handler that throws fails the job, which
   * pg-boss retries after a backoff (on whichever worker polls first).
   */
  async work(handlers: Handlers, opts: WorkOptions = {}): Promise<void> {
    const articles = Math.max(1, opts.concurrency ?? 1);
    const days = Math.max(1, Math.ceil(articles / 4));
    const slots: Record<JobKind, number> = { topicDay: days, article: articles, finish: days };
    for (const kind of Object.keys(QUEUES) as JobKind[]) {
      const handler = handlers[kind] as Handler<unknown>;
      const lane = new Lane(
        this.boss,
        QUEUES[kind],
        (job, signal) =>
          handler(CHECKS[kind](job.data), { id: job.id, retryCount: job.retryCount, signal }).then(() => {}),
        {
          slots: slots[kind],
          pollMs: this.settings.pollSeconds * 1000,
          expireSeconds: this.settings.expireSeconds,
          expired: (seconds, cause) => expired(kind, seconds, cause),
          onError: this.onError,
        },
      );
      this.#lanes.push(lane);
      lane.start();
    }
  }

  /**
   * Settles once nothing waits in the queues and this process runs nothing: the `--until-empty`
   * exit. Jobs running on other machines are theirs to finish (one whose worker died is retried by
   * whoever still works once it expires).
   */
  async drain(opts: { signal?: AbortSignal } = {}): Promise<void> {
    // Empty twice in a row: a job taken by a poll in the very moment of the first look has started by the second.
    let empty = 0;
    while (!opts.signal?.aborted && empty < 2) {
      const idle = this.inFlight === 0 && (await this.pending()) === 0;
      empty = idle && this.inFlight === 0 ? empty + 1 : 0;
      if (empty < 2) await new Promise((ok) => setTimeout(ok, DRAIN_POLL_MS));
    }
  }

  /**
   * Stops taking jobs, waits up to `timeoutMs` (default 30 s) for running ones, fails whatever still
   * runs (so it is retried elsewhere) and closes the connections.
   */
  async stop(opts: { timeoutMs?: number } = {}): Promise<void> {
    const timeoutMs = opts.timeoutMs ?? 30_000;
    await Promise.all(this.#lanes.map((l) => l.stop(timeoutMs)));
    await this.boss.stop({ graceful: true, wait: true, timeout: timeoutMs });
  }
}

function withoutUndefined<T extends object>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>;
}
