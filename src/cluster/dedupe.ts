import { lshPairs, signature } from './minhash.js';
import { shingleHashes, sortedContainment } from './shingles.js';
import { type Slab, u32Slab } from './slab.js';
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
  /** Shared-shingle share (of the shorter body; headlines are left out) from which two texts are copies; default 0.8. */
  threshold?: number;
  /**
   * Texts with fewer shingles than this (the body's, or the headline's and body's when the body
   * alone has fewer) are compared by URL only; default 15.
   */
  minShingles?: number;
  /** MinHash values per text (bands × rows of the LSH banding); default 64 (32 bands × 2 rows). */
  bands?: number;
}

const ROWS = 2;
/** Shingles from which a body is compared without its headline. */
const LONG_BODY = 25;

const DATELINE_OUTLET = /^\s*[A-ZÀ-Þ][\p{L} .,'-]{0,60}?\(([^)]{2,60})\)\s*[—–-]/u;
/** "This story was first published by X", "Originally appeared in X": the copy names its source. */
const ATTRIBUTION =
  /\b(?:first|originally)\s+(?:published|appeared|ran)\s+(?:by|in|on|at)\s+(?:the\s+)?([\p{Lu}\d][\p{L}\d&'’ .-]{1,60}?)(?=\s+(?:and|on|at|under|with)\b|[.,;:!)]|$)/u;

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

/**
 * The body's shingles: syndicators rewrite headlines, and on a short text a new headline alone
 * would cost a fifth of the shared shingles. A body too short to compare on its own (a teaser)
 * takes its headline along.
 */
function copyShingles(item: DedupeItem, slab: Slab<Uint32Array>): Uint32Array {
  const body = shingleHashes(item.text);
  return slab.copy(body.length >= LONG_BODY ? body : shingleHashes(`${item.title}\n${item.text}`));
}

/** Candidates from MinHash LSH, confirmed by exact containment of the shingle sets. */
function linkNearCopies(items: DedupeItem[], uf: UnionFind, opts: Required<DedupeOptions>): void {
  const slab = u32Slab();
  const sets = items.map((item) => copyShingles(item, slab));
  const size = opts.bands * ROWS;
  const sigs = sets.map((set) =>
    set.length >= opts.minShingles ? signature(set, size, slab.alloc(size)) : undefined,
  );
  for (const [a, b] of lshPairs(sigs, { bands: opts.bands, rows: ROWS })) {
    if (uf.find(a) === uf.find(b)) continue;
    if (sortedContainment(sets[a] as Uint32Array, sets[b] as Uint32Array) >= opts.threshold) uf.union(a, b);
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

/** Outlets that copies in the group name as their source. */
function attributedOutlets(members: DedupeItem[]): Set<string> {
  const out = new Set<string>();
  for (const m of members) {
    const found = ATTRIBUTION.exec(m.text);
    if (found?.[1]) out.add(found[1].trim().toLowerCase());
  }
  return out;
}

/**
 * The copy to show: the original publisher (named by a copy's attribution line, or by its own
 * dateline), else the earliest, else the most complete.
 */
function pickCanonical<T extends DedupeItem>(members: T[]): T {
  const named = attributedOutlets(members);
  const original = (m: T) => Number(named.has(m.outlet.trim().toLowerCase()) || isOriginal(m));
  return [...members].sort(
    (a, b) => original(b) - original(a) || time(a) - time(b) || b.text.length - a.text.length,
  )[0] as T;
}

/**
 * Collapses exact repeats (same canonical URL) and syndicated copies (texts sharing most of their
 * shingles) into groups, each with one canonical article. Groups come out in input order of their
 * first member. Candidate pairs come from MinHash LSH banding over word shingles of title and body,
 * so cost grows about linearly and unrelated texts are never compared.
 */
export function dedupe<T extends DedupeItem>(items: T[], options: DedupeOptions = {}): DuplicateGroup<T>[] {
  const opts = { threshold: 0.8, minShingles: 15, bands: 32, ...options };
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
