/**
 * One article shown in full on a day page (the seed's item, made safe): cover image with credit or a
 * placeholder, linked title, outlet and time, description, summary with its provenance, syndicated copies.
 */
import type { DigestArticle, Story } from '../model/types.js';
import { plural } from './context.js';
import { dateInWords, formatTime, isoInstant, shortInstant } from './dates.js';
import { html, join, outletLink, raw, type SafeHtml } from './html.js';
import { Shown } from './shown.js';

const INITIALS_SKIP = new Set(['the', 'a', 'an', 'le', 'la', 'les', 'el', 'der', 'die', 'das']);
const WORD_RE = /[\p{L}\p{N}]+/gu;
const ANCHOR_UNSAFE_RE = /[^A-Za-z0-9_-]+/g;
/** Placeholder tints cycle through this many CSS classes (`hue-0` …), chosen by the outlet's name. */
const PLACEHOLDER_HUES = 6;
const MAX_ANCHOR_LENGTH = 64;
const WHITESPACE_RE = /\s+/g;
const LANG_RE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;

export const LABELS = {
  fromDescription: "From the outlet's description",
  subscriberNoSummary: 'Subscriber-only article: summary unavailable',
  subscriber: 'Subscriber-only article',
  noSummary: 'Summary unavailable',
  headlineOnly:
    "Headline only: the news-search link could not be resolved; the link leads to the outlet's site",
  alsoPublishedBy: 'Also published by:',
  moreCoverage: 'More coverage',
  credit: (outlet: string) => `Image courtesy of ${outlet}`,
  developing: 'Developing story — earlier:',
};

/** A BCP 47 tag as pages may carry it (`de`, `pt-BR`), else undefined. */
export function cleanLang(lang: unknown): string | undefined {
  return typeof lang === 'string' && LANG_RE.test(lang.trim()) ? lang.trim() : undefined;
}

function primary(lang: string): string {
  return lang.split('-')[0]?.toLowerCase() ?? '';
}

/**
 * ` lang="de"` when `lang` is a valid tag whose language differs from the enclosing element's
 * (`contextLang`), else nothing: a German article on an English page says it is German.
 */
export function langAttr(lang: unknown, contextLang: string | undefined): SafeHtml | '' {
  const tag = cleanLang(lang);
  if (tag === undefined) return '';
  if (contextLang !== undefined && primary(tag) === primary(contextLang)) return '';
  return html` lang="${tag}"`;
}

/** The language of a story: its lead article's, which gives it its title. */
export function storyLang(story: Story): string | undefined {
  return cleanLang(story.articles[0]?.lang);
}

/** Distinct outlets of a story, syndicated copies included (case and spacing ignored). */
export function outletCount(story: Story): number {
  const outlets = new Set<string>();
  for (const a of story.articles) {
    for (const name of [a.outlet, ...a.alsoPublishedBy.map((c) => c.outlet)]) {
      const key = normalise(String(name ?? '')).toLowerCase();
      if (key !== '') outlets.add(key);
    }
  }
  return outlets.size;
}

