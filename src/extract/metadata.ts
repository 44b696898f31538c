/**
 * The metadata reader: title, byline, date, cover image, outlet, language, canonical URL and
 * description from Open Graph, Twitter cards, JSON-LD, standard meta tags and the markup itself.
 * Pure and usable on its own; `extract` calls it before it cleans the document.
 */
import { cleanByline, joinNames } from './byline.js';
import { dateFromUrl, parseDate } from './dates.js';
import { parseHtml } from './dom.js';
import {
  declaresNotFree,
  imageUrls,
  isNode,
  type LdNode,
  names,
  pickArticle,
  readJsonLd,
  str,
  typesOf,
} from './jsonld.js';
import { collapseWhitespace, fold, stripTags } from './text.js';
import { chooseTitle, type Heading, pickHeading, siteFromTitleTag, spellsDomain } from './title.js';
import { isBadImageUrl, outletFromUrl, resolveHttpUrl, siteLabel } from './urls.js';

/** What the metadata reader found; every field may be missing except the declared-paywall flag. */
export interface Metadata {
  title?: string;
  byline?: string;
  /** ISO 8601, with the page's offset when it gave one. */
  published?: string;
  /** Absolute http(s) URL. */
  image?: string;
  siteName?: string;
  /** BCP 47, e.g. `en-US`. */
  lang?: string;
  canonicalUrl?: string;
  description?: string;
  /** The page declares `isAccessibleForFree: false` in JSON-LD. */
  declaredPaywall: boolean;
}

/** Options of readMetadata. */
export interface MetadataOptions {
  /** The reference for "not in the future"; default: the current time. */
  now?: Date;
}

const DATE_KEYS = [
  'article:published_time',
  'og:article:published_time',
  'datepublished',
  'parsely-pub-date',
  'sailthru.date',
  'pubdate',
  'publishdate',
  'publish-date',
  'publish_date',
  'date',
  'dc.date',
  'dc.date.issued',
  'dcterms.date',
  'dcterms.issued',
  'dcterms.created',
  'citation_publication_date',
  'article.published',
  'og:published_time',
  'article_date_original',
  'original-publish-date',
  'datecreated',
];
const IMAGE_KEYS = [
  'og:image:secure_url',
  'og:image',
  'og:image:url',
  'twitter:image',
  'twitter:image:src',
  'image',
];
const AUTHOR_KEYS = [
  'dc.creator',
  'dc:creator',
  'author',
  'article:author',
  'parsely-author',
  'sailthru.author',
  'byl',
  'citation_author',
  'cxenseparse:author',
];
const SITE_KEYS = ['og:site_name', 'application-name', 'apple-mobile-web-app-title', 'publisher'];
const DESCRIPTION_KEYS = ['description', 'og:description', 'twitter:description', 'dc.description'];
const LANG_CODE = /^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/i;
const ARTICLE_ROOT = '[itemprop="articleBody"], article, [role="main"], main';
const BYLINE_SELECTOR = [
  '[rel="author"]',
  '[itemprop="author"] [itemprop="name"]',
  '[itemprop="author"]',
  'a[href*="/author/"]',
  'a[href*="/authors/"]',
  'a[href*="/autor/"]',
  'a[href*="/autoren/"]',
  'a[href*="/auteur/"]',
  'a[href*="/editors/"]',
  'a[href*="/staff/"]',
  '.byline',
  '[class*="byline" i]',
  '.author-name',
  '[class*="author-name" i]',
  '[class*="authorname" i]',
  '.author',
  '[class*="author" i]',
].join(', ');
const BY_ONLY = /^(?:by|von|par|por|di|door|av|af)\s*:?$/i;
const NON_TEXT_TAG = /^(script|style|noscript|svg|button|time)$/i;
const MAX_BYLINE_ELEMENTS = 30;
const MAX_DATELINES = 20;
/** A longer element is a block of content, whose dates may be anything (events, history). */
const MAX_DATELINE_CHARS = 200;
/** Links to sign-in and account pages carry "author"-like classes on some sites. */
const ACCOUNT_LINK = /log-?in|sign-?in|sign-?up|account|subscribe/i;
const MAX_PIECES = 12;
const MAX_NAME_WORDS = 12;
const DATELINE_SELECTOR =
  '.byline, .dateline, .date, .article-date, .post-date, .entry-date, .published, .timestamp, [class*="byline"], [class*="meta"], [class*="date" i], [class*="time" i], [class*="publish" i]';
