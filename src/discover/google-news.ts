/**
 * Google News RSS search: the search URL, its item quirks (" - Outlet" title suffixes, `<source>`,
 * descriptions that only repeat the title), and its article links (`/rss/articles/CBMi…`).
 *
 * Terms: Google's feed copyright line makes these results available "solely for the purpose of
 * rendering Google News results within a personal feed reader for personal, non-commercial use".
 * daybrief therefore queries it only when the config's `newsSearch` lists "google" (opt-in); the
 * default engines are GDELT and Bing News.
 */
import { DateTime } from 'luxon';
import type { Candidate, DayWindow, Topic } from '../model/types.js';
import type { FeedMeta, RawItem } from './items.js';
import { itemTitle } from './items.js';
import { capText, collapse, htmlToText, parseDate } from './text.js';
import { cleanUrl, hostOf, siteName } from './urls.js';

const GOOGLE_NEWS_HOST = 'news.google.com';
const SEARCH_BASE = 'https://news.google.com/rss/search';
const ARTICLE_SEGMENTS = new Set(['articles', 'read']);
const ID_CHARS = /^[A-Za-z0-9_-]+$/;
const HTTP_URL = /^https?:\/\//;
/** Ids of the 2024+ format hold an opaque token (`AU_yqL…`) instead of the URL. */
const OPAQUE_ID = /^AU_yqL/;
const CLUSTER_LIST = /<ol[\s>]/i;
/** Google's own markup in descriptions: links back to Google News (headlines, "View full coverage") and the outlet in `<font>`. */
const GOOGLE_ANCHOR = /<a\b[^>]*href="https?:\/\/news\.google\.com[^"]*"[^>]*>[\s\S]*?<\/a>/gi;
const FONT_ELEMENT = /<font\b[^>]*>[\s\S]*?<\/font>/gi;
const OUTLET_EDGES = /^[\s|:·•–—-]+|[\s|:·•–—-]+$/g;
const MAX_SUFFIX_STRIPS = 2;
const SUFFIX_SEP = ' - ';
const MAX_SUFFIX = 60;
const NOT_WORD = /[^\p{L}\p{N}]+/gu;
const ATTR_AU = /\bdata-n-au="([^"]+)"/;
const ATTR_SG = /\bdata-n-a-sg="([^"]+)"/;
const ATTR_TS = /\bdata-n-a-ts="([^"]+)"/;
const XSSI_PREFIX = /^\)\]\}'/;

/** Editions whose `hl` and `ceid` do not follow the plain `lang` / `REGION:lang` pattern. */
const EDITIONS: Record<string, { hl: string; ceid: string }> = {
  'pt-BR': { hl: 'pt-BR', ceid: 'BR:pt-419' },
  'pt-PT': { hl: 'pt-PT', ceid: 'PT:pt-150' },
  'zh-CN': { hl: 'zh-CN', ceid: 'CN:zh-Hans' },
  'zh-TW': { hl: 'zh-TW', ceid: 'TW:zh-Hant' },
  'zh-HK': { hl: 'zh-HK', ceid: 'HK:zh-Hant' },
  'es-US': { hl: 'es-419', ceid: 'US:es-419' },
};
/** Languages whose `hl` carries the region (`en-US`, `en-GB`, `en-IN`); others use the bare code (`ja`, `de`). */
const REGIONAL_HL = new Set(['en']);

/** A POST transport for the batchexecute decode (the Fetcher only GETs). Resolves with the body text. */
export type PostFn = (url: string, body: string, headers: Record<string, string>) => Promise<string>;

/** True for feeds served by Google News. */
export function isGoogleNewsUrl(url: string): boolean {
  return hostOf(url) === GOOGLE_NEWS_HOST;
}

/** `hl`, `gl` and `ceid` for a language and region, as Google News spells its editions. */
export function googleNewsEdition(
  language: string,
  region: string,
): { hl: string; gl: string; ceid: string } {
  const lang = (language.split(/[-_]/)[0] ?? 'en').toLowerCase() || 'en';
  const gl = region.toUpperCase();
  const special = EDITIONS[`${lang}-${gl}`];
  if (special) return { ...special, gl };
  return { hl: REGIONAL_HL.has(lang) ? `${lang}-${gl}` : lang, gl, ceid: `${gl}:${lang}` };
}

function utcDate(d: Date, plusDays: number): string {
  return DateTime.fromJSDate(d, { zone: 'utc' }).plus({ days: plusDays }).toISODate() ?? '';
}

