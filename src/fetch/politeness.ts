import { setTimeout as delay } from 'node:timers/promises';

/** Resolves after `ms`, or rejects when `signal` aborts first. */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) {
    signal?.throwIfAborted();
    return;
  }
  await delay(ms, undefined, signal ? { signal } : undefined);
}

/** A counting semaphore: at most `limit` callers inside `run` at once, served in arrival order. */
export class Limiter {
  readonly #limit: number;
  #active = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(limit: number) {
    this.#limit = Math.max(1, limit);
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#active >= this.#limit) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#active++;
    try {
      return await fn();
    } finally {
      const next = this.#waiting.shift();
      // The slot passes straight to the next waiter, so #active stays counted.
      if (next) next();
      else this.#active--;
    }
  }
}

/**
 * Request slots per host shared by many processes (the scale-out workers on one Postgres): the
 * spacing then holds for a host whichever worker asks. Each process still keeps its own
 * HostScheduler (one request at a time per host), and takes a shared slot before each request.
 */
export interface HostSlots {
  /**
   * Reserves the next start for `host`, at least `spacingMs` after the one reserved before it;
   * resolves with the wait (ms) until that start.
   */
  reserve(host: string, spacingMs: number): Promise<number>;
  /** No slot of `host` starts within the next `ms` (the end of a request plus its spacing, Retry-After). */
  holdOff(host: string, ms: number): Promise<void>;
}

interface Waiter {
  resolve: () => void;
  urgent: boolean;
}

interface HostState {
  /** A request to this host is in flight (or waiting out its spacing). */
  busy: boolean;
  /** Requests waiting for the host, served in order, urgent ones first. */
  waiting: Waiter[];
  /** Epoch ms before which the next request must not start. */
  notBefore: number;
  /** Crawl-delay or similar, overriding the default spacing when longer. */
  delayMs?: number;
}

/**
 * One request at a time per host, with `delayMs` between the end of one and the start of the
 * next. `pause` pushes the next start back (Retry-After), `setDelay` lengthens the spacing
 * (robots.txt Crawl-delay). An `urgent` request (the next hop of a redirect, a retry) goes before
 * the requests waiting, so a fetch under way finishes before new ones start; a request whose
 * signal aborts while it waits leaves the line at once.
 */
export class HostScheduler {
  readonly #delayMs: number;
  readonly #hosts = new Map<string, HostState>();
  readonly #shared: HostSlots | undefined;

  /**
   * With `shared`, each request also takes a slot there, so the spacing holds across processes; a
   * failure of the shared slots falls back to this process's spacing alone (never fails a request).
   */
  constructor(delayMs: number, shared?: HostSlots) {
    this.#delayMs = Math.max(0, delayMs);
    this.#shared = shared;
  }