const LOGO_SELECTOR = 'img[src*="logo"], [class*="logo"], [class*="brand"], [id*="logo"]';
const META_TITLE_KEYS = ['dc.title', 'dc:title', 'dcterms.title', 'dcterm:title', 'parsely-title'];
const HEADLINE_CLASS = /headline|\bhed\b|title|heading/i;
const HIDDEN_CLASS = /hidden|visually|sr-only|screen-reader|logo|brand|masthead|site-?title|site-?name/i;
const MAX_HEADINGS = 15;
const MIN_IMAGE_SIDE = 300;
const MAX_ATTR_SCAN = 3_000;

/**
 * Reads a page's metadata. `input` is HTML or an already parsed document (which is not changed);
 * `url` is the page's URL, used to resolve relative links and as the last source of a date and outlet.
 */
export function readMetadata(input: string | Document, url: string, opts: MetadataOptions = {}): Metadata {
  const doc = typeof input === 'string' ? parseHtml(input) : input;
  const now = opts.now ?? new Date();
  const meta = metaMap(doc);
  const ld = readJsonLd(doc);
  const article = pickArticle(ld);
  const base = baseUrl(doc, url);
  const siteName = readSiteName(doc, meta, ld, article, url);
  return {
    title: readTitle(doc, meta, article, siteName),
    byline: readByline(doc, meta, ld, article, siteName),
    published: readPublished(doc, meta, article, url, now),
    image: readImage(doc, meta, ld, article, base),
    siteName,
    lang: readLang(doc, meta, article),
    canonicalUrl: readCanonical(doc, meta, base),
    description: readDescription(meta, article),
    declaredPaywall: ld.some((n) => declaresNotFree(n, ld)),
  };
}

/** Meta tags by lower-cased property/name/itemprop/http-equiv: every content, in document order. */
function metaMap(doc: Document): Map<string, string[]> {
  const map = new Map<string, string[]>();
  let scanned = 0;
  for (const el of Array.from(doc.querySelectorAll('meta'))) {
    if (++scanned > MAX_ATTR_SCAN) break;
    const content = el.getAttribute('content') ?? el.getAttribute('value');
    if (!content?.trim()) continue;
    for (const attr of ['property', 'name', 'itemprop', 'http-equiv']) {
      // RDFa allows several properties in one attribute: property="og:title twitter:title".
      for (const key of (el.getAttribute(attr) ?? '').toLowerCase().split(/\s+/)) {
        if (!key) continue;
        const list = map.get(key) ?? [];
        list.push(content.trim());
        map.set(key, list);
      }
    }
  }
  return map;
}

function first(meta: Map<string, string[]>, keys: string[]): string | undefined {
  for (const k of keys) {
    const v = meta.get(k)?.[0];
    if (v) return v;
  }
  return undefined;
}

/** The URL relative links resolve against: `<base href>` (itself resolved) or the page URL. */
export function baseUrl(doc: Document, url: string): string {
  return resolveHttpUrl(doc.querySelector('base[href]')?.getAttribute('href'), url) ?? url;
}

function readTitle(doc: Document, meta: Map<string, string[]>, article: LdNode | undefined, site?: string) {
  const titleTag = doc.querySelector('title')?.textContent ?? undefined;
  const ogTitle = first(meta, ['og:title']);
  const metaTitle = first(meta, META_TITLE_KEYS);
  const twitterTitle = first(meta, ['twitter:title']);
  const headings = headingsOf(doc);
  const h1 = pickHeading(headings, [ogTitle, metaTitle, twitterTitle, titleTag]);
  return chooseTitle(
    {
      ogTitle,
      metaTitle,
      jsonLdHeadline: ldHeadline(article, [h1, titleTag, ogTitle]),
      h1,
      twitterTitle,
      titleTag,
    },
    site,
  );
}

