/**
 * Grouping articles into stories, in two steps:
 * 1. coarse: an incremental centroid pass over batch-wide TF-IDF (words, names, numbers) joins
 *    articles on the same subject; linear in the batch thanks to an inverted index;
 * 2. fine: inside each coarse group, terms are re-weighted by the group's own document frequencies
 *    (what all members share weighs nothing, what only some share weighs most) and average-linkage
 *    splits the group where it holds two look-alike events (two earthquakes, two rehab stays).
 * Years named in the texts and publication times keep apart what happened at different times.
 */
import { averageLinkage } from './agglomerative.js';
import { type CentroidDoc, centroidClusters } from './centroids.js';
import { f32Slab, u32Slab } from './slab.js';
import { topicWords, yearsDisagree } from './text.js';
import {
  dot,
  globalVector,
  localVectors,
  type SparseVector,
  type TermCounts,
  Vocabulary,
} from './vectors.js';

const DAY_MS = 86_400_000;

/** An article as grouping needs it. */
export interface GroupDoc {
  title: string;
  text: string;
  /** ISO 8601 or anything Date.parse reads. */
  published?: string;
}

/** Settings, with defaults; the defaults were chosen on the ECB+ dev topics and serve every batch. */
export interface GroupOptions {
  /** Coarse step: cosine to a centroid from which an article joins; default 0.05 (loose: the fine step splits). */
  coarseThreshold?: number;
  /** Fine step: average local cosine from which two parts stay together; default 0.07. */
  fineThreshold?: number;
  /** Fine step on groups too large for average linkage: cosine to a local centroid; default 0.25. */
  fineCentroidThreshold?: number;
  /** Groups up to this size are split by average linkage, larger ones by centroids; default 150. */
  maxLinkage?: number;
  /**
   * Coarse groups smaller than this are split by average linkage over batch-wide vectors (a topic-day
   * of 5–60 articles), larger ones by local re-weighting; default 8.
   */
  smallGroup?: number;
  /** Average cosine from which parts of a small group stay together; default 0.17. */
  smallThreshold?: number;
  /**
   * Pseudo-documents added to the batch for IDF, holding none of its terms: in a batch of five, a word
   * all five share is not thereby common; default 200 (negligible for large batches).
   */
  idfPrior?: number;
  /**
   * Share of similarity removed when two texts name years and none in common; default 0.5. Applies only
   * to undated texts: for dated ones, the publication time (maxGapDays) is the better evidence.
   */
  yearPenalty?: number;
  /** The topic's name or query: its words are shared by every story, so they count for nothing. */
  topic?: string;
  /** Articles published further apart than this many days never share a story; default 3. */
  maxGapDays?: number;
}

/** Each article's story number (dense, 0-based) and its closeness to its story (cosine, 0..1). */
export interface Grouping {
  story: number[];
  relevance: number[];
}

const DEFAULTS: Required<GroupOptions> = {
  coarseThreshold: 0.05,
  fineThreshold: 0.07,
  fineCentroidThreshold: 0.25,
  maxLinkage: 150,
  yearPenalty: 0.5,
  maxGapDays: 3,
  smallGroup: 8,
  smallThreshold: 0.17,
  idfPrior: 200,
  topic: '',
};

function timeOf(doc: GroupDoc): number {
  return doc.published ? Date.parse(doc.published) : Number.NaN;
}

/** Indexes in publication order (undated last, input order kept among equals). */
function chronological(times: number[]): number[] {
  const key = (i: number) =>
    Number.isNaN(times[i] as number) ? Number.POSITIVE_INFINITY : (times[i] as number);
  return Array.from(times.keys()).sort((a, b) => key(a) - key(b) || a - b);
}

