/** URL helpers: resolving page-relative links, telling cover images from logos, naming an outlet by its domain. */

const BAD_IMAGE_TOKEN =
  /(^|[/_.\-=&?])(logos?|sprites?|icons?|favicons?|pixel|spacer|blank|1x1|transparent|tracking|tracker|badge|avatars?|placeholder|gravatar|apple-touch-icon)([/_.\-=&?]|\d|$)/i;
const BAD_IMAGE_EXT = /\.(svg|ico)(\?|$)/i;
const SECOND_LEVEL = new Set(['co', 'com', 'org', 'net', 'gov', 'ac', 'edu', 'or', 'ne', 'go']);
/** Domains whose subdomains are separate sites: blog hosts and the reserved example domains. */
const SHARED_HOSTS = new Set([
  'wordpress.com',
  'blogspot.com',
  'substack.com',
  'medium.com',
  'tumblr.com',
  'github.io',
  'ghost.io',
  'example.com',
  'example.org',
  'example.net',
  'typepad.com',
  'livejournal.com',
  'wixsite.com',
]);
const HOST_PREFIX = /^(www\d?|m|amp|mobile|edition|news|en|eu|uk|us)\./;

/** Outlets whose domain does not spell their name. Data, not code: add a row rather than a rule. */
const KNOWN_OUTLETS: Record<string, string> = {
  'apnews.com': 'AP News',
  'bbc.co.uk': 'BBC',
  'bbc.com': 'BBC',
  'cnn.com': 'CNN',
  'cnbc.com': 'CNBC',
  'nytimes.com': 'The New York Times',
  'washingtonpost.com': 'The Washington Post',
  'wsj.com': 'The Wall Street Journal',
  'ft.com': 'Financial Times',
  'theguardian.com': 'The Guardian',
  'reuters.com': 'Reuters',
  'bloomberg.com': 'Bloomberg',
  'npr.org': 'NPR',
  'dw.com': 'DW',
  'aljazeera.com': 'Al Jazeera',
  'nbcnews.com': 'NBC News',
  'cbsnews.com': 'CBS News',
  'abcnews.go.com': 'ABC News',
  'foxnews.com': 'Fox News',
  'latimes.com': 'Los Angeles Times',
  'usatoday.com': 'USA Today',
  'politico.com': 'Politico',
  'politico.eu': 'Politico Europe',
  'spiegel.de': 'DER SPIEGEL',
  'lemonde.fr': 'Le Monde',
};

/** Resolves `href` against `base`; returns an absolute http(s) URL or undefined. */
export function resolveHttpUrl(href: string | null | undefined, base: string): string | undefined {
  const h = href?.trim();
  if (!h || h.startsWith('data:') || h.startsWith('javascript:')) return undefined;
  try {
    const u = new URL(h, base);
    u.username = ''; // credentials in a page's URLs are never kept (#9)
    u.password = '';
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** True for URLs that name a logo, icon, sprite, avatar, tracking pixel or other non-cover image. */
export function isBadImageUrl(url: string): boolean {
  if (url.startsWith('data:')) return true;
  let path: string;
  try {
    const u = new URL(url);
    path = `${u.pathname}${u.search}`;
  } catch {
    return true;
  }
  return BAD_IMAGE_TOKEN.test(path) || BAD_IMAGE_EXT.test(path);
}

/** The registrable part of a host: `www.bbc.co.uk` → `bbc.co.uk`, `edition.cnn.com` → `cnn.com`. */
export function registrableDomain(host: string): string {
  const labels = host.toLowerCase().replace(/\.$/, '').split('.');
  if (labels.length <= 2) return labels.join('.');
  const sld = labels[labels.length - 2] ?? '';
  const tld = labels[labels.length - 1] ?? '';
  const keep = SECOND_LEVEL.has(sld) && tld.length === 2 ? 3 : 2;
  return labels.slice(-keep).join('.');
}

/**
 * A readable outlet name from a URL's host: `www.northwind-herald.example` → `Northwind Herald`,
 * known outlets by a small table. Undefined for hosts that are IP addresses or unparsable URLs.
 */
export function outletFromUrl(url: string): string | undefined {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return undefined;
  }
  if (!host || /^[\d.]+$/.test(host) || host.includes(':')) return undefined;
  const bare = host.toLowerCase().replace(HOST_PREFIX, '');
  const known = KNOWN_OUTLETS[bare] ?? KNOWN_OUTLETS[registrableDomain(bare)];
  if (known) return known;
  const name = siteLabel(bare);
  const words = name.split(/[-_]+/).filter(Boolean);
  if (!words.length) return undefined;
  return words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
}

/** The label that names the site: `northwind-herald` of `www.northwind-herald.example`, `fieldnotes` of `fieldnotes.example.org`. */
export function siteLabel(host: string): string {
  const bare = host.toLowerCase().replace(HOST_PREFIX, '');
  const domain = registrableDomain(bare);
  if (SHARED_HOSTS.has(domain) && bare !== domain)
    return (
      bare
        .slice(0, -domain.length - 1)
        .split('.')
        .pop() ?? ''
    );
  return domain.split('.')[0] ?? '';
}