/**
 * The article node's headline; when its `name` differs and is the one the page shows (the h1 or
 * the start of `<title>`), the name: some sites keep a description in `headline`.
 */
function ldHeadline(article: LdNode | undefined, shown: (string | undefined)[]): string | undefined {
  const headline = str(article?.headline);
  const name = str(article?.name);
  if (!headline || !name || headline === name) return headline ?? name;
  const starts = (t: string) => shown.some((s) => s && fold(s).startsWith(fold(t)));
  return starts(name) && !starts(headline) ? name : headline;
}

/** The page's h1s (and headline-marked headings), with what tells a headline from a logo. */
function headingsOf(doc: Document): Heading[] {
  const els = Array.from(doc.querySelectorAll('h1, [itemprop="headline"]')).slice(0, MAX_HEADINGS);
  return els.map((el) => {
    const tag = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
    return {
      text: el.textContent ?? '',
      marked: el.getAttribute('itemprop') === 'headline' || HEADLINE_CLASS.test(tag),
      inArticle: el.closest(ARTICLE_ROOT) !== null,
      excluded: HIDDEN_CLASS.test(tag) || isHidden(el) || onlyHomeLink(el),
    };
  });
}

function isHidden(el: Element): boolean {
  for (let e: Element | null = el, i = 0; e && i < 4; e = e.parentElement, i++) {
    if (e.hasAttribute('hidden') || e.getAttribute('aria-hidden') === 'true') return true;
    if (/display:\s*none/i.test(e.getAttribute('style') ?? '')) return true;
  }
  return false;
}

/** A heading that is a link to the site's home page is the masthead. */
function onlyHomeLink(el: Element): boolean {
  const a = el.querySelector('a[href]');
  if (!a || collapseWhitespace(a.textContent ?? '') !== collapseWhitespace(el.textContent ?? ''))
    return false;
  const href = a.getAttribute('href') ?? '';
  return /^(?:https?:\/\/[^/]+)?\/?(?:index\.\w+)?$/i.test(href.trim());
}

function readByline(
  doc: Document,
  meta: Map<string, string[]>,
  ld: LdNode[],
  article?: LdNode,
  site?: string,
) {
  // The publisher in an author field ("Condé Nast", "ABC News") is no byline: skip to the next source.
  const orgs = new Set(
    [site, ...(article ? names(article.publisher ?? article.sourceOrganization, ld) : [])]
      .filter((n): n is string => !!n)
      .map((n) => fold(n)),
  );
  const person = (n: string | undefined) => (n && !orgs.has(fold(n)) ? n : undefined);
  const fromLd = article
    ? joinNames(names(article.author ?? article.creator, ld).filter((n) => person(n)))
    : undefined;
  if (fromLd) return fromLd;
  for (const k of AUTHOR_KEYS)
    for (const v of meta.get(k) ?? []) {
      const c = person(cleanByline(v));
      if (c) return c;
    }
  for (const el of Array.from(doc.querySelectorAll(BYLINE_SELECTOR)).slice(0, MAX_BYLINE_ELEMENTS)) {
    const c = person(bylineOf(el));
    if (c && !ACCOUNT_LINK.test(el.getAttribute('href') ?? '')) return c;
  }
  return undefined;
}

/**
 * The name an author element gives: its content attribute, else its first text piece that reads
 * as a name. Pieces are the element's text nodes, so "Jane Doe" + "Staff Writer" in two spans
 * do not glue into "Jane DoeStaff Writer"; "By" alone is joined to the piece after it.
 */
function bylineOf(el: Element): string | undefined {
  const attr = el.getAttribute('content');
  if (attr) return cleanByline(attr);
  const pieces = textPieces(el);
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i] ?? '';
    const joined = BY_ONLY.test(piece) ? `${piece} ${pieces[i + 1] ?? ''}` : piece;
    const c = cleanByline(joined);
    if (c && looksLikeName(c)) return c;
    if (BY_ONLY.test(piece)) i++;
  }
  return undefined;
}

