/*
 * The peers the summarizer is measured against, small on purpose: Lead-k (the first k sentences) and
 * plain TextRank (Mihalcea & Tarau 2004: word-overlap graph, PageRank, top k in reading order). Both
 * use our sentence splitter; TextRank also drops stopwords (it scores 72.8 on BBC with them, 80.6
 * without) through our English term list. No boilerplate filter, position, headline or redundancy.
 */
import { splitSentences } from '../src/summarize/index.js';
import { langData } from '../src/summarize/languages.js';
import { terms } from '../src/summarize/tokens.js';

const EN = langData('en');
const DAMPING = 0.85;
const ITERATIONS = 50;

/** The first `k` sentences of `text`. */
export function leadK(text: string, k: number): string[] {
  return splitSentences(text).slice(0, k);
}

/** TextRank with the original word-overlap edge weight: shared words / (log |Si| + log |Sj|). */
export function textRank(text: string, k: number): string[] {
  const sentences = splitSentences(text);
  if (sentences.length <= k) return sentences;
  const bags = sentences.map((s) => terms(s, EN, 'en'));
  const sets = bags.map((b) => new Set(b));
  const n = sentences.length;
  const w = Array.from({ length: n }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let shared = 0;
      for (const t of sets[i] as Set<string>) if ((sets[j] as Set<string>).has(t)) shared++;
      const den = Math.log((bags[i] as string[]).length) + Math.log((bags[j] as string[]).length);
      const v = den > 0 ? shared / den : 0;
      (w[i] as Float64Array)[j] = v;
      (w[j] as Float64Array)[i] = v;
    }
  }
  const score = pageRank(w);
  const top = [...score.keys()].sort((a, b) => (score[b] as number) - (score[a] as number)).slice(0, k);
  return top.sort((a, b) => a - b).map((i) => sentences[i] as string);
}

function pageRank(w: Float64Array[]): Float64Array {
  const n = w.length;
  const out = w.map((row) => row.reduce((a, b) => a + b, 0));
  let p = new Float64Array(n).fill(1 / n);
  for (let it = 0; it < ITERATIONS; it++) {
    const next = new Float64Array(n).fill((1 - DAMPING) / n);
    for (let i = 0; i < n; i++) {
      const sum = out[i] as number;
      if (sum === 0) continue;
      const row = w[i] as Float64Array;
      const share = (DAMPING * (p[i] as number)) / sum;
      for (let j = 0; j < n; j++) next[j] = (next[j] as number) + share * (row[j] as number);
    }
    p = next;
  }
  return p;
}
