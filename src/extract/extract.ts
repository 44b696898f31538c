/** The extract stage: fetched HTML in, an Article (or a Skipped with a stable code) out. Pure, no network. */
import type { Article, Skipped } from '../model/types.js';
import { collectParagraphs } from './body.js';
import { isBoilerplateLine, removeBoilerplate } from './cleanup.js';
import { type BodyResult, findBody, isNoise } from './content.js';
import { looksLikeHtml, MAX_INPUT_CHARS } from './dom.js';
import { reconcileWithArticleBody } from './ldbody.js';
import { type LDocument, type LElement, parseLight } from './lightdom.js';
import { baseUrl, firstContentImage, type Metadata, readLightMetadata } from './metadata.js';
import { detectWall, isPitchLine, nonConsentChars, type Wall } from './paywall.js';
import { applyDrops, type SiteRule, siteRuleFor, textOf } from './sites/index.js';
import { linkTail } from './tail.js';
import { collapseWhitespace, fold } from './text.js';

/** Options of extract. */
export interface ExtractOptions {
  /** The reference for "not in the future" of published dates; default: the current time. */
  now?: Date;
}

/** The headline and byline lines are looked for among this many first blocks. */
const HEADLINE_WINDOW = 6;
const MAX_KICKER_CHARS = 60;
/** A block this short that holds the byline is a byline/dateline line, not text. */
const MAX_BYLINE_LINE = 100;
const FALLBACK_ROOT = '[itemprop="articleBody"], article, main, [role="main"]';

/**
 * Extracts an article from a page's HTML. Never throws: input that is not HTML gives
 * `EXTRACT_NOT_HTML`, a page with neither title nor text `EXTRACT_EMPTY`, an internal failure
 * `EXTRACT_FAILED`. Input beyond 5 MB is cut. Paywall teasers, consent walls and bot checks come
 * back with `paywalled: true` and only their teaser paragraphs.
 */
export function extract(html: string, url: string, opts: ExtractOptions = {}): Article | Skipped {
  try {
    return run(html, url, opts);
  } catch (err) {
    return skipped(
      'EXTRACT_FAILED',
      `extract: failed on ${url}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

function run(html: string, url: string, opts: ExtractOptions): Article | Skipped {
  if (typeof html !== 'string') return skipped('EXTRACT_NOT_HTML', 'extract: input is not text');
  const input = html.length > MAX_INPUT_CHARS ? html.slice(0, MAX_INPUT_CHARS) : html;
  if (!looksLikeHtml(input)) return skipped('EXTRACT_NOT_HTML', `extract: ${url} is not HTML`);
  const light = parseLight(input);
  const rule = siteRuleFor(url);
  applyDrops(light, rule);
  const meta = withSiteFields(readLightMetadata(light, url, opts.now ? { now: opts.now } : {}), light, rule);
  const base = baseUrl(light, url);
  // The wall rules read the page's text only for short articles: it is collapsed on demand.
  const rawPageText = light.body.textContent;
  let pageText: string | undefined;
  let nonConsent: number | undefined;
  removeBoilerplate(light);
  const found = findBody(light.body);
  const ruled = rule?.body ? light.querySelector(rule.body) : null;
  const roots = ruled ? [ruled] : (found?.roots ?? [light.querySelector(FALLBACK_ROOT) ?? light.body]);
  const text = reconcileWithArticleBody(readBlocks(roots, found), meta.articleBody);
  const blocks = cleanParagraphs(text, meta);
  const paragraphs = blocks.filter((p) => !isPitchLine(p));
  const wall = detectWall({
    title: meta.title ?? '',
    get pageText() {
      pageText ??= collapseWhitespace(rawPageText);
      return pageText;
    },
    articleChars: chars(paragraphs),
    get nonConsentChars() {
      nonConsent ??= nonConsentChars(paragraphs);
      return nonConsent;
    },
    pitchLines: blocks.length - paragraphs.length,
    declaredPaywall: meta.declaredPaywall,
  });
  const kept = wall === 'consent' || wall === 'bot-check' ? [] : paragraphs;
  const title = meta.title ?? '';
  if (!kept.length && !title) return skipped('EXTRACT_EMPTY', `extract: no title and no text in ${url}`);
  const image = meta.image ?? (found?.roots[0] ? firstContentImage(found.roots[0], base) : undefined);
  return article(url, meta, { title, image, paragraphs: kept, wall, byline: meta.byline });
}

/** The text blocks of the chosen roots, leaving out navigation inside them and a related-links tail. */
function readBlocks(roots: LElement[], found: BodyResult | undefined): string[] {
  // The tail of what is read: a site rule's body when it gives one, else the finder's roots.
  const tail = found ? linkTail(roots, found.stats) : new Set<LElement>();
  const skip = found
    ? (el: Element) => tail.has(el as unknown as LElement) || isNoise(el as unknown as LElement, found.stats)
    : undefined;
  return roots.flatMap((r) => collectParagraphs(r as unknown as Element, skip));
}

/** A site rule's headline and byline, where it gives them and the page has them, over the generic ones. */
function withSiteFields(meta: Metadata, doc: LDocument, rule: SiteRule | undefined): Metadata {
  if (!rule) return meta;
  const title = textOf(doc, rule.title);
  const byline = textOf(doc, rule.byline);
  return { ...meta, ...(title ? { title } : {}), ...(byline ? { byline } : {}) };
}

function chars(list: string[]): number {
  return list.reduce((n, p) => n + p.length, 0);
}

/** Drops boilerplate lines and a first block that only repeats the headline. */
function cleanParagraphs(blocks: string[], meta: Metadata): string[] {
  let out = blocks.filter((p) => !isBoilerplateLine(p));
  const title = meta.title ? fold(meta.title) : '';
  const at = title ? out.slice(0, HEADLINE_WINDOW).findIndex((p) => fold(p) === title) : -1;
  // Kicker lines above the headline ("Markets · Exclusive") go with it.
  if (at >= 0 && out.slice(0, at).every((p) => p.length <= MAX_KICKER_CHARS)) out = out.slice(at + 1);
  const byline = meta.byline;
  if (byline)
    out = out.filter((p, i) => i >= HEADLINE_WINDOW || p.length > MAX_BYLINE_LINE || !p.includes(byline));
  return out;
}

interface Body {
  title: string;
  image: string | undefined;
  byline: string | undefined;
  paragraphs: string[];
  wall: Wall;
}

function article(url: string, meta: Metadata, b: Body): Article {
  const a: Article = {
    kind: 'article',
    url,
    title: b.title,
    text: b.paragraphs.join('\n\n'),
    paragraphs: b.paragraphs,
    paywalled: b.wall !== undefined,
  };
  if (meta.canonicalUrl) a.canonicalUrl = meta.canonicalUrl;
  if (b.byline) a.byline = b.byline;
  if (meta.published) a.published = meta.published;
  if (b.image) a.image = b.image;
  if (meta.siteName) a.siteName = meta.siteName;
  if (meta.lang) a.lang = meta.lang;
  if (meta.description) a.description = meta.description;
  return a;
}

function skipped(code: string, reason: string): Skipped {
  return { kind: 'skipped', code, reason };
}
