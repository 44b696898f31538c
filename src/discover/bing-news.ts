/**
 * Bing News RSS search: the search URL, its `apiclick.aspx` redirect links (the publisher URL is in
 * the `url` parameter) and its `<News:Source>` outlet element, which feedsmith does not keep.
 *
 * Terms: Bing's feed copyright line allows "rendering Bing results within an RSS aggregator for your
 * personal, non-commercial use" only. It is one of the default engines with GDELT; `newsSearch` can
 * leave it out (e.g. `["gdelt"]` for a public or commercial site).
 */
import type { Candidate, DayWindow, Topic } from '../model/types.js';
import type { FeedMeta, RawItem } from './items.js';
import { itemDescription, itemTitle } from './items.js';
import { htmlToText, parseDate } from './text.js';
import { cleanUrl, hostIs, hostOf, siteName } from './urls.js';

const SEARCH_BASE = 'https://www.bing.com/news/search';
const CLICK_PATH = /^\/news\/apiclick\.aspx$/i;
const ITEM_BLOCK = /<item[\s>][\s\S]*?<\/item>/gi;
const LINK_EL = /<link>([\s\S]*?)<\/link>/i;
const SOURCE_EL = /<([A-Za-z][\w.-]*):Source>([\s\S]*?)<\/\1:Source>/i;
const CDATA = /^<!\[CDATA\[([\s\S]*)\]\]>$/;
/** Bing's "most recent first" ordering, so that the day's items are on the one page the feed returns. */
const SORT_BY_DATE = 'sortbydate="1"';

/** True for feeds served by Bing. */
export function isBingUrl(url: string): boolean {
  return hostIs(hostOf(url), 'bing.com');
}

/**
 * The Bing News RSS search URL for a topic's query. Bing takes no date range in RSS, so the day is
 * left to filterToDay; results are sorted by date. `day` is accepted for symmetry with Google News.
 */
export function bingNewsSearchUrl(topic: Topic, _day: DayWindow): string {
  const lang = (topic.language || 'en').split(/[-_]/)[0]?.toLowerCase() || 'en';
  const cc = (topic.region || 'US').toUpperCase();
  const params = new URLSearchParams({
    q: (topic.query ?? '').trim(),
    format: 'rss',
    setlang: `${lang}-${cc}`,
    cc,
    qft: SORT_BY_DATE,
  });
  return `${SEARCH_BASE}?${params.toString()}`;
}

/** The publisher URL of a Bing `apiclick.aspx` link (its `url` parameter); other links are returned cleaned. */
export function decodeBingLink(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (isBingUrl(url) && CLICK_PATH.test(u.pathname)) return cleanUrl(u.searchParams.get('url') ?? undefined);
  return cleanUrl(url);
}

function elementText(raw: string): string {
  const inner = raw.trim();
  return htmlToText(CDATA.exec(inner)?.[1] ?? inner);
}

/** Outlet names by item link, read from the raw XML because feedsmith drops the `News:` namespace. */
export function bingSources(xml: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const block of xml.match(ITEM_BLOCK) ?? []) {
    const link = LINK_EL.exec(block)?.[1];
    const source = SOURCE_EL.exec(block)?.[2];
    const key = link === undefined ? undefined : cleanUrl(elementText(link));
    const name = source === undefined ? '' : elementText(source);
    if (key && name) out.set(key, name);
  }
  return out;
}

/** Maps a Bing News item: publisher URL from the click link, outlet from `News:Source` or the domain. */
export function bingNewsCandidate(
  raw: RawItem,
  meta: FeedMeta,
  sources: Map<string, string>,
): Candidate | undefined {
  const link = cleanUrl(raw.link, meta.feedUrl);
  const url = link === undefined ? undefined : decodeBingLink(link);
  if (!link || !url) return undefined;
  const c: Candidate = { url, title: itemTitle(raw), source: meta.feedUrl };
  const outlet = sources.get(link) ?? (raw.sourceName?.trim() || siteName(url));
  if (outlet) c.outlet = outlet;
  const published = parseDate(raw.date);
  if (published) c.published = published;
  const description = itemDescription(raw.description);
  if (description) c.description = description;
  return c;
}