function splitGroup(
  members: number[],
  counts: TermCounts[],
  times: number[],
  opts: Required<GroupOptions>,
  globals: SparseVector[],
): number[] {
  if (members.length < 2) return [0];
  if (members.length < opts.smallGroup) {
    // Too few members for their own document frequencies to mean anything: batch-wide vectors.
    const sim = (i: number, j: number) =>
      dot(globals[members[i] as number] as SparseVector, globals[members[j] as number] as SparseVector);
    return averageLinkage(members.length, sim, opts.smallThreshold);
  }
  const local = localVectors(members.map((m) => counts[m] as TermCounts));
  const years = members.map((m) => new Set((counts[m] as TermCounts).years));
  if (members.length > opts.maxLinkage) {
    const docs: CentroidDoc[] = members.map((m, i) => ({
      vector: local[i] as SparseVector,
      years: (counts[m] as TermCounts).years,
      time: times[m] as number,
    }));
    return centroidClusters(docs, {
      threshold: opts.fineCentroidThreshold,
      yearPenalty: opts.yearPenalty,
      maxGap: opts.maxGapDays * DAY_MS,
    });
  }
  const sim = (i: number, j: number) => {
    const s = dot(local[i] as SparseVector, local[j] as SparseVector);
    return yearsDisagree(years[i] as Set<number>, years[j] as Set<number>) ? s * (1 - opts.yearPenalty) : s;
  };
  return averageLinkage(members.length, sim, opts.fineThreshold);
}

function centroidOf(vectors: SparseVector[]): Map<number, number> {
  const sum = new Map<number, number>();
  for (const v of vectors) {
    for (let i = 0; i < v.ids.length; i++) {
      const id = v.ids[i] as number;
      sum.set(id, (sum.get(id) ?? 0) + (v.w[i] as number));
    }
  }
  return sum;
}

function relevanceTo(v: SparseVector, centroid: Map<number, number>, norm: number): number {
  let s = 0;
  v.ids.forEach((id, i) => {
    s += (centroid.get(id) ?? 0) * (v.w[i] as number);
  });
  return norm > 0 ? s / norm : 0;
}

/**
 * Groups articles into stories (see the module comment). Deterministic for a given input order.
 * Cost grows about linearly: the coarse step is incremental over an inverted index, and the fine
 * step is quadratic only inside groups of at most `maxLinkage` articles.
 */
export function groupArticles(docs: GroupDoc[], options: GroupOptions = {}): Grouping {
  const opts = { ...DEFAULTS, ...options };
  const vocab = new Vocabulary({ ignore: topicWords(opts.topic) });
  const counts = docs.map((d) => vocab.add(d.title, d.text));
  const times = docs.map(timeOf);
  // A known publication time says when it happened (maxGapDays keeps times apart); years named in a
  // dated text are mostly background ("commissioned in 2014") and would split one event.
  times.forEach((t, i) => {
    if (!Number.isNaN(t)) (counts[i] as TermCounts).years = [];
  });
  const slabs = { ids: u32Slab(), w: f32Slab() };
  const vectors = counts.map((c) => globalVector(c, vocab.df, docs.length, 60, opts.idfPrior, slabs));
  const order = chronological(times);
  const coarse = centroidClusters(
    order.map((i) => ({
      vector: vectors[i] as SparseVector,
      years: (counts[i] as TermCounts).years,
      time: times[i] as number,
    })),
    { threshold: opts.coarseThreshold, yearPenalty: opts.yearPenalty, maxGap: opts.maxGapDays * DAY_MS },
  );
  const groups = new Map<number, number[]>();
  order.forEach((docIndex, k) => {
    const g = coarse[k] as number;
    const list = groups.get(g);
    if (list) list.push(docIndex);
    else groups.set(g, [docIndex]);
  });
  const story = new Array<number>(docs.length).fill(0);
  const relevance = new Array<number>(docs.length).fill(1);
  let next = 0;
  for (const members of groups.values()) {
    const parts = splitGroup(members, counts, times, opts, vectors);
    const byPart = new Map<number, number[]>();
    parts.forEach((p, i) => {
      const list = byPart.get(p);
      if (list) list.push(members[i] as number);
      else byPart.set(p, [members[i] as number]);
    });
    for (const part of byPart.values()) {
      const id = next++;
      const vs = part.map((m) => vectors[m] as SparseVector);
      const centroid = centroidOf(vs);
      let norm = 0;
      for (const x of centroid.values()) norm += x * x;
      norm = Math.sqrt(norm);
      part.forEach((m, i) => {
        story[m] = id;
        relevance[m] = part.length === 1 ? 1 : relevanceTo(vs[i] as SparseVector, centroid, norm);
      });
    }
  }
  return { story, relevance };
}
