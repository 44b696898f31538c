/*
 * TF-IDF vectors over one article's sentences. IDF is computed from the article itself (sentences as
 * documents): no background corpus, so any language works, and words the article repeats everywhere
 * weigh less than the ones that mark a sentence. Vectors are sorted id arrays, so that comparing two
 * sentences is a merge rather than hash lookups: the pairwise pass is the hot loop of ranking.
 */

/** A unit-length sparse vector: term ids in ascending order and their weights. */
export interface Vector {
  ids: Int32Array;
  weights: Float64Array;
}

/** Term → id, shared by the vectors that are compared with each other. */
export type Vocabulary = Map<string, number>;

/** Inverse sentence frequency of each term, smoothed so that a term in every sentence still counts a little. */
export function idfOf(docs: readonly string[][]): Map<string, number> {
  return idfOfCounts(docs.map((doc) => new Set(doc)));
}

/** idfOf from each sentence's distinct terms (a term-count map or set per sentence). */
export function idfOfCounts(docs: readonly { keys(): Iterable<string> }[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const doc of docs) for (const t of doc.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const n = docs.length;
  const idf = new Map<string, number>();
  for (const [t, d] of df) idf.set(t, Math.log((n + 1) / (d + 0.5)));
  return idf;
}

/** The unit-length TF-IDF vector of a bag of terms; terms missing from `idf` get `unseen`. */
export function vectorOf(
  doc: readonly string[],
  idf: ReadonlyMap<string, number>,
  unseen: number,
  vocab: Vocabulary,
): Vector {
  const tf = new Map<string, number>();
  for (const t of doc) tf.set(t, (tf.get(t) ?? 0) + 1);
  return vectorOfCounts(tf, idf, unseen, vocab);
}

/** vectorOf from the bag's term counts (in order of first occurrence). */
export function vectorOfCounts(
  tf: ReadonlyMap<string, number>,
  idf: ReadonlyMap<string, number>,
  unseen: number,
  vocab: Vocabulary,
): Vector {
  const ids = new Int32Array(tf.size);
  const weights = new Float64Array(tf.size);
  let n = 0;
  for (const [t, c] of tf) {
    let id = vocab.get(t);
    if (id === undefined) {
      id = vocab.size;
      vocab.set(t, id);
    }
    ids[n] = id;
    weights[n++] = (1 + Math.log(c)) * (idf.get(t) ?? unseen);
  }
  return unitVector(ids, weights);
}

/**
 * Term ids (bags.ts) → vector ids, numbered in order of first use like a Vocabulary: `of[term]` is
 * -1 until the term is first used.
 */
export interface Numbering {
  of: Int32Array;
  size: number;
}

/** A Numbering for term ids below `terms`. */
export function numbering(terms: number): Numbering {
  return { of: new Int32Array(terms).fill(-1), size: 0 };
}

/** The vector id of term id `t`, numbering it when new. */
export function numberOf(v: Numbering, t: number): number {
  let id = v.of[t] as number;
  if (id < 0) {
    id = v.size++;
    v.of[t] = id;
  }
  return id;
}

/**
 * vectorOfCounts of an interned bag (bags.ts): term ids `term[from…to)` with counts `count`, in
 * order of first occurrence, weighed by `idf[term id]`.
 */
export function vectorOfBag(
  term: Int32Array,
  count: Int32Array,
  from: number,
  to: number,
  idf: Float64Array,
  vocab: Numbering,
): Vector {
  const ids = new Int32Array(to - from);
  const weights = new Float64Array(to - from);
  for (let e = from; e < to; e++) {
    const t = term[e] as number;
    ids[e - from] = numberOf(vocab, t);
    weights[e - from] = (1 + Math.log(count[e] as number)) * (idf[t] as number);
  }
  return unitVector(ids, weights);
}

/**
 * Sorts distinct `ids` with their `weights` into id order and scales the weights to unit length, the
 * norm summed in the order given. Written over the arrays, which are returned.
 */
export function unitVector(ids: Int32Array, weights: Float64Array): Vector {
  let norm = 0;
  for (let n = 0; n < ids.length; n++) {
    const id = ids[n] as number;
    const w = weights[n] as number;
    // Insertion into id order: new ids come last, so the arrays are mostly in order already.
    let j = n;
    while (j > 0 && (ids[j - 1] as number) > id) {
      ids[j] = ids[j - 1] as number;
      weights[j] = weights[j - 1] as number;
      j--;
    }
    ids[j] = id;
    weights[j] = w;
    norm += w * w;
  }
  norm = Math.sqrt(norm) || 1;
  for (let j = 0; j < ids.length; j++) weights[j] = (weights[j] as number) / norm;
  return { ids, weights };
}

/** Cosine similarity of two unit-length vectors. */
export function cosine(a: Vector, b: Vector): number {
  return compare(a, b).dot;
}

/** What {@link compare} last found; one object reused, so the pairwise loop allocates nothing per pair. */
const merged = { dot: 0, shared: 0 };

/** Dot product and number of shared terms of two vectors, in one merge (the result is reused: read it at once). */
function compare(a: Vector, b: Vector): { readonly dot: number; readonly shared: number } {
  let i = 0;
  let j = 0;
  let dot = 0;
  let shared = 0;
  while (i < a.ids.length && j < b.ids.length) {
    const x = a.ids[i] as number;
    const y = b.ids[j] as number;
    if (x === y) {
      dot += (a.weights[i] as number) * (b.weights[j] as number);
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  merged.dot = dot;
  merged.shared = shared;
  return merged;
}

/** The two pairwise matrices ranking needs (diagonals zero). */
export interface Graphs {
  /** Cosine similarity in [0, 1]: the redundancy measure. */
  cosine: Float64Array[];
  /**
   * The centrality graph's edge weight: shared terms over the geometric mean of the two sentences'
   * term counts (Salton's/Ochiai's coefficient on term sets). Unlike TF-IDF cosine it lets the words
   * the whole article is about carry the graph, which is what centrality is meant to find; unlike
   * TextRank's `shared / (log |Si| + log |Sj|)` it does not reward length for its own sake, so a long
   * sentence ranks high only when much of it is on topic.
   */
  overlap: Float64Array[];
}

/** Pairwise similarities of sentence vectors; `lengths` are the sentences' term counts. */
export function pairwise(vs: readonly Vector[], lengths: readonly number[]): Graphs {
  const n = vs.length;
  const cos = Array.from({ length: n }, () => new Float64Array(n));
  const overlap = Array.from({ length: n }, () => new Float64Array(n));
  const lens = lengths.map((l) => Math.max(0, l));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const { dot, shared } = compare(vs[i] as Vector, vs[j] as Vector);
      const ov = shared / Math.sqrt((lens[i] as number) * (lens[j] as number) + 1);
      (cos[i] as Float64Array)[j] = dot;
      (cos[j] as Float64Array)[i] = dot;
      (overlap[i] as Float64Array)[j] = ov;
      (overlap[j] as Float64Array)[i] = ov;
    }
  }
  return { cosine: cos, overlap };
}
