/** Choosing the full headline among a page's candidates, and cleaning site names off `<title>`. */
import { collapseWhitespace, endsWithEllipsis, fold, withoutEllipsis } from './text.js';

/** Separators between a headline and a site name: " | ", " - ", " — ", " :: ", " · ", " » ". */
const SEPARATOR = /\s+(?:[|\-\u2013\u2014\u00b7\u2022\u00bb\u00ab/:]|::)\s+/g;
/** Separators that almost never occur inside a headline itself. */
const STRONG_SEPARATOR = /^\s+(?:[|\u00b7\u2022\u00bb\u00ab]|::)\s+$/;
const MAX_TITLE_CHARS = 400;
const WORD_BREAK = /[^\p{L}\p{N}]+/u;
/** Share of an h1's words another title must hold for the h1 to count as the headline. */
const MIN_OVERLAP = 0.5;
/** The same for an h1 marked as the headline (its own class or itemprop says so). */
const MARKED_MIN_OVERLAP = 0.3;
const MAX_SITE_WORDS = 5;
/**
 * Chinese and Japanese titles join headline, section and site without spaces:
 * "标题_科技_腾讯网", "見出し｜サイト", "見出し:サイト名". `_` and `｜` never occur inside such a
 * headline; a colon may (a kicker), so a colon segment goes only when it names the site.
 */
const CJK_SUFFIX =
  /(?<=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}」』）】])([_｜|:：])([^_｜|:：]+)$/u;
