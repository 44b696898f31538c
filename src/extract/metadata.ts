/**
 * The metadata reader: title, byline, date, cover image, outlet, language, canonical URL and
 * description from Open Graph, Twitter cards, JSON-LD, standard meta tags and the markup itself.
 * Pure and usable on its own; `extract` calls it before it cleans the document.
 */
import { cleanByline, joinNames } from './byline.js';
import { dateFromUrl, parseDate } from './dates.js';
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
import { type LDocument, type LElement, type LNode, parseLight } from './lightdom.js';
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
  'article:author_name',
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
/** Not searched for a dateline: code, and links (lists of other articles carry their dates). */
const NON_DATE_TAG = /^(script|style|noscript|svg|button|a)$/i;
const DIGIT = /\d/;
const NON_TEXT_TAG = /^(script|style|noscript|svg|button|time)$/i;
const MAX_BYLINE_ELEMENTS = 30;
/** Author links in these list the site's writers, not this article's. */
const NAVIGATION = 'nav, [role="navigation"], [class*="dropdown" i], [class*="menu" i]';
/** An author element holds a name and maybe a date or role, never a paragraph. */
const MAX_AUTHOR_ELEMENT_CHARS = 300;
const MAX_BYLINE_LINE_CHARS = 120;
/** Text pieces looked at below the headline for a "By …" line. */
const MAX_TEXTS_AFTER_HEADLINE = 40;
const BY_WORD = /^(?:by|von|par|por|di|door|av|af)(?:\s|:|$)/i;
/** A byline line goes on with a date, a role or a second sentence after these. */
const BYLINE_END = /\s[|\u2022\u00b7]\s/;
const COPYRIGHT_KEYS = ['copyright', 'dc.rights', 'dcterms.rights', 'rights'];
const COMPANY = /[\s,](?:inc|ltd|llc|gmbh|corp|co|plc|s\.?a|ag)\.?$/i;
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
const META_TITLE_KEYS = [
  'dc:title',
  'dc.title',
  'dcterms.title',
  'dcterm:title',
  'parsely-title',
  'sailthru.title',
];
const HEADLINE_CLASS = /headline|\bhed\b|title|heading/i;
const HIDDEN_CLASS = /hidden|visually|sr-only|screen-reader|logo|brand|masthead|site-?title|site-?name/i;
const MAX_HEADINGS = 15;
const MIN_IMAGE_SIDE = 300;
const MAX_IMAGES_SCANNED = 200;
/** Classes with which a page marks the post's own image. */
const FEATURED_CLASS =
  /(?:^|\s)(?:wp-post-image|featured-?image|post-?thumbnail|post-image|attachment-post-thumbnail|hero-image)(?:\s|$)/i;
const MAX_ATTR_SCAN = 3_000;
const META_NAME_ATTRS = ['property', 'name', 'itemprop', 'http-equiv'];
const SPACES = /\s+/;
const TIME_MARKED_SELECTOR = 'time[itemprop="datePublished"], time[pubdate], [itemprop="datePublished"]';
/** A time inside one of these counts as the article's own. */
const TIME_IN_ANCESTOR = 'article, header, main';
const MAX_TIMES = 20;
/** Raw text may be this many times longer than its collapsed length before a bounded read gives up. */
const RAW_TEXT_FACTOR = 8;

/**
 * Reads a page's metadata. `input` is HTML or an already parsed document (which is not changed;
 * a DOM other than the stage's light DOM is read through its `outerHTML`); `url` is the page's URL,
 * used to resolve relative links and as the last source of a date and outlet.
 */
export function readMetadata(input: string | Document, url: string, opts: MetadataOptions = {}): Metadata {
  return readLightMetadata(toLight(input), url, opts);
}

function toLight(input: string | Document): LDocument {
  if (typeof input === 'string') return parseLight(input);
  if ('parsedElements' in input) return input as unknown as LDocument;
  return parseLight((input as Document).documentElement?.outerHTML ?? '');
}

