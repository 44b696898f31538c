/** The headline: meta titles, the JSON-LD headline, the page's h1 and `<title>`, chosen by `chooseTitle`. */
import { type LdNode, str } from './jsonld.js';
import type { LDocument, LElement } from './lightdom.js';
import { ARTICLE_ROOT } from './markup-walk.js';
import { first, titleText } from './meta-tags.js';
import { collapseWhitespace, fold, hidesElement } from './text.js';
import { chooseTitle, type Heading, pickHeading } from './title.js';

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

export function readTitle(
  doc: LDocument,
  meta: Map<string, string[]>,
  article: LdNode | undefined,
  site?: string,
) {
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
    if (hidesElement(e.getAttribute('style'))) return true;
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