const CJK_STRONG = /[_｜|]/;
/** A pilcrow or link sign heading anchors carry ("Evolve: Shared Mutable History¶"). */
const HEADING_ANCHOR = /\s*[\u00b6#\u00a7]\s*$/;

/** Title candidates of a page, as found; any may be missing. */
export interface TitleCandidates {
  /** og:title; `metaTitle` (Dublin Core, Parse.ly) ranks before it when given. */
  ogTitle?: string;
  metaTitle?: string;
  jsonLdHeadline?: string;
  /** The page's visible headline, already chosen by `pickHeading` (or the only h1). */
  h1?: string;
  twitterTitle?: string;
  titleTag?: string;
}

/** A heading of the page as `pickHeading` weighs it. */
export interface Heading {
  text: string;
  /** Marked as the headline: itemprop, or a class/id naming a headline or title. */
  marked: boolean;
  /** Declared the headline by schema.org markup (itemprop="headline"), which outranks a class. */
  declared?: boolean;
  /** Inside the article, main or a header of the content. */
  inArticle: boolean;
  /** Hidden, a logo, or only a link to the home page: never the headline. */
  excluded: boolean;
}

/**
 * The full headline. JSON-LD's headline first (the publisher's own record), then the visible
 * headline of the page (the h1 that agrees with the page's other titles: social titles are often
 * rewritten for sharing), then Dublin Core/og:title, twitter:title, then `<title>` with its site
 * suffix stripped. A truncated candidate ("…") gives way to a longer one it begins.
 */
export function chooseTitle(c: TitleCandidates, siteName?: string): string | undefined {
  const site = siteName ?? sharedSuffix(c);
  const strong = [c.jsonLdHeadline, c.h1, c.metaTitle, c.ogTitle, c.twitterTitle]
    .map((t) => (t ? stripSiteName(stripSiteName(t, site), sharedSuffix(c)) : undefined))
    .filter(usable);
  const fromTag = c.titleTag ? cleanTitleTag(c.titleTag, siteName) : undefined;
  const all = usable(fromTag) ? [...strong, fromTag] : strong;
  const best = all[0];
  if (best === undefined || !endsWithEllipsis(best)) return best;
  const stem = fold(withoutEllipsis(best));
  return (
    all.find((t) => !endsWithEllipsis(t) && t.length > best.length && fold(t).startsWith(stem)) ??
    all.find((t) => !endsWithEllipsis(t) && t.length > best.length) ??
    best
  );
}

/**
 * The page's visible headline among its h1s: one that shares most of its words with another
 * title of the page (`refs`: og:title, `<title>`, …), or, when marked as the headline, at least a
 * third of them. A heading that is only a segment of a title beside a longer one ("V8" of
 * "Outside the web … · V8") names the site, not the story. Undefined when none qualifies.
 */
export function pickHeading(headings: Heading[], refs: (string | undefined)[]): string | undefined {
  const titles = refs.filter((r): r is string => !!r?.trim()).map(collapseWhitespace);
  let best: string | undefined;
  let bestScore = 0;
  for (const h of headings) {
    const text = collapseWhitespace(h.text);
    if (h.excluded || !usable(text) || titles.some((t) => isSiteSegment(text, t))) continue;
    let agree = titles.length ? Math.max(...titles.map((t) => overlap(text, t))) : 0.5;
    // "Arbeit - Site" over a marked h1 "Wir kämpfen für gute Arbeit": the tag's short form of it.
    if (h.marked && agree < MARKED_MIN_OVERLAP && titles.some((t) => holdsHead(text, t)))
      agree = MARKED_MIN_OVERLAP;
    if (agree < (h.marked ? MARKED_MIN_OVERLAP : MIN_OVERLAP)) continue;
    // An unmarked "marzipanify" inside "owner/marzipanify: Convert an iOS app …" names a product or
    // section; the title that holds it is the headline.
    if (!h.marked && titles.some((t) => fragmentOf(text, t))) continue;
    const score = agree * 2 + (h.marked ? 1 : 0) + (h.declared ? 0.5 : 0) + (h.inArticle ? 0.5 : 0);
    if (score > bestScore) {
      best = text;
      bestScore = score;
    }
  }
  return best;
}

/** True when `text` is a separated segment of `title` and not its longest one: a site or section name. */
function isSiteSegment(text: string, title: string): boolean {
  const segments = split(title);
  if (segments.length < 2) return false;
  const f = fold(text);
  const longest = Math.max(...segments.map((s) => s.text.length));
  return segments.some((s) => fold(s.text) === f && s.text.length < longest);
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

/**
 * True when the heading's words are all in `title` but cover less than a third of it, and the title
 * does not begin with them (a headline whose social title runs on is still the headline).
 */
function fragmentOf(heading: string, title: string): boolean {
  const words = (x: string) => fold(x).split(WORD_BREAK).filter(Boolean);
  const mine = words(heading);
  const theirs = words(title);
  const inTitle = new Set(theirs);
  if (!mine.length || mine.length * 3 >= theirs.length || !mine.every((w) => inTitle.has(w))) return false;
  return !mine.every((w, i) => theirs[i] === w);
}

/** True when every word of the title's first segment is a word of the heading. */
function holdsHead(heading: string, title: string): boolean {
  const words = (x: string) => fold(x).split(WORD_BREAK).filter(Boolean);
  const head = words(split(title)[0]?.text ?? '');
  const mine = new Set(words(heading));
  return head.length > 0 && head.every((w) => mine.has(w));
}

/** The share of the heading's words found in the other title (1 when it is contained whole). */
function overlap(heading: string, other: string): number {
  const words = (s: string) => fold(s).split(WORD_BREAK).filter(Boolean);
  const mine = words(heading);
  if (!mine.length) return 0;
  if (fold(other).includes(fold(heading))) return 1;
  const inOther = new Set(words(other));
  return mine.filter((w) => inOther.has(w)).length / mine.length;
}

function usable(t: string | undefined): t is string {
  return t !== undefined && t.length > 0 && t.length <= MAX_TITLE_CHARS;
}

/** Removes a leading or trailing segment that names the site ("Headline | Northwind Herald"). */
export function stripSiteName(raw: string, siteName?: string): string {
  const title = stripCjkSuffix(collapseWhitespace(raw).replace(HEADING_ANCHOR, ''), siteName);
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

/** Drops unspaced CJK site and section suffixes while the headline stays the longer part. */
function stripCjkSuffix(title: string, siteName?: string): string {
  let out = title;
  for (let m = CJK_SUFFIX.exec(out); m; m = CJK_SUFFIX.exec(out)) {
    const [whole, sep = '', tail = ''] = m;
    const head = out.slice(0, m.index);
    const named = siteName !== undefined && sameSite(tail.trim(), fold(siteName));
    if (head.length <= tail.length || !(CJK_STRONG.test(sep) || named)) break;
    out = out.slice(0, out.length - whole.length).trim();
  }
  return out;
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
  // "JVNDB-2018-013542" begins with the site "jvndb" but is a document number, not the site.
  const prefixOf = (long: string, short: string) =>
    long.startsWith(short) && !/\d/.test(long.slice(short.length));
  return bare(s) === bare(site) || (s.length >= 4 && (prefixOf(site, s) || prefixOf(s, site)));
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
