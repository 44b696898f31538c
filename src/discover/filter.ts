/** Day filtering and exact-URL de-duplication of Candidates. */
import type { Candidate, DayWindow } from '../model/types.js';
import { isBingUrl } from './bing-news.js';
import { isGoogleNewsUrl } from './google-news.js';

/** How long after a day ends a run still counts as "live" for it (the usual morning run for yesterday). */
export const LIVE_GRACE_MS = 24 * 60 * 60 * 1000;

const SEARCH_PATH = /\/search(\/|$)/i;

/**
 * True when a candidate came from a news-search feed rather than a user's own feed: Google News, Bing
 * News, or any feed URL that is itself a search (a `/search` path with a `q` parameter). The engine
 * matched those on full text we never see, so the topic's query is not applied to them again.
 */
export function isSearchFeed(source: string): boolean {
  if (isGoogleNewsUrl(source) || isBingUrl(source)) return true;
  try {
    const u = new URL(source);
    return SEARCH_PATH.test(u.pathname) && u.searchParams.has('q');
  } catch {
    return false;
  }
}

/**
 * Keeps the candidates published within the day's window [start, end).
 *
 * Undated items: search feeds always date their results, so an undated one is dropped. From the
 * user's own feeds (small sites often omit dates) an undated item is kept only when the run is live
 * for that day — `now` falls within the window or up to 24 h after it — on the reading that the
 * feed shows what is current; replaying or back-filling older days drops them, as nothing places
 * them there. The store's URL uniqueness keeps a kept item from recurring on later days.
 *
 * @param opts.now the time of the run (default: the current time)
 */
export function filterToDay(cands: Candidate[], day: DayWindow, opts: { now?: Date } = {}): Candidate[] {
  const start = day.start.getTime();
  const end = day.end.getTime();
  const now = (opts.now ?? new Date()).getTime();
  const live = now >= start && now < end + LIVE_GRACE_MS;
  return cands.filter((c) => {
    const t = c.published === undefined ? Number.NaN : Date.parse(c.published);
    if (Number.isNaN(t)) return live && !isSearchFeed(c.source);
    return t >= start && t < end;
  });
}

function completeness(c: Candidate): number {
  return (c.outlet ? 1 : 0) + (c.published ? 1 : 0) + (c.description ? 1 : 0) + (c.title ? 1 : 0);
}

function better(a: Candidate, b: Candidate): Candidate {
  const ta = a.published ? Date.parse(a.published) : Number.POSITIVE_INFINITY;
  const tb = b.published ? Date.parse(b.published) : Number.POSITIVE_INFINITY;
  if (ta !== tb) return ta < tb ? a : b;
  return completeness(b) > completeness(a) ? b : a;
}

/**
 * Removes exact duplicate URLs (already cleaned of fragments and tracking parameters), keeping the
 * earliest-dated copy, or the most complete one on a tie, and filling its missing outlet and
 * description from the others. Order of first appearance is kept.
 */
export function dedupeByUrl(cands: Candidate[]): Candidate[] {
  const byUrl = new Map<string, Candidate>();
  for (const c of cands) {
    const seen = byUrl.get(c.url);
    if (!seen) {
      byUrl.set(c.url, c);
      continue;
    }
    const winner = better(seen, c);
    const other = winner === seen ? c : seen;
    const keep = { ...winner };
    if (!keep.outlet && other.outlet) keep.outlet = other.outlet;
    if (!keep.description && other.description) keep.description = other.description;
    byUrl.set(c.url, keep);
  }
  return [...byUrl.values()];
}
