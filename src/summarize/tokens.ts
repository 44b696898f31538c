import type { LangData } from './languages.js';

/*
 * Terms for similarity: lower-cased words without stopwords, lightly stemmed so that `talks` meets
 * `talk` and `Finnish` stays apart from `Finland`. Stemming is deliberately crude (suffix stripping,
 * then a length cap): it only has to make sentences of one article comparable.
 */

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;
const EN_SUFFIX = /(?:ies|ied|ing|ed|es|s|ly)$/;
const ROMANCE_SUFFIX = /(?:ements?|ions?|es|s)$/;
const GERMAN_SUFFIX = /(?:ern|en|er|es|e|n|s)$/;
const MIN_STEM = 3;
/** Longer words are cut to this many characters: a cheap stand-in for stemming inflected languages. */
const MAX_STEM = 8;

/** The terms of a text, in order, for similarity and centrality. */
export function terms(text: string, data: LangData, lang: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(WORD)) {
    const w = m[0].replace(/['’]s$/, '');
    if (w.length < 2 || data.stopwords.has(w)) continue;
    out.push(stem(w, lang));
  }
  return out;
}

function stem(w: string, lang: string): string {
  if (/^\d/.test(w)) return w;
  const suffix = lang === 'de' ? GERMAN_SUFFIX : lang === 'en' ? EN_SUFFIX : ROMANCE_SUFFIX;
  const m = suffix.exec(w);
  const base = m && w.length - m[0].length >= MIN_STEM ? w.slice(0, m.index) : w;
  return base.length > MAX_STEM ? base.slice(0, MAX_STEM) : base;
}
