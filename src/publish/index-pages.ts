/** The site's front page (its topics) and each topic's index (its archive by month, newest first). */
import type { Digest } from '../model/types.js';
import { plural, type SiteContext, type TopicContext } from './context.js';
import { dateInWords, dayInWords, isoInstant, monthInWords } from './dates.js';
import { html, type SafeHtml } from './html.js';
import { page } from './layout.js';
import { paths, relative } from './paths.js';

function generated(site: SiteContext): SafeHtml {
  const iso = isoInstant(site.generatedAt);
  return iso
    ? html`<p class="generated">Updated <time datetime="${iso}">${iso.slice(0, 16).replace('T', ' ')} UTC</time></p>`
    : html``;
}

function topicCard(self: string, t: TopicContext): SafeHtml {
  const latest = t.days[0];
  const topicLink = html`<a href="${relative(self, paths.topicIndex(t.slug))}">${t.name}</a>`;
  const latestLine = latest
    ? html`<p>Latest: <a href="${relative(self, paths.day(t.slug, latest.date))}">${dateInWords(latest.date)}</a> <span class="count">(${plural(latest.stories.length, 'story', 'stories')})</span></p>`
    : html`<p class="empty">No days published yet.</p>`;
  return html`<li class="topic-card">
<h2>${topicLink}</h2>
${latestLine}
</li>`;
}

/** Renders `index.html`. */
export function siteIndexPage(site: SiteContext, topics: TopicContext[]): string {
  const self = paths.siteIndex;
  const list =
    topics.length > 0
      ? html`<ul class="topics">${topics.map((t) => topicCard(self, t))}</ul>`
      : html`<p class="empty">No topics yet.</p>`;
  return page({
    path: self,
    title: site.title,
    siteTitle: site.title,
    lang: site.lang,
    body: html`<header class="page-header"><h1>${site.title}</h1>${generated(site)}</header>
${list}`,
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
    feeds: { atom: paths.atom(t.slug), json: paths.jsonFeed(t.slug) },
    body,
  });
}
