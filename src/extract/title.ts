/** Choosing the full headline among a page's candidates, and cleaning site names off `<title>`. */
import { collapseWhitespace, endsWithEllipsis, fold, withoutEllipsis } from './text.js';

/** Separators between a headline and a site name: " | ", " - ", " — ", " :: ", " · ", " » ". */
const SEPARATOR = /\s+(?:[|\-\u2013\u2014\u00b7\u2022\u00bb\u00ab/:]|::)\s+/g;
/** Separators that almost never occur inside a headline itself. */
const STRONG_SEPARATOR = /^\s+(?:[|\u00b7\u2022\u00bb\u00ab]|::)\s+$/;
const MAX_TITLE_CHARS = 400;
const MAX_SITE_WORDS = 5;

/** Title candidates of a page, as found; any may be missing. */
export interface TitleCandidates {
  ogTitle?: string;
  jsonLdHeadline?: string;
  h1?: string;
  twitterTitle?: string;
  titleTag?: string;
}

/**
 * The full headline: og:title, JSON-LD headline, the article's h1, twitter:title, then `<title>`
 * with its site suffix stripped. A truncated candidate ("…") gives way to a longer one it begins.
 */
export function chooseTitle(c: TitleCandidates, siteName?: string): string | undefined {
  const site = siteName ?? sharedSuffix(c);
  const h1 = c.h1 && (!c.titleTag || overlaps(c.h1, c.titleTag)) ? c.h1 : undefined;
  const strong = [c.ogTitle, c.jsonLdHeadline, h1, c.twitterTitle]
    .map((t) => (t ? stripSiteName(stripSiteName(t, site), sharedSuffix(c)) : undefined))
    .filter(usable);
  const fromTag = c.titleTag ? cleanTitleTag(c.titleTag, siteName) : undefined;
  const all = usable(fromTag) ? [...strong, fromTag] : strong;
  let best = all[0];
  if (best === undefined) return undefined;
  for (const other of all) {
    if (other === best || endsWithEllipsis(other)) continue;
    const stem = fold(withoutEllipsis(best));
    if (other.length > best.length && fold(other).startsWith(stem)) best = other;
  }
  const shortest = best.length;
  return endsWithEllipsis(best)
    ? (all.find((t) => !endsWithEllipsis(t) && t.length > shortest) ?? best)
    : best;
}

/** The last segment `<title>` and og:title share ("… | Gizmodo" in both): the site's name. */
function sharedSuffix(c: TitleCandidates): string | undefined {
  if (!c.titleTag || !c.ogTitle) return undefined;
  const a = split(collapseWhitespace(c.titleTag));
  const b = split(collapseWhitespace(c.ogTitle));
  const x = a[a.length - 1];
  const y = b[b.length - 1];
  return a.length > 1 && b.length > 1 && x && y && fold(x.text) === fold(y.text) ? x.text : undefined;
}

/** True when most words of the heading occur in the other title: an h1 that is the headline, not a logo. */
function overlaps(heading: string, other: string): boolean {
  const words = (s: string) =>
    fold(s)
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
  const inOther = new Set(words(other));
  const mine = words(heading);
  if (!mine.length) return false;
  if (fold(other).includes(fold(heading))) return true;
  return mine.filter((w) => inOther.has(w)).length / mine.length >= 0.5;
}

function usable(t: string | undefined): t is string {
  return t !== undefined && t.length > 0 && t.length <= MAX_TITLE_CHARS;
}

/** Removes a leading or trailing segment that names the site ("Headline | Northwind Herald"). */
export function stripSiteName(raw: string, siteName?: string): string {
  const title = collapseWhitespace(raw);
  if (!siteName) return title;
  const site = fold(siteName);
  const segments = split(title);
  const [first, second] = segments;
  const last = segments[segments.length - 1];
  if (!first || !second || !last) return title;
  if (sameSite(last.text, site)) return title.slice(0, last.start).trim();
  if (sameSite(first.text, site)) return title.slice(second.start + second.separator.length).trim();
  return title;
}

/**
 * Cleans a `<title>` that is the only source: a known site name is removed; otherwise a short
 * last segment after a strong separator (" | Outlet") is taken for the site and dropped.
 */
export function cleanTitleTag(raw: string, siteName?: string): string {
  const title = stripSiteName(raw, siteName);
  const segments = split(title);
  const last = segments[segments.length - 1];
  if (segments.length < 2 || !last) return title;
  const head = title.slice(0, last.start).trim();
  const words = last.text.split(' ').length;
  const strong = STRONG_SEPARATOR.test(last.separator);
  if (words <= MAX_SITE_WORDS && head.split(' ').length >= 3 && (strong || looksLikeName(last.text))) {
    return cleanTitleTag(head);
  }
  return title;
}

interface Segment {
  text: string;
  start: number;
  end: number;
  separator: string;
}

function split(title: string): Segment[] {
  const out: Segment[] = [];
  let from = 0;
  let separator = '';
  for (const m of title.matchAll(SEPARATOR)) {
    out.push({
      text: title.slice(from, m.index).trim(),
      start: from - separator.length,
      end: m.index,
      separator,
    });
    separator = m[0];
    from = m.index + m[0].length;
  }
  out.push({ text: title.slice(from).trim(), start: from - separator.length, end: title.length, separator });
  return out;
}

function sameSite(segment: string, site: string): boolean {
  const s = fold(segment);
  if (!s) return false;
  const bare = (x: string) => x.replace(/^the\s+/, '').replace(/\.(com|org|net|co\.uk|de)$/, '');
  return bare(s) === bare(site) || (s.length >= 4 && (site.startsWith(s) || s.startsWith(site)));
}

/** Every word capitalised or a domain: "Northwind Herald", "BBC News", "example.com". */
function looksLikeName(s: string): boolean {
  if (/^[\w-]+\.[a-z]{2,}$/i.test(s)) return true;
  return s.split(' ').every((w) => /^[\p{Lu}\d&]/u.test(w) || /^(of|the|and|de|der|die|la|le|el)$/.test(w));
}

/**
 * The site name a `<title>` carries in its first or last segment, when that segment spells the
 * page's domain: "… | Coastal Courier" on coastalcourier.example gives "Coastal Courier".
 */
export function siteFromTitleTag(raw: string, domainLabel: string): string | undefined {
  const segments = split(collapseWhitespace(raw));
  if (segments.length < 2) return undefined;
  return spellsDomain([segments[segments.length - 1]?.text ?? '', segments[0]?.text ?? ''], domainLabel);
}

/** The first of `names` that spells the domain's label once spaces and punctuation are gone. */
export function spellsDomain(names: string[], domainLabel: string): string | undefined {
  const key = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
  const label = key(domainLabel);
  if (label.length < 3) return undefined;
  for (const raw of names) {
    const name = collapseWhitespace(raw);
    if (key(name) === label || key(name.replace(/^the\s+/i, '')) === label) return name;
  }
  return undefined;
}
