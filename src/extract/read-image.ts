/**
 * The cover image: image meta tags, JSON-LD, `image_src`, the post's featured image, and last the
 * article's first image big enough for a cover.
 */
import { imageUrls, type LdNode } from './jsonld.js';
import type { LDocument, LElement } from './lightdom.js';
import { ARTICLE_ROOT } from './markup-walk.js';
import { linkHref } from './meta-tags.js';
import { isBadImageUrl, resolveHttpUrl } from './urls.js';

const IMAGE_KEYS = [
  'og:image:secure_url',
  'og:image',
  'og:image:url',
  'twitter:image',
  'twitter:image:src',
  'image',
];
const MIN_IMAGE_SIDE = 300;
/** A src that is really a srcset list: a width or density descriptor followed by a comma. */
const SRC_HOLDS_LIST = /(?:\s|%20)\d+(?:\.\d+)?[wx](?:,|%2C)/i;
const MAX_IMAGES_SCANNED = 200;
/** Classes with which a page marks the post's own image. */
const FEATURED_CLASS =
  /(?:^|\s)(?:wp-post-image|featured-?image|post-?thumbnail|post-image|attachment-post-thumbnail|hero-image)(?:\s|$)/i;

export function readImage(
  doc: LDocument,
  meta: Map<string, string[]>,
  ld: LdNode[],
  article: LdNode | undefined,
  base: string,
) {
  const tries: (string | null | undefined)[] = [];
  for (const k of IMAGE_KEYS) tries.push(...(meta.get(k) ?? []));
  if (article) tries.push(...imageUrls(article.image ?? article.thumbnailUrl, ld));
  tries.push(linkHref(doc, 'image_src'));
  for (const t of tries) {
    const u = resolveHttpUrl(t, base);
    if (u && !isBadImageUrl(u)) return u;
  }
  const featured = featuredImage(doc, base);
  if (featured) return featured;
  const root = doc.querySelector(ARTICLE_ROOT);
  return root ? firstContentImage(root, base) : undefined;
}

/**
 * The image the page's own markup names as the post's image (WordPress `wp-post-image`,
 * `featured-image`, `post-thumbnail` …), wherever it sits: a wide banner counts however low it is.
 */
function featuredImage(doc: LDocument, base: string): string | undefined {
  for (const img of doc.parsedElements('img').slice(0, MAX_IMAGES_SCANNED)) {
    if (!isFeatured(img) || !bigEnough(img)) continue;
    const u = resolveHttpUrl(imageSource(img), base);
    if (u && !isBadImageUrl(u)) return u;
  }
  return undefined;
}

function isFeatured(img: LElement): boolean {
  const cls = img.attribs.class;
  return cls !== undefined && FEATURED_CLASS.test(cls);
}

/**
 * The first image in `root` that can be a cover: width/height attributes of at least 300 or none
 * given (it sits inside the article), not a logo, icon, sprite, pixel or data URI.
 */
export function firstContentImage(root: LElement, base: string): string | undefined {
  for (const img of root.selectFirst('img', 50)) {
    if (!bigEnough(img)) continue;
    const u = resolveHttpUrl(imageSource(img), base);
    if (u && !isBadImageUrl(u)) return u;
  }
  return undefined;
}

/** Wide enough for a cover, and tall enough unless its class says it is the post's image. */
function bigEnough(img: LElement): boolean {
  const w = Number.parseInt(img.getAttribute('width') ?? '', 10);
  const h = Number.parseInt(img.getAttribute('height') ?? '', 10);
  if (Number.isFinite(w) && w < MIN_IMAGE_SIDE) return false;
  if (Number.isFinite(h) && h < MIN_IMAGE_SIDE / 2 && !isFeatured(img)) return false;
  return true;
}

/** The image's real source: lazy-loading attributes first, then the largest srcset entry, then src. */
function imageSource(img: LElement): string | undefined {
  for (const a of ['data-src', 'data-lazy-src', 'data-original', 'data-url']) {
    const v = img.getAttribute(a);
    if (v && !v.startsWith('data:')) return v;
  }
  const srcset = img.getAttribute('srcset') ?? img.getAttribute('data-srcset');
  const src = img.getAttribute('src');
  // "a.jpg%203500w,%20a.jpg?w=768%20768w": a CMS wrote its srcset list into src.
  const listed = src && SRC_HOLDS_LIST.test(src) ? largestInSrcset(src.replace(/%20/g, ' ')) : undefined;
  if (listed) return srcset ? (largestInSrcset(srcset) ?? listed) : listed;
  if (src && !src.startsWith('data:')) return src;
  return srcset ? largestInSrcset(srcset) : undefined;
}

function largestInSrcset(srcset: string): string | undefined {
  let best: string | undefined;
  let bestW = -1;
  for (const part of srcset.split(/,\s+/)) {
    const [u, d] = part.trim().split(/\s+/);
    const w = Number.parseFloat(d ?? '1');
    if (u && (Number.isFinite(w) ? w : 0) > bestW) {
      best = u;
      bestW = Number.isFinite(w) ? w : 0;
    }
  }
  return best;
}