  async run<T>(host: string, fn: () => Promise<T>, signal?: AbortSignal, urgent = false): Promise<T> {
    const state = this.#state(host);
    if (state.busy) await this.#wait(state, urgent, signal);
    else {
      signal?.throwIfAborted();
      state.busy = true;
    }
    const spacing = () => Math.max(this.#delayMs, state.delayMs ?? 0);
    let sent = false;
    try {
      await sleep(state.notBefore - Date.now(), signal);
      if (this.#shared && spacing() > 0) await sleep(await this.#reserve(host, spacing()), signal);
      sent = true;
      return await fn();
    } finally {
      // A request stopped before it was sent (its attempt aborted while it waited its turn) asked
      // nothing of the host: the next one need not wait a spacing after it.
      if (sent) {
        state.notBefore = Math.max(state.notBefore, Date.now() + spacing());
        if (this.#shared && spacing() > 0) this.#holdOff(host, spacing());
      }
      // The host passes straight to the next waiter, so `busy` stays set.
      const next = state.waiting.shift();
      if (next) next.resolve();
      else state.busy = false;
    }
  }

  #wait(state: HostState, urgent: boolean, signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        const i = state.waiting.indexOf(waiter);
        if (i >= 0) state.waiting.splice(i, 1);
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        urgent,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const at = urgent ? state.waiting.findIndex((w) => !w.urgent) : -1;
      if (at >= 0) state.waiting.splice(at, 0, waiter);
      else state.waiting.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** No request to `host` starts within the next `ms` (in every process sharing the slots). */
  pause(host: string, ms: number): void {
    const state = this.#state(host);
    state.notBefore = Math.max(state.notBefore, Date.now() + ms);
    if (this.#shared) this.#holdOff(host, ms);
  }

  async #reserve(host: string, spacingMs: number): Promise<number> {
    try {
      return (await this.#shared?.reserve(host, spacingMs)) ?? 0;
    } catch {
      return 0;
    }
  }

  #holdOff(host: string, ms: number): void {
    this.#shared?.holdOff(host, ms).catch(() => undefined);
  }

  /** Spaces requests to `host` by at least `ms` from now on. */
  setDelay(host: string, ms: number): void {
    this.#state(host).delayMs = ms;
  }

  #state(host: string): HostState {
    let state = this.#hosts.get(host);
    if (!state) {
      state = { busy: false, waiting: [], notBefore: 0 };
      this.#hosts.set(host, state);
    }
    return state;
  }
}

/** Time limits of one topic-day's article fetching; times in milliseconds. */
export interface FetchBudgets {
  /** Time one host may take, from its first request of the run: a slow host costs only its own items. */
  hostBudgetMs: number;
  /** Time all article fetching of a topic-day may take, from its start. */
  runDeadlineMs: number;
  /** Time one article request may take in all, its retries included. */
  requestTimeoutMs: number;
}

/** Defaults sized so that a topic-day's fetching ends within a minute whatever its hosts do. */
export const DEFAULT_FETCH_BUDGETS: FetchBudgets = {
  hostBudgetMs: 45_000,
  runDeadlineMs: 50_000,
  requestTimeoutMs: 20_000,
};

/** Why a budget stopped a request: its host's budget or the run's deadline. */
export type BudgetStop = 'host' | 'deadline';

/**
 * The clocks of one run: a deadline from its start, and one budget per host started at the host's
 * first request. `signalFor(host)` aborts when either runs out, so requests in flight stop and those
 * waiting for the host do not start.
 */
export class BudgetClock {
  readonly #budgets: FetchBudgets;
  readonly #deadline: AbortController = new AbortController();
  readonly #deadlineTimer: NodeJS.Timeout;
  readonly #hosts = new Map<string, { controller: AbortController; timer: NodeJS.Timeout }>();

  constructor(budgets: Partial<FetchBudgets> = {}) {
    this.#budgets = { ...DEFAULT_FETCH_BUDGETS, ...withoutUndefinedValues(budgets) };
    this.#deadlineTimer = setTimeout(
      () => this.#deadline.abort(stopReason('deadline')),
      this.#budgets.runDeadlineMs,
    );
    this.#deadlineTimer.unref();
  }

  /**
   * The signal for requests to `host`: it aborts when the host's budget (started on the host's
   * first request) or the run's deadline runs out. The request's own limit is `requestTimeoutMs`,
   * given to the fetcher as `timeoutMs`.
   */
  signalFor(host: string): AbortSignal {
    let entry = this.#hosts.get(host);
    if (!entry) {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(stopReason('host')), this.#budgets.hostBudgetMs);
      timer.unref();
      entry = { controller, timer };
      this.#hosts.set(host, entry);
    }
    return AbortSignal.any([this.#deadline.signal, entry.controller.signal]);
  }

  /** What has run out for `host`, if anything (the deadline first). */
  stopped(host: string): BudgetStop | undefined {
    if (this.#deadline.signal.aborted) return 'deadline';
    return this.#hosts.get(host)?.controller.signal.aborted ? 'host' : undefined;
  }

  get budgets(): Readonly<FetchBudgets> {
    return this.#budgets;
  }

  /** Clears the timers. */
  close(): void {
    clearTimeout(this.#deadlineTimer);
    for (const { timer } of this.#hosts.values()) clearTimeout(timer);
  }
}

function stopReason(stop: BudgetStop): Error {
  const err = new Error(stop === 'host' ? 'host time budget used up' : 'run deadline passed');
  err.name = 'AbortError';
  return err;
}

function withoutUndefinedValues<T extends object>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>;
}
