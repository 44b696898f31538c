import { langData, langOf } from './languages.js';
import { terms } from './tokens.js';
import { cosine, idfOf, type Vector, type Vocabulary, vectorOf } from './vectors.js';

/*
 * A story's lead: the sentences its articles agree on. A sentence scores by how closely each other
 * article's headline and sentences echo it (the best match per article, summed, so ten outlets
 * repeating a fact outweigh one outlet repeating itself), plus a small bonus for opening its article.
 */

/** Above this cosine, a second sentence only repeats the first. */
const REDUNDANT = 0.3;
const OPENING_BONUS = 0.3;

interface Item {
  text: string;
  article: number;
  position: number;
  vector: Vector;
}

/** A sentence of a story's lead and where it comes from. */
export interface LeadSentence {
  text: string;
  /** Index of the article (in the order given) whose sentence it is. */
  article: number;
}

/**
 * One or two sentences that represent a story across its articles: central to the group, not
 * repeating each other, best first, each with the article it comes from.
 * @param n how many sentences at most; default 2.
 * @param lang BCP 47 language of the articles; default `en`.
 */
export function storyLead(
  articles: { title: string; sentences: string[] }[],
  n = 2,
  lang = 'en',
): LeadSentence[] {
  const { items, titles } = vectorise(articles, lang);
  if (items.length === 0 || n <= 0) return [];
  const scored = items.map((it) => ({
    it,
    score: support(it, items, titles) + OPENING_BONUS / (1 + it.position),
  }));
  scored.sort((a, b) => b.score - a.score);
  const picked: Item[] = [];
  for (const { it } of scored) {
    if (picked.length >= n) break;
    if (picked.some((p) => cosine(p.vector, it.vector) > REDUNDANT)) continue;
    picked.push(it);
  }
  return picked.map((p) => ({ text: p.text, article: p.article }));
}

/** Vectors of every sentence and every headline, weighted by the group's own IDF. */
function vectorise(
  articles: { title: string; sentences: string[] }[],
  lang: string,
): { items: Item[]; titles: Vector[] } {
  const code = langOf(lang);
  const data = langData(code);
  const raw = articles.flatMap((a, article) =>
    a.sentences.map((text, position) => ({ text, article, position, terms: terms(text, data, code) })),
  );
  const idf = idfOf(raw.map((r) => r.terms));
  const unseen = Math.log(raw.length + 1);
  const vocab: Vocabulary = new Map();
  const items = raw
    .filter((r) => r.terms.length > 0)
    .map((r) => ({
      text: r.text,
      article: r.article,
      position: r.position,
      vector: vectorOf(r.terms, idf, unseen, vocab),
    }));
  const titles = articles.map((a) => vectorOf(terms(a.title, data, code), idf, unseen, vocab));
  return { items, titles };
}

/** How strongly the other articles echo a sentence: per article, its best match, summed. */
function support(it: Item, items: Item[], titles: Vector[]): number {
  const best = new Map<number, number>();
  for (const other of items) {
    if (other.article === it.article) continue;
    const s = cosine(it.vector, other.vector);
    if (s > (best.get(other.article) ?? 0)) best.set(other.article, s);
  }
  titles.forEach((t, article) => {
    if (article === it.article) return;
    const s = cosine(it.vector, t);
    if (s > (best.get(article) ?? 0)) best.set(article, s);
  });
  let sum = 0;
  for (const s of best.values()) sum += s;
  return sum;
}
