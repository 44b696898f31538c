/** URL helpers for feed links: resolution, the http(s)-only rule, tracking-parameter removal. */
import { isTrackingParam } from '../model/urls.js';

const WWW = /^www\d*\./;

/**
 * Resolves `href` against `base` and returns it only when it is an absolute http(s) URL without
 * credentials; the fragment and tracking parameters (utm_*, fbclid, gclid, …) are removed so that
 * the same article linked from two feeds compares equal.
 */
export function cleanUrl(href: string | undefined, base?: string): string | undefined {
  const raw = href?.trim();
  if (!raw) return undefined;
  let u: URL;
  try {
    u = new URL(raw, base);
  } catch {
    return undefined;
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.username || u.password) return undefined;
  u.hash = '';
  for (const key of [...u.searchParams.keys()]) {
    if (isTrackingParam(key)) u.searchParams.delete(key);
  }
  return u.href;
}

/** The lower-case host of a URL, or '' when it does not parse. */
export function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return '';
  }
}

/** The host without a leading `www.`: a readable stand-in for an outlet name. */
export function siteName(url: string): string {
  return hostOf(url).replace(WWW, '');
}

/** True when `host` is `domain` or a subdomain of it. */
export function hostIs(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}
