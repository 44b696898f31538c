/**
 * Sparse term vectors: a shared vocabulary of integer ids, per-document term counts, and weightings
 * (global TF-IDF over the batch, or local TF-IDF inside one group of documents).
 */
import type { Slab } from './slab.js';
import { FeatureLexicon, type FeatureWeights } from './text.js';

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

/** Interns features as small integers and counts document frequencies over a batch. */
export class Vocabulary {
  private readonly lexicon: FeatureLexicon;
  /** How many documents hold each term. */
  df = new Uint32Array(1024);

  constructor(weights: FeatureWeights = {}) {
    this.lexicon = new FeatureLexicon(weights);
  }

  /** The document's counts as ids, counting each term once in `df`. */
  add(title: string, text: string): TermCounts {
    const { ids, counts, years } = this.lexicon.features(title, text);
    if (this.lexicon.size > this.df.length) {
      const grown = new Uint32Array(Math.max(this.lexicon.size, this.df.length * 2));
      grown.set(this.df);
      this.df = grown;
    }
    for (const id of ids) this.df[id] = (this.df[id] as number) + 1;
    return { ids, tf: counts, years };
  }
}

/** Where vectors of a batch are carved from (see slab.ts). */
export interface VectorSlabs {
  ids: Slab<Uint32Array>;
  w: Slab<Float32Array>;
}

/** Reused scratch of `globalVector`. */
let weightBuffer = new Float32Array(1024);
let sortBuffer = new Float32Array(1024);

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
 * small batch from calling every shared word common. With `slabs`, the vector is carved from them.
 */
export function globalVector(
  doc: TermCounts,
  df: ArrayLike<number>,
  n: number,
  keep = 60,
  prior = 0,
  slabs?: VectorSlabs,
): SparseVector {
  const m = doc.ids.length;
  if (weightBuffer.length < m) weightBuffer = new Float32Array(m * 2);
  const weight = weightBuffer.subarray(0, m);
  for (let i = 0; i < m; i++) {
    weight[i] = (doc.tf[i] as number) * Math.log((n + prior + 1) / ((df[doc.ids[i] as number] ?? 0) + 0.5));
  }
  if (m <= keep) {
    return unit(
      slabs ? slabs.ids.copy(doc.ids) : doc.ids.slice(),
      slabs ? slabs.w.copy(weight) : weight.slice(),
    );
  }
  // The `keep` heaviest (ties to the lower id), kept in id order: all above the keep-th weight,
  // then as many as fit of those equal to it.
  if (sortBuffer.length < m) sortBuffer = new Float32Array(m * 2);
  const sorted = sortBuffer.subarray(0, m);
  sorted.set(weight);
  const cut = sorted.sort()[m - keep] as number;
  let above = 0;
  for (const x of weight) if (x > cut) above++;
  let ties = keep - above;
  const ids = slabs ? slabs.ids.alloc(keep) : new Uint32Array(keep);
  const w = slabs ? slabs.w.alloc(keep) : new Float32Array(keep);
  let k = 0;
  for (let i = 0; i < m && k < keep; i++) {
    const x = weight[i] as number;
    if (x < cut || (x === cut && ties-- <= 0)) continue;
    ids[k] = doc.ids[i] as number;
    w[k++] = x;
  }
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
