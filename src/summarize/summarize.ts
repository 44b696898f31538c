import type { Article, Summary } from '../model/types.js';
import { type Bags, bagsOf } from './bags.js';
import { hasTerminal, usableSentence } from './boilerplate.js';
import { contextOf, defaultWeights, probabilitiesIn } from './boilerplate-model.js';
import { effectiveLang, langData, langOf } from './languages.js';
import { type RankWeights, select, weightsFor } from './rank.js';
import { sentenceKey, splitSentences } from './sentences.js';
import { terms, wordCount } from './tokens.js';
import { cosine, numbering, numberOf, pairwise, unitVector, type Vector, vectorOfBag } from './vectors.js';

/** Fewer good sentences than this and the body is not worth summarising. */
const MIN_BODY_SENTENCES = 2;
/** A summary sentence needs at least this many words. */
const MIN_WORDS = 4;
/** Sentences beyond this index are not ranked: keeps the similarity graph small on very long texts. */
const MAX_CANDIDATES = 250;

/** What summarizeText reads. */
export interface SummaryInput {
  title?: string;
  /** Paragraphs separated by blank lines. */
  text: string;
  description?: string;
  /** BCP 47; default `en`. */
  lang?: string;
}

/** A usable sentence of the body: cleaned text and its index in reading order. */
interface Candidate {
  text: string;
  index: number;
}

/**
 * A paywalled page whose body is at least this long carries the article itself (a metered or soft
 * paywall that ships the full text), not a teaser: it is summarised from the body.
 */
export const FULL_TEXT_BEHIND_PAYWALL_CHARS = 1500;

/** How summarize is asked. */
export interface SummarizeOptions {
  /** How many sentences; default 3–5 depending on the article's length. */
  sentences?: number;
  /**
   * Keys (`sentenceKey`) of the outlet's template sentences (see `outletTemplates`): never chosen,
   * and taken out before the ranking so they count for nothing (position included).
   */
  template?: ReadonlySet<string>;
}

/**
 * Summarises an article: body sentences in reading order, boilerplate removed. A paywall teaser,
 * or an article with fewer than two good body sentences, falls back to the description's sentences
 * (`source: 'description'`; the outlet's template sentences, such as a site blurb every page
 * carries, left out), and to `{ sentences: [], source: 'none' }` when that is empty too.
 */
export function summarize(article: Article, opts: SummarizeOptions = {}): Summary {
  const input: SummaryInput = {
    title: article.title,
    text: article.text,
    description: article.description,
    lang: article.lang,
  };
  if (!article.paywalled || article.text.length >= FULL_TEXT_BEHIND_PAYWALL_CHARS) {
    const sentences = summarizeText(input, opts.sentences, opts.template);
    if (sentences.length >= MIN_BODY_SENTENCES || (sentences.length > 0 && opts.sentences === 1)) {
      return { sentences, source: 'body' };
    }
  }
  const description = article.description ?? '';
  const lang = effectiveLang(`${description} ${article.text}`, article.lang);
  const template = opts.template;
  const fromDescription = candidates(description, lang)
    .map((c) => c.text)
    .filter((t) => !template?.has(sentenceKey(t)));
  if (fromDescription.length > 0) return { sentences: fromDescription, source: 'description' };
  return { sentences: [], source: 'none' };
}

/**
 * The core of summarize: picks `k` sentences of `input.text` and returns them cleaned, in reading order.
 * Returns [] when the text has fewer than two good sentences.
 * @param k number of sentences; default from the article's length: 3 up to 8 good sentences, 4 up to 20, else 5.
 * @param template keys of the outlet's template sentences, left out before anything is ranked.
 */
export function summarizeText(input: SummaryInput, k?: number, template?: ReadonlySet<string>): string[] {
  const lang = effectiveLang(input.text, input.lang);
  const code = langOf(lang);
  const data = langData(code);
  const all = candidates(input.text, lang);
  const own = template?.size ? all.filter((c) => !template.has(sentenceKey(c.text))) : all;
  const found = own.slice(0, MAX_CANDIDATES);
  const allTerms = found.map((c) => terms(c.text, data, code));
  const { threshold } = defaultWeights();
  const ctx = contextOf(allTerms);
  const probs = probabilitiesIn(
    found.map((c) => c.text),
    ctx,
  );
  const keep = found.map((_, i) => (probs[i] as number) < threshold);
  const pool = found.filter((_, i) => keep[i]);
  if (pool.length < MIN_BODY_SENTENCES) return [];
  const want = Math.max(1, Math.floor(k ?? defaultLength(pool.length)));
  if (pool.length <= want) return pool.map((c) => c.text);
  const poolTerms = allTerms.filter((_, i) => keep[i]);
  // Below even odds a sentence is more likely prose than not: only the excess over 1/2 holds it back.
  const poolProbs = probs.filter((_, i) => keep[i]).map((p) => Math.max(0, 2 * p - 1));
  const picked = rankCandidates(pool, { ...input, lang }, want, weightsFor(want, pool.length), {
    terms: poolTerms,
    bags: ctx.bags,
    of: keep.flatMap((on, i) => (on ? [i] : [])),
    boilerplate: poolProbs,
  });
  return picked.map((i) => (pool[i] as Candidate).text);
}