function encodeQuery(q: string): string {
  return encodeURIComponent(q).replace(/%20/g, '+').replace(/%3A/g, ':');
}

/**
 * The Google News RSS search URL for a topic's query on a day. `after:` and `before:` take UTC dates
 * and their edges are not documented, so the range is the day before the window's first UTC date to
 * the day after its last: it always covers the window, and filterToDay trims the rest.
 */
export function googleNewsSearchUrl(topic: Topic, day: DayWindow): string {
  const after = utcDate(day.start, -1);
  const before = utcDate(new Date(day.end.getTime() - 1), 1);
  const q = `${(topic.query ?? '').trim()} after:${after} before:${before}`.trim();
  const { hl, gl, ceid } = googleNewsEdition(topic.language || 'en', topic.region || 'US');
  return `${SEARCH_BASE}?q=${encodeQuery(q)}&hl=${hl}&gl=${gl}&ceid=${ceid}`;
}

/** The article id (`CBMi…`) of a Google News article link, or undefined for other URLs. */
export function googleNewsArticleId(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.hostname !== GOOGLE_NEWS_HOST) return undefined;
  const parts = u.pathname.split('/').filter(Boolean);
  const id = parts.at(-1);
  const segment = parts.at(-2);
  return id && segment && ARTICLE_SEGMENTS.has(segment) && ID_CHARS.test(id) ? id : undefined;
}

function readVarint(bytes: Uint8Array, pos: number): [value: number, next: number] | undefined {
  let value = 0;
  for (let shift = 0, i = pos; i < bytes.length && shift < 35; shift += 7, i++) {
    const b = bytes[i] ?? 0;
    value += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return [value, i + 1];
  }
  return undefined;
}

/** The length-delimited protobuf fields of a message, by field number (first occurrence). */
function protobufStrings(bytes: Uint8Array): Map<number, Uint8Array> {
  const out = new Map<number, Uint8Array>();
  let pos = 0;
  while (pos < bytes.length) {
    const tag = readVarint(bytes, pos);
    if (!tag) break;
    const [key, afterTag] = tag;
    const wire = key & 7;
    const field = Math.floor(key / 8);
    if (wire === 0) {
      const v = readVarint(bytes, afterTag);
      if (!v) break;
      pos = v[1];
    } else if (wire === 2) {
      const len = readVarint(bytes, afterTag);
      if (!len || len[1] + len[0] > bytes.length) break;
      if (!out.has(field)) out.set(field, bytes.subarray(len[1], len[1] + len[0]));
      pos = len[1] + len[0];
    } else {
      break;
    }
  }
  return out;
}

/**
 * Offline decode of a Google News article link of the pre-2024 format, whose id is a base64url
 * protobuf carrying the publisher URL in field 4 (and the AMP URL in field 26). Returns undefined for
 * other links and for the 2024+ format, whose id holds an opaque token (see gnews-decode.ts).
 */
export function decodeGoogleNewsLink(url: string): string | undefined {
  const id = googleNewsArticleId(url);
  if (!id) return undefined;
  const fields = protobufStrings(new Uint8Array(Buffer.from(id, 'base64url')));
  const inner = fields.get(4);
  if (!inner) return undefined;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(inner);
  return HTTP_URL.test(text) && !OPAQUE_ID.test(text) ? cleanUrl(text) : undefined;
}

/** The request body of Google's batchexecute call that turns an article id into the publisher URL. */
export function googleNewsBatchBody(id: string, timestamp: string, signature: string): string {
  const context = [
    ['X', 'X', ['X', 'X'], null, null, 1, 1, 'US:en', null, 1, null, null, null, null, null, 0, 1],
  ];
  const request = ['garturlreq', [...context, 'X', 'X', 1, [1, 1, 1], 1, 1, null, 0, 0, null, 0], id];
  const inner = JSON.stringify([...request, Number(timestamp), signature]);
  return `f.req=${encodeURIComponent(JSON.stringify([[['Fbv4je', inner, null, 'generic']]]))}`;
}

function findGarturl(node: unknown): string | undefined {
  if (!Array.isArray(node)) return undefined;
  if (node[0] === 'wrb.fr' && typeof node[2] === 'string') {
    try {
      const inner: unknown = JSON.parse(node[2]);
      if (Array.isArray(inner) && inner[0] === 'garturlres' && typeof inner[1] === 'string') return inner[1];
    } catch {
      return undefined;
    }
  }
  for (const child of node) {
    const found = findGarturl(child);
    if (found) return found;
  }
  return undefined;
}

