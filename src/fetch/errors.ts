import { STATUS_CODES } from 'node:http';
import { DaybriefError } from '../model/errors.js';

/** Error codes of the fetch stage; HTTP failures use `FETCH_HTTP_<status>` on top of these. */
export const FETCH_CODES = {
  timeout: 'FETCH_TIMEOUT',
  dns: 'FETCH_DNS',
  connection: 'FETCH_CONNECTION',
  tooLarge: 'FETCH_TOO_LARGE',
  tooManyRedirects: 'FETCH_TOO_MANY_REDIRECTS',
  badUrl: 'FETCH_BAD_URL',
  notInArchive: 'FETCH_NOT_IN_ARCHIVE',
  robotsDisallowed: 'FETCH_ROBOTS_DISALLOWED',
  badEncoding: 'FETCH_BAD_ENCODING',
  aborted: 'FETCH_ABORTED',
  /** A loopback, private, link-local or otherwise non-public address that no allow-list entry names. */
  privateAddress: 'FETCH_PRIVATE_ADDRESS',
} as const;

const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
]);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA']);
const ABORT_NAMES = new Set(['AbortError']);
const ABORT_CODES = new Set(['UND_ERR_ABORTED', 'UND_ERR_ABORT', 'ABORT_ERR']);
/** How deep to look through `cause` chains for a system error code. */
const MAX_CAUSE_DEPTH = 5;

/** Builds a DaybriefError of stage `fetch` with the url in its details. */
export function fetchError(
  code: string,
  message: string,
  url: string,
  opts: { cause?: unknown; details?: Record<string, unknown> } = {},
): DaybriefError {
  return new DaybriefError('fetch', code, message, {
    cause: opts.cause,
    details: { url, ...opts.details },
  });
}

/** `FETCH_HTTP_<status>`, e.g. "fetch: HTTP 404 Not Found for https://…". */
export function httpError(status: number, url: string, extra = ''): DaybriefError {
  const reason = STATUS_CODES[status] ?? 'Unknown Status';
  const suffix = extra ? ` (${extra})` : '';
  return fetchError(`FETCH_HTTP_${status}`, `HTTP ${status} ${reason} for ${url}${suffix}`, url, {
    details: { status },
  });
}

/** Reads `code` and `name` from an error and its causes, outermost first. */
function errorFacts(err: unknown): { codes: string[]; names: string[] } {
  const codes: string[] = [];
  const names: string[] = [];
  let cur: unknown = err;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && cur && typeof cur === 'object'; depth++) {
    const e = cur as { code?: unknown; name?: unknown; cause?: unknown };
    if (typeof e.code === 'string') codes.push(e.code);
    if (typeof e.name === 'string') names.push(e.name);
    cur = e.cause;
  }
  return { codes, names };
}

/**
 * The one place that turns a network-level failure (undici, node sockets, DNS, abort) into a
 * DaybriefError with a stable code. DaybriefErrors pass through unchanged.
 */
export function networkError(err: unknown, url: string, timedOut = false): DaybriefError {
  if (err instanceof DaybriefError) return err;
  const { codes, names } = errorFacts(err);
  const detail = err instanceof Error ? err.message : String(err);
  const has = (set: Set<string>) => codes.some((c) => set.has(c));
  if (timedOut || has(TIMEOUT_CODES) || names.includes('TimeoutError')) {
    return fetchError(FETCH_CODES.timeout, `timed out fetching ${url}`, url, { cause: err });
  }
  if (has(DNS_CODES)) {
    return fetchError(FETCH_CODES.dns, `DNS lookup failed for ${url} (${codes.join(', ')})`, url, {
      cause: err,
    });
  }
  if (has(ABORT_CODES) || names.some((n) => ABORT_NAMES.has(n))) {
    return fetchError(FETCH_CODES.aborted, `aborted fetching ${url}`, url, { cause: err });
  }
  const code = codes[codes.length - 1];
  return fetchError(
    FETCH_CODES.connection,
    `connection failed for ${url}: ${detail}${code ? ` (${code})` : ''}`,
    url,
    { cause: err },
  );
}

/** Errors worth another attempt after a pause: the network may recover, the answer will not. */
export function isTransient(err: unknown): boolean {
  return (
    err instanceof DaybriefError && (err.code === FETCH_CODES.timeout || err.code === FETCH_CODES.connection)
  );
}
