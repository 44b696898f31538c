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

interface HostState {
  /** Settles when the previous request to this host is done. */
  tail: Promise<void>;
  /** Epoch ms before which the next request must not start. */
  notBefore: number;
  /** Crawl-delay or similar, overriding the default spacing when longer. */
  delayMs?: number;
}

/**
 * One request at a time per host, with `delayMs` between the end of one and the start of the
 * next. `pause` pushes the next start back (Retry-After), `setDelay` lengthens the spacing
 * (robots.txt Crawl-delay).
 */
export class HostScheduler {
  readonly #delayMs: number;
  readonly #hosts = new Map<string, HostState>();

  constructor(delayMs: number) {
    this.#delayMs = Math.max(0, delayMs);
  }

  async run<T>(host: string, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const state = this.#state(host);
    const previous = state.tail;
    let release = () => {};
    state.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    try {
      await previous;
      await sleep(state.notBefore - Date.now(), signal);
      return await fn();
    } finally {
      const spacing = Math.max(this.#delayMs, state.delayMs ?? 0);
      state.notBefore = Math.max(state.notBefore, Date.now() + spacing);
      release();
    }
  }

  /** No request to `host` starts within the next `ms`. */
  pause(host: string, ms: number): void {
    const state = this.#state(host);
    state.notBefore = Math.max(state.notBefore, Date.now() + ms);
  }

  /** Spaces requests to `host` by at least `ms` from now on. */
  setDelay(host: string, ms: number): void {
    this.#state(host).delayMs = ms;
  }

  #state(host: string): HostState {
    let state = this.#hosts.get(host);
    if (!state) {
      state = { tail: Promise.resolve(), notBefore: 0 };
      this.#hosts.set(host, state);
    }
    return state;
  }
}
