/**
 * Sparse term vectors: a shared vocabulary of integer ids, per-document term counts, and weightings
 * (global TF-IDF over the batch, or local TF-IDF inside one group of documents).
 */
import { type FeatureWeights, textFeatures } from './text.js';

/** A document's terms: ids ascending, with their weighted counts. */
export interface TermCounts {
  ids: Uint32Array;
  tf: Float32Array;
  years: number[];
}

/** A unit-length sparse vector, ids ascending. */
export interface SparseVector {
  ids: Uint32Array;
  w: Float32Array;
}

/** Interns feature strings as small integers so vectors stay compact at 100k documents. */
export class Vocabulary {
  private readonly ids = new Map<string, number>();
  /** How many documents hold each term. */
  readonly df: number[] = [];

  /** The document's counts as ids, counting each term once in `df`. */
  add(title: string, text: string, weights?: FeatureWeights): TermCounts {
    const { counts, years } = textFeatures(title, text, weights);
    const pairs: [number, number][] = [];
    for (const [term, count] of counts) {
      let id = this.ids.get(term);
      if (id === undefined) {
        id = this.df.length;
        this.ids.set(term, id);
        this.df.push(0);
      }
      this.df[id] = (this.df[id] ?? 0) + 1;
      pairs.push([id, count]);
    }
    pairs.sort((a, b) => a[0] - b[0]);
    return {
      ids: Uint32Array.from(pairs, (p) => p[0]),
      tf: Float32Array.from(pairs, (p) => p[1]),
      years: [...years].sort((a, b) => a - b),
    };
  }
}

/** Scales `w` in place to unit length and returns the vector. */
function unit(ids: Uint32Array, w: Float32Array): SparseVector {
  let n = 0;
  for (const x of w) n += x * x;
  n = Math.sqrt(n) || 1;
  for (let i = 0; i < w.length; i++) w[i] = (w[i] as number) / n;
  return { ids, w };
}

/**
 * TF-IDF over the batch, keeping the `keep` heaviest terms (default 60): the tail adds memory and
 * time, not discrimination. `prior` pseudo-documents without any of the terms (default 0) keep a
 * small batch from calling every shared word common.
 */
export function globalVector(doc: TermCounts, df: number[], n: number, keep = 60, prior = 0): SparseVector {
  const idf = (id: number) => Math.log((n + prior + 1) / ((df[id] ?? 0) + 0.5));
  let order = Array.from(doc.ids.keys());
  if (order.length > keep) {
    const weight = (i: number) => (doc.tf[i] as number) * idf(doc.ids[i] as number);
    order = order
      .sort((a, b) => weight(b) - weight(a))
      .slice(0, keep)
      .sort((a, b) => a - b);
  }
  const ids = Uint32Array.from(order, (i) => doc.ids[i] as number);
  const w = Float32Array.from(order, (i) => (doc.tf[i] as number) * idf(doc.ids[i] as number));
  return unit(ids, w);
}

/**
 * TF-IDF inside one group: terms every member shares weigh nothing, terms only a part of the group
 * shares weigh most. Terms held by a single member are dropped (they cannot link anything).
 */
export function localVectors(docs: TermCounts[]): SparseVector[] {
  const df = new Map<number, number>();
  for (const d of docs) for (const id of d.ids) df.set(id, (df.get(id) ?? 0) + 1);
  const n = docs.length;
  return docs.map((d) => {
    const ids: number[] = [];
    const w: number[] = [];
    d.ids.forEach((id, i) => {
      const k = df.get(id) ?? 0;
      if (k < 2) return;
      const x = (d.tf[i] as number) * Math.log(n / k);
      if (x <= 0) return;
      ids.push(id);
      w.push(x);
    });
    return unit(Uint32Array.from(ids), Float32Array.from(w));
  });
}

/** Dot product of two sparse vectors (cosine, as both are unit length). */
export function dot(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let s = 0;
  while (i < a.ids.length && j < b.ids.length) {
    const x = a.ids[i] as number;
    const y = b.ids[j] as number;
    if (x === y) s += (a.w[i++] as number) * (b.w[j++] as number);
    else if (x < y) i++;
    else j++;
  }
  return s;
}
