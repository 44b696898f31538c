import { DaybriefError, toDaybriefError } from '../model/errors.js';
import type { Page } from '../model/types.js';
import { decodeBody, mediaType, sniffMediaType } from './charset.js';
import { FETCH_CODES, fetchError, httpError, isTransient, networkError } from './errors.js';
import { HostScheduler, type HostSlots, Limiter, sleep } from './politeness.js';
import type { RobotsRules } from './robots.js';
import { ALLOW_ALL, parseRobots } from './robots.js';
import type { Transport, TransportRequest, TransportResponse } from './transport.js';
import type { Fetcher, FetchOptions } from './types.js';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const RETRY_AFTER_STATUSES = new Set([429, 503]);
const WEB_SCHEMES = new Set(['http:', 'https:']);
const DIGITS_RE = /^\s*\d+\s*$/;
const DEFAULT_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const ROBOTS_ACCEPT = 'text/plain,*/*;q=0.5';
/** RFC 9309 asks crawlers to read at least 500 KiB of robots.txt. */
const ROBOTS_MAX_BYTES = 512 * 1024;
const MIB = 1024 * 1024;

/** Options of {@link createFetcher}; times in milliseconds. */
export interface FetcherOptions {
  transport: Transport;
  /** Redirects followed before FETCH_TOO_MANY_REDIRECTS. Default 5. */
  maxRedirects?: number;
  /** Spacing between the end of one request to a host and the start of the next. Default 1000. */
  perHostDelayMs?: number;
  /** Requests in flight across all hosts. Default 8. */
  concurrency?: number;
  /** Extra attempts after a timeout or connection failure, with exponential backoff. Default 2. */
  retries?: number;
  /** Extra attempts after 429/503, waiting as Retry-After says (else backoff). Default 2. */
  statusRetries?: number;
  /** A Retry-After longer than this is not waited for: the 429/503 fails at once. Default 60 000. */
  maxRetryAfterMs?: number;
  /** First backoff delay, doubled per attempt. Default 500. */
  backoffMs?: number;
  /** Obey robots.txt. Default true. */
  robots?: boolean;
  /** The product token looked up in robots.txt. Default `daybrief`. */
  robotsAgent?: string;
  /** Body-size cap. Default 10 MiB. */
  maxBytes?: number;
  /** Per-host slots shared with other processes (scale-out workers); default: this process's alone. */
  hostSlots?: HostSlots;
}

type Settings = Required<Omit<FetcherOptions, 'transport' | 'hostSlots'>>;

const DEFAULTS: Settings = {
  maxRedirects: 5,
  perHostDelayMs: 1000,
  concurrency: 8,
  retries: 2,
  statusRetries: 2,
  maxRetryAfterMs: 60_000,
  backoffMs: 500,
  robots: true,
  robotsAgent: 'daybrief',
  maxBytes: 10 * MIB,
};

interface Hop {
  /** Called as each request goes on the wire, and when it is done. */
  onSend?: () => void;
  onDone?: () => void;
  method: 'GET' | 'POST';
  body?: string;
  headers: Record<string, string>;
  maxBytes: number;
  signal?: AbortSignal;
  checkRobots: boolean;
  sameHost: boolean;
}

/**
 * A Fetcher over any transport: follows redirects itself, obeys robots.txt, spaces requests per
 * host, caps concurrency, honours Retry-After, retries transient failures, and decodes the body.
 */
export function createFetcher(options: FetcherOptions): Fetcher {
  const client = new Client(options);
  return { fetch: (url, opts) => client.fetch(url, opts), close: () => options.transport.close() };
}

class Client {
  readonly #transport: Transport;
  readonly #s: Settings;
  readonly #hosts: HostScheduler;
  readonly #limiter: Limiter;
  readonly #robots = new Map<string, Promise<RobotsRules>>();

  constructor(options: FetcherOptions) {
    this.#transport = options.transport;
    const { hostSlots, transport: _transport, ...rest } = options;
    this.#s = { ...DEFAULTS, ...withoutUndefined(rest) };
    this.#hosts = new HostScheduler(this.#s.perHostDelayMs, hostSlots);
    this.#limiter = new Limiter(this.#s.concurrency);
  }

