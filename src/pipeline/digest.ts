import { buildStories, markRunningStories, type StoryItem } from '../cluster/index.js';
import { outletFromUrl } from '../extract/index.js';
import type { Article, Digest, DigestArticle, Summary, Topic } from '../model/types.js';
import type { StoredArticle } from '../store/store.js';
import {
  outletTemplates,
  sentenceKeys,
  summarize,
  type TemplateSource,
  withoutTemplate,
} from '../summarize/index.js';

/**
 * Failures after which the article still exists and the feed's title and description are worth
 * showing (marked as such); other failures (404, not HTML, empty page) drop the item.
 */
const SHOW_DESPITE = /^FETCH_(TIMEOUT|HTTP_(403|429|5\d\d)|CONNECTION|ROBOTS_DISALLOWED|TOO_LARGE)$/;
const TRUNCATED = /(\.\.\.|…)\s*$/;
const WWW_RE = /^www\./;

/** The article as the feed described it, for items whose page could not be used. */
function fromCandidate(row: StoredArticle): Article {
  const c = row.candidate;
  return {
    kind: 'article',
    url: c.url,
    title: c.title,
    text: '',
    paragraphs: [],
    paywalled: false,
    ...(c.description ? { description: c.description } : {}),
  };
}

/** The feed's title only when the page gave none, or when the page's title is a cut-down version of it. */
function bestTitle(pageTitle: string | undefined, feedTitle: string): string {
  const page = pageTitle?.trim() ?? '';
  if (!page) return feedTitle.trim();
  if (TRUNCATED.test(page) && !TRUNCATED.test(feedTitle) && feedTitle.length > page.length)
    return feedTitle.trim();
  return page;
}

/** Whose template an article's sentences are compared with: its site (host without `www.`). */
function outletKey(url: string): string {
  try {
    return new URL(url).hostname.replace(WWW_RE, '');
  } catch {
    return url;
  }
}

/** An outlet's template sentences, and the sentence keys of the articles that were read to find them. */
interface Templates {
  byOutlet: Map<string, Set<string>>;
  keys: Map<number, string[]>;
}

/**
 * Each outlet's template sentences, from the day's articles and `recent` ones (the days before) of
 * the same outlets. An outlet with a single article has no template (it takes two articles), so the
 * sentences of its article are not split at all.
 */
function dayTemplates(rows: StoredArticle[], recent: StoredArticle[]): Templates {
  const outlets = new Set(rows.map((r) => outletKey(r.url)));
  const readable: Array<{ row: StoredArticle; text: string; outlet: string }> = [];
  const perOutlet = new Map<string, number>();
  const seen = new Set<number>();
  for (const r of [...rows, ...recent]) {
    if (r.status !== 'ok' || !r.article?.text || seen.has(r.id)) continue;
    const outlet = outletKey(r.url);
    if (!outlets.has(outlet)) continue;
    seen.add(r.id);
    readable.push({ row: r, text: r.article.text, outlet });
    perOutlet.set(outlet, (perOutlet.get(outlet) ?? 0) + 1);
  }
  const keys = new Map<number, string[]>();
  const sources: TemplateSource[] = [];
  for (const { row, text, outlet } of readable) {
    if ((perOutlet.get(outlet) ?? 0) < 2) continue;
    const own = sentenceKeys(text, row.article?.lang);
    const description = descriptionOf(row);
    const descriptionKeys = description ? sentenceKeys(description, row.article?.lang) : [];
    keys.set(row.id, [...own, ...descriptionKeys]);
    sources.push({ outlet, keys: own, descriptionKeys });
  }
  return { byOutlet: outletTemplates(sources), keys };
}

/** The description an article is shown with: its page's, else its feed entry's. */
function descriptionOf(row: StoredArticle): string | undefined {
  return row.article?.description ?? row.candidate.description;
}

/** The stored summary, or a new one without the outlet's template sentences when the body has any. */
function summaryOf(row: StoredArticle, article: Article, templates: Templates): Summary {
  if (row.status !== 'ok') return summarize(article);
  const template = templates.byOutlet.get(outletKey(row.url));
  const hit = template && (templates.keys.get(row.id) ?? []).some((k) => template.has(k));
  if (row.summary && !hit) return row.summary;
  return summarize(article, hit ? { template } : {});
}

function toItem(row: StoredArticle, templates: Templates): StoryItem | undefined {
  const ok = row.status === 'ok' && row.article;
  if (!ok && !(row.status === 'failed' && SHOW_DESPITE.test(row.error?.code ?? ''))) return undefined;
  const article = ok ? (row.article as Article) : fromCandidate(row);
  const summary = summaryOf(row, article, templates);
  const outlet = article.siteName ?? row.candidate.outlet ?? outletFromUrl(article.url) ?? 'Unknown outlet';
  const entry: DigestArticle = {
    url: row.candidate.headlineOnly
      ? (row.candidate.outletUrl ?? row.url)
      : (article.canonicalUrl ?? row.url),
    title: bestTitle(ok ? article.title : undefined, row.candidate.title),
    outlet,
    summary: summary.sentences,
    summarySource: summary.source,
    paywalled: article.paywalled,
    alsoPublishedBy: [],
  };
  const published = article.published ?? row.candidate.published;
  if (published) entry.published = published;
  if (article.image) entry.image = article.image;
  if (row.candidate.headlineOnly) entry.headlineOnly = true;
  const raw = ok ? descriptionOf(row) : row.candidate.description;
  const description = raw && withoutTemplate(raw, templates.byOutlet.get(outletKey(row.url)), article.lang);
  if (description) entry.description = description;
  if (article.lang) entry.lang = article.lang;
  const item: StoryItem = { url: row.url, title: entry.title, text: article.text, outlet, entry };
  if (article.canonicalUrl) item.canonicalUrl = article.canonicalUrl;
  if (published) item.published = published;
  return item;
}

/**
 * A topic-day's digest from its stored articles: usable items, duplicates folded, stories ranked. Stories
 * that continue one of `earlier` (the topic's stored digests of the days before; default none) say so.
 * Summaries leave out each outlet's template sentences, found among the day's articles and `recent`
 * ones (the topic's articles of the days before; default none).
 */
export function buildDigest(
  topic: Topic,
  date: string,
  rows: StoredArticle[],
  generatedAt: string,
  earlier: Digest[] = [],
  recent: StoredArticle[] = [],
): Digest {
  const templates = dayTemplates(rows, recent);
  const items = rows.map((r) => toItem(r, templates)).filter((i): i is StoryItem => i !== undefined);
  // The topic's own words are in every story, so they tell none apart.
  const words = [topic.name, topic.query ?? ''].join(' ');
  const stories = buildStories(items, { topic: words });
  return {
    topic: { name: topic.name, slug: topic.slug },
    date,
    timezone: topic.timezone,
    generatedAt,
    stories: markRunningStories({ date, stories }, earlier, { topic: words }),
  };
}
