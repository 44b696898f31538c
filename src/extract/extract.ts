/** The extract stage: fetched HTML in, an Article (or a Skipped with a stable code) out. Pure, no network. */
import type { Article, Skipped } from '../model/types.js';
import { collectParagraphs } from './body.js';
import { isBoilerplateLine, removeBoilerplate } from './cleanup.js';
import { type BodyResult, findBody, isNoise, linkShare } from './content.js';
import { looksLikeHtml, MAX_INPUT_CHARS } from './dom.js';
import { reconcileWithArticleBody } from './ldbody.js';
import { type LDocument, type LElement, parseLight } from './lightdom.js';
import { readListing } from './listing.js';
import { baseUrl, firstContentImage, type Metadata, readLightMetadata } from './metadata.js';
import { type BodyCandidate, isConsentDialog, looksWrong, prefer, proseChars, proseMass } from './net.js';
import { detectWall, isPitchLine, nonConsentChars, type Wall } from './paywall.js';
import { otherArticles } from './scroll.js';
import { applyDrops, type SiteRule, siteRuleFor, textOf } from './sites/index.js';
import { linkTail } from './tail.js';
import { collapseWhitespace, fold } from './text.js';
import { cutAtComments, trimTrailingLabels } from './trailer.js';

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
/** The article headed by the page's title replaces the chosen one when it holds this much prose. */
const MIN_OWN_PROSE = 150;
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
  let first = readPass(light, rule, meta, { url, byName: true });
  if (!first.ruled && !first.listing && meta.title) {
    // Several articles in one page: the one headed by the page's title is its own.
    const others = otherArticles(first.found?.roots ?? [], light.body, meta.title);
    if (others.length) {
      for (const el of others) el.remove();
      const own = readPass(light, rule, meta, { url, byName: true });
      // Taken when it is prose, not a headline alone.
      if (proseChars(own.blocks, MIN_OWN_PROSE) >= MIN_OWN_PROSE) first = own;
    }
  }
  // A site rule's body is read as the rule says; otherwise a result that looks wrong gets a second look.
  let chosen = first;
  if (!first.ruled && !first.listing) {
    // A fresh tree, for the page's text mass (read before anything is removed) and the relaxed pass.
    let fresh: LDocument | undefined;
    const evidence = {
      articleBodyChars: meta.articleBody?.length ?? 0,
      get proseMassChars() {
        fresh ??= parseLight(input);
        return proseMass(fresh.body);
      },
    };
    if (looksWrong(first, evidence)) {
      const others: Pass[] = [];
      // The next candidate: the same tree without what the first pass chose.
      const roots = first.found?.roots ?? [];
      if (roots.length && !roots.includes(light.body)) {
        for (const r of roots) r.remove();
        others.push(readPass(light, rule, meta, { url, byName: true }));
      }
      // The relaxed pass, on a fresh tree.
      const again = fresh ?? parseLight(input);
      applyDrops(again, rule);
      others.push(readPass(again, rule, meta, { url, byName: false }));
      chosen = prefer(first, others);
    }
  }
  const { blocks, found } = chosen;
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

interface Pass extends BodyCandidate {
  found: BodyResult | undefined;
  /** The roots are a site rule's. */
  ruled: boolean;
  /** The roots list other articles (see listing.ts): no body. */
  listing: boolean;
}

/**
 * One pass of the body finder over `light` (changed in place): boilerplate removal, the best
 * candidate, its blocks cleaned. `byName: false` is the relaxed pass (class and id words unread).
 */
function readPass(light: LDocument, rule: SiteRule | undefined, meta: Metadata, pass: PassOptions): Pass {
  removeBoilerplate(light, pass.byName);
  const found = findBody(light.body, pass.byName);
  const ruled = rule?.body ? light.querySelector(rule.body) : null;
  const roots = ruled ? [ruled] : (found?.roots ?? [light.querySelector(FALLBACK_ROOT) ?? light.body]);
  let skip = skipRule(roots, found, pass.byName);
  const verdict = ruled ? undefined : readListing(roots, pass.url, skip);
  const listing = verdict?.kind === 'listing';
  if (verdict?.kind === 'tail') {
    const inner = skip;
    skip = (el) => verdict.from.has(el) || (inner?.(el) ?? false);
  }
  const listItems = new Set<string>();
  const text = listing
    ? []
    : reconcileWithArticleBody(withoutDialogs(roots, skip, listItems), meta.articleBody);
  return {
    blocks: cleanParagraphs(text, meta, listItems),
    found,
    ruled: !!ruled,
    listing,
    linkShare: found ? linkShare(roots, found.stats) : 0,
  };
}

interface PassOptions {
  url: string;
  /** False for the relaxed pass: class and id words and sectioning tags are not read. */
  byName: boolean;
}

/** What the collector leaves out of the roots: navigation inside them and a related-links tail. */
function skipRule(
  roots: LElement[],
  found: BodyResult | undefined,
  byName: boolean,
): ((el: LElement) => boolean) | undefined {
  if (!found) return undefined;
  // The tail of what is read: a site rule's body when it gives one, else the finder's roots.
  const tail = linkTail(roots, found.stats);
  return (el) => tail.has(el) || isNoise(el, found.stats, byName);
}

/**
 * The text blocks of the chosen roots, leaving out what `skip` says, and a root that is a consent
 * dialog taken along as a sibling of the article (a cookie banner can hold more text than a brief).
 */
function withoutDialogs(
  roots: LElement[],
  skip: ((el: LElement) => boolean) | undefined,
  listItems: Set<string>,
): string[] {
  const domSkip = skip ? (el: Element) => skip(el as unknown as LElement) : undefined;
  const parts = roots.map((r) => collectParagraphs(r as unknown as Element, domSkip, listItems));
  if (parts.length < 2) return parts.flat();
  const kept = parts.filter((p) => !isConsentDialog(p));
  return (kept.length ? kept : parts).flat();
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

/**
 * Drops boilerplate lines, a first block that only repeats the headline and a trailing run of
 * labels (list items, `listItems`, are never labels).
 */
function cleanParagraphs(blocks: string[], meta: Metadata, listItems: Set<string>): string[] {
  let out = blocks.filter((p) => !isBoilerplateLine(p));
  const title = meta.title ? fold(meta.title) : '';
  const at = title ? out.slice(0, HEADLINE_WINDOW).findIndex((p) => fold(p) === title) : -1;
  // Kicker lines above the headline ("Markets · Exclusive") go with it.
  if (at >= 0 && out.slice(0, at).every((p) => p.length <= MAX_KICKER_CHARS)) out = out.slice(at + 1);
  const byline = meta.byline;
  if (byline)
    out = out.filter((p, i) => i >= HEADLINE_WINDOW || p.length > MAX_BYLINE_LINE || !p.includes(byline));
  return trimTrailingLabels(cutAtComments(out), listItems);
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