/** Default summary length for an article with `n` good sentences. */
export function defaultLength(n: number): number {
  if (n <= 8) return 3;
  return n <= 20 ? 4 : 5;
}

/** Indices into `pool` of the chosen sentences, in reading order. */
export function rankCandidates(
  pool: Candidate[],
  input: SummaryInput,
  k: number,
  weights: RankWeights,
  known: {
    terms?: string[][];
    /** The interned bags the pool's terms are in (with `terms`), and which bag is each pool sentence's. */
    bags?: Bags;
    of?: readonly number[];
    boilerplate?: number[];
  } = {},
): number[] {
  const code = langOf(input.lang);
  const data = langData(code);
  const docs = known.terms ?? pool.map((c) => terms(c.text, data, code));
  const bags = known.terms && known.bags && known.of ? known.bags : bagsOf(docs);
  const of = known.terms && known.bags && known.of ? known.of : docs.map((_, i) => i);
  const { start, term, count } = bags;
  // Inverse sentence frequency over the pool, smoothed so that a term in every sentence still counts a little.
  const df = new Int32Array(bags.ids.size);
  for (const b of of)
    for (let e = start[b] as number; e < (start[b + 1] as number); e++) {
      const t = term[e] as number;
      df[t] = (df[t] as number) + 1;
    }
  const n = docs.length;
  const idf = new Float64Array(df.length);
  for (let t = 0; t < df.length; t++) if (df[t]) idf[t] = Math.log((n + 1) / ((df[t] as number) + 0.5));
  const unseen = Math.log(n + 1);
  const vocab = numbering(df.length);
  const vectors = of.map((b) =>
    vectorOfBag(term, count, start[b] as number, start[b + 1] as number, idf, vocab),
  );
  const queryText = [input.title ?? '', input.description ?? ''].join(' ');
  const query = queryVector(terms(queryText, data, code), bags.ids, df, idf, unseen, vocab);
  const graphs = pairwise(
    vectors,
    of.map((b) => bags.lengths[b] as number),
  );
  // A sentence that may be boilerplate counts only in part towards the position of those after it.
  const bp = known.boilerplate ?? pool.map(() => 0);
  const position: number[] = [];
  let before = 0;
  for (let i = 0; i < pool.length; i++) {
    position.push(before);
    before += 1 - (bp[i] as number);
  }
  return select(
    {
      graph: graphs.overlap,
      similarity: graphs.cosine,
      query: vectors.map((v) => cosine(v, query)),
      position,
      boilerplate: bp,
    },
    k,
    weights,
  );
}

/**
 * The headline and standfirst's vector in the pool's numbering: a term outside the pool's bags (or
 * in no pool sentence) weighs `unseen` and is numbered after the pool's terms.
 */
function queryVector(
  doc: readonly string[],
  ids: ReadonlyMap<string, number>,
  df: Int32Array,
  idf: Float64Array,
  unseen: number,
  vocab: { of: Int32Array; size: number },
): Vector {
  const tf = new Map<string, number>();
  for (const t of doc) tf.set(t, (tf.get(t) ?? 0) + 1);
  const vid = new Int32Array(tf.size);
  const weights = new Float64Array(tf.size);
  let j = 0;
  for (const [t, c] of tf) {
    const g = ids.get(t);
    const pooled = g !== undefined && (df[g] as number) > 0;
    vid[j] = g !== undefined ? numberOf(vocab, g) : vocab.size++;
    weights[j++] = (1 + Math.log(c)) * (pooled ? (idf[g] as number) : unseen);
  }
  return unitVector(vid, weights);
}

/** The body's sentences that may appear in a summary, cleaned, with their reading-order index. */
export function candidates(text: string, lang?: string): Candidate[] {
  const out: Candidate[] = [];
  const seen = new Set<string>();
  for (const raw of splitSentences(text, lang)) {
    const clean = usableSentence(raw, lang);
    if (clean === undefined || !hasTerminal(clean) || wordCount(clean) < MIN_WORDS) continue;
    const key = clean.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ text: clean, index: out.length });
  }
  return out;
}
