/** The site's front page (its topics) and each topic's index (its archive by month, newest first). */
import type { Digest, Story } from '../model/types.js';
import { plural, type SiteContext, type TopicContext } from './context.js';
import { dateInWords, dayInWords, isoInstant, monthInWords } from './dates.js';
import { html, type SafeHtml } from './html.js';
import { langAttr, storyAnchors, storyLang, storyMeta } from './item.js';
import { page } from './layout.js';
import { paths, relative } from './paths.js';

/** "Updated 2023-01-31 06:00 UTC": when the site was built. */
export function generated(site: SiteContext): SafeHtml {
  const iso = isoInstant(site.generatedAt);
  return iso
    ? html`<p class="generated">Updated <time datetime="${iso}">${iso.slice(0, 16).replace('T', ' ')} UTC</time></p>`
    : html``;
}

/** Stories shown per topic on the front page. */
export const FRONT_STORIES = 5;

/** A headline of the front page: linked to its story on the day page, with outlets and latest time. */
function frontStory(
  self: string,
  t: TopicContext,
  day: Digest,
  story: Story,
  anchor: string,
  site: SiteContext,
) {
  const href = `${relative(self, paths.day(t.slug, day.date))}#${anchor}`;
  const title = story.title || story.articles[0]?.title || 'Untitled story';
  return html`<li${langAttr(storyLang(story), site.lang)}><a class="headline" href="${href}">${title}</a> ${storyMeta(story, day.timezone, site.generatedAt)}</li>`;
}

function topicCard(self: string, t: TopicContext, site: SiteContext): SafeHtml {
  const latest = t.days[0];
  const topicLink = html`<a href="${relative(self, paths.topicIndex(t.slug))}">${t.name}</a>`;
  if (!latest) {
    return html`<li class="topic-card">
<h2>${topicLink}</h2>
<p class="empty">No days published yet.</p>
</li>`;
  }
  const dayHref = relative(self, paths.day(t.slug, latest.date));
  const anchors = storyAnchors(latest.stories);
  const top = latest.stories
    .slice(0, FRONT_STORIES)
    .map((s, i) => frontStory(self, t, latest, s, anchors[i] ?? `s-${i + 1}`, site));
  const more = latest.stories.length - top.length;
  const list =
    top.length > 0
      ? html`<ol class="top-stories">${top}</ol>`
      : html`<p class="empty">No stories were found for this day.</p>`;
  const moreLink =
    more > 0
      ? html`<p><a href="${dayHref}">All ${plural(latest.stories.length, 'story', 'stories')} of the day</a></p>`
      : '';
  return html`<li class="topic-card">
<h2>${topicLink}</h2>
<p>Latest: <a href="${dayHref}">${dateInWords(latest.date)}</a> <span class="count">(${plural(latest.stories.length, 'story', 'stories')})</span></p>
${list}
${moreLink}
</li>`;
}

/**
 * Renders `index.html`: every topic with its latest day's top stories, each headline linked to the
 * story on the day page, with its number of outlets and its latest article's time.
 */
export function siteIndexPage(site: SiteContext, topics: TopicContext[]): string {
  const self = paths.siteIndex;
  const list =
    topics.length > 0
      ? html`<ul class="topics">${topics.map((t) => topicCard(self, t, site))}</ul>`
      : html`<p class="empty">No topics yet.</p>`;
  return page({
    path: self,
    title: site.title,
    siteTitle: site.title,
    lang: site.lang,
    search: site.search,
    body: html`<header class="page-header"><h1>${site.title}</h1>${generated(site)}</header>
${list}`,
  });
}

/** The absolute path of the site root: the base URL's path, else `/`. */
function rootPath(site: SiteContext): string {
  if (!site.baseUrl) return '/';
  try {
    return new URL(site.baseUrl).pathname;
  } catch {
    return '/';
  }
}

/**
 * Renders `404.html`, answered for any missing path (by `daybrief serve`, and by static hosts that
 * know the convention). It is served at any address, so its links start at the site root (the base
 * URL's path, else `/`) rather than being relative.
 */
export function notFoundPage(site: SiteContext, topics: TopicContext[]): string {
  const root = rootPath(site);
  const items = topics.map((t) => html`<li><a href="${root}${paths.topicIndex(t.slug)}">${t.name}</a></li>`);
  const list = items.length > 0 ? html`<p>Or pick a topic:</p><ul>${items}</ul>` : '';
  return page({
    path: paths.notFound,
    root,
    title: `Page not found · ${site.title}`,
    siteTitle: site.title,
    lang: site.lang,
    search: site.search,
    body: html`<div class="not-found">
<header class="page-header"><h1>Page not found</h1></header>
<p>There is no page at this address. It may have moved, or the link may be mistyped.</p>
<p><a href="${root}${paths.siteIndex}">Go to the front page</a>.</p>
${list}
</div>`,
  });
}

function byMonth(days: Digest[]): Map<string, Digest[]> {
  const months = new Map<string, Digest[]>();
  for (const d of days) {
    const key = d.date.slice(0, 7);
    const list = months.get(key) ?? [];
    list.push(d);
    months.set(key, list);
  }
  return months;
}

/** Renders `<slug>/index.html`. */
export function topicIndexPage(site: SiteContext, t: TopicContext): string {
  const self = paths.topicIndex(t.slug);
  const to = (target: string) => relative(self, target);
  const months = [...byMonth(t.days)].map(
    ([month, days]) => html`<section class="month" aria-labelledby="m-${month}">
<h2 id="m-${month}">${monthInWords(month)}</h2>
<ul class="archive">${days.map(
      (d) =>
        html`<li><a href="${to(paths.day(t.slug, d.date))}">${dayInWords(d.date)}</a> <span class="count">(${plural(d.stories.length, 'story', 'stories')})</span></li>`,
    )}</ul>
</section>`,
  );
  const latest = t.days[0];
  const latestLinks = latest
    ? html`<li><a href="${to(paths.day(t.slug, latest.date))}">Latest day</a></li>
<li><a href="${to(paths.week(t.slug, latest.date))}">Last week</a></li>`
    : '';
  const body = html`<header class="page-header">
<h1>${t.name}</h1>
<p class="meta">${plural(t.days.length, 'day', 'days')} in the archive</p>
${generated(site)}
</header>
<nav class="day-nav" aria-label="Topic">
<ul>
${latestLinks}
<li><a href="${to(paths.atom(t.slug))}" type="application/atom+xml">Atom feed</a></li>
<li><a href="${to(paths.rss(t.slug))}" type="application/rss+xml">RSS</a></li>
<li><a href="${to(paths.jsonFeed(t.slug))}" type="application/feed+json">JSON Feed</a></li>
</ul>
</nav>
${months.length > 0 ? months : html`<p class="empty">No days published yet.</p>`}`;
  return page({
    path: self,
    title: `${t.name} · ${site.title}`,
    siteTitle: site.title,
    lang: site.lang,
    crumbs: [{ label: t.name, href: self }],
    feeds: { atom: paths.atom(t.slug), json: paths.jsonFeed(t.slug), rss: paths.rss(t.slug) },
    search: site.search,
    body,
  });
}
