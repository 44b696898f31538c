/**
 * Per-topic feeds, one entry per day (the latest days), each linking to its day page with the day's
 * story titles as content: Atom 1.0, RSS 2.0 and JSON Feed 1.1, all written by feedsmith's generators
 * (which escape text and wrap markup in CDATA). The content is built by the escaping `html` template,
 * so a hostile title stays text, and only http(s) article links reach it.
 */
import { generateAtomFeed, generateJsonFeed, generateRssFeed } from 'feedsmith';
import type { Digest } from '../model/types.js';
import { plural, type SiteContext, type TopicContext } from './context.js';
import { dateInWords, isoInstant } from './dates.js';
import { escapeHtml, externalLink, html, type SafeHtml } from './html.js';
import { paths } from './paths.js';

/** Days per feed, newest first. */
export const FEED_DAYS = 30;
const EPOCH = '1970-01-01T00:00:00.000Z';

/** Escapes text for XML content and attributes (the HTML escaping is XML-safe too). */
export const escapeXml = escapeHtml;

/**
 * Entry ids are URNs, not URLs, so they stay the same wherever and however the site is hosted.
 * Links are relative to the feed (`<slug>/feed.xml`) unless the site has a base URL.
 */
function dayId(slug: string, date: string): string {
  return `urn:daybrief:${slug}:${date}`;
}

function topicUrl(site: SiteContext, slug: string, rest: string): string {
  return site.baseUrl ? `${site.baseUrl}${slug}/${rest}` : rest === '' ? './' : rest;
}

/** The file name of a topic's feed inside the topic's folder (`feed.xml`). */
function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** When a day last changed: its generation time, else the start of the day (stable across rebuilds). */
function dayUpdated(d: Digest): string {
  return isoInstant(d.generatedAt) ?? `${d.date}T00:00:00.000Z`;
}

function entryTitle(topic: TopicContext, d: Digest): string {
  return `${topic.name}: ${dateInWords(d.date)} (${plural(d.stories.length, 'story', 'stories')})`;
}

/** The day's stories as a list of linked titles with outlets (well-formed XHTML). */
function storyList(d: Digest): SafeHtml {
  const items = d.stories.map((s) => {
    const first = s.articles[0];
    const outlet = first?.outlet ? html` (${first.outlet})` : '';
    return html`<li>${externalLink(first?.url, s.title || first?.title)}${outlet}</li>`;
  });
  return items.length > 0 ? html`<ul>${items}</ul>` : html`<p>No stories were found for this day.</p>`;
}

function feedDays(topic: TopicContext): Digest[] {
  return topic.days.slice(0, FEED_DAYS);
}

function feedUpdated(site: SiteContext, days: Digest[]): string {
  const latest = days.map(dayUpdated).sort().at(-1);
  return latest ?? isoInstant(site.generatedAt) ?? EPOCH;
}

function feedTitle(site: SiteContext, topic: TopicContext): string {
  return `${topic.name} · ${site.title}`;
}

/** Renders `<slug>/feed.xml` (Atom 1.0). */
export function atomFeed(site: SiteContext, topic: TopicContext): string {
  const days = feedDays(topic);
  return generateAtomFeed({
    id: `urn:daybrief:${topic.slug}`,
    title: { value: feedTitle(site, topic), type: 'text' },
    updated: new Date(feedUpdated(site, days)),
    links: [
      {
        rel: 'self',
        type: 'application/atom+xml',
        href: topicUrl(site, topic.slug, fileName(paths.atom(topic.slug))),
      },
      { rel: 'alternate', type: 'text/html', href: topicUrl(site, topic.slug, '') },
    ],
    authors: [{ name: site.title }],
    generator: { text: 'daybrief' },
    xml: { lang: site.lang },
    entries: days.map((d) => ({
      id: dayId(topic.slug, d.date),
      title: { value: entryTitle(topic, d), type: 'text' },
      links: [{ rel: 'alternate', type: 'text/html', href: topicUrl(site, topic.slug, `${d.date}/`) }],
      updated: new Date(dayUpdated(d)),
      published: new Date(`${d.date}T00:00:00.000Z`),
      summary: { value: plural(d.stories.length, 'story', 'stories'), type: 'text' },
      content: { value: storyList(d).value, type: 'html' },
    })),
  });
}

/** RFC 822 dates for RSS come from feedsmith; days start at midnight UTC of their date. */
function dayStart(d: Digest): Date {
  return new Date(`${d.date}T00:00:00.000Z`);
}

/**
 * Renders `<slug>/rss.xml` (RSS 2.0). Without a base URL its links are relative to the feed, which
 * RSS readers resolve against the feed's address; set `baseUrl` for strictly absolute links.
 */
export function rssFeed(site: SiteContext, topic: TopicContext): string {
  const days = feedDays(topic);
  return generateRssFeed({
    title: feedTitle(site, topic),
    link: topicUrl(site, topic.slug, ''),
    description: `${topic.name}: the day's stories, one entry per day`,
    language: site.lang,
    generator: 'daybrief',
    lastBuildDate: new Date(feedUpdated(site, days)),
    items: days.map((d) => ({
      title: entryTitle(topic, d),
      link: topicUrl(site, topic.slug, `${d.date}/`),
      guid: { value: dayId(topic.slug, d.date), isPermaLink: false },
      description: storyList(d).value,
      pubDate: dayStart(d),
    })),
  });
}

/** Renders `<slug>/feed.json` (JSON Feed 1.1). */
export function jsonFeed(site: SiteContext, topic: TopicContext): string {
  const feed = generateJsonFeed({
    title: feedTitle(site, topic),
    home_page_url: topicUrl(site, topic.slug, ''),
    feed_url: topicUrl(site, topic.slug, fileName(paths.jsonFeed(topic.slug))),
    language: site.lang,
    authors: [{ name: site.title }],
    items: feedDays(topic).map((d) => ({
      id: dayId(topic.slug, d.date),
      url: topicUrl(site, topic.slug, `${d.date}/`),
      title: entryTitle(topic, d),
      summary: plural(d.stories.length, 'story', 'stories'),
      content_html: storyList(d).value,
      date_published: dayStart(d),
      date_modified: new Date(dayUpdated(d)),
    })),
  });
  // JSON Feed requires `items` even when empty; the generator leaves an empty list out.
  const complete = {
    ...(feed as Record<string, unknown>),
    items: (feed as { items?: unknown[] }).items ?? [],
  };
  return `${JSON.stringify(complete, null, 2)}\n`;
}
