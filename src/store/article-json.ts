/** How both stores write an article's JSON: its paragraphs left out when its text gives them back. */
import type { Article } from '../model/types.js';

/** An article's paragraphs as they are read back from its text (blank-line blocks). */
function paragraphsOf(text: string): string[] {
  return text === '' ? [] : text.split('\n\n');
}

/**
 * The article as stored: without `paragraphs` when they are exactly its text's blank-line blocks
 * (as extract makes them), since they are read back from the text; half the bytes written and parsed.
 */
export function articleJson(article: Article): string {
  const { paragraphs, ...rest } = article;
  const derived = paragraphsOf(article.text);
  const same = paragraphs.length === derived.length && paragraphs.every((p, i) => p === derived[i]);
  return JSON.stringify(same ? rest : article);
}

/** The article stored by {@link articleJson}. */
export function parseArticle(json: string): Article {
  return withParagraphs(JSON.parse(json) as Article);
}

/** An article as stored by {@link articleJson} and already parsed (Postgres's jsonb), made whole. */
export function withParagraphs(article: Article): Article {
  if (!Array.isArray(article.paragraphs)) article.paragraphs = paragraphsOf(article.text ?? '');
  return article;
}
