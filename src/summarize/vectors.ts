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
  let norm = 0;
  let n = 0;
  for (const [t, c] of tf) {
    let id = vocab.get(t);
    if (id === undefined) {
      id = vocab.size;
      vocab.set(t, id);
    }
    const w = (1 + Math.log(c)) * (idf.get(t) ?? unseen);
    // Insertion into id order: new ids come last, so the arrays are mostly in order already.
    let j = n++;
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
  for (let j = 0; j < n; j++) weights[j] = (weights[j] as number) / norm;
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
