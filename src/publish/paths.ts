/**
 * Where each file of the site lives. Permalinks never change: a day page is `<slug>/<date>/`.
 * Slugs and dates become path segments, so they are validated here and nowhere trusted blindly.
 */
import { createHash } from 'node:crypto';
import { DaybriefError } from '../model/errors.js';
import { STYLE_CSS } from './style.js';

const SLUG_RE = /^[a-z0-9][a-z0-9-]*$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_SLUG_LENGTH = 100;
/** Top-level folders the site uses itself; a topic with such a slug would overwrite them. */
const RESERVED_SLUGS = new Set(['assets']);

/** Throws `PUBLISH_BAD_PATH` unless `slug` matches `^[a-z0-9][a-z0-9-]*$` and is not reserved. */
export function checkSlug(slug: string): string {
  if (
    typeof slug !== 'string' ||
    !SLUG_RE.test(slug) ||
    slug.length > MAX_SLUG_LENGTH ||
    RESERVED_SLUGS.has(slug)
  ) {
    throw new DaybriefError('publish', 'PUBLISH_BAD_PATH', `invalid topic slug ${JSON.stringify(slug)}`, {
      details: { slug },
    });
  }
  return slug;
}

/** Throws `PUBLISH_BAD_PATH` unless `date` is a real calendar date written `YYYY-MM-DD`. */
export function checkDate(date: string): string {
  if (typeof date !== 'string' || !DATE_RE.test(date) || !isCalendarDate(date)) {
    throw new DaybriefError('publish', 'PUBLISH_BAD_PATH', `invalid date ${JSON.stringify(date)}`, {
      details: { date },
    });
  }
  return date;
}

function isCalendarDate(date: string): boolean {
  const d = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date;
}

/**
 * The stylesheet's name carries the first 16 hex of its SHA-256, like the media copies: `serve` gives
 * it a year's immutable caching, and any change of the CSS is a new name every page links afresh.
 */
const STYLE_PATH = `assets/style.${createHash('sha256').update(STYLE_CSS).digest('hex').slice(0, 16)}.css`;

/** Site-relative file paths. */
export const paths = {
  style: STYLE_PATH,
  siteIndex: 'index.html',
  topicIndex: (slug: string) => `${checkSlug(slug)}/index.html`,
  day: (slug: string, date: string) => `${checkSlug(slug)}/${checkDate(date)}/index.html`,
  dayJson: (slug: string, date: string) => `${checkSlug(slug)}/${checkDate(date)}.json`,
  week: (slug: string, date: string) => `${checkSlug(slug)}/week/${checkDate(date)}/index.html`,
  atom: (slug: string) => `${checkSlug(slug)}/feed.xml`,
  jsonFeed: (slug: string) => `${checkSlug(slug)}/feed.json`,
  rss: (slug: string) => `${checkSlug(slug)}/rss.xml`,
  notFound: '404.html',
  /**
   * A cover thumbnail, named by its content: `media/<first 16 hex of its SHA-256>.<ext>` (64 bits: no
   * two images of any site share a name, and 40 covers of a day page cost 2 KB less than with 32).
   */
  media: (image: { sha256: string; ext: string }) => `media/${image.sha256.slice(0, 16)}.${image.ext}`,
};

/**
 * The relative link from one site file to another, e.g. from `nato/2023-01-30/index.html` to
 * `nato/feed.xml` gives `../feed.xml`. Links name `index.html` explicitly so the site works from file://.
 */
export function relative(from: string, to: string): string {
  const fromDirs = from.split('/').slice(0, -1);
  const toParts = to.split('/');
  let common = 0;
  while (common < fromDirs.length && common < toParts.length - 1 && fromDirs[common] === toParts[common])
    common++;
  const up = '../'.repeat(fromDirs.length - common);
  return up + toParts.slice(common).join('/');
}
