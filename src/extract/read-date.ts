/**
 * The publication date: JSON-LD, date meta tags, `<time>` elements, datelines, short text under the
 * headline, and last the URL.
 */
import { dateFromUrl, parseDate } from './dates.js';
import { type LdNode, str } from './jsonld.js';
import type { LDocument, LElement, LNode } from './lightdom.js';
import { boundedText, MAX_TEXTS_AFTER_HEADLINE, nextInOrder, skipSubtree } from './markup-walk.js';
import { collapseWhitespace } from './text.js';

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
/** Not searched for a dateline: code, and links (lists of other articles carry their dates). */
const NON_DATE_TAG = /^(script|style|noscript|svg|button|a)$/i;
const DIGIT = /\d/;
const MAX_DATELINES = 20;
/** A longer element is a block of content, whose dates may be anything (events, history). */
const MAX_DATELINE_CHARS = 200;
const DATELINE_SELECTOR =
  '.byline, .dateline, .date, .article-date, .post-date, .entry-date, .published, .timestamp, [class*="byline"], [class*="meta"], [class*="date" i], [class*="time" i], [class*="publish" i]';
const TIME_MARKED_SELECTOR = 'time[itemprop="datePublished"], time[pubdate], [itemprop="datePublished"]';
/** A time inside one of these counts as the article's own. */
const TIME_IN_ANCESTOR = 'article, header, main';
const MAX_TIMES = 20;
/** A date in the page's text may differ this much from the URL's y/m/d (time zones, late edits). */
const MAX_URL_DISAGREEMENT_DAYS = 2;

export function readPublished(
  doc: LDocument,
  meta: Map<string, string[]>,
  article: LdNode | undefined,
  url: string,
  now: Date,
) {
  // Sources are read lazily, best first: most pages stop at JSON-LD or a meta tag.
  for (const t of declaredDates(article, meta)) {
    const d = t ? parseDate(t, now) : undefined;
    if (d) return d;
  }
  const fromUrl = dateFromUrl(url, now);
  for (const t of writtenDates(doc)) {
    const d = t ? parseDate(t, now) : undefined;
    // A date found in the page's text that the URL's own y/m/d contradicts belongs to something
    // else on the page (a sidebar, a later update, a copyright line).
    if (d) return fromUrl && daysApart(d, fromUrl) > MAX_URL_DISAGREEMENT_DAYS ? fromUrl : d;
  }
  return fromUrl;
}

function daysApart(a: string, b: string): number {
  return Math.abs(Date.parse(a) - Date.parse(b)) / 86_400_000;
}

/** Dates the page declares for machines: JSON-LD and meta tags. */
function* declaredDates(
  article: LdNode | undefined,
  meta: Map<string, string[]>,
): Generator<string | undefined> {
  yield str(article?.datePublished);
  yield str(article?.dateCreated);
  for (const k of DATE_KEYS) yield* meta.get(k) ?? [];
}

/** Dates written in the markup for readers: `<time>`, datelines, short text under the headline. */
function* writtenDates(doc: LDocument): Generator<string | undefined> {
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