function textPieces(el: Element): string[] {
  const out: string[] = [];
  const walk = (n: Node, depth: number) => {
    if (out.length >= MAX_PIECES || depth > 12) return;
    if (n.nodeType === 3) {
      const t = collapseWhitespace(n.textContent ?? '');
      if (t) out.push(t);
      return;
    }
    if (n.nodeType !== 1 || NON_TEXT_TAG.test((n as Element).tagName)) return;
    for (const c of Array.from(n.childNodes)) walk(c, depth + 1);
  };
  walk(el, 0);
  return out;
}

/** Up to six words, most of them capitalised (or in a script without case), no sentence punctuation. */
function looksLikeName(s: string): boolean {
  const words = s.split(/[\s,]+/).filter((w) => w && !/^(and|und|et|y|e|&)$/i.test(w));
  if (!words.length || words.length > MAX_NAME_WORDS || /[.!?:]$/.test(s) || /\d{3}/.test(s)) return false;
  if (BY_ONLY.test(words[words.length - 1] ?? '')) return false;
  const upper = words.filter((w) => /^\P{Ll}/u.test(w)).length;
  return words.length === 1 || upper / words.length > 0.5;
}

function readPublished(
  doc: Document,
  meta: Map<string, string[]>,
  article: LdNode | undefined,
  url: string,
  now: Date,
) {
  const tries: (string | null | undefined)[] = [str(article?.datePublished), str(article?.dateCreated)];
  for (const k of DATE_KEYS) tries.push(...(meta.get(k) ?? []));
  for (const t of timeElements(doc)) tries.push(t);
  // Last before the URL: a date written in a byline or dateline ("Posted … on January 30, 2023").
  for (const el of Array.from(doc.querySelectorAll(DATELINE_SELECTOR)).slice(0, MAX_DATELINES))
    if ((el.textContent?.length ?? 0) < MAX_DATELINE_CHARS) tries.push(el.textContent);
  for (const t of tries) {
    const d = t ? parseDate(t, now) : undefined;
    if (d) return d;
  }
  return dateFromUrl(url, now);
}

function timeElements(doc: Document): string[] {
  const marked = doc.querySelectorAll(
    'time[itemprop="datePublished"], time[pubdate], [itemprop="datePublished"]',
  );
  const inArticle = doc.querySelectorAll('article time, header time, main time');
  const out: string[] = [];
  for (const el of [
    ...Array.from(marked),
    ...Array.from(inArticle),
    ...Array.from(doc.querySelectorAll('time')),
  ].slice(0, 20)) {
    const v = el.getAttribute('datetime') ?? el.getAttribute('content') ?? el.textContent;
    if (v?.trim()) out.push(v);
  }
  return out;
}

function readImage(
  doc: Document,
  meta: Map<string, string[]>,
  ld: LdNode[],
  article: LdNode | undefined,
  base: string,
) {
  const tries: (string | null | undefined)[] = [];
  for (const k of IMAGE_KEYS) tries.push(...(meta.get(k) ?? []));
  if (article) tries.push(...imageUrls(article.image ?? article.thumbnailUrl, ld));
  tries.push(doc.querySelector('link[rel="image_src"]')?.getAttribute('href'));
  for (const t of tries) {
    const u = resolveHttpUrl(t, base);
    if (u && !isBadImageUrl(u)) return u;
  }
  const root = doc.querySelector(ARTICLE_ROOT);
  return root ? firstContentImage(root, base) : undefined;
}

/**
 * The first image in `root` that can be a cover: width/height attributes of at least 300 or none
 * given (it sits inside the article), not a logo, icon, sprite, pixel or data URI.
 */
export function firstContentImage(root: Element, base: string): string | undefined {
  for (const img of Array.from(root.querySelectorAll('img')).slice(0, 50)) {
    if (!bigEnough(img)) continue;
    const u = resolveHttpUrl(imageSource(img), base);
    if (u && !isBadImageUrl(u)) return u;
  }
  return undefined;
}

