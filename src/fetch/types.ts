import type { Page } from '../model/types.js';

/** Per-request options. */
export interface FetchOptions {
  /** HTTP method, default GET. A POST is followed through 301/302/303 redirects as a GET. */
  method?: 'GET' | 'POST';
  /** Request body, for POST. */
  body?: string;
  /** Extra request headers (lower-case names), e.g. `content-type` for a POST. */
  headers?: Record<string, string>;
  /** Accept header; defaults to HTML-ish for pages. */
  accept?: string;
  /** Conditional request validators from an earlier fetch. */
  etag?: string;
  lastModified?: string;
  /** Overrides the client's body-size cap, in bytes. */
  maxBytes?: number;
  signal?: AbortSignal;
  /**
   * Time the request may take in all, retries and redirects included, counted from when it first
   * goes on the wire (waiting for its turn at the host does not count); then FETCH_TIMEOUT.
   */
  timeoutMs?: number;
  /**
   * Follow redirects only within the requested URL's host: a redirect elsewhere is not requested
   * and fails with FETCH_REDIRECT_OFF_HOST, its target in `details.location`.
   */
  sameHostRedirects?: boolean;
}

/**
 * The only network interface of daybrief. `fetch` resolves with a decoded Page for a 2xx (or 304)
 * answer and throws a DaybriefError of stage `fetch` for everything else (`FETCH_HTTP_404`,
 * `FETCH_TIMEOUT`, `FETCH_TOO_LARGE`, `FETCH_TOO_MANY_REDIRECTS`, `FETCH_NOT_IN_ARCHIVE`, …).
 * Implementations: live HTTP (undici) and WARC replay; either may also record to a WARC.
 */
export interface Fetcher {
  fetch(url: string, opts?: FetchOptions): Promise<Page>;
  /** Flushes recordings and releases connections. */
  close(): Promise<void>;
}
