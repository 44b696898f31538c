import { containment, shingles } from './shingles.js';
import { urlKey } from './urls.js';

/** What deduplication needs to know of an article. */
export interface DedupeItem {
  url: string;
  /** The page's rel=canonical, when it gave one. */
  canonicalUrl?: string;
  title: string;
  text: string;
  outlet: string;
  published?: string;
}

/** An article and the copies folded into it. */
export interface DuplicateGroup<T> {
  canonical: T;
  /** Exact repeats and URL variants of the canonical article (same outlet). */
  repeats: T[];
  /** Syndicated copies on other outlets, or near-identical texts. */
  copies: T[];
}

/** Options, with defaults. */
export interface DedupeOptions {
  /** Shared-shingle share (of the shorter text) from which two texts are copies; default 0.7. */
  threshold?: number;
  /** Texts with fewer shingles than this are compared by URL only; default 25. */
  minShingles?: number;
  /** Shingles present in more texts than this are ignored when looking for candidates; default 50. */
  maxPosting?: number;
}

const DATELINE_OUTLET = /^\s*[A-ZÀ-Þ][\p{L} .,'-]{0,60}?\(([^)]{2,60})\)\s*[—–-]/u;

class UnionFind {
  private readonly parent: number[];
  constructor(n: number) {
    this.parent = Array.from({ length: n }, (_, i) => i);
  }
  find(i: number): number {
    let root = i;
    while (this.parent[root] !== root) root = this.parent[root] as number;
    while (this.parent[i] !== root) {
      const next = this.parent[i] as number;
      this.parent[i] = root;
      i = next;
    }
    return root;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

function linkSameUrls(items: DedupeItem[], uf: UnionFind): void {
  const byKey = new Map<string, number>();
  items.forEach((item, i) => {
    const keys = [urlKey(item.url)];
    if (item.canonicalUrl) keys.push(urlKey(item.canonicalUrl));
    for (const key of keys) {
      const seen = byKey.get(key);
      if (seen === undefined) byKey.set(key, i);
      else uf.union(seen, i);
    }
  });
}

function linkNearCopies(items: DedupeItem[], uf: UnionFind, opts: Required<DedupeOptions>): void {
  const sets = items.map((item) => shingles(item.text));
  const postings = new Map<number, number[]>();
  sets.forEach((set, i) => {
    if (set.size < opts.minShingles) return;
    for (const h of set) {
      const list = postings.get(h);
      if (list) list.push(i);
      else postings.set(h, [i]);
    }
  });
  const checked = new Set<number>();
  for (const list of postings.values()) {
    if (list.length < 2 || list.length > opts.maxPosting) continue;
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        const a = list[x] as number;
        const b = list[y] as number;
        const pair = a * items.length + b;
        if (checked.has(pair)) continue;
        checked.add(pair);
        if (containment(sets[a] as Set<number>, sets[b] as Set<number>) >= opts.threshold) uf.union(a, b);
      }
    }
  }
}

/** True when the article's dateline names its own outlet: "HELSINKI (Meridian Press) —". */
function isOriginal(item: DedupeItem): boolean {
  const m = DATELINE_OUTLET.exec(item.text);
  return !!m?.[1] && m[1].trim().toLowerCase() === item.outlet.trim().toLowerCase();
}

function time(item: DedupeItem): number {
  const t = item.published ? Date.parse(item.published) : Number.NaN;
  return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
}

/** The copy to show: the wire's own copy, else the earliest, else the most complete. */
function pickCanonical<T extends DedupeItem>(members: T[]): T {
  return [...members].sort(
    (a, b) =>
      Number(isOriginal(b)) - Number(isOriginal(a)) || time(a) - time(b) || b.text.length - a.text.length,
  )[0] as T;
}

/**
 * Collapses exact repeats (same canonical URL) and syndicated copies (texts sharing most of their
 * shingles) into groups, each with one canonical article. Groups come out in input order of their
 * first member. Candidate pairs come from an inverted index of shingles, so unrelated texts are never
 * compared.
 */
export function dedupe<T extends DedupeItem>(items: T[], options: DedupeOptions = {}): DuplicateGroup<T>[] {
  const opts = { threshold: 0.7, minShingles: 25, maxPosting: 50, ...options };
  const uf = new UnionFind(items.length);
  linkSameUrls(items, uf);
  linkNearCopies(items, uf, opts);
  const members = new Map<number, T[]>();
  items.forEach((item, i) => {
    const root = uf.find(i);
    const list = members.get(root);
    if (list) list.push(item);
    else members.set(root, [item]);
  });
  return [...members.values()].map((group) => {
    const canonical = pickCanonical(group);
    const key = urlKey(canonical.url);
    const others = group.filter((g) => g !== canonical);
    const isRepeat = (g: T) =>
      urlKey(g.url) === key ||
      (g.canonicalUrl !== undefined && urlKey(g.canonicalUrl) === key) ||
      g.outlet === canonical.outlet;
    return { canonical, repeats: others.filter(isRepeat), copies: others.filter((g) => !isRepeat(g)) };
  });
}
