/**
 * The daily email of a topic-day: a subject, an HTML part and a plain-text part, built from the stored
 * digest (pure; no I/O). The HTML is made for mail clients: inline styles, no scripts, no external CSS,
 * one column of at most 600 px, colours that read on light and dark backgrounds. Every text goes
 * through the `html` template (escaped) and only http(s) URLs become links or images. Like the day
 * page, each lead sentence names the outlet it comes from, and no sentence is printed twice (Shown).
 */
import type { Copy, Digest, DigestArticle, Story } from '../model/types.js';
import { dateInWords } from '../publish/dates.js';
import { html, join, raw, type SafeHtml, safeUrl } from '../publish/html.js';
import { paths } from '../publish/paths.js';
import { Shown } from '../publish/shown.js';

/** Other articles of a story listed under its lead article. */
const MAX_MORE_ARTICLES = 4;
/** Width of the plain-text part's wrapped paragraphs. */
const TEXT_WIDTH = 72;

export interface ComposeOptions {
  /** The public address of the published site: links to the day page (and its image copies). */
  siteUrl?: string;
  /**
   * Site-relative paths of the stored copies of cover images by image URL (`media/…`, as the site is
   * published). Images are shown only when both this and `siteUrl` are known, so the email never
   * hotlinks an outlet's server.
   */
  media?: Readonly<Record<string, string>>;
  /** The site's title, shown above the topic (default `daybrief`). */
  title?: string;
  /** The topic's language (BCP 47), for the stories; the email's own words are English. */
  language?: string;
}

export interface ComposedEmail {
  subject: string;
  html: string;
  text: string;
  /** The day page on the site, when `siteUrl` is known. */
  dayUrl?: string;
}

/** Header text must be one line: control characters (CR and LF among them) become spaces. */
function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  return text.replace(/[\u0000-\u001F\u007F\u2028\u2029]+/g, ' ').trim();
}

/** Text for the plain part: control characters (but newlines) dropped. */
function plain(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  return text.replace(/[\u0000-\u0009\u000B-\u001F\u007F]/g, ' ');
}

