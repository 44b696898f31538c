/** One HTTP request as the client asks a transport for it. */
export interface TransportRequest {
  url: string;
  /** Default GET. */
  method?: 'GET' | 'POST';
  body?: string;
  /** Request headers, lower-case names. */
  headers: Record<string, string>;
  /** Body-size cap in bytes, enforced on the decoded body (and on the wire where possible). */
  maxBytes: number;
  signal?: AbortSignal;
}

/** One HTTP answer, redirects not followed, content-encoding undone. */
export interface TransportResponse {
  /** The URL that answered (the request URL: transports never follow redirects). */
  url: string;
  status: number;
  statusText: string;
  /**
   * Lower-case names; repeated headers joined with ", ". `content-encoding` and
   * `transfer-encoding` are removed and `content-length` describes `body`, because the body has
   * already been decoded.
   */
  headers: Record<string, string>;
  body: Uint8Array;
  /** ISO 8601 capture time when it is not "now" (replay answers with the archive's WARC-Date). */
  fetchedAt?: string;
}

/**
 * Does one HTTP exchange. Implementations: live (undici), WARC replay, and a recording wrapper.
 * Failures throw DaybriefErrors of stage `fetch`; non-2xx statuses are answers, not failures.
 */
export interface Transport {
  request(req: TransportRequest): Promise<TransportResponse>;
  /** Releases connections and flushes recordings. */
  close(): Promise<void>;
}

/** Headers that describe the wire form of a body and are wrong once it is decoded. */
const WIRE_HEADERS = ['content-encoding', 'transfer-encoding'];

/** Rewrites headers so that they describe the decoded body. */
export function headersForDecodedBody(
  headers: Record<string, string>,
  bodyLength: number,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!WIRE_HEADERS.includes(name)) out[name] = value;
  }
  out['content-length'] = String(bodyLength);
  return out;
}

/** Lower-cases names and joins repeated values (Set-Cookie included, which nothing here reads). */
export function normaliseHeaders(
  entries: Iterable<[string, string | string[] | undefined]>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [rawName, rawValue] of entries) {
    if (rawValue === undefined) continue;
    const name = rawName.toLowerCase();
    const value = Array.isArray(rawValue) ? rawValue.join(', ') : rawValue;
    out[name] = out[name] === undefined ? value : `${out[name]}, ${value}`;
  }
  return out;
}
