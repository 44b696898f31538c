import { isTrackingParam } from '../model/urls.js';

/**
 * URL canonicalisation for duplicate detection: the same article reached through tracking links,
 * AMP or mobile variants, or a trailing slash gets one key.
 */

/** Parameters that name a variant of the same page (where it was shared from, its AMP form). */
const VARIANT_PARAM = /^(ref|referrer|src|source|share|amp|outputType|output)$/i;
const MOBILE_HOST_PREFIX = /^(www|m|mobile|amp)\./i;
const AMP_PATH_SEGMENT = /\/amp(?=\/|$)/i;
const AMP_PATH_SUFFIX = /\.amp(?=\.html?$|$)/i;
const DEFAULT_PORT: Record<string, string> = { 'http:': '80', 'https:': '443' };

/**
 * The comparison key of a URL: scheme-less, host without www./m./amp., path without AMP markers and
 * trailing slash, tracking parameters dropped, remaining parameters sorted, fragment dropped.
 * Returns the input lower-cased when it does not parse.
 */
export function urlKey(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url.trim().toLowerCase();
  }
  const host = u.hostname.toLowerCase().replace(MOBILE_HOST_PREFIX, '');
  const port = u.port && u.port !== DEFAULT_PORT[u.protocol] ? `:${u.port}` : '';
  let path = u.pathname.replace(AMP_PATH_SEGMENT, '').replace(AMP_PATH_SUFFIX, '');
  path = path.replace(/\/+$/, '').replace(/\/index\.html?$/i, '') || '/';
  const params = [...u.searchParams.entries()]
    .filter(([k]) => !isTrackingParam(k) && !VARIANT_PARAM.test(k))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = params.length ? `?${new URLSearchParams(params).toString()}` : '';
  return `${host}${port}${path}${query}`;
}
