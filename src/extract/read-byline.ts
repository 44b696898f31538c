/** The author: JSON-LD, author meta tags, a "By …" line under the headline, author-marked elements. */
import { cleanByline, joinNames } from './byline.js';
import { byLineNearHeadline, bylineOf } from './byline-name.js';
import { type LdNode, names } from './jsonld.js';
import type { LDocument, LElement } from './lightdom.js';
import { boundedText } from './markup-walk.js';
import { fold } from './text.js';

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
const MAX_BYLINE_ELEMENTS = 30;
/** Author links in these list the site's writers, not this article's. */
const NAVIGATION = 'nav, [role="navigation"], [class*="dropdown" i], [class*="menu" i]';
/** An author element holds a name and maybe a date or role, never a paragraph. */
const MAX_AUTHOR_ELEMENT_CHARS = 300;
const COPYRIGHT_KEYS = ['copyright', 'dc.rights', 'dcterms.rights', 'rights'];
const COMPANY = /[\s,](?:inc|ltd|llc|gmbh|corp|co|plc|s\.?a|ag)\.?$/i;
/** Links to sign-in and account pages carry "author"-like classes on some sites. */
const ACCOUNT_LINK = /log-?in|sign-?in|sign-?up|account|subscribe/i;

export function readByline(
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
