/**
 * Incremental (single-pass) clustering against cluster centroids, with an inverted index from a
 * document's heaviest terms to the clusters that hold them: each document is compared with a handful
 * of candidate clusters, never with every cluster, so cost grows about linearly with the batch.
 */
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
}

/** A document as the pass sees it. */
export interface CentroidDoc {
  vector: SparseVector;
  years: readonly number[];
  /** Epoch ms, or NaN when unknown. */
  time: number;
}

interface Cluster {
  sum: Map<number, number>;
  norm2: number;
  size: number;
  years: Map<number, number>;
  dated: number;
  first: number;
  last: number;
  indexed: Set<number>;
}

function topTerms(v: SparseVector, k: number): number[] {
  const order = Array.from(v.ids.keys()).sort((a, b) => (v.w[b] as number) - (v.w[a] as number));
  return order.slice(0, k).map((i) => v.ids[i] as number);
}

function similarity(doc: CentroidDoc, c: Cluster): number {
  if (c.norm2 <= 0) return 0;
  let s = 0;
  const { ids, w } = doc.vector;
  for (let i = 0; i < ids.length; i++) {
    const x = c.sum.get(ids[i] as number);
    if (x !== undefined) s += x * (w[i] as number);
  }
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
    const id = ids[i] as number;
    const before = c.sum.get(id) ?? 0;
    const after = before + sign * (w[i] as number);
    c.norm2 += after * after - before * before;
    c.sum.set(id, after);
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
    sum: new Map(),
    norm2: 0,
    size: 0,
    years: new Map(),
    dated: 0,
    first: Number.NaN,
    last: Number.NaN,
    indexed: new Set(),
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
  const clusters: Cluster[] = [];
  const postings = new Map<number, number[]>();
  const assign = new Int32Array(docs.length).fill(-1);
  const queries = docs.map((d) => topTerms(d.vector, k));

  const index = (ci: number, terms: number[]) => {
    const c = clusters[ci] as Cluster;
    for (const t of terms) {
      if (c.indexed.has(t)) continue;
      c.indexed.add(t);
      const list = postings.get(t);
      if (list) list.push(ci);
      else postings.set(t, [ci]);
    }
  };
  const best = (di: number): [number, number] => {
    const doc = docs[di] as CentroidDoc;
    // Few clusters: score them all; the index only keeps large batches linear.
    if (clusters.length <= maxCandidates) return bestOf(doc, clusters.keys());
    const votes = new Map<number, number>();
    for (const t of queries[di] as number[]) {
      for (const ci of postings.get(t) ?? []) votes.set(ci, (votes.get(ci) ?? 0) + 1);
    }
    let candidates = [...votes.keys()];
    if (candidates.length > maxCandidates) {
      candidates = candidates
        .sort((a, b) => (votes.get(b) as number) - (votes.get(a) as number))
        .slice(0, maxCandidates);
    }
    return bestOf(doc, candidates);
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