function bigEnough(img: Element): boolean {
  const w = Number.parseInt(img.getAttribute('width') ?? '', 10);
  const h = Number.parseInt(img.getAttribute('height') ?? '', 10);
  if (Number.isFinite(w) && w < MIN_IMAGE_SIDE) return false;
  if (Number.isFinite(h) && h < MIN_IMAGE_SIDE / 2) return false;
  return true;
}

/** The image's real source: lazy-loading attributes first, then the largest srcset entry, then src. */
function imageSource(img: Element): string | undefined {
  for (const a of ['data-src', 'data-lazy-src', 'data-original', 'data-url']) {
    const v = img.getAttribute(a);
    if (v && !v.startsWith('data:')) return v;
  }
  const srcset = img.getAttribute('srcset') ?? img.getAttribute('data-srcset');
  const src = img.getAttribute('src');
  if (src && !src.startsWith('data:')) return src;
  return srcset ? largestInSrcset(srcset) : undefined;
}

function largestInSrcset(srcset: string): string | undefined {
  let best: string | undefined;
  let bestW = -1;
  for (const part of srcset.split(/,\s+/)) {
    const [u, d] = part.trim().split(/\s+/);
    const w = Number.parseFloat(d ?? '1');
    if (u && (Number.isFinite(w) ? w : 0) > bestW) {
      best = u;
      bestW = Number.isFinite(w) ? w : 0;
    }
  }
  return best;
}

function readSiteName(
  doc: Document,
  meta: Map<string, string[]>,
  ld: LdNode[],
  article: LdNode | undefined,
  url: string,
) {
  const fromMeta = first(meta, ['og:site_name']);
  if (fromMeta) return collapseWhitespace(fromMeta);
  const publisher = article ? names(article.publisher ?? article.sourceOrganization, ld)[0] : undefined;
  if (publisher) return collapseWhitespace(publisher);
  const org = ld.find(
    (n) => typesOf(n).some((t) => /^(NewsMediaOrganization|WebSite)$/.test(t)) && str(n.name),
  );
  if (org) return collapseWhitespace(str(org.name) ?? '');
  const other = first(meta, SITE_KEYS.slice(1));
  if (other) return collapseWhitespace(other);
  const titleTag = doc.querySelector('title')?.textContent;
  const label = domainLabel(url);
  const fromTitle = titleTag ? siteFromTitleTag(titleTag, label) : undefined;
  return fromTitle ?? spellsDomain(logoNames(doc), label) ?? outletFromUrl(url);
}

/** What logos call the site: alt texts of logo images, titles and labels of logo links. */
function logoNames(doc: Document): string[] {
  const out: string[] = [];
  for (const el of Array.from(doc.querySelectorAll(LOGO_SELECTOR)).slice(0, 20)) {
    for (const v of [
      el.getAttribute('alt'),
      el.getAttribute('title'),
      el.getAttribute('aria-label'),
      el.textContent,
    ]) {
      if (v?.trim() && v.length < 80) out.push(v);
    }
  }
  return out;
}

function domainLabel(url: string): string {
  try {
    return siteLabel(new URL(url).hostname);
  } catch {
    return '';
  }
}

function readLang(doc: Document, meta: Map<string, string[]>, article?: LdNode) {
  const tries = [
    doc.documentElement.getAttribute('lang'),
    doc.documentElement.getAttribute('xml:lang'),
    first(meta, ['content-language', 'language', 'dc.language']),
    str(article?.inLanguage),
    first(meta, ['og:locale']),
  ];
  for (const t of tries) {
    const code = t?.split(',')[0]?.trim().replace(/_/g, '-');
    if (code && LANG_CODE.test(code)) return code;
  }
  return undefined;
}

function readCanonical(doc: Document, meta: Map<string, string[]>, base: string) {
  const href = doc.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? first(meta, ['og:url']);
  return resolveHttpUrl(href, base);
}

function readDescription(meta: Map<string, string[]>, article?: LdNode) {
  const raw = first(meta, DESCRIPTION_KEYS) ?? (isNode(article) ? str(article.description) : undefined);
  const text = raw ? stripTags(raw) : '';
  return text || undefined;
}
