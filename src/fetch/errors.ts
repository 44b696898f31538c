import { STATUS_CODES } from 'node:http';
import { DaybriefError } from '../model/errors.js';

/** Error codes of the fetch stage; HTTP failures use `FETCH_HTTP_<status>` on top of these. */
export const FETCH_CODES = {
  timeout: 'FETCH_TIMEOUT',
  dns: 'FETCH_DNS',
  connection: 'FETCH_CONNECTION',
  tooLarge: 'FETCH_TOO_LARGE',
  tooManyRedirects: 'FETCH_TOO_MANY_REDIRECTS',
  /** A redirect to another host, not followed because the request asked to stay on its host. */
  redirectOffHost: 'FETCH_REDIRECT_OFF_HOST',
  badUrl: 'FETCH_BAD_URL',
  notInArchive: 'FETCH_NOT_IN_ARCHIVE',
  robotsDisallowed: 'FETCH_ROBOTS_DISALLOWED',
  badEncoding: 'FETCH_BAD_ENCODING',
  aborted: 'FETCH_ABORTED',
  /** A loopback, private, link-local or otherwise non-public address that no allow-list entry names. */
  privateAddress: 'FETCH_PRIVATE_ADDRESS',
  /** Not fetched (or cut off) because its host used up its time budget for this run. */
  budgetExceeded: 'FETCH_BUDGET_EXCEEDED',
  /** Not fetched (or cut off) because the run's deadline for fetching articles passed. */
  deadline: 'FETCH_DEADLINE',
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

/**
 * Whether a recorded failure is worth fetching again on a later run. `permanent`: the same request
 * will get the same answer (a 404, a page that is not HTML, too large, a redirect loop, robots.txt,
 * a refused address), so reruns skip it unless asked (`--retry-failed`). `transient`: the network,
 * the server or our own budget may do better next time, so reruns retry it up to the attempts limit.
 */
export type Permanence = 'permanent' | 'transient';

/** The one table of error codes and their permanence; codes not named here are transient. */
export const ERROR_PERMANENCE: Readonly<Record<string, Permanence>> = {
  [FETCH_CODES.timeout]: 'transient',
  [FETCH_CODES.dns]: 'transient',
  [FETCH_CODES.connection]: 'transient',
  [FETCH_CODES.aborted]: 'transient',
  [FETCH_CODES.budgetExceeded]: 'transient',
  [FETCH_CODES.deadline]: 'transient',
  FETCH_FAILED: 'transient',
  [FETCH_CODES.tooLarge]: 'permanent',
  [FETCH_CODES.tooManyRedirects]: 'permanent',
  [FETCH_CODES.redirectOffHost]: 'permanent',
  [FETCH_CODES.badUrl]: 'permanent',
  [FETCH_CODES.notInArchive]: 'permanent',
  [FETCH_CODES.robotsDisallowed]: 'permanent',
  [FETCH_CODES.badEncoding]: 'permanent',
  [FETCH_CODES.privateAddress]: 'permanent',
  /** Store and disk failures say nothing about the article. */
  DISK_FULL: 'transient',
};

/** HTTP statuses that may answer differently later although they are 4xx. */
const TRANSIENT_CLIENT_STATUSES = new Set([408, 425, 429]);
const HTTP_CODE_RE = /^FETCH_HTTP_(\d{3})$/;

/**
 * The permanence of an error code: the table first, then `FETCH_HTTP_<status>` (4xx permanent
 * except 408/425/429, 5xx transient), then by stage: extraction and summarising failures are
 * permanent (the same page gives the same result), everything else (store, unknown) transient.
 */
export function permanenceOf(code: string): Permanence {
  const named = ERROR_PERMANENCE[code];
  if (named) return named;
  const http = HTTP_CODE_RE.exec(code);
  if (http) {
    const status = Number(http[1]);
    return status >= 400 && status < 500 && !TRANSIENT_CLIENT_STATUSES.has(status)
      ? 'permanent'
      : 'transient';
  }
  if (code.startsWith('EXTRACT_') || code.startsWith('SUMMARIZE_')) return 'permanent';
  return 'transient';
}

/** True when a failure with this code is not fetched again on reruns (unless `--retry-failed`). */
export function isPermanent(code: string | undefined): boolean {
  return code !== undefined && permanenceOf(code) === 'permanent';
}
