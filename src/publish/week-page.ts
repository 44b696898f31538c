/**
 * The week view: the 7 days ending a date, each with its stories in brief (title linked, outlet, first
 * summary sentence), so a reader catching up sees a week at a glance. No sentence is printed twice
 * on the page: a story continuing over several days shows a sentence not seen yet, or none.
 */
import type { Digest, Story } from '../model/types.js';
import { splitSentences } from '../summarize/index.js';
import { plural, type SiteContext, type TopicContext } from './context.js';
import { addDays, dateInWords, daysEnding } from './dates.js';
import { WEEK_DAYS } from './day-page.js';
import { html, outletLink, type SafeHtml } from './html.js';
import { langAttr, storyAnchors, storyLang } from './item.js';
import { page } from './layout.js';
import { paths, relative } from './paths.js';
import { Shown } from './shown.js';

/**
 * The sentence that stands for a story: the first not in `shown` yet (it is recorded there) of its
 * lead, then its first article's summary, then that article's description.
 */
export function firstSentence(story: Story, shown: Shown = new Shown()): string | undefined {
  const first = story.articles[0];
  const summary = first === undefined || first.headlineOnly ? [] : first.summary;
  const candidates = [...(story.lead ?? []), ...summary, ...splitSentences(first?.description ?? '')];
  const sentence = candidates.find((s) => typeof s === 'string' && s.trim() !== '' && !shown.has(s));
  if (sentence === undefined) return undefined;
  shown.add(sentence);
  return sentence.trim();
}

function storyBrief(
  self: string,
  topic: TopicContext,
  day: Digest,
  story: Story,
  anchor: string,
  shown: Shown,
  pageLang?: string,
): SafeHtml {
  const first = story.articles[0];
  const title = story.title || first?.title;
  if (title) shown.add(title);
  const sentence = firstSentence(story, shown);
  const more = story.articles.length - 1;
  const moreLink =
    more > 0
      ? html` <a class="more-link" href="${relative(self, paths.day(topic.slug, day.date))}#${anchor}">+${plural(more, 'more article', 'more articles')}</a>`
      : '';
  return html`<li${langAttr(storyLang(story), pageLang)}>
<h3 class="brief-title">${outletLink(first?.url, story.title || first?.title)}</h3>
<p class="byline"><b>${first?.outlet ?? ''}</b>${moreLink}</p>
${sentence ? html`<p class="brief-sentence">${sentence}</p>` : ''}
</li>`;
}

function daySection(
  self: string,
  topic: TopicContext,
  date: string,
  shown: Shown,
  pageLang?: string,
): SafeHtml {
  const day = topic.byDate.get(date);
  if (day === undefined) {
    return html`<section class="week-day week-day-empty" aria-labelledby="d-${date}">
<h2 id="d-${date}">${dateInWords(date)}</h2>
<p class="empty">No briefing for this day.</p>
</section>`;
  }
  const anchors = storyAnchors(day.stories);
  const stories = day.stories.map((s, i) =>
    storyBrief(self, topic, day, s, anchors[i] ?? `s-${i + 1}`, shown, pageLang),
  );
  const list =
    stories.length > 0
      ? html`<ol class="briefs">${stories}</ol>`
      : html`<p class="empty">No stories were found for this day.</p>`;
  return html`<section class="week-day" aria-labelledby="d-${date}">
<h2 id="d-${date}"><a href="${relative(self, paths.day(topic.slug, date))}">${dateInWords(date)}</a> <span class="count">(${plural(day.stories.length, 'story', 'stories')})</span></h2>
${list}
</section>`;
}

/** Renders `<slug>/week/<date>/index.html`. */
export function weekPage(site: SiteContext, topic: TopicContext, date: string): string {
  const self = paths.week(topic.slug, date);
  const first = addDays(date, -(WEEK_DAYS - 1));
  const to = (target: string) => relative(self, target);
  const earlier = addDays(date, -WEEK_DAYS);
  const hasEarlier = topic.days.some((d) => d.date <= earlier);
  // One record of the sentences printed, across the seven days in page order.
  const shown = new Shown();
  const earlierLink = hasEarlier
    ? html`<li><a href="${to(paths.week(topic.slug, nearestOnOrBefore(topic, earlier)))}">Previous week</a></li>`
    : '';
  const body = html`<header class="page-header">
<h1><span class="topic">${topic.name}</span> <span class="date">Explore the last week</span></h1>
<p class="meta">${dateInWords(first)} to ${dateInWords(date)}</p>
</header>
<nav class="day-nav" aria-label="Weeks">
<ul>
${earlierLink}
<li><a href="${to(paths.topicIndex(topic.slug))}">All days</a></li>
<li><a href="${to(paths.atom(topic.slug))}" type="application/atom+xml">Atom</a></li>
<li><a href="${to(paths.jsonFeed(topic.slug))}" type="application/feed+json">JSON Feed</a></li>
</ul>
</nav>
${daysEnding(date, WEEK_DAYS).map((d) => daySection(self, topic, d, shown, site.lang))}`;
  return page({
    path: self,
    title: `${topic.name}: week to ${dateInWords(date)} · ${site.title}`,
    siteTitle: site.title,
    lang: site.lang,
    search: site.search,
    crumbs: [
      { label: topic.name, href: paths.topicIndex(topic.slug) },
      { label: `Week to ${date}`, href: self },
    ],
    feeds: { atom: paths.atom(topic.slug), json: paths.jsonFeed(topic.slug) },
    body,
  });
}

/** Week pages exist only for dates with a day, so link the newest such date on or before `date`. */
function nearestOnOrBefore(topic: TopicContext, date: string): string {
  return topic.days.find((d) => d.date <= date)?.date ?? date;
}
