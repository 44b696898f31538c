/**
 * The metadata reader: title, byline, date, cover image, outlet, language, canonical URL and
 * description from Open Graph, Twitter cards, JSON-LD, standard meta tags and the markup itself.
 * Pure and usable on its own; `extract` calls it before it cleans the document.
 */
import { declaresNotFree, pickArticle, readJsonLd, str } from './jsonld.js';
import { type LDocument, parseLight } from './lightdom.js';
import { baseUrl, metaMap } from './meta-tags.js';
import { readByline } from './read-byline.js';
import { readPublished } from './read-date.js';
import { readImage } from './read-image.js';
import { readCanonical, readDescription, readLang } from './read-page.js';
import { readSiteName } from './read-site.js';
import { readTitle } from './read-title.js';

export { baseUrl } from './meta-tags.js';
export { firstContentImage } from './read-image.js';

/** What the metadata reader found; every field may be missing except the declared-paywall flag. */
export interface Metadata {
  title?: string;
  byline?: string;
  /** ISO 8601, with the page's offset when it gave one. */
  published?: string;
  /** Absolute http(s) URL. */
  image?: string;
  siteName?: string;
  /** BCP 47, e.g. `en-US`. */
  lang?: string;
  canonicalUrl?: string;
  description?: string;
  /** JSON-LD articleBody: the publisher's own plain text of the article, a hint for the body finder. */
  articleBody?: string;
  /** The page declares `isAccessibleForFree: false` in JSON-LD. */
  declaredPaywall: boolean;
}

/** Options of readMetadata. */
export interface MetadataOptions {
  /** The reference for "not in the future"; default: the current time. */
  now?: Date;
}

/**
 * Reads a page's metadata. `input` is HTML or an already parsed document (which is not changed;
 * a DOM other than the stage's light DOM is read through its `outerHTML`); `url` is the page's URL,
 * used to resolve relative links and as the last source of a date and outlet.
 */
export function readMetadata(input: string | Document, url: string, opts: MetadataOptions = {}): Metadata {
  return readLightMetadata(toLight(input), url, opts);
}

function toLight(input: string | Document): LDocument {
  if (typeof input === 'string') return parseLight(input);
  if ('parsedElements' in input) return input as unknown as LDocument;
  return parseLight((input as Document).documentElement?.outerHTML ?? '');
}

/** readMetadata over the light DOM the extract stage parsed once. */
export function readLightMetadata(doc: LDocument, url: string, opts: MetadataOptions = {}): Metadata {
  const now = opts.now ?? new Date();
  const meta = metaMap(doc);
  const ld = readJsonLd(doc);
  const article = pickArticle(ld);
  const base = baseUrl(doc, url);
  const siteName = readSiteName(doc, meta, ld, article, url);
  return {
    title: readTitle(doc, meta, article, siteName),
    byline: readByline(doc, meta, ld, article, siteName),
    published: readPublished(doc, meta, article, url, now),
    image: readImage(doc, meta, ld, article, base),
    siteName,
    lang: readLang(doc, meta, article),
    canonicalUrl: readCanonical(doc, meta, base),
    description: readDescription(meta, article),
    articleBody: str(article?.articleBody),
    declaredPaywall: ld.some((n) => declaresNotFree(n, ld)),
  };
}
