/**
 * One job kind's polling loop over pg-boss (see pgboss.ts): keeps up to `slots` jobs running and
 * spends few round trips on the queue. It takes jobs in batches (once half its slots are free, as
 * many as are free: one fetch for several jobs) and records completions in groups (with its next
 * fetch, or within `flushMs`: one statement for several jobs). pg-boss's own `work()` takes one
 * job per poll and records each job twice (the handler's completion and its own).
 *
 * Kill safety is pg-boss's: a fetched job is `active` until recorded; a worker that dies leaves it
 * active until it expires, and then it is retried. A job whose handler has ended but whose
 * completion is not recorded yet is retried after a crash too, and its rerun finds the work done.
 */
import type PgBoss from 'pg-boss';

/** What the lane runs for each job: resolves when done, rejects to fail the job (retried by pg-boss). */
export type LaneHandler = (job: PgBoss.JobWithMetadata<unknown>, signal: AbortSignal) => Promise<void>;

export interface LaneOptions {
  /** Jobs run at once. */
  slots: number;
  /** How long an idle lane waits before looking again, ms. */
  pollMs: number;
  /** A completion waits at most this long for others to share its statement, ms (default 250). */
  flushMs?: number;
  /** Default expiry of a job without its own, seconds. */
  expireSeconds: number;
  /** The error a job gets when it runs past its expiry. */
  expired: (seconds: number, cause: unknown) => Error;
  onError: (err: Error) => void;
}

type Boss = Pick<PgBoss, 'fetch' | 'complete' | 'fail'>;

export class Lane {
  /** Jobs whose handler runs now. */
  #running = 0;
  /** Jobs done whose completion is not recorded yet. */
  #done: string[] = [];
  /** Recording of outcomes under way (completions and failures). */
  #recording = new Set<Promise<unknown>>();
  #flushTimer: NodeJS.Timeout | undefined;
  #stopping = false;
  #wake: (() => void) | undefined;
  #loop: Promise<void> | undefined;
  /** The jobs running now, to fail if the lane stops before they end. */
  #active = new Set<string>();
  /** Jobs failed by `stop` while their handler still ran: their late end records nothing. */
  #handedBack = new Set<string>();

  constructor(
    private readonly boss: Boss,
    private readonly name: string,
    private readonly handler: LaneHandler,
    private readonly opts: LaneOptions,
  ) {}

  /** Jobs running, or ended and not recorded yet: what this process still owes the queue. */
  get owed(): number {
    return this.#running + this.#done.length + this.#recording.size;
  }

  start(): void {
    this.#loop ??= this.loop();
  }

  private async loop(): Promise<void> {
    const { slots } = this.opts;
    // Half the slots free (or all idle) before fetching again: one fetch then takes several jobs.
    const threshold = Math.max(1, Math.ceil(slots / 2));
    while (!this.#stopping) {
      const free = slots - this.#running;
      if (free < threshold && this.#running > 0) {
        await this.sleep(undefined);
        continue;
      }
      // The completions waiting so far go first: the jobs are done, and one statement records them all.
      this.flush();
      const jobs = await this.boss
        .fetch<unknown>(this.name, { batchSize: free, includeMetadata: true })
        .catch((err: unknown) => {
          this.opts.onError(err as Error);
          return [];
        });
      if (this.#stopping) {
        // Taken as the lane stopped: handed straight back (retried by whoever works next).
        if (jobs.length > 0)
          this.record(
            this.boss.fail(
              this.name,
              jobs.map((j) => j.id),
            ),
          );
        break;
      }
      for (const job of jobs) this.run(job);
      if (jobs.length === 0) await this.sleep(this.opts.pollMs);
    }
  }

  /** Waits for a slot to free up, the lane to stop, or `ms` (when given). */
  private sleep(ms: number | undefined): Promise<void> {
    return new Promise((ok) => {
      const timer = ms === undefined ? undefined : setTimeout(() => done(), ms);
      const done = () => {
        if (timer) clearTimeout(timer);
        this.#wake = undefined;
        ok();
      };
      this.#wake = done;
    });
  }

  private run(job: PgBoss.JobWithMetadata<unknown>): void {
    // pg-boss's work() raced the handler against the job's expiry; here the signal tells the
    // handler to stop, and the job is failed (to be retried) at once, whatever the handler does after.
    const seconds = Math.max(1, Number(job.expireInSeconds) || this.opts.expireSeconds);
    const signal = AbortSignal.timeout(seconds * 1000);
    let expiredFailed = false;
    const onExpire = () => {
      expiredFailed = true;
      this.record(this.boss.fail(this.name, job.id, this.opts.expired(seconds, undefined)));
    };
    signal.addEventListener('abort', onExpire, { once: true });
    this.#running++;
    this.#active.add(job.id);
    this.handler(job, signal)
      .then(
        () => {
          if (expiredFailed || signal.aborted || this.#handedBack.has(job.id)) return;
          this.#done.push(job.id);
          this.scheduleFlush();
        },
        (err: unknown) => {
          if (expiredFailed || this.#handedBack.has(job.id)) return;
          const error = signal.aborted ? this.opts.expired(seconds, err) : err;
          this.record(this.boss.fail(this.name, job.id, error as object));
        },
      )
      .finally(() => {
        signal.removeEventListener('abort', onExpire);
        this.#active.delete(job.id);
        this.#running--;
        this.#wake?.();
      });
  }

  private scheduleFlush(): void {
    this.#flushTimer ??= setTimeout(() => {
      this.#flushTimer = undefined;
      this.flush();
    }, this.opts.flushMs ?? 250);
  }

  /** Records the completions waiting, in one statement. */
  private flush(): void {
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
    if (this.#done.length === 0) return;
    const ids = this.#done;
    this.#done = [];
    this.record(this.boss.complete(this.name, ids));
  }

  private record(p: Promise<unknown>): void {
    const tracked = p.then(
      () => undefined,
      (err: unknown) => this.opts.onError(err as Error),
    );
    this.#recording.add(tracked);
    void tracked.finally(() => this.#recording.delete(tracked));
  }

  /** Records every outcome known so far and waits until they are written. */
  async settle(): Promise<void> {
    this.flush();
    while (this.#recording.size > 0) await Promise.all([...this.#recording]);
  }

  /**
   * Stops taking jobs, waits up to `timeoutMs` for the running ones, fails those still running (to
   * be retried elsewhere) and records every outcome.
   */
  async stop(timeoutMs: number): Promise<void> {
    this.#stopping = true;
    this.#wake?.();
    const deadline = Date.now() + timeoutMs;
    while (this.#running > 0 && Date.now() < deadline) await new Promise((ok) => setTimeout(ok, 20));
    await this.#loop;
    if (this.#active.size > 0) {
      for (const id of this.#active) this.#handedBack.add(id);
      this.record(this.boss.fail(this.name, [...this.#active]));
    }
    await this.settle();
  }
}
