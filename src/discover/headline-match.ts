/**
 * Finding a news-search headline among the day's other candidates: the same article reached through
 * another source (GDELT, Bing News, a feed), by normalised title and outlet. Used for Google News
 * items whose link cannot be decoded.
 */
import type { Candidate } from '../model/types.js';
import { hostOf } from './urls.js';

const MARKS = /\p{M}+/gu;
const NOT_WORD = /[^\p{L}\p{N}]+/gu;
const TRUNCATED = /(?:\.\.\.|…)\s*$/;
const WWW = /^www\d?\./;
/** A truncated title must keep this many characters to be matched by prefix. */
const MIN_PREFIX = 24;
/** Share of words two titles must have in common to count as the same headline (with the same outlet). */
const MIN_OVERLAP = 0.85;
const MIN_WORDS = 4;

/** Lower case, diacritics and punctuation removed, words separated by one space. */
export function normalTitle(title: string): string {
  return title.normalize('NFKD').replace(MARKS, '').toLowerCase().replace(NOT_WORD, ' ').trim();
}

function compact(s: string): string {
  return normalTitle(s).replace(/ /g, '');
}

function registrable(host: string): string {
  const parts = host.replace(WWW, '').split('.');
  // example.co.uk keeps three labels; example.com two.
  const n =
    parts.length >= 3 && (parts.at(-2)?.length ?? 0) <= 3 && (parts.at(-1)?.length ?? 0) === 2 ? 3 : 2;
  return parts.slice(-n).join('.');
}

/** What identifies the outlet of a headline: its name and, when known, its site. */
export interface OutletHint {
  name?: string;
  /** The outlet's home page (Google News `<source url="…">`). */
  site?: string;
}

/** True when the candidate is from the outlet: same site, or names that contain one another. */
export function sameOutlet(c: Candidate, hint: OutletHint): boolean {
  const host = hostOf(c.url);
  if (hint.site) {
    const site = hostOf(hint.site);
    if (site && host && registrable(site) === registrable(host)) return true;
  }
  if (!hint.name) return false;
  const want = compact(hint.name);
  if (want.length < 3) return false;
  const names = [c.outlet ?? '', registrable(host).split('.')[0] ?? '']
    .map(compact)
    .filter((n) => n.length >= 3);
  return names.some((n) => n === want || n.includes(want) || want.includes(n));
}

function words(t: string): Set<string> {
  return new Set(t.split(' ').filter(Boolean));
}

/** True when two titles are the same headline: equal once normalised, a truncated prefix, or nearly all words shared. */
export function sameTitle(a: string, b: string): boolean {
  const na = normalTitle(a.replace(TRUNCATED, ''));
  const nb = normalTitle(b.replace(TRUNCATED, ''));
  if (!na || !nb) return false;
  if (na === nb) return true;
  if (TRUNCATED.test(a) && na.length >= MIN_PREFIX && nb.startsWith(na)) return true;
  if (TRUNCATED.test(b) && nb.length >= MIN_PREFIX && na.startsWith(nb)) return true;
  const wa = words(na);
  const wb = words(nb);
  if (wa.size < MIN_WORDS || wb.size < MIN_WORDS) return false;
  let shared = 0;
  for (const w of wa) if (wb.has(w)) shared++;
  return shared / Math.max(wa.size, wb.size) >= MIN_OVERLAP;
}

/**
 * The candidate among `others` that is the same article as the headline: same title (see
 * sameTitle) and same outlet (see sameOutlet). An exact title match wins over a near one; undefined
 * when none or when two different URLs tie for an exact match (ambiguous).
 */
export function findSameArticle(
  title: string,
  hint: OutletHint,
  others: readonly Candidate[],
): Candidate | undefined {
  const fromOutlet = others.filter((c) => sameOutlet(c, hint) && sameTitle(title, c.title));
  if (fromOutlet.length === 0) return undefined;
  const exact = fromOutlet.filter((c) => normalTitle(c.title) === normalTitle(title));
  const pool = exact.length > 0 ? exact : fromOutlet;
  const urls = new Set(pool.map((c) => c.url));
  return urls.size === 1 ? pool[0] : undefined;
}
