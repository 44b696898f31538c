/** The extract stage: fetched HTML in, an Article (or a Skipped with a stable code) out. Pure, no network. */
import type { Article, Skipped } from '../model/types.js';
import { collectParagraphs, runReadability } from './body.js';
import { cleanByline } from './byline.js';
import { isBoilerplateLine, removeBoilerplate } from './cleanup.js';
import { looksLikeHtml, MAX_INPUT_CHARS, parseHtml } from './dom.js';
import { baseUrl, firstContentImage, type Metadata, readMetadata } from './metadata.js';
import { detectWall, isConsentLine, isPitchLine, type Wall } from './paywall.js';
import { collapseWhitespace, fold } from './text.js';

/** Options of extract. */
export interface ExtractOptions {
  /** The reference for "not in the future" of published dates; default: the current time. */
  now?: Date;
}

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
  const doc = parseHtml(input);
  const meta = readMetadata(doc, url, opts.now ? { now: opts.now } : {});
  const base = baseUrl(doc, url);
  const pageText = collapseWhitespace(doc.body.textContent ?? '');
  removeBoilerplate(doc);
  const found = runReadability(doc);
  const root = found.content ?? doc.querySelector(FALLBACK_ROOT) ?? doc.body;
  const blocks = cleanParagraphs(collectParagraphs(root), meta.title);
  const paragraphs = blocks.filter((p) => !isPitchLine(p));
  const wall = detectWall({
    title: meta.title ?? '',
    pageText,
    articleChars: chars(paragraphs),
    nonConsentChars: chars(paragraphs.filter((p) => !isConsentLine(p))),
    pitchLines: blocks.length - paragraphs.length,
    declaredPaywall: meta.declaredPaywall,
  });
  const kept = wall === 'consent' || wall === 'bot-check' ? [] : paragraphs;
  const title = meta.title ?? '';
  if (!kept.length && !title) return skipped('EXTRACT_EMPTY', `extract: no title and no text in ${url}`);
  const image = meta.image ?? (found.content ? firstContentImage(found.content, base) : undefined);
  return article(url, meta, {
    title,
    image,
    paragraphs: kept,
    wall,
    byline: meta.byline ?? cleanByline(found.byline),
  });
}

function chars(list: string[]): number {
  return list.reduce((n, p) => n + p.length, 0);
}

/** Drops boilerplate lines and a first block that only repeats the headline. */
function cleanParagraphs(blocks: string[], title: string | undefined): string[] {
  const out = blocks.filter((p) => !isBoilerplateLine(p));
  if (title && out[0] !== undefined && fold(out[0]) === fold(title)) out.shift();
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
