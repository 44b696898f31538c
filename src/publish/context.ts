/** What the page builders share: the validated, sorted view of the site data. */
import type { Digest } from '../model/types.js';

/** One thumbnail of a cover image in the site: its site-relative path and its size in pixels. */
export interface ImageVariant {
  path: string;
  width: number;
  height: number;
}

/** Site-wide settings, defaults applied. */
export interface SiteContext {
  title: string;
  lang: string;
  /** ISO 8601. */
  generatedAt: string;
  /** Absolute URL of the site root ending in `/`, used only in feeds; undefined → relative links. */
  baseUrl?: string;
  /** Image URL → the site's own thumbnails of it (`media/…`), smallest first. */
  media: ReadonlyMap<string, readonly ImageVariant[]>;
  /** Pages show the search box (the site is served by `daybrief serve` with a database). */
  search: boolean;
}

/** One topic with its days, newest first, and a lookup by date. */
export interface TopicContext {
  name: string;
  slug: string;
  days: Digest[];
  byDate: Map<string, Digest>;
}

/** Number of articles of a day, counting the syndicated copies folded into them once each. */
export function articleCount(d: Digest): number {
  return d.stories.reduce((n, s) => n + s.articles.reduce((m, a) => m + 1 + a.alsoPublishedBy.length, 0), 0);
}

/** "1 story", "12 stories". */
export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
