import { DateTime } from 'luxon';
import { DaybriefError } from '../model/errors.js';

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;
/** Timers longer than this are split: setTimeout overflows past ~24.8 days. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Parses "06:30" into hours and minutes; throws a config error otherwise. */
export function parseTimeOfDay(at: string): { hour: number; minute: number } {
  const m = HH_MM.exec(at);
  if (!m)
    throw new DaybriefError(
      'config',
      'CONFIG_BAD_TIME',
      `"${at}" is not a time of day; expected HH:MM, e.g. 06:30`,
    );
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

/**
 * The next instant after `now` when the wall clock in `timezone` reads `at`. On a day when that time
 * does not exist (a spring-forward gap) it runs at the first valid instant after it.
 */
export function nextRunAt(now: Date, at: string, timezone: string): Date {
  const { hour, minute } = parseTimeOfDay(at);
  const local = DateTime.fromJSDate(now, { zone: timezone });
  if (!local.isValid)
    throw new DaybriefError('config', 'CONFIG_BAD_TIMEZONE', `unknown time zone "${timezone}"`);
  let candidate = local.set({ hour, minute, second: 0, millisecond: 0 });
  if (candidate.toMillis() <= now.getTime()) candidate = candidate.plus({ days: 1 }).set({ hour, minute });
  return candidate.toJSDate();
}

/** One daily job: run at `at` in `timezone`. */
export interface DailyJob {
  name: string;
  at: string;
  timezone: string;
  run: () => Promise<void>;
}

/** Clock and timers, injectable for tests. */
export interface Timers {
  now(): Date;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const REAL_TIMERS: Timers = {
  now: () => new Date(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/**
 * Runs each job once a day at its time. A job never overlaps itself: when a run is still going at
 * the next time, that time is skipped. A failing run is reported through `onError` and the schedule
 * goes on.
 */
export class DailySchedule {
  private readonly handles = new Map<string, unknown>();
  private readonly running = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(
    private readonly jobs: DailyJob[],
    private readonly onError: (job: DailyJob, err: unknown) => void,
    private readonly timers: Timers = REAL_TIMERS,
  ) {
    for (const job of jobs) nextRunAt(new Date(0), job.at, job.timezone);
  }

  /** When each job runs next. */
  upcoming(): Array<{ name: string; at: Date }> {
    const now = this.timers.now();
    return this.jobs.map((j) => ({ name: j.name, at: nextRunAt(now, j.at, j.timezone) }));
  }

  start(): void {
    this.stopped = false;
    for (const job of this.jobs) this.arm(job);
  }

  /** Names of the jobs running right now. */
  runningJobs(): string[] {
    return [...this.running.keys()];
  }

  /** Resolves once no job is running (a stopped schedule starts none). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
  }

  stop(): void {
    this.stopped = true;
    for (const h of this.handles.values()) this.timers.clearTimeout(h);
    this.handles.clear();
  }

  private arm(job: DailyJob, target = nextRunAt(this.timers.now(), job.at, job.timezone)): void {
    if (this.stopped) return;
    const wait = target.getTime() - this.timers.now().getTime();
    const fire = () => (wait > MAX_TIMER_MS ? this.arm(job, target) : this.fire(job));
    this.handles.set(job.name, this.timers.setTimeout(fire, Math.max(0, Math.min(wait, MAX_TIMER_MS))));
  }

  private fire(job: DailyJob): void {
    if (!this.running.has(job.name)) {
      const run = Promise.resolve()
        .then(() => job.run())
        .catch((err: unknown) => this.onError(job, err))
        .finally(() => this.running.delete(job.name));
      this.running.set(job.name, run);
    }
    this.arm(job);
  }
}
