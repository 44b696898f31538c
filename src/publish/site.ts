/**
 * `buildSite`: the whole static site as a map of relative path → content. Pure: no clock, no I/O,
 * so the same data always gives the same bytes.
 */
import { DaybriefError } from '../model/errors.js';
import type { Digest } from '../model/types.js';
import type { ImageVariant, SiteContext, TopicContext } from './context.js';
import { dayJson } from './day-json.js';
import { dayPage } from './day-page.js';
import { atomFeed, jsonFeed, rssFeed } from './feeds.js';
import { notFoundPage, siteIndexPage, topicIndexPage } from './index-pages.js';
import { checkDate, checkSlug, paths } from './paths.js';
import { STYLE_CSS } from './style.js';
import { weekPage } from './week-page.js';

/** Default site title. */
export const DEFAULT_TITLE = 'daybrief';
/** Default page language. */
export const DEFAULT_LANG = 'en';
const LANG_RE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;
const BASE_URL_RE = /^https?:\/\/[^\s"'<>]+$/;
/** What a thumbnail's path must look like; anything else is ignored. */
export const MEDIA_PATH_RE = /^media\/[a-f0-9]{16,64}\.(webp|avif)$/;
/** Largest thumbnail side taken (pixels). */
const MAX_IMAGE_SIDE = 10_000;

/** Everything the site is built from. */
export interface SiteData {
  /** Shown in headers and feeds; default `daybrief`. */
  title?: string;
  /** BCP 47 language of the pages (`<html lang>`); default `en`. */
  lang?: string;
  /**
   * Absolute http(s) URL where the site root is served, e.g. `https://news.example/brief/`. Used only
   * in feeds (which readers fetch out of context); pages always link relatively. Default: none, and
   * feed links are relative to the feed.
   */
  baseUrl?: string;
  /** ISO 8601; shown on the index pages. */
  generatedAt: string;
  /**
   * The site's thumbnails of cover images: image URL → its sizes (`media/<hash>.webp` with width and
   * height), written by the caller. Pages show only these (as `srcset`), never the outlet's server;
   * an article without one shows its placeholder. Default: none.
   */
  media?: Record<string, readonly ImageVariant[]>;
  /**
   * Pages show the header's search box, for a site that `daybrief serve` answers with a database.
   * Default false: the box is in the pages but `hidden` (a static host has no search), and serve with
   * a database reveals it as it serves them.
   */
  search?: boolean;
  topics: Array<{
    name: string;
    slug: string;
    /** Any order; the site sorts newest first. */
    days: Digest[];
  }>;
}

function usableVariant(v: ImageVariant): boolean {
  const side = (n: unknown) => Number.isInteger(n) && (n as number) > 0 && (n as number) <= MAX_IMAGE_SIDE;
  return typeof v?.path === 'string' && MEDIA_PATH_RE.test(v.path) && side(v.width) && side(v.height);
}

function siteContext(site: SiteData): SiteContext {
  const lang = site.lang && LANG_RE.test(site.lang) ? site.lang : DEFAULT_LANG;
  const baseUrl =
    site.baseUrl && BASE_URL_RE.test(site.baseUrl)
      ? site.baseUrl.endsWith('/')
        ? site.baseUrl
        : `${site.baseUrl}/`
      : undefined;
  const media = new Map<string, ImageVariant[]>();
  for (const [url, variants] of Object.entries(site.media ?? {})) {
    const usable = (Array.isArray(variants) ? variants : []).filter(usableVariant);
    if (usable.length > 0)
      media.set(
        url,
        [...usable].sort((a, b) => a.width - b.width),
      );
  }
  return {
    title: site.title?.trim() || DEFAULT_TITLE,
    lang,
    generatedAt: site.generatedAt,
    baseUrl,
    media,
    search: site.search === true,
  };
}

function topicContext(t: SiteData['topics'][number]): TopicContext {
  const slug = checkSlug(t.slug);
  const byDate = new Map<string, Digest>();
  for (const d of t.days) {
    checkDate(d.date);
    if (byDate.has(d.date)) {
      throw new DaybriefError(
        'publish',
        'PUBLISH_DUPLICATE_DAY',
        `topic ${slug} has two digests for ${d.date}`,
        {
          details: { slug, date: d.date },
        },
      );
    }
    // The topic entry is the authority on name and slug: the pages, paths and JSON agree with it.
    byDate.set(d.date, { ...d, topic: { name: t.name, slug } });
  }
  const days = [...byDate.values()].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
  return { name: t.name, slug, days, byDate };
}

function topicContexts(site: SiteData): TopicContext[] {
  const seen = new Set<string>();
  return site.topics.map((t) => {
    const topic = topicContext(t);
    if (seen.has(topic.slug)) {
      throw new DaybriefError(
        'publish',
        'PUBLISH_DUPLICATE_TOPIC',
        `two topics have the slug ${topic.slug}`,
        {
          details: { slug: topic.slug },
        },
      );
    }
    seen.add(topic.slug);
    return topic;
  });
}

function addTopic(files: Map<string, string>, site: SiteContext, topic: TopicContext): void {
  files.set(paths.topicIndex(topic.slug), topicIndexPage(site, topic));
  files.set(paths.atom(topic.slug), atomFeed(site, topic));
  files.set(paths.rss(topic.slug), rssFeed(site, topic));
  files.set(paths.jsonFeed(topic.slug), jsonFeed(site, topic));
  for (const day of topic.days) {
    files.set(paths.day(topic.slug, day.date), dayPage(site, topic, day));
    files.set(paths.dayJson(topic.slug, day.date), dayJson(day));
    files.set(paths.week(topic.slug, day.date), weekPage(site, topic, day.date));
  }
}

/**
 * Builds every file of the site: `index.html`, `404.html`, `assets/style.<hash>.css`, and per topic
 * `<slug>/index.html`, `<slug>/feed.xml` (Atom), `<slug>/rss.xml`, `<slug>/feed.json`, and per day `<slug>/<date>/index.html`, `<slug>/<date>.json`,
 * `<slug>/week/<date>/index.html`. Throws `PUBLISH_BAD_PATH` for an invalid slug or date,
 * `PUBLISH_DUPLICATE_TOPIC` / `PUBLISH_DUPLICATE_DAY` for collisions.
 */
export function buildSite(data: SiteData): Map<string, string> {
  const files = buildSiteFrame(data);
  for (const topic of data.topics)
    for (const [path, content] of buildTopicFiles(data, topic)) files.set(path, content);
  return files;
}

/**
 * The files of the site that are no one topic's: the stylesheet, `index.html` and `404.html`. They
 * read only each topic's name, slug and newest day, so `data.topics` may carry just that day (see
 * {@link buildTopicFiles}: a site built topic by topic holds one topic's days at a time). Throws as
 * {@link buildSite} does for the days given.
 */
export function buildSiteFrame(data: SiteData): Map<string, string> {
  const site = siteContext(data);
  const topics = topicContexts(data);
  const files = new Map<string, string>();
  files.set(paths.style, STYLE_CSS);
  files.set(paths.siteIndex, siteIndexPage(site, topics));
  files.set(paths.notFound, notFoundPage(site, topics));
  return files;
}

/**
 * The files of one topic of `data` (every one of its days given): its index, feeds, and each day's
 * page, JSON and week view, as {@link buildSite} makes them. `data.topics` is not read (only the
 * site's title, language, base URL, clock and media). Throws `PUBLISH_BAD_PATH` for an invalid slug
 * or date and `PUBLISH_DUPLICATE_DAY`; topics sharing a slug are the caller's to refuse.
 */
export function buildTopicFiles(data: SiteData, topic: SiteData['topics'][number]): Map<string, string> {
  const files = new Map<string, string>();
  addTopic(files, siteContext(data), topicContext(topic));
  return files;
}