  async fetch(asked: string, opts: FetchOptions = {}): Promise<Page> {
    // Credentials in a URL are never sent (undici ignores them) and never kept: not in the Page,
    // not in an error, not in a recorded WARC.
    const url = withoutCredentials(asked);
    const headers: Record<string, string> = { ...opts.headers, accept: opts.accept ?? DEFAULT_ACCEPT };
    if (opts.etag) headers['if-none-match'] = opts.etag;
    if (opts.lastModified) headers['if-modified-since'] = opts.lastModified;
    const clock = opts.timeoutMs !== undefined ? new SendClock(opts.timeoutMs) : undefined;
    const signal = clock
      ? opts.signal
        ? AbortSignal.any([opts.signal, clock.signal])
        : clock.signal
      : opts.signal;
    const hop: Hop = {
      method: opts.method ?? 'GET',
      ...(opts.body !== undefined ? { body: opts.body } : {}),
      headers,
      maxBytes: opts.maxBytes ?? this.#s.maxBytes,
      signal,
      checkRobots: true,
      sameHost: opts.sameHostRedirects === true,
      ...(clock ? { onSend: () => clock.start(), onDone: () => clock.stop() } : {}),
    };
    const { res, finalUrl } = await this.#follow(url, hop)
      .catch((err: unknown) => {
        if (clock?.fired && !opts.signal?.aborted) {
          throw fetchError(
            FETCH_CODES.timeout,
            `timed out fetching ${url} (${opts.timeoutMs} ms in all)`,
            url,
            {
              cause: err,
              details: { timeoutMs: opts.timeoutMs },
            },
          );
        }
        throw asFetchError(err, url, signal);
      })
      .finally(() => clock?.stop());
    if (res.status === 304 || (res.status >= 200 && res.status < 300)) return toPage(url, finalUrl, res);
    throw httpError(res.status, finalUrl, retryNote(res));
  }

