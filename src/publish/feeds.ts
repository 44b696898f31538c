/**
 * Per-topic feeds, one entry per day (the latest days), each linking to its day page with the day's
 * story titles as content. Atom is built as escaped XML by hand (small, exact); JSON Feed via JSON.stringify.
 */
import type { Digest } from '../model/types.js';
import { plural, type SiteContext, type TopicContext } from './context.js';
import { dateInWords, isoInstant } from './dates.js';
import { escapeHtml, externalLink, html, type SafeHtml } from './html.js';

/** Days per feed, newest first. */
export const FEED_DAYS = 30;
const ATOM_NS = 'http://www.w3.org/2005/Atom';
const XHTML_NS = 'http://www.w3.org/1999/xhtml';
const JSON_FEED_VERSION = 'https://jsonfeed.org/version/1.1';
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

/** Renders `<slug>/feed.xml` (Atom 1.0). */
export function atomFeed(site: SiteContext, topic: TopicContext): string {
  const x = escapeXml;
  const days = feedDays(topic);
  const entries = days.map(
    (d) => `<entry>
<id>${x(dayId(topic.slug, d.date))}</id>
<title type="text">${x(entryTitle(topic, d))}</title>
<link rel="alternate" type="text/html" href="${x(topicUrl(site, topic.slug, `${d.date}/`))}"/>
<updated>${x(dayUpdated(d))}</updated>
<summary type="text">${x(plural(d.stories.length, 'story', 'stories'))}</summary>
<content type="xhtml"><div xmlns="${XHTML_NS}">${storyList(d).value}</div></content>
</entry>
`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="${ATOM_NS}" xml:lang="${x(site.lang)}">
<id>${x(`urn:daybrief:${topic.slug}`)}</id>
<title type="text">${x(`${topic.name} · ${site.title}`)}</title>
<updated>${x(feedUpdated(site, days))}</updated>
<link rel="self" type="application/atom+xml" href="${x(topicUrl(site, topic.slug, 'feed.xml'))}"/>
<link rel="alternate" type="text/html" href="${x(topicUrl(site, topic.slug, ''))}"/>
<author><name>${x(site.title)}</name></author>
<generator>daybrief</generator>
${entries.join('')}</feed>
`;
}

/** Renders `<slug>/feed.json` (JSON Feed 1.1). */
export function jsonFeed(site: SiteContext, topic: TopicContext): string {
  const feed = {
    version: JSON_FEED_VERSION,
    title: `${topic.name} · ${site.title}`,
    home_page_url: topicUrl(site, topic.slug, ''),
    feed_url: topicUrl(site, topic.slug, 'feed.json'),
    language: site.lang,
    authors: [{ name: site.title }],
    items: feedDays(topic).map((d) => ({
      id: dayId(topic.slug, d.date),
      url: topicUrl(site, topic.slug, `${d.date}/`),
      title: entryTitle(topic, d),
      summary: plural(d.stories.length, 'story', 'stories'),
      content_html: storyList(d).value,
      date_published: `${d.date}T00:00:00.000Z`,
      date_modified: dayUpdated(d),
    })),
  };
  return `${JSON.stringify(feed, null, 2)}\n`;
}
