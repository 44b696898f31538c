/**
 * The day page: one topic, one date, its stories in the given order. Every article is shown in full
 * when it leads its story; further articles of a story are listed under "More coverage".
 */
import type { Digest, Story } from '../model/types.js';
import { articleCount, plural, type SiteContext, type TopicContext } from './context.js';
import { addDays, dateInWords, dayInWords, daysEnding } from './dates.js';
import { html, outletLink, type SafeHtml } from './html.js';
import {
  anchorOf,
  articleItem,
  continuesNote,
  type ImageSource,
  langAttr,
  leadBlock,
  lines,
  moreCoverage,
  storyAnchors,
  storyLang,
  storyMeta,
} from './item.js';
import { page } from './layout.js';
import { paths, relative } from './paths.js';
import { Shown, sentenceKey } from './shown.js';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Days listed in "Explore the last week". */
export const WEEK_DAYS = 7;

/** What a story block needs from its page. */
interface StoryScope {
  timeZone: string | undefined;
  images: ImageSource;
  /** The page's language. */
  lang: string;
  /** When the site was built (for "3 hours before this edition"). */
  builtAt: string;
  /** The sentences the page has printed so far: none is printed twice. */
  shown: Shown;
}

function storyBlock(story: Story, anchor: string, scope: StoryScope, earlier: SafeHtml | ''): SafeHtml {
  const { timeZone, images, shown } = scope;
  const [first, ...rest] = story.articles;
  const own = storyLang(story);
  const lang = langAttr(own, scope.lang);
  const inner = lang === '' ? scope.lang : (own ?? scope.lang);
  if (first === undefined)
    return html`<article class="story" id="${anchor}"><h2 class="story-title">${story.title}</h2>${earlier}</article>`;
  const meta = storyMeta(story, timeZone, scope.builtAt, 'p');
  if (rest.length === 0) {
    const copies = first.alsoPublishedBy.length > 0 ? meta : '';
    return html`<article class="story" id="${anchor}"${lang}>
${lines([earlier, copies, articleItem(first, 2, timeZone, images, inner, { shown })])}
</article>`;
  }
  // The heading is the lead article's title more often than not: then it links to the article,
  // which does not print its title again.
  const titleInHeading = sentenceKey(story.title) === sentenceKey(first.title);
  const heading = titleInHeading ? outletLink(first.url, story.title) : story.title;
  shown.add(story.title);
  const body = lines([
    earlier,
    meta,
    leadBlock(story, shown),
    articleItem(first, 3, timeZone, images, inner, { shown, titleInHeading }),
    moreCoverage(rest, inner, shown),
  ]);
  return html`<article class="story story-group" id="${anchor}" aria-labelledby="${anchor}-h"${lang}>
<h2 class="story-title" id="${anchor}-h">${heading}</h2>
${body}
</article>`;
}

/**
 * The note on a story that continues one of an earlier day, linked to that story on its day page when
 * the page is part of the site.
 */
function earlierNote(self: string, topic: TopicContext, story: Story): SafeHtml | '' {
  const c = story.continues;
  if (!c || !DATE_RE.test(c.date)) return '';
  const day = topic.byDate.get(c.date);
  const anchor = day && anchorOf(day.stories, c.storyId);
  const href = day && `${relative(self, paths.day(topic.slug, c.date))}${anchor ? `#${anchor}` : ''}`;
  return continuesNote(c, href);
}

/** The nearest existing older and newer days (gaps in the archive are skipped). */
function neighbours(topic: TopicContext, date: string): { older?: string; newer?: string } {
  const i = topic.days.findIndex((d) => d.date === date);
  return { newer: topic.days[i - 1]?.date, older: topic.days[i + 1]?.date };
}

