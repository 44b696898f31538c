/**
 * The page shell shared by every HTML page: strict CSP, no referrer, one stylesheet, landmarks and a
 * skip link. All links are relative to the page's own path so the site works under any base path.
 */
import { html, raw, type SafeHtml } from './html.js';
import { paths, relative } from './paths.js';

/**
 * No scripts, no frames; forms only to the site (the search box); images and styles only ours (pages
 * show the site's own thumbnails, never an outlet's image).
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; img-src 'self'; style-src 'self'; base-uri 'none'; form-action 'self'";
/**
 * Site-relative path of the search page. Only `daybrief serve` with a database answers it, so built
 * pages carry the header's search box `hidden` (a static host has no search to offer) unless the site
 * is built with `search: true`; `daybrief serve` with a database reveals it in every HTML page it
 * serves (`revealSearch` in src/server/api.ts), which needs no script and keeps the CSP strict.
 */
export const SEARCH_PATH = 'search';
/** The opening of the header's search box as built pages carry it when search is off. */
export const SEARCH_BOX_HIDDEN = '<form class="search-box" role="search" hidden';
/** The same opening with the box shown. */
export const SEARCH_BOX_SHOWN = '<form class="search-box" role="search"';

/** A link in the breadcrumb trail, `href` site-relative (converted per page). */
export interface Crumb {
  label: string;
  href: string;
}

/** What a page needs from its caller. */
export interface PageOptions {
  /** Site-relative path of this page, e.g. `nato/2023-01-30/index.html`. */
  path: string;
  /** Document title. */
  title: string;
  siteTitle: string;
  /** BCP 47 language of the page. */
  lang: string;
  /** Trail shown in the header after the site title. */
  crumbs?: Crumb[];
  /** Site-relative paths of the topic's feeds, advertised in the head. */
  feeds?: { atom: string; json: string; rss?: string };
  body: SafeHtml;
  /** Extra footer content, before the common colophon. */
  footer?: SafeHtml;
  /** Text to show in the header's search box (the search page echoes its query). */
  query?: string;
  /** Show the search box (the site is served with search); default hidden, see SEARCH_PATH. */
  search?: boolean;
  /**
   * Link everything from this absolute path (e.g. `/` or `/brief/`) instead of relatively: for a page
   * served at any address, such as the 404 page.
   */
  root?: string;
}

/** The header's search box: a GET form to the search page, labelled for screen readers. */
function searchBox(action: string, query: string | undefined, shown: boolean): SafeHtml {
  // Named, so it stays distinguishable from the search page's own form (two search landmarks).
  return html`${raw(shown ? SEARCH_BOX_SHOWN : SEARCH_BOX_HIDDEN)} aria-label="Search the archive" method="get" action="${action}">
<label class="visually-hidden" for="site-search">Search the archive</label>
<input id="site-search" type="search" name="q" value="${query ?? ''}" placeholder="Search the archive" maxlength="500">
<button type="submit">Search</button>
</form>`;
}

/** Renders a complete HTML document. */
export function page(o: PageOptions): string {
  const root = o.root;
  const to = (target: string) => (root === undefined ? relative(o.path, target) : `${root}${target}`);
  const rss = o.feeds?.rss
    ? html`
<link rel="alternate" type="application/rss+xml" title="RSS feed" href="${to(o.feeds.rss)}">`
    : '';
  const feedLinks = o.feeds
    ? html`
<link rel="alternate" type="application/atom+xml" title="Atom feed" href="${to(o.feeds.atom)}">${rss}
<link rel="alternate" type="application/feed+json" title="JSON Feed" href="${to(o.feeds.json)}">`
    : '';
  const crumbs = (o.crumbs ?? []).map((c) => {
    const current = c.href === o.path ? html` aria-current="page"` : '';
    return html` <span aria-hidden="true">›</span> <a href="${to(c.href)}"${current}>${c.label}</a>`;
  });
  return html`<!doctype html>
<html lang="${o.lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${o.title}</title>
<link rel="stylesheet" href="${to(paths.style)}">${feedLinks}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site-header">
<nav aria-label="Breadcrumb"><a class="brand" href="${to(paths.siteIndex)}">${o.siteTitle}</a>${crumbs}</nav>
${searchBox(to(SEARCH_PATH), o.query, o.search === true)}
</header>
<main id="main" tabindex="-1">
${o.body}
</main>
<footer class="site-footer">
${o.footer ?? ''}
<p class="colophon">Made with daybrief. Titles, images and excerpts belong to their publishers; follow the links to read the articles.</p>
</footer>
</body>
</html>
`.value;
}