/** "30 January 2023". */
function dateOnly(date: string): string {
  return dateInWords(date).replace(/^[A-Za-z]+, /, '');
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

const stories = (n: number) => plural(n, 'story', 'stories');

/** "NATO — 30 January 2023: 12 stories". */
export function emailSubject(digest: Digest): string {
  return oneLine(`${digest.topic.name} — ${dateOnly(digest.date)}: ${stories(digest.stories.length)}`);
}

/** The outlets that carried the story: its articles' and their syndicated copies'. */
function outletCount(story: Story): number {
  const outlets = new Set<string>();
  for (const a of story.articles) {
    outlets.add(a.outlet.toLowerCase());
    for (const c of a.alsoPublishedBy) outlets.add(c.outlet.toLowerCase());
  }
  return outlets.size;
}

/** A sentence of a story's text, with the article it comes from when it is a lead sentence. */
interface Line {
  text: string;
  source?: Copy;
}

/** A story as the email prints it: what both parts say, worked out once. */
interface Planned {
  story: Story;
  /** Its text, none of it printed before in the email. */
  lines: Line[];
  /** The other articles listed; `title` undefined when the email printed it already (the heading). */
  more: { article: DigestArticle; title?: string }[];
}

/**
 * What the story is about in a sentence or two, leaving out what the email said already: its lead,
 * each sentence with its source; else its first article's summary; else that article's description.
 */
function storyLines(story: Story, shown: Shown): Line[] {
  const lead = story.lead ?? [];
  const sources = story.leadSources?.length === lead.length ? story.leadSources : undefined;
  const lines: Line[] = [];
  lead.forEach((text, i) => {
    if (typeof text !== 'string' || shown.take([text]).length === 0) return;
    const source = sources?.[i];
    lines.push(source ? { text, source } : { text });
  });
  if (lines.length > 0) return lines;
  const first = story.articles[0];
  if (first === undefined) return [];
  const summary = first.headlineOnly || first.summarySource === 'none' ? [] : first.summary;
  const said = shown.take(summary);
  const text = said.length > 0 ? said : shown.takeText(first.description ?? '');
  return text.map((t) => ({ text: t }));
}

/** The stories in order, one `Shown` across them: a sentence or title printed once is not printed again. */
function planStories(stories: Story[]): Planned[] {
  const shown = new Shown();
  return stories.map((story) => {
    // The heading is the story's title, linked to its lead article: that title is not printed again.
    shown.add(story.title);
    const lines = storyLines(story, shown);
    const more = story.articles.slice(1, 1 + MAX_MORE_ARTICLES).map((article) => {
      const repeat = shown.hasAll(article.title);
      shown.add(article.title);
      return repeat ? { article } : { article, title: article.title };
    });
    return { story, lines, more };
  });
}

/** The site address with a trailing slash, so relative paths resolve under it. */
function siteBase(siteUrl: string | undefined): string | undefined {
  const base = safeUrl(siteUrl);
  if (base === undefined) return undefined;
  return base.endsWith('/') ? base : `${base}/`;
}

function siteLink(base: string | undefined, path: string): string | undefined {
  if (base === undefined) return undefined;
  return safeUrl(new URL(path.replace(/index\.html$/, ''), base).href);
}

const COLOR_TEXT = '#1f2328';
const COLOR_MUTED = '#5f6b7a';
const COLOR_LINK = '#1d64c8';
const COLOR_RULE = '#c8ccd0';
const FONT = "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

/** A link with our inline style, or the text alone when the URL is not http(s). */
function link(url: string | undefined, text: unknown, style = ''): SafeHtml {
  const href = safeUrl(url);
  if (href === undefined) return html`<span>${text}</span>`;
  return html`<a href="${href}" style="color:${COLOR_LINK};${style}">${text}</a>`;
}

function thumbnail(story: Story, base: string | undefined, media: ComposeOptions['media']): SafeHtml {
  const lead = story.articles[0];
  if (base === undefined || media === undefined || lead?.image === undefined) return html``;
  const path = media[lead.image];
  const src = path === undefined ? undefined : siteLink(base, path);
  const href = safeUrl(lead.url);
  if (src === undefined || href === undefined) return html``;
  return html`<a href="${href}" style="float:right;margin:0 0 8px 12px;"><img src="${src}" alt="${story.title}" width="120" style="display:block;width:120px;max-width:120px;height:auto;border:0;border-radius:4px;"></a>`;
}

function moreArticles(more: Planned['more']): SafeHtml {
  if (more.length === 0) return html``;
  const items = more.map(({ article: a, title }) =>
    title === undefined
      ? html`<li style="margin:0 0 4px;">${link(a.url, a.outlet || a.url)}</li>`
      : html`<li style="margin:0 0 4px;">${link(a.url, title)} <span class="db-muted" style="color:${COLOR_MUTED};">— ${a.outlet}</span></li>`,
  );
  return html`<ul style="margin:8px 0 0;padding:0 0 0 20px;font-size:14px;line-height:1.4;">${items}</ul>`;
}

/** The story's text, each lead sentence followed by its outlet, linked to its article. */
function linesHtml(lines: Line[]): SafeHtml | '' {
  if (lines.length === 0) return '';
  const parts = lines.map(({ text, source }) =>
    source
      ? html`${text} <span class="db-muted" style="color:${COLOR_MUTED};">(${link(source.url, source.outlet || source.url)})</span>`
      : html`${text}`,
  );
  return html`<p style="margin:0;">${join(parts, ' ')}</p>`;
}

function storyHtml(planned: Planned, base: string | undefined, media: ComposeOptions['media']): SafeHtml {
  const { story, lines, more } = planned;
  const lead = story.articles[0];
  const outlets = outletCount(story);
  const meta = [
    lead?.outlet,
    outlets > 1 ? plural(outlets, 'outlet') : undefined,
    lead?.paywalled ? 'paywall' : undefined,
  ].filter((m): m is string => Boolean(m));
  return html`<div style="border-top:1px solid ${COLOR_RULE};padding:16px 0;overflow:hidden;">
${thumbnail(story, base, media)}<h2 style="margin:0 0 4px;font-size:19px;line-height:1.3;font-weight:bold;">${link(lead?.url, story.title, 'text-decoration:none;')}</h2>
<p class="db-muted" style="margin:0 0 8px;font-size:13px;color:${COLOR_MUTED};">${join(meta, ' · ')}</p>
${linesHtml(lines)}
${moreArticles(more)}
</div>
`;
}

/** Wraps a paragraph at `width` columns, every line but the first indented by `indent`. */
function wrap(text: string, indent: string, width = TEXT_WIDTH): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.map((l) => indent + l).join('\n');
}