function dayNav(self: string, topic: TopicContext, date: string): SafeHtml {
  const to = (target: string) => relative(self, target);
  const { older, newer } = neighbours(topic, date);
  const olderLink = older
    ? html`<li class="older"><a rel="prev" href="${to(paths.day(topic.slug, older))}">← ${dateInWords(older)}</a></li>`
    : '';
  const newerLink = newer
    ? html`<li class="newer"><a rel="next" href="${to(paths.day(topic.slug, newer))}">${dateInWords(newer)} →</a></li>`
    : '';
  return html`<nav class="day-nav" aria-label="Days">
<ul>
${
  olderLink
    ? html`${olderLink}
`
    : ''
}<li><a href="${to(paths.week(topic.slug, date))}">Week view</a></li>
<li><a href="${to(paths.topicIndex(topic.slug))}">All days</a></li>
<li><a href="${to(paths.dayJson(topic.slug, date))}" type="application/json">JSON</a></li>
<li><a href="${to(paths.atom(topic.slug))}" type="application/atom+xml">Atom</a></li>
<li><a href="${to(paths.rss(topic.slug))}" type="application/rss+xml">RSS</a></li>
<li><a href="${to(paths.jsonFeed(topic.slug))}" type="application/feed+json">JSON Feed</a></li>
${
  newerLink
    ? html`${newerLink}
`
    : ''
}</ul>
</nav>`;
}

/** "Explore the last week": links to the days among the 7 ending `date` that exist. */
export function lastWeekFooter(self: string, topic: TopicContext, date: string): SafeHtml {
  const to = (target: string) => relative(self, target);
  const items = daysEnding(date, WEEK_DAYS)
    .map((d) => topic.byDate.get(d))
    .filter((d): d is Digest => d !== undefined)
    .map(
      (d) =>
        html`<li><a href="${to(paths.day(topic.slug, d.date))}"${d.date === date ? html` aria-current="page"` : ''}>${dayInWords(d.date)}</a> <span class="count">(${plural(d.stories.length, 'story', 'stories')})</span></li>`,
    );
  return html`<nav class="last-week" aria-labelledby="last-week-h">
<h2 id="last-week-h">Explore the last week</h2>
<ul>${items}</ul>
<p><a href="${to(paths.week(topic.slug, date))}">${dateInWords(addDays(date, -(WEEK_DAYS - 1)))} to ${dateInWords(date)}, in one page</a></p>
</nav>`;
}

/**
 * The page's covers: the site's thumbnails, linked relatively from `self`; the first one asked for
 * (the page's first image, above the fold) is eager, the rest lazy.
 */
function pageImages(site: SiteContext, self: string): ImageSource {
  let first = true;
  return (url) => {
    const variants = url === undefined ? undefined : site.media.get(url);
    if (variants === undefined || variants.length === 0) return undefined;
    const eager = first;
    first = false;
    return { eager, variants: variants.map((v) => ({ ...v, src: relative(self, v.path) })) };
  };
}

/** Renders `<slug>/<date>/index.html`. */
export function dayPage(site: SiteContext, topic: TopicContext, digest: Digest): string {
  const self = paths.day(topic.slug, digest.date);
  const anchors = storyAnchors(digest.stories);
  const images = pageImages(site, self);
  const scope: StoryScope = {
    timeZone: digest.timezone,
    images,
    lang: site.lang,
    builtAt: site.generatedAt,
    shown: new Shown(),
  };
  const stories = digest.stories.map(
    (s, i) => html`${storyBlock(s, anchors[i] ?? `s-${i + 1}`, scope, earlierNote(self, topic, s))}
`,
  );
  const empty = stories.length === 0 ? html`<p class="empty">No stories were found for this day.</p>` : '';
  const body = html`<header class="page-header">
<h1><span class="topic">${topic.name}</span> <span class="date">${dateInWords(digest.date)}</span></h1>
<p class="meta">${plural(digest.stories.length, 'story', 'stories')} from ${plural(articleCount(digest), 'article', 'articles')}</p>
</header>
${dayNav(self, topic, digest.date)}
${stories}${empty}`;
  return page({
    path: self,
    title: `${topic.name}: ${dateInWords(digest.date)} · ${site.title}`,
    siteTitle: site.title,
    lang: site.lang,
    crumbs: [
      { label: topic.name, href: paths.topicIndex(topic.slug) },
      { label: digest.date, href: self },
    ],
    feeds: { atom: paths.atom(topic.slug), json: paths.jsonFeed(topic.slug), rss: paths.rss(topic.slug) },
    search: site.search,
    body,
    footer: lastWeekFooter(self, topic, digest.date),
  });
}