  /** Requests `url`, following redirects up to the cap; returns the last answer, whatever its status. */
  async #follow(url: string, initial: Hop): Promise<{ res: TransportResponse; finalUrl: string }> {
    let hop = initial;
    let current = parseWebUrl(url, url);
    for (let redirects = 0; ; redirects++) {
      if (hop.checkRobots) await this.#checkRobots(current);
      const res = await this.#exchange(current, hop, redirects > 0).catch((err: unknown) => {
        throw redirects > 0 ? viaRedirect(err, url) : err;
      });
      const location = res.headers.location;
      if (!REDIRECT_STATUSES.has(res.status) || !location) return { res, finalUrl: current.href };
      if (redirects >= this.#s.maxRedirects) {
        throw fetchError(
          FETCH_CODES.tooManyRedirects,
          `more than ${this.#s.maxRedirects} redirects fetching ${url} (last: ${current.href})`,
          url,
          { details: { maxRedirects: this.#s.maxRedirects, lastUrl: current.href } },
        );
      }
      const next = parseWebUrl(resolve(location, current), url);
      if (hop.sameHost && next.host !== current.host) {
        throw fetchError(
          FETCH_CODES.redirectOffHost,
          `${url} redirects off its host to ${next.href}; not followed`,
          url,
          { details: { location: next.href, status: res.status } },
        );
      }
      current = next;
      if (hop.method === 'POST' && res.status !== 307 && res.status !== 308) {
        const { 'content-type': _dropped, ...headers } = hop.headers;
        hop = { ...hop, method: 'GET', headers };
        delete hop.body;
      }
    }
  }

  /** One request with politeness and retries; statuses other than 429/503 are returned as they are. */
  async #exchange(url: URL, hop: Hop, onward: boolean): Promise<TransportResponse> {
    const request: TransportRequest = {
      url: url.href,
      method: hop.method,
      headers: hop.headers,
      maxBytes: hop.maxBytes,
      ...(hop.body !== undefined ? { body: hop.body } : {}),
      ...(hop.signal ? { signal: hop.signal } : {}),
    };
    const send = () =>
      this.#limiter.run(async () => {
        hop.onSend?.();
        try {
          return await this.#transport.request(request);
        } finally {
          hop.onDone?.();
        }
      });
    let failures = 0;
    let refusals = 0;
    for (;;) {
      let res: TransportResponse;
      try {
        // A redirect's next hop and a retry go before new requests to the host.
        const urgent = onward || failures > 0 || refusals > 0;
        res = await this.#hosts.run(url.host, send, hop.signal, urgent);
      } catch (err) {
        if (!isTransient(err) || failures >= this.#s.retries) throw err;
        failures++;
        await sleep(this.#backoff(failures), hop.signal);
        continue;
      }
      if (!RETRY_AFTER_STATUSES.has(res.status) || refusals >= this.#s.statusRetries) return res;
      const wait = retryAfterMs(res.headers['retry-after']) ?? this.#backoff(refusals + 1);
      if (wait > this.#s.maxRetryAfterMs) return res;
      refusals++;
      this.#hosts.pause(url.host, wait);
    }
  }

  #backoff(attempt: number): number {
    return this.#s.backoffMs * 2 ** (attempt - 1);
  }

  async #checkRobots(url: URL): Promise<void> {
    if (!this.#s.robots) return;
    let rules = this.#robots.get(url.origin);
    if (!rules) {
      rules = this.#loadRobots(url);
      this.#robots.set(url.origin, rules);
    }
    const path = `${url.pathname}${url.search}`;
    if ((await rules).isAllowed(path)) return;
    throw fetchError(
      FETCH_CODES.robotsDisallowed,
      `robots.txt of ${url.origin} disallows ${url.href}`,
      url.href,
    );
  }

  /**
   * Fetches and parses robots.txt once per origin. A 4xx means no rules (RFC 9309). A 5xx or an
   * unreachable file would mean "disallow all" under the RFC; we allow instead, because daybrief
   * asks for one article page per link a feed gave it, still spaced per host, and an outage of a
   * site's robots.txt should not blank that site from a day's digest.
   */
  async #loadRobots(url: URL): Promise<RobotsRules> {
    const robotsUrl = `${url.origin}/robots.txt`;
    const hop: Hop = {
      method: 'GET',
      headers: { accept: ROBOTS_ACCEPT },
      maxBytes: ROBOTS_MAX_BYTES,
      checkRobots: false,
      sameHost: false,
    };
    try {
      const { res } = await this.#follow(robotsUrl, hop);
      if (res.status < 200 || res.status >= 300) return ALLOW_ALL;
      const rules = parseRobots(decodeBody(res.body, res.headers['content-type']).text, this.#s.robotsAgent);
      if (rules.crawlDelayMs !== undefined) this.#hosts.setDelay(url.host, rules.crawlDelayMs);
      return rules;
    } catch {
      return ALLOW_ALL;
    }
  }
}

/**
 * A timer of the time spent on the wire: it runs while a request of the fetch is in flight and
 * stands still while the fetch waits for its turn at the host (between redirects and retries), and
 * aborts its signal when the total runs out.
 */
class SendClock {
  readonly #controller = new AbortController();
  #left: number;
  #since = 0;
  #timer: NodeJS.Timeout | undefined;
  fired = false;

  constructor(ms: number) {
    this.#left = ms;
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** A request goes on the wire. */
  start(): void {
    if (this.#timer || this.fired) return;
    this.#since = Date.now();
    this.#timer = setTimeout(() => {
      this.fired = true;
      this.#controller.abort(new Error('request time used up'));
    }, this.#left);
  }

  /** The request is done: the clock stands still until the next one. */
  stop(): void {
    if (!this.#timer) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#left = Math.max(0, this.#left - (Date.now() - this.#since));
  }
}

/** A refusal at a redirect hop names the URL that was asked for, too. */
function viaRedirect(err: unknown, requested: string): unknown {
  if (!(err instanceof DaybriefError) || err.code !== FETCH_CODES.privateAddress) return err;
  const message = `${err.message.replace(/^fetch: /, '')} (redirected from ${requested})`;
  return new DaybriefError('fetch', err.code, message, { details: { ...err.details, requested } });
}

/** Aborts while waiting (for a host slot, a backoff) surface as FETCH_ABORTED, not a bare AbortError. */
function asFetchError(err: unknown, url: string, signal: AbortSignal | undefined): DaybriefError {
  if (err instanceof DaybriefError) return err;
  if (signal?.aborted) return networkError(err, url);
  return toDaybriefError(err, 'fetch', 'FETCH_FAILED');
}

function toPage(url: string, finalUrl: string, res: TransportResponse): Page {
  const header = res.headers['content-type'];
  const notModified = res.status === 304;
  const decoded = notModified ? { text: '', charset: 'utf-8' } : decodeBody(res.body, header);
  return {
    url,
    finalUrl,
    status: res.status,
    headers: res.headers,
    bytes: res.body,
    text: decoded.text,
    charset: decoded.charset,
    contentType: mediaType(header) || (notModified ? '' : sniffMediaType(res.body)),
    fetchedAt: res.fetchedAt ?? new Date().toISOString(),
  };
}

/**
 * Parses an absolute http(s) URL, without its credentials, or throws FETCH_BAD_URL naming the URL
 * first asked for.
 */
function parseWebUrl(href: string, requested: string): URL {
  let url: URL;
  try {
    url = new URL(href);
  } catch (err) {
    throw fetchError(FETCH_CODES.badUrl, `not a valid URL: ${withoutCredentials(href)}`, requested, {
      cause: err,
    });
  }
  url.username = '';
  url.password = '';
  if (!WEB_SCHEMES.has(url.protocol)) {
    const via = href === requested ? '' : ` (redirected from ${requested})`;
    throw fetchError(FETCH_CODES.badUrl, `not an http(s) URL: ${url.href}${via}`, requested);
  }
  return url;
}

/** `http://user:pass@host/x` → `http://host/x`; any other string is returned as it is. */
export function withoutCredentials(href: string): string {
  if (!href.includes('@')) return href;
  try {
    const u = new URL(href);
    if (!u.username && !u.password) return href;
    u.username = '';
    u.password = '';
    return u.href;
  } catch {
    return href.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1');
  }
}

function resolve(location: string, base: URL): string {
  try {
    return new URL(location, base).href;
  } catch {
    return location;
  }
}

/** Retry-After as delta-seconds or an HTTP date, in ms from now; undefined when absent or invalid. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (DIGITS_RE.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function retryNote(res: TransportResponse): string {
  const retryAfter = res.headers['retry-after'];
  return RETRY_AFTER_STATUSES.has(res.status) && retryAfter ? `Retry-After: ${retryAfter}` : '';
}

function withoutUndefined<T extends object>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>;
}
