/**
 * Incremental (single-pass) clustering against cluster centroids, with an inverted index from a
 * document's heaviest terms to the clusters that hold them: each document is compared with a handful
 * of candidate clusters, never with every cluster, so cost grows about linearly with the batch.
 */
import { IntFloatMap } from './intmap.js';
import type { SparseVector } from './vectors.js';

/** Settings of one incremental pass. */
export interface CentroidOptions {
  /** Cosine to a centroid from which a document joins it. */
  threshold: number;
  /** Share of the similarity kept when the years a document names disagree with the cluster's. */
  yearPenalty: number;
  /** Documents further apart than this (ms) never share a cluster; Infinity to ignore time. */
  maxGap: number;
  /** Heaviest terms of a document used to find candidate clusters; default 10. */
  queryTerms?: number;
  /** Most candidate clusters scored per document; default 20. */
  maxCandidates?: number;
  /**
   * A term found in more clusters than this finds no candidates (default 200): it is common, tells
   * clusters apart no better than the document's rarer terms, and would make each look-up cost in
   * proportion to the batch.
   */
  maxPostings?: number;
}

/** A document as the pass sees it. */
export interface CentroidDoc {
  vector: SparseVector;
  years: readonly number[];
  /** Epoch ms, or NaN when unknown. */
  time: number;
}

interface Cluster {
  sum: IntFloatMap;
  norm2: number;
  size: number;
  years: Map<number, number>;
  dated: number;
  first: number;
  last: number;
  /** Terms under which the cluster is in the postings (value 1). */
  indexed: IntFloatMap;
}

/** The ids of the `k` heaviest terms, heaviest first (ties to the earlier term). */
function topTerms(v: SparseVector, k: number): number[] {
  const taken = new Uint8Array(v.ids.length);
  const out: number[] = [];
  for (let n = 0; n < k && n < v.ids.length; n++) {
    let best = -1;
    for (let i = 0; i < v.ids.length; i++) {
      if (!taken[i] && (best < 0 || (v.w[i] as number) > (v.w[best] as number))) best = i;
    }
    taken[best] = 1;
    out.push(v.ids[best] as number);
  }
  return out;
}

function similarity(doc: CentroidDoc, c: Cluster): number {
  if (c.norm2 <= 0) return 0;
  let s = 0;
  const { ids, w } = doc.vector;
  for (let i = 0; i < ids.length; i++) s += c.sum.get(ids[i] as number) * (w[i] as number);
  return s / Math.sqrt(c.norm2);
}

/** The cluster's years: those named by at least a third of its documents that name any. */
function yearsClash(doc: CentroidDoc, c: Cluster): boolean {
  if (doc.years.length === 0 || c.dated === 0) return false;
  for (const y of doc.years) if ((c.years.get(y) ?? 0) * 3 >= c.dated) return false;
  return true;
}

function tooFar(doc: CentroidDoc, c: Cluster, maxGap: number): boolean {
  if (Number.isNaN(doc.time) || !Number.isFinite(maxGap) || Number.isNaN(c.first)) return false;
  return doc.time - c.last > maxGap || c.first - doc.time > maxGap;
}

function addTo(c: Cluster, doc: CentroidDoc, sign: 1 | -1): void {
  const { ids, w } = doc.vector;
  for (let i = 0; i < ids.length; i++) {
    const delta = sign * (w[i] as number);
    const before = c.sum.add(ids[i] as number, delta);
    const after = before + delta;
    c.norm2 += after * after - before * before;
  }
  c.size += sign;
  if (doc.years.length) c.dated += sign;
  for (const y of doc.years) c.years.set(y, (c.years.get(y) ?? 0) + sign);
  if (sign > 0 && !Number.isNaN(doc.time)) {
    c.first = Number.isNaN(c.first) ? doc.time : Math.min(c.first, doc.time);
    c.last = Number.isNaN(c.last) ? doc.time : Math.max(c.last, doc.time);
  }
}