/** The newest publication time among a story's articles (ISO instant), if any has one. */
export function latestPublished(story: Story): string | undefined {
  let latest: string | undefined;
  for (const a of story.articles) {
    const iso = isoInstant(a.published);
    if (iso !== undefined && (latest === undefined || iso > latest)) latest = iso;
  }
  return latest;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Relative phrases are shown for times up to this long before the build. */
export const RELATIVE_LIMIT_MS = 7 * DAY;

/**
 * How long before the build `iso` was, in words ("3 hours before this edition"), fixed when the site
 * is built (pages carry no script). Undefined when either time is unknown, `iso` is after the build
 * or more than a week before it (the absolute time says enough then).
 */
export function beforeBuild(iso: string | undefined, builtAt: string | undefined): string | undefined {
  const at = iso === undefined ? Number.NaN : Date.parse(iso);
  const built = builtAt === undefined ? Number.NaN : Date.parse(builtAt);
  const ms = built - at;
  if (!(ms >= 0 && ms <= RELATIVE_LIMIT_MS)) return undefined;
  const amount =
    ms < HOUR
      ? plural(Math.max(1, Math.floor(ms / MINUTE)), 'minute', 'minutes')
      : ms < DAY
        ? plural(Math.floor(ms / HOUR), 'hour', 'hours')
        : plural(Math.floor(ms / DAY), 'day', 'days');
  return `${amount} before this edition`;
}

/** `<time>` of an instant, its `datetime` as short as valid. */
function timeElement(iso: string, shown: string): SafeHtml {
  return html`<time datetime="${shortInstant(iso)}">${shown}</time>`;
}

/**
 * A story's line of facts: "4 outlets · latest 30 Jan 2023, 14:05 CET (3 hours before this edition)",
 * the time absolute in the day's time zone with a machine-readable `<time>`; the dot is the
 * stylesheet's (`.story-meta span::before`), seen and not read. In a `<span>`, or `tag` (a day page's
 * `<p>`).
 */
export function storyMeta(
  story: Story,
  timeZone: string | undefined,
  builtAt: string | undefined,
  tag: 'span' | 'p' = 'span',
): SafeHtml {
  const t = raw(tag);
  const outlets = plural(outletCount(story), 'outlet', 'outlets');
  const latest = latestPublished(story);
  const shown = latest === undefined ? undefined : formatTime(latest, timeZone);
  if (latest === undefined || shown === undefined) return html`<${t} class="story-meta">${outlets}</${t}>`;
  const ago = beforeBuild(latest, builtAt);
  return html`<${t} class="story-meta">${outlets} <span>latest ${timeElement(latest, shown)}${ago ? ` (${ago})` : ''}</span></${t}>`;
}

/** Up to two initials of an outlet, skipping leading articles: "The Washington Post" → "WP". */
export function initials(outlet: string): string {
  const words = outlet.match(WORD_RE) ?? [];
  const kept = words.length > 1 ? words.filter((w) => !INITIALS_SKIP.has(w.toLowerCase())) : words;
  const chosen = (kept.length > 0 ? kept : words).slice(0, 2);
  const letters = chosen.map((w) => Array.from(w)[0] ?? '').join('');
  return letters.toLocaleUpperCase() || '?';
}

function hue(outlet: string): number {
  let h = 0;
  for (const ch of outlet) h = (h * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return h % PLACEHOLDER_HUES;
}

/** A cover as a page shows it: its thumbnails (`src` relative to the page), smallest first. */
export interface CoverImage {
  variants: ReadonlyArray<{ src: string; width: number; height: number }>;
  /** The page's first image (above the fold): loaded at once, with high priority. */
  eager: boolean;
}

/** Maps an article's image URL to the site's own thumbnails of it; undefined shows the placeholder. */
export type ImageSource = (imageUrl: string | undefined) => CoverImage | undefined;

/** No thumbnails: every article shows its placeholder (pages never link an outlet's image). */
export const noImages: ImageSource = () => undefined;

/** How wide a cover is shown: the 13rem column beside the text from 40rem up, else the full width. */
export const COVER_SIZES = '(min-width: 40rem) 13rem, 100vw';
/** The `src` for browsers without `srcset`: the first thumbnail at least this wide, else the widest. */
const FALLBACK_WIDTH = 640;

function coverImg(image: CoverImage): SafeHtml | '' {
  const { variants } = image;
  const fallback = variants.find((v) => v.width >= FALLBACK_WIDTH) ?? variants.at(-1);
  if (fallback === undefined) return '';
  const srcset = variants.map((v) => `${v.src} ${v.width}w`).join(', ');
  const loading = image.eager ? html`loading="eager" fetchpriority="high"` : html`loading="lazy"`;
  return html`<img src="${fallback.src}" srcset="${srcset}" sizes="${COVER_SIZES}" width="${fallback.width}" height="${fallback.height}" alt="" ${loading} decoding="async">`;
}

/** The cover: the site's thumbnail with its credit, or a box with the outlet's initials (no external assets). */
export function cover(a: DigestArticle, imageSource: ImageSource = noImages): SafeHtml {
  const outlet = a.outlet || 'the publisher';
  const image = imageSource(a.image);
  const img = image === undefined ? '' : coverImg(image);
  if (img === '') {
    return html`<figure class="cover cover-none hue-${hue(outlet)}"><span class="initials" aria-hidden="true">${initials(outlet)}</span><figcaption class="visually-hidden">No image from ${outlet}</figcaption></figure>`;
  }
  return html`<figure class="cover">${img}<figcaption>${LABELS.credit(outlet)}</figcaption></figure>`;
}

/**
 * "Outlet · 30 Jan 2023, 14:05 UTC", the outlet in bold, with a machine-readable `<time>`; the dot
 * is the stylesheet's (`.byline time::before`), seen and not read.
 */
export function byline(a: DigestArticle, timeZone?: string): SafeHtml {
  const iso = isoInstant(a.published);
  const shown = formatTime(a.published, timeZone);
  const time = iso && shown ? html` ${timeElement(iso, shown)}` : '';
  return html`<p class="byline"><b>${a.outlet}</b>${time}</p>`;
}

function normalise(text: string): string {
  return text.replace(WHITESPACE_RE, ' ').trim();
}

/** What an item needs from its page: the sentences shown so far, and whether the heading above is its title. */
export interface ItemScope {
  shown: Shown;
  /** The story heading above is this article's title, linked to it: the item does not repeat it. */
  titleInHeading?: boolean;
}

/**
 * The summary with its provenance, without the sentences the page has shown already (a story lead
 * taken from it); nothing when all of them were.
 */
function summaryBlock(a: DigestArticle, sentences: string[], all: number): SafeHtml | '' {
  if (a.headlineOnly) return html`<p class="marker marker-none">${LABELS.headlineOnly}</p>`;
  if (all === 0 || a.summarySource === 'none') {
    const label = a.paywalled ? LABELS.subscriberNoSummary : LABELS.noSummary;
    return html`<p class="marker marker-none">${label}</p>`;
  }
  const paywall = a.paywalled ? html`<p class="marker marker-paywall">${LABELS.subscriber}</p>` : '';
  if (sentences.length === 0) return paywall;
  const from =
    a.summarySource === 'description'
      ? html`<p class="marker marker-description">${LABELS.fromDescription}</p>`
      : '';
  return html`${paywall}${from}<p class="summary">${join(sentences, ' ')}</p>`;
}

/** The description's sentences the page has not shown (nor the summary below it). */
function descriptionBlock(sentences: string[]): SafeHtml | '' {
  return sentences.length === 0 ? '' : html`<p class="description">${join(sentences, ' ')}</p>`;
}

function alsoPublishedBy(a: DigestArticle): SafeHtml | '' {
  if (a.alsoPublishedBy.length === 0) return '';
  const links = a.alsoPublishedBy.map((c) => outletLink(c.url, c.outlet || c.url));
  return html`<p class="also">${LABELS.alsoPublishedBy} ${join(links, ', ')}</p>`;
}

/** The title as a heading linked to the article; the outlet's name instead when the page printed the title already. */
function titleLine(a: DigestArticle, level: 2 | 3, scope: ItemScope): SafeHtml | '' {
  if (scope.titleInHeading) return '';
  const h = raw(`h${level}`);
  const text = scope.shown.hasAll(a.title) ? a.outlet || a.url : a.title;
  scope.shown.add(a.title);
  return html`<${h} class="title">${outletLink(a.url, text)}</${h}>`;
}

/**
 * An article in full; `level` is its heading level (2 alone, 3 under a story heading). With a
 * `scope`, sentences the page has shown already are not printed again, and they are recorded.
 */
export function articleItem(
  a: DigestArticle,
  level: 2 | 3,
  timeZone?: string,
  imageSource: ImageSource = noImages,
  contextLang?: string,
  scope: ItemScope = { shown: new Shown() },
): SafeHtml {
  const title = titleLine(a, level, scope);
  const all = a.summary.filter((s) => typeof s === 'string' && s.trim() !== '');
  const summary = a.headlineOnly || a.summarySource === 'none' ? [] : scope.shown.take(all);
  const description = scope.shown.takeText(a.description ?? '');
  const body = lines([
    title,
    byline(a, timeZone),
    descriptionBlock(description),
    summaryBlock(a, summary, all.length),
    alsoPublishedBy(a),
  ]);
  return html`<div class="item"${langAttr(a.lang, contextLang)}>
${cover(a, imageSource)}
<div>
${body}
</div>
</div>`;
}

/** The non-empty fragments, one a line. */
export function lines(parts: ReadonlyArray<SafeHtml | ''>): SafeHtml {
  return join(
    parts.filter((p) => p !== '' && p.value !== ''),
    '\n',
  );
}

/**
 * The other articles of a story, one line each: the title linked, then the outlet "(Reuters)" in
 * the list's muted colour. A title the page printed already (the story's heading) is not repeated:
 * the outlet's name is the link. Under a heading of its own, not a landmark: every story has one,
 * all named alike (axe landmark-unique).
 */
export function moreCoverage(
  articles: DigestArticle[],
  contextLang?: string,
  shown: Shown = new Shown(),
): SafeHtml | '' {
  if (articles.length === 0) return '';
  const items = articles.map((a) => {
    const lang = langAttr(a.lang, contextLang);
    if (shown.hasAll(a.title)) return html`<li${lang}>${outletLink(a.url, a.outlet || a.url)}</li>`;
    shown.add(a.title);
    return html`<li${lang}>${outletLink(a.url, a.title)} (${a.outlet})</li>`;
  });
  return html`<div class="more"><h3>${LABELS.moreCoverage}</h3><ul>${items}</ul></div>`;
}

/**
 * A story's lead, each sentence followed by the outlet it comes from, "(Reuters)" in a `<small>`,
 * linked to its article (when the digest knows it); sentences the page has shown already are left out.
 */
export function leadBlock(story: Story, shown: Shown): SafeHtml | '' {
  const sentences = story.lead ?? [];
  const sources = story.leadSources?.length === sentences.length ? story.leadSources : undefined;
  const parts: SafeHtml[] = [];
  sentences.forEach((line, i) => {
    if (typeof line !== 'string' || shown.take([line]).length === 0) return;
    const source = sources?.[i];
    const cite = source ? html` <small>(${outletLink(source.url, source.outlet || source.url)})</small>` : '';
    parts.push(html`${line}${cite}`);
  });
  return parts.length === 0 ? '' : html`<p class="lead">${join(parts, ' ')}</p>`;
}

/** Stable, unique, attribute-safe anchors for a day's stories (`s-<id>`, or `s-<n>` when unusable). */
export function storyAnchors(stories: Story[]): string[] {
  const seen = new Set<string>();
  return stories.map((s, i) => {
    const cleaned = String(s.id ?? '')
      .replace(ANCHOR_UNSAFE_RE, '-')
      .slice(0, MAX_ANCHOR_LENGTH);
    let anchor = cleaned && cleaned !== '-' ? `s-${cleaned}` : `s-${i + 1}`;
    if (seen.has(anchor)) anchor = `s-${i + 1}`;
    while (seen.has(anchor)) anchor += '-';
    seen.add(anchor);
    return anchor;
  });
}

/** The anchor of the story `id` among a day's stories (as `storyAnchors` gives it), if it is there. */
export function anchorOf(stories: Story[], id: string): string | undefined {
  const i = stories.findIndex((s) => s.id === id);
  return i < 0 ? undefined : storyAnchors(stories)[i];
}

/**
 * "Developing story — earlier: <title> (<date>)", the title linked to `href` (relative, to the earlier
 * day page's story) when that page exists, plain otherwise.
 */
export function continuesNote(
  continues: NonNullable<Story['continues']>,
  href: string | undefined,
): SafeHtml {
  const title =
    href === undefined ? html`${continues.title}` : html`<a href="${href}">${continues.title}</a>`;
  return html`<p class="continues">${LABELS.developing} ${title} (${dateInWords(continues.date)})</p>`;
}