/** The story's text for the plain part: each lead sentence followed by "(Outlet)". */
function linesPlain(lines: Line[]): string {
  return lines
    .map(({ text, source }) => (source ? `${text} (${source.outlet || source.url})` : text))
    .join(' ')
    .trim();
}

function storyPlain(planned: Planned, n: number): string {
  const { story, lines, more } = planned;
  const lead = story.articles[0];
  const outlets = outletCount(story);
  const out = [`${n}. ${oneLine(plain(story.title))}`];
  const meta = [
    lead?.outlet,
    outlets > 1 ? plural(outlets, 'outlet') : undefined,
    lead?.paywalled ? 'paywall' : undefined,
  ]
    .filter((m): m is string => Boolean(m))
    .map((m) => oneLine(plain(m)));
  if (meta.length) out.push(`   ${meta.join(' · ')}`);
  const url = safeUrl(lead?.url);
  if (url) out.push(`   ${url}`);
  const text = linesPlain(lines);
  if (text) out.push('', wrap(plain(text), '   '));
  if (more.length) {
    out.push('');
    for (const { article: a, title } of more) {
      out.push(
        title === undefined
          ? `   - ${oneLine(plain(a.outlet || a.url))}`
          : `   - ${oneLine(plain(title))} (${oneLine(plain(a.outlet))})`,
      );
      const u = safeUrl(a.url);
      if (u) out.push(`     ${u}`);
    }
  }
  return out.join('\n');
}

/** The email of one topic-day. */
export function composeDayEmail(digest: Digest, opts: ComposeOptions = {}): ComposedEmail {
  const subject = emailSubject(digest);
  const base = siteBase(opts.siteUrl);
  const dayUrl = siteLink(base, paths.day(digest.topic.slug, digest.date));
  const title = opts.title ?? 'daybrief';
  const when = dateInWords(digest.date);
  const count = stories(digest.stories.length);
  const planned = planStories(digest.stories);
  const cards = planned.map((s) => storyHtml(s, base, opts.media));
  const lang = opts.language && /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(opts.language) ? opts.language : 'en';
  const storiesLang = lang === 'en' ? '' : html` lang="${lang}"`;
  const doc = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="supported-color-schemes" content="light dark">
<title>${subject}</title>
<style>
@media (prefers-color-scheme: dark) {
  .db-body { color: #e6e8eb !important; }
  .db-muted { color: #aab3be !important; }
  .db-body a { color: #8ab4f8 !important; }
}
</style>
</head>
<body style="margin:0;padding:0;">
<div class="db-body" style="max-width:600px;margin:0 auto;padding:16px;font-family:${raw(FONT)};font-size:16px;line-height:1.5;color:${COLOR_TEXT};">
<p class="db-muted" style="margin:0;font-size:13px;color:${COLOR_MUTED};">${title} · ${when}</p>
<h1 style="margin:4px 0 8px;font-size:24px;line-height:1.25;">${digest.topic.name}</h1>
<p style="margin:0 0 16px;">${count}${dayUrl ? html` · ${link(dayUrl, 'Read on the site')}` : ''}</p>
<div${storiesLang}>
${cards}</div>
<p class="db-muted" style="margin:0;padding:16px 0 0;border-top:1px solid ${COLOR_RULE};font-size:13px;color:${COLOR_MUTED};">Sent by ${title}${dayUrl ? html` · ${link(dayUrl, 'this day on the site')}` : ''}</p>
</div>
</body>
</html>
`;
  const head = [`${oneLine(plain(digest.topic.name))} — ${when}`, dayUrl ? `${count} · ${dayUrl}` : count];
  const body = planned.map((s, i) => storyPlain(s, i + 1));
  const text = `${[head.join('\n'), ...body, `Sent by ${oneLine(plain(title))}`].join('\n\n')}\n`;
  const out: ComposedEmail = { subject, html: doc.value, text };
  if (dayUrl) out.dayUrl = dayUrl;
  return out;
}