/** readMetadata over the light DOM the extract stage parsed once. */
export function readLightMetadata(doc: LDocument, url: string, opts: MetadataOptions = {}): Metadata {
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
function metaMap(doc: LDocument): Map<string, string[]> {
  const map = new Map<string, string[]>();
  let scanned = 0;
  for (const el of doc.parsedElements('meta')) {
    if (++scanned > MAX_ATTR_SCAN) break;
    const a = el.attribs;
    const content = a.content ?? a.value;
    if (!content?.trim()) continue;
    for (const attr of META_NAME_ATTRS) {
      const names = a[attr];
      if (!names) continue;
      // RDFa allows several properties in one attribute: property="og:title twitter:title".
      for (const key of names.toLowerCase().split(SPACES)) {
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
export function baseUrl(doc: LDocument, url: string): string {
  const base = doc.parsedElements('base').find((el) => el.attribs.href !== undefined);
  return resolveHttpUrl(base?.attribs.href, url) ?? url;
}

/** The first `<title>`'s text, as the DOM's `document.title` would start from. */
function titleText(doc: LDocument): string | undefined {
  return doc.parsedElements('title')[0]?.textContent ?? undefined;
}

/** The href of the first `<link>` whose rel holds `rel`. */
function linkHref(doc: LDocument, rel: string): string | undefined {
  for (const el of doc.parsedElements('link')) {
    const r = el.attribs.rel;
    if (r && el.attribs.href !== undefined && r.toLowerCase().split(SPACES).includes(rel))
      return el.attribs.href;
  }
  return undefined;
}

function readTitle(doc: LDocument, meta: Map<string, string[]>, article: LdNode | undefined, site?: string) {
  const titleTag = titleText(doc);
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
function headingsOf(doc: LDocument): Heading[] {
  const els = doc.selectFirst('h1, [itemprop="headline"]', MAX_HEADINGS);
  return els.map((el) => {
    const tag = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
    const declared = el.getAttribute('itemprop') === 'headline';
    return {
      text: el.textContent ?? '',
      marked: declared || HEADLINE_CLASS.test(tag),
      declared,
      inArticle: el.closest(ARTICLE_ROOT) !== null,
      excluded: HIDDEN_CLASS.test(tag) || isHidden(el) || onlyHomeLink(el),
    };
  });
}

function isHidden(el: LElement): boolean {
  for (let e: LElement | null = el, i = 0; e && i < 4; e = e.parentElement, i++) {
    if (e.hasAttribute('hidden') || e.getAttribute('aria-hidden') === 'true') return true;
    if (/display:\s*none/i.test(e.getAttribute('style') ?? '')) return true;
  }
  return false;
}

/** A heading that is a link to the site's home page is the masthead. */
function onlyHomeLink(el: LElement): boolean {
  const a = el.querySelector('a[href]');
  if (!a || collapseWhitespace(a.textContent ?? '') !== collapseWhitespace(el.textContent ?? ''))
    return false;
  const href = a.getAttribute('href') ?? '';
  return /^(?:https?:\/\/[^/]+)?\/?(?:index\.\w+)?$/i.test(href.trim());
}

function readByline(
  doc: LDocument,
  meta: Map<string, string[]>,
  ld: LdNode[],
  article?: LdNode,
  site?: string,
) {
  const person = personFilter(meta, ld, article, site);
  const fromLd = article
    ? joinNames(names(article.author ?? article.creator, ld).filter((n) => person(n)))
    : undefined;
  if (fromLd) return fromLd;
  for (const k of AUTHOR_KEYS)
    for (const v of meta.get(k) ?? []) {
      const c = person(cleanByline(v));
      if (c) return c;
    }
  // A "By …" line under the headline is the article's own; author-classed elements may sit in
  // menus and sidebars listing other writers.
  const hasH1 = doc.parsedElements('h1').length > 0;
  const near = hasH1 ? person(byLineNearHeadline(doc)) : undefined;
  if (near) return near;
  const els = doc.selectFirst(BYLINE_SELECTOR, MAX_BYLINE_ELEMENTS);
  for (const el of els) {
    // A long element only carries an author word in its class (a page wrapper, a teaser list).
    if (boundedText(el, MAX_AUTHOR_ELEMENT_CHARS) === undefined || inMenu(el)) continue;
    const c = person(bylineOf(el));
    if (c && !ACCOUNT_LINK.test(el.getAttribute('href') ?? '')) return c;
  }
  return undefined;
}

/** A link in a menu: the site's list of writers. */
function inMenu(el: LElement): boolean {
  return el.tagName.toLowerCase() === 'a' && el.closest(NAVIGATION) !== null;
}

/**
 * Keeps a name unless it is the publisher: the site, the JSON-LD publisher, the holder of the
 * page's copyright notice ("Condé Nast" in `author` and `copyright`), or a company by its suffix.
 */
function personFilter(
  meta: Map<string, string[]>,
  ld: LdNode[],
  article: LdNode | undefined,
  site: string | undefined,
): (n: string | undefined) => string | undefined {
  const orgs = new Set(
    [site, ...(article ? names(article.publisher ?? article.sourceOrganization, ld) : [])]
      .filter((n): n is string => !!n)
      .map((n) => fold(n)),
  );
  const rights = COPYRIGHT_KEYS.flatMap((k) => meta.get(k) ?? []).map((v) => fold(v));
  return (n) => {
    if (!n) return undefined;
    const f = fold(n);
    if (orgs.has(f) || COMPANY.test(n)) return undefined;
    return rights.some((r) => r.includes(f)) ? undefined : n;
  };
}

/**
 * A "By Jane Doe" line just below the visible headline (or at the top of the article when the
 * page has no h1): the first short text there that starts with a by-word and reads as a name.
 */
function byLineNearHeadline(doc: LDocument): string | undefined {
  const h1 = doc.parsedElements('h1')[0];
  const start = h1 ?? doc.selectFirst(ARTICLE_ROOT, 1)[0];
  if (!start) return undefined;
  let seen = 0;
  let n: LNode | null = nextInOrder(start, true);
  while (n && seen < MAX_TEXTS_AFTER_HEADLINE) {
    if (n.nodeType === 1) {
      n = nextInOrder(n, !NON_TEXT_TAG.test((n as LElement).tagName));
      continue;
    }
    const here: LNode = n;
    n = nextInOrder(n, false);
    if (here.nodeType !== 3) continue;
    const t = (here as unknown as { data: string }).data.trim();
    if (!t) continue;
    seen++;
    if (!BY_WORD.test(t)) continue;
    // The by-word may sit alone in its span, the name in the next element: read the smallest
    // ancestor that holds more than the by-word.
    // Read by pieces, so "By Jane Doe" + "Staff Writer" in two spans do not glue together.
    for (let el = here.parentElement, i = 0; el && i < 3; el = el.parentElement, i++) {
      if (boundedText(el, MAX_BYLINE_LINE_CHARS) === undefined) break;
      const c = nameAfterBy(textPieces(el), t)?.split(BYLINE_END)[0];
      if (c && !BY_ONLY.test(c) && looksLikeName(c)) return c;
    }
  }
  return undefined;
}

/** The name the by-piece `by` opens: in the piece itself, or in the next when it is a bare by-word. */
function nameAfterBy(pieces: string[], by: string): string | undefined {
  const i = pieces.indexOf(collapseWhitespace(by));
  if (i < 0) return undefined;
  const piece = pieces[i] ?? '';
  return cleanByline(BY_ONLY.test(piece) ? `${piece} ${pieces[i + 1] ?? ''}` : piece);
}

/** The node after `n` in document order; `into` false skips n's own children. */
function nextInOrder(n: LNode, into: boolean): LNode | null {
  if (into && n.nodeType === 1 && (n as LElement).childNodes.length)
    return (n as LElement).childNodes[0] ?? null;
  return skipSubtree(n);
}

/** The node after `n`'s subtree in document order. */
function skipSubtree(n: LNode): LNode | null {
  for (let cur: LNode | null = n; cur; cur = cur.parentNode) {
    const next = cur.nextSibling;
    if (next) return next;
  }
  return null;
}

/**
 * The name an author element gives: its content attribute, else its first text piece that reads
 * as a name. Pieces are the element's text nodes, so "Jane Doe" + "Staff Writer" in two spans
 * do not glue into "Jane DoeStaff Writer"; "By" alone is joined to the piece after it.
 */
function bylineOf(el: LElement): string | undefined {
  const attr = el.getAttribute('content');
  if (attr) return cleanByline(attr);
  const pieces = textPieces(el);
  // "Tech Industry" + "by Steven Musil": the piece the by-word opens names the author.
  const by = pieces.findIndex((p) => BY_WORD.test(p));
  if (by > 0) pieces.unshift(...pieces.splice(by, 2));
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i] ?? '';
    const joined = BY_ONLY.test(piece) ? `${piece} ${pieces[i + 1] ?? ''}` : piece;
    const c = cleanByline(joined);
    if (c && looksLikeName(c)) return c;
    if (BY_ONLY.test(piece)) i++;
  }
  return undefined;
}

function textPieces(el: LElement): string[] {
  const out: string[] = [];
  const walk = (n: LNode, depth: number) => {
    if (out.length >= MAX_PIECES || depth > 12) return;
    if (n.nodeType === 3) {
      const t = collapseWhitespace(n.textContent ?? '');
      if (t) out.push(t);
      return;
    }
    if (n.nodeType !== 1 || NON_TEXT_TAG.test((n as LElement).tagName)) return;
    for (const c of (n as LElement).childNodes) walk(c, depth + 1);
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
  doc: LDocument,
  meta: Map<string, string[]>,
  article: LdNode | undefined,
  url: string,
  now: Date,
) {
  // Sources are read lazily, best first: most pages stop at JSON-LD or a meta tag.
  for (const t of dateSources(doc, meta, article)) {
    const d = t ? parseDate(t, now) : undefined;
    if (d) return d;
  }
  return dateFromUrl(url, now);
}

function* dateSources(
  doc: LDocument,
  meta: Map<string, string[]>,
  article: LdNode | undefined,
): Generator<string | undefined> {
  yield str(article?.datePublished);
  yield str(article?.dateCreated);
  for (const k of DATE_KEYS) yield* meta.get(k) ?? [];
  yield* timeElements(doc);
  // Last before the URL: a date written in a byline or dateline ("Posted … on January 30, 2023").
  for (const el of doc.selectFirst(DATELINE_SELECTOR, MAX_DATELINES)) {
    const text = boundedText(el, MAX_DATELINE_CHARS);
    if (text !== undefined) yield text;
  }
  // Then unmarked text under the headline: "Published in FrontBurner December 14, 2016 2:24 pm".
  yield* shortTextsAfterHeadline(doc);
}

/** Short text pieces just after the first non-empty h1, where bylines and datelines sit. */
function* shortTextsAfterHeadline(doc: LDocument): Generator<string> {
  const h1 = doc.parsedElements('h1').find((el) => collapseWhitespace(el.textContent ?? '') !== '');
  if (!h1) return;
  let seen = 0;
  let n: LNode | null = skipSubtree(h1);
  while (n && seen < MAX_TEXTS_AFTER_HEADLINE) {
    if (n.nodeType === 1) {
      n = nextInOrder(n, !NON_DATE_TAG.test((n as LElement).tagName));
      continue;
    }
    const here: LNode = n;
    n = nextInOrder(n, false);
    if (here.nodeType !== 3) continue;
    const t = (here as unknown as { data: string }).data;
    if (!t.trim()) continue;
    seen++;
    if (t.length <= MAX_DATELINE_CHARS && DIGIT.test(t)) yield t;
  }
}

/**
 * The element's text when it reads shorter than `max` characters (whitespace runs count once),
 * without building a long string: markup indentation may be many times the text.
 */
function boundedText(el: LElement, max: number): string | undefined {
  let out = '';
  const rawMax = max * RAW_TEXT_FACTOR;
  const stack: LNode[] = [el];
  while (stack.length) {
    const n = stack.pop() as LNode;
    if (n.nodeType === 3) {
      out += (n as unknown as { data: string }).data;
      if (out.length >= rawMax) return undefined;
    } else if (n.nodeType === 1) {
      const kids = (n as LElement).childNodes;
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as LNode);
    }
  }
  return out.length < max || collapseWhitespace(out).length < max ? out : undefined;
}

function timeElements(doc: LDocument): string[] {
  const seen = new Set<LElement>();
  const out: string[] = [];
  const lists = [
    () => doc.selectFirst(TIME_MARKED_SELECTOR, MAX_TIMES),
    () => doc.parsedElements('time').filter((el) => el.closest(TIME_IN_ANCESTOR) !== null),
    () => doc.parsedElements('time'),
  ];
  for (const list of lists) {
    for (const el of list()) {
      if (seen.has(el)) continue;
      seen.add(el);
      if (seen.size > MAX_TIMES) return out;
      const v = el.getAttribute('datetime') ?? el.getAttribute('content') ?? el.textContent;
      if (v?.trim()) out.push(v);
    }
  }
  return out;
}

function readImage(
  doc: LDocument,
  meta: Map<string, string[]>,
  ld: LdNode[],
  article: LdNode | undefined,
  base: string,
) {
  const tries: (string | null | undefined)[] = [];
  for (const k of IMAGE_KEYS) tries.push(...(meta.get(k) ?? []));
  if (article) tries.push(...imageUrls(article.image ?? article.thumbnailUrl, ld));
  tries.push(linkHref(doc, 'image_src'));
  for (const t of tries) {
    const u = resolveHttpUrl(t, base);
    if (u && !isBadImageUrl(u)) return u;
  }
  const featured = featuredImage(doc, base);
  if (featured) return featured;
  const root = doc.querySelector(ARTICLE_ROOT);
  return root ? firstContentImage(root, base) : undefined;
}

/**
 * The image the page's own markup names as the post's image (WordPress `wp-post-image`,
 * `featured-image`, `post-thumbnail` …), wherever it sits: a wide banner counts however low it is.
 */
function featuredImage(doc: LDocument, base: string): string | undefined {
  for (const img of doc.parsedElements('img').slice(0, MAX_IMAGES_SCANNED)) {
    if (!isFeatured(img) || !bigEnough(img)) continue;
    const u = resolveHttpUrl(imageSource(img), base);
    if (u && !isBadImageUrl(u)) return u;
  }
  return undefined;
}

function isFeatured(img: LElement): boolean {
  const cls = img.attribs.class;
  return cls !== undefined && FEATURED_CLASS.test(cls);
}

/**
 * The first image in `root` that can be a cover: width/height attributes of at least 300 or none
 * given (it sits inside the article), not a logo, icon, sprite, pixel or data URI.
 */
export function firstContentImage(root: LElement, base: string): string | undefined {
  for (const img of root.selectFirst('img', 50)) {
    if (!bigEnough(img)) continue;
    const u = resolveHttpUrl(imageSource(img), base);
    if (u && !isBadImageUrl(u)) return u;
  }
  return undefined;
}

/** Wide enough for a cover, and tall enough unless its class says it is the post's image. */
function bigEnough(img: LElement): boolean {
  const w = Number.parseInt(img.getAttribute('width') ?? '', 10);
  const h = Number.parseInt(img.getAttribute('height') ?? '', 10);
  if (Number.isFinite(w) && w < MIN_IMAGE_SIDE) return false;
  if (Number.isFinite(h) && h < MIN_IMAGE_SIDE / 2 && !isFeatured(img)) return false;
  return true;
}

/** The image's real source: lazy-loading attributes first, then the largest srcset entry, then src. */
function imageSource(img: LElement): string | undefined {
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
  doc: LDocument,
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
  const titleTag = titleText(doc);
  const label = domainLabel(url);
  const fromTitle = titleTag ? siteFromTitleTag(titleTag, label) : undefined;
  return fromTitle ?? spellsDomain(logoNames(doc), label) ?? outletFromUrl(url);
}

/** What logos call the site: alt texts of logo images, titles and labels of logo links. */
function logoNames(doc: LDocument): string[] {
  const out: string[] = [];
  for (const el of doc.selectFirst(LOGO_SELECTOR, 20)) {
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

function readLang(doc: LDocument, meta: Map<string, string[]>, article?: LdNode) {
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

function readCanonical(doc: LDocument, meta: Map<string, string[]>, base: string) {
  const href = linkHref(doc, 'canonical') ?? first(meta, ['og:url']);
  return resolveHttpUrl(href, base);
}

function readDescription(meta: Map<string, string[]>, article?: LdNode) {
  const raw = first(meta, DESCRIPTION_KEYS) ?? (isNode(article) ? str(article.description) : undefined);
  const text = raw ? stripTags(raw) : '';
  return text || undefined;
}