function newCluster(): Cluster {
  return {
    sum: new IntFloatMap(),
    norm2: 0,
    size: 0,
    years: new Map(),
    dated: 0,
    first: Number.NaN,
    last: Number.NaN,
    indexed: new IntFloatMap(),
  };
}

/**
 * Assigns each document to a cluster in one pass (documents in the given order, best processed
 * oldest first), then moves each document once more to its best cluster, which repairs choices made
 * before a cluster had grown. Returns a cluster number per document (0-based, dense).
 */
export function centroidClusters(docs: CentroidDoc[], opts: CentroidOptions): number[] {
  const k = opts.queryTerms ?? 10;
  const maxCandidates = opts.maxCandidates ?? 20;
  const maxPostings = opts.maxPostings ?? 200;
  const clusters: Cluster[] = [];
  const postings: (number[] | undefined)[] = [];
  let votes = new Int32Array(64);
  const voted: number[] = [];
  const assign = new Int32Array(docs.length).fill(-1);
  const queries = docs.map((d) => topTerms(d.vector, k));

  const index = (ci: number, terms: number[]) => {
    const c = clusters[ci] as Cluster;
    for (const t of terms) {
      if (c.indexed.add(t, 1) !== 0) continue;
      const list = postings[t];
      if (!list) postings[t] = [ci];
      else if (list.length <= maxPostings) list.push(ci);
    }
  };
  const best = (di: number): [number, number] => {
    const doc = docs[di] as CentroidDoc;
    // Few clusters: score them all; the index only keeps large batches linear.
    if (clusters.length <= maxCandidates) return bestOf(doc, clusters.keys());
    if (votes.length < clusters.length) votes = new Int32Array(clusters.length * 2);
    for (const t of queries[di] as number[]) {
      const list = postings[t];
      if (!list || list.length > maxPostings) continue;
      for (const ci of list) {
        if (votes[ci] === 0) voted.push(ci);
        votes[ci] = (votes[ci] as number) + 1;
      }
    }
    let candidates = voted;
    if (voted.length > maxCandidates) {
      // Stable: among equal votes, the cluster voted for first.
      candidates = [...voted]
        .sort((a, b) => (votes[b] as number) - (votes[a] as number))
        .slice(0, maxCandidates);
    }
    const found = bestOf(doc, candidates);
    for (const ci of voted) votes[ci] = 0;
    voted.length = 0;
    return found;
  };
  const bestOf = (doc: CentroidDoc, candidates: Iterable<number>): [number, number] => {
    let top = -1;
    let topSim = 0;
    for (const ci of candidates) {
      const c = clusters[ci] as Cluster;
      if (c.size === 0 || tooFar(doc, c, opts.maxGap)) continue;
      let sim = similarity(doc, c);
      if (yearsClash(doc, c)) sim *= 1 - opts.yearPenalty;
      if (sim > topSim) {
        topSim = sim;
        top = ci;
      }
    }
    return [top, topSim];
  };

  docs.forEach((doc, di) => {
    const [top, sim] = best(di);
    let ci = top;
    if (top < 0 || sim < opts.threshold) {
      ci = clusters.length;
      clusters.push(newCluster());
    }
    addTo(clusters[ci] as Cluster, doc, 1);
    index(ci, queries[di] as number[]);
    assign[di] = ci;
  });

  // One repair pass: a document leaves its cluster and joins the best one (possibly the same).
  docs.forEach((doc, di) => {
    const from = assign[di] as number;
    const c = clusters[from] as Cluster;
    if (c.size <= 1) return;
    addTo(c, doc, -1);
    const [top, sim] = best(di);
    const to = top >= 0 && sim >= opts.threshold ? top : from;
    addTo(clusters[to] as Cluster, doc, 1);
    index(to, queries[di] as number[]);
    assign[di] = to;
  });

  const dense = new Map<number, number>();
  return Array.from(assign, (ci) => {
    let d = dense.get(ci);
    if (d === undefined) {
      d = dense.size;
      dense.set(ci, d);
    }
    return d;
  });
}