/**
 * The publisher URL in a batchexecute response: `)]}'` then JSON chunks (optionally preceded by
 * length lines) holding `["wrb.fr","Fbv4je","[\"garturlres\",\"<url>\",…]",…]`.
 */
export function parseGoogleNewsBatchResponse(text: string): string | undefined {
  for (const line of text.replace(XSSI_PREFIX, '').split('\n')) {
    const chunk = line.trim();
    if (!chunk.startsWith('[')) continue;
    try {
      const url = findGarturl(JSON.parse(chunk));
      if (url) return cleanUrl(url);
    } catch {
      // A chunk split over lines or not JSON: keep looking.
    }
  }
  return undefined;
}

function attr(html: string, re: RegExp): string | undefined {
  const v = re.exec(html)?.[1];
  return v === undefined ? undefined : htmlToText(v);
}

/** The decoding parameters on a Google News article page: a direct URL (`data-n-au`) or signature + timestamp. */
export function readGoogleNewsPage(html: string): { url?: string; signature?: string; timestamp?: string } {
  const url = cleanUrl(attr(html, ATTR_AU));
  const signature = attr(html, ATTR_SG);
  const timestamp = attr(html, ATTR_TS);
  return {
    ...(url ? { url } : {}),
    ...(signature ? { signature } : {}),
    ...(timestamp ? { timestamp } : {}),
  };
}

function comparable(s: string): string {
  return s.toLowerCase().replace(NOT_WORD, '');
}

/**
 * Splits " - Outlet" off a Google News title: the `<source>` name when it matches (twice at most, as
 * some publishers' own titles already end with it), else a short last segment.
 */
export function splitGoogleNewsTitle(title: string, sourceName?: string): { title: string; outlet?: string } {
  if (sourceName) {
    const suffix = `${SUFFIX_SEP}${sourceName}`.toLowerCase();
    let t = title;
    for (
      let i = 0;
      i < MAX_SUFFIX_STRIPS && t.toLowerCase().endsWith(suffix) && t.length > suffix.length;
      i++
    ) {
      t = t.slice(0, -suffix.length).trim();
    }
    const outlet = sourceName.replace(OUTLET_EDGES, '');
    return outlet ? { title: t, outlet } : { title: t };
  }
  const at = title.lastIndexOf(SUFFIX_SEP);
  const outlet = at > 0 ? title.slice(at + SUFFIX_SEP.length).replace(OUTLET_EDGES, '') : '';
  if (!outlet || outlet.length > MAX_SUFFIX) return { title };
  return { title: title.slice(0, at).trim(), outlet };
}

/**
 * The description of a Google News item, unless it is only Google's own markup: a story cluster
 * (`<ol>`), links back to Google News (the headline, "View full coverage") and the outlet name in
 * `<font>`; text that merely repeats the title is dropped too.
 */
export function googleNewsDescription(
  html: string | undefined,
  title: string,
  outlet?: string,
): string | undefined {
  if (!html || CLUSTER_LIST.test(html)) return undefined;
  let text = htmlToText(html.replace(GOOGLE_ANCHOR, ' ').replace(FONT_ELEMENT, ' '));
  if (outlet && text.endsWith(outlet)) text = text.slice(0, -outlet.length).trim();
  const t = comparable(text);
  const head = comparable(title.replace(/(?:\.\.\.|…)$/, ''));
  if (!t || t === comparable(title) || (head && t.startsWith(head) && t.length - head.length < 4))
    return undefined;
  return capText(text);
}

/** Maps a Google News item: title without the outlet suffix, outlet from `<source>`, link decoded offline where possible. */
export function googleNewsCandidate(raw: RawItem, meta: FeedMeta): Candidate | undefined {
  const link = cleanUrl(raw.link, meta.feedUrl);
  if (!link) return undefined;
  const url = decodeGoogleNewsLink(link) ?? link;
  const source = collapse(raw.sourceName ?? '') || undefined;
  const split = splitGoogleNewsTitle(itemTitle(raw), source);
  const c: Candidate = { url, title: split.title, source: meta.feedUrl };
  const outletUrl = cleanUrl(raw.sourceUrl);
  if (outletUrl) c.outletUrl = outletUrl;
  const outlet = split.outlet ?? (url === link ? undefined : siteName(url));
  if (outlet) c.outlet = outlet;
  const published = parseDate(raw.date);
  if (published) c.published = published;
  const description = googleNewsDescription(raw.description, split.title, outlet);
  if (description) c.description = description;
  return c;
}
