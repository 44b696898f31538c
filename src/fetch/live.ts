import { STATUS_CODES } from 'node:http';
import { Agent, buildConnector, request } from 'undici';
import type { AllowedHost, LookupFunction } from './address-guard.js';
import { AddressGuard, findPrivateAddressError, refusalFor } from './address-guard.js';
import { decodeContentEncoding } from './content-encoding.js';
import { FETCH_CODES, fetchError, networkError } from './errors.js';
import type { Transport, TransportRequest, TransportResponse } from './transport.js';
import { headersForDecodedBody, normaliseHeaders } from './transport.js';

/** Says who we are and where to complain, as polite crawlers do. */
export const DEFAULT_USER_AGENT =
  'daybrief/0.1 (+https://github.com/daybrief/daybrief; self-hosted news digest)';
const ACCEPT_ENCODING = 'gzip, deflate, br';
/** undici's own timeouts, set this much later than ours, only catch what ours would miss. */
const BACKSTOP_MS = 1000;

/** Options of the live (undici) transport; all times in milliseconds. */
export interface LiveTransportOptions {
  /** TCP + TLS connect timeout. Default 10 000. */
  connectTimeoutMs?: number;
  /** Time to the response headers. Default 10 000. */
  headersTimeoutMs?: number;
  /** Longest silence while the body streams. Default 15 000. */
  bodyTimeoutMs?: number;
  /**
   * Whole exchange, so that a server dripping bytes cannot hold a slot forever. Default 20 000
   * (the pipeline also bounds each article's request in all, its retries included: fetch.requestTimeoutMs).
   */
  totalTimeoutMs?: number;
  /** Default {@link DEFAULT_USER_AGENT}. */
  userAgent?: string;
  /**
   * Hosts ("host" or "host:port") fetched even on a loopback, private or otherwise non-public
   * address; every other such address is refused with FETCH_PRIVATE_ADDRESS.
   */
  allowHosts?: readonly (string | AllowedHost)[];
  /** DNS lookup for names (dns.lookup's shape); default dns.lookup. For tests. */
  lookup?: LookupFunction;
}

/**
 * A transport over undici: one GET, no redirects followed, body capped while it streams. Only
 * public addresses are connected to (see address-guard.ts): each request's host is checked before
 * it is sent, and again at connect time on the addresses the socket actually uses.
 */
export function createLiveTransport(opts: LiveTransportOptions = {}): Transport {
  const timeouts: Timeouts = {
    headersMs: opts.headersTimeoutMs ?? 10_000,
    bodyMs: opts.bodyTimeoutMs ?? 15_000,
    totalMs: opts.totalTimeoutMs ?? 20_000,
  };
  const guard = new AddressGuard({
    ...(opts.allowHosts ? { allowHosts: opts.allowHosts } : {}),
    ...(opts.lookup ? { lookup: opts.lookup } : {}),
  });
  const connectTimeout = opts.connectTimeoutMs ?? 10_000;
  const agent = new Agent({
    connect: guard.connector((lookup) => buildConnector({ timeout: connectTimeout, lookup })),
    headersTimeout: timeouts.headersMs + BACKSTOP_MS,
    bodyTimeout: timeouts.bodyMs + BACKSTOP_MS,
  });
  const userAgent = opts.userAgent ?? DEFAULT_USER_AGENT;
  return {
    request: (req) => exchange(agent, guard, req, userAgent, timeouts),
    close: () => agent.close(),
  };
}

/**
 * A timer that aborts the exchange. Ours rather than undici's headersTimeout/bodyTimeout alone,
 * whose coarse timers fire up to a second late; undici's stay set as a backstop.
 */
class Watchdog {
  readonly #controller = new AbortController();
  #timer: NodeJS.Timeout | undefined;
  fired = false;

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  arm(ms: number): void {
    this.clear();
    this.#timer = setTimeout(() => {
      this.fired = true;
      this.#controller.abort(new Error(`no progress within ${ms} ms`));
    }, ms);
  }

  clear(): void {
    if (this.#timer) clearTimeout(this.#timer);
  }
}

interface Timeouts {
  headersMs: number;
  bodyMs: number;
  totalMs: number;
}

async function exchange(
  agent: Agent,
  guard: AddressGuard,
  req: TransportRequest,
  userAgent: string,
  timeouts: Timeouts,
): Promise<TransportResponse> {
  const wireUrl = req.url.split('#', 1)[0] ?? req.url;
  const total = AbortSignal.timeout(timeouts.totalMs);
  const watchdog = new Watchdog();
  const signals = [total, watchdog.signal, ...(req.signal ? [req.signal] : [])];
  watchdog.arm(timeouts.headersMs);
  const signal = AbortSignal.any(signals);
  try {
    // The quick check (literals, localhost, the name's DNS answer); the connector checks again.
    await untilAborted(guard.checkUrl(wireUrl), signal);
    const res = await request(wireUrl, {
      method: req.method ?? 'GET',
      ...(req.body !== undefined ? { body: req.body } : {}),
      dispatcher: agent,
      signal,
      headers: { 'user-agent': userAgent, 'accept-encoding': ACCEPT_ENCODING, ...req.headers },
    });
    const headers = normaliseHeaders(Object.entries(res.headers));
    watchdog.arm(timeouts.bodyMs);
    const raw = await readCapped(res.body, headers['content-length'], req.maxBytes, req.url, () =>
      watchdog.arm(timeouts.bodyMs),
    );
    watchdog.clear();
    const body = await decodeContentEncoding(raw, headers['content-encoding'], req.maxBytes, req.url);
    return {
      url: req.url,
      status: res.statusCode,
      statusText: STATUS_CODES[res.statusCode] ?? '',
      headers: headersForDecodedBody(headers, body.length),
      body,
    };
  } catch (err) {
    const refused = findPrivateAddressError(err);
    if (refused) throw refusalFor(refused, req.url);
    throw networkError(err, req.url, total.aborted || watchdog.fired);
  } finally {
    watchdog.clear();
  }
}

/** `promise`, or a rejection as soon as `signal` aborts (a DNS lookup cannot be cancelled). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}

type Body = AsyncIterable<Uint8Array> & { destroy(err?: Error): unknown };

/** Reads the body but stops (and closes the connection) as soon as it passes `maxBytes`. */
async function readCapped(
  body: Body,
  contentLength: string | undefined,
  maxBytes: number,
  url: string,
  onProgress: () => void,
): Promise<Uint8Array> {
  const tooLarge = () =>
    fetchError(FETCH_CODES.tooLarge, `body of ${url} exceeds ${maxBytes} bytes`, url, {
      details: { maxBytes },
    });
  if (contentLength !== undefined && Number(contentLength) > maxBytes) {
    body.destroy();
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of body) {
    onProgress();
    total += chunk.length;
    if (total > maxBytes) {
      body.destroy();
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}
