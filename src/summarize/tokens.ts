import type { LangData } from './languages.js';

/*
 * Terms for similarity: lower-cased words without stopwords. German, French and Spanish are lightly
 * stemmed (suffix stripping, then a length cap) because their inflection would otherwise keep
 * sentences about the same thing apart. English is not: its inflection is light, and crude suffix
 * stripping merges unrelated words (`news`/`new`, `states`/`stat`, `united`/`unit`), which blurs the
 * centrality graph (it cost 0.6 ROUGE-1 on the BBC set; Newsroom, lead-dominated, barely moves).
 */

/** Scripts written without spaces: a run of them would be one word, so they get bigrams instead. */
const CJK_RUN = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}ー]+/gu;
const CJK = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]/u;
const PLAIN_WORD = /[\p{L}\p{N}]+/gu;
/** Characters of unspaced script that count as one word (Japanese and Chinese words average about two). */
const CJK_CHARS_PER_WORD = 2;
const ROMANCE_SUFFIX = /(?:ements?|ions?|es|s)$/;
const GERMAN_SUFFIX = /(?:ern|en|er|es|e|n|s)$/;
const MIN_STEM = 3;
/** Longer words are cut to this many characters: a cheap stand-in for stemming inflected languages. */
const MAX_STEM = 8;

/**
 * The terms of a text, in order, for similarity and centrality: its lower-cased words
 * (`[\p{L}\p{N}]+(?:['’][\p{L}]+)?`, scanned by hand) without stopwords, stemmed.
 */
export function terms(text: string, data: LangData, lang: string): string[] {
  const out: string[] = [];
  const lower = text.toLowerCase();
  const cjk = CJK.test(lower);
  if (cjk) {
    // Character bigrams stand in for words where there are no spaces (a common choice for CJK retrieval).
    for (const m of lower.matchAll(CJK_RUN)) {
      const run = [...m[0]];
      if (run.length === 1) out.push(run[0] as string);
      for (let i = 0; i + 1 < run.length; i++) out.push(`${run[i]}${run[i + 1]}`);
    }
  }
  // CJK_RUN also takes the prolonged sound mark, which is not of those scripts.
  const spaced = cjk || lower.includes('ー') ? lower.replace(CJK_RUN, ' ') : lower;
  // The words in one scan, each sliced once (without a possessive `'s`).
  for (let i = 0; i < spaced.length; ) {
    let size = wordCharAt(spaced, i, ALNUM);
    if (size === 0) {
      i++;
      continue;
    }
    const from = i;
    while (size > 0) {
      i += size;
      size = wordCharAt(spaced, i, ALNUM);
    }
    const q = spaced.charCodeAt(i);
    if ((q === 39 || q === 0x2019) && wordCharAt(spaced, i + 1, LETTER) > 0) {
      i++;
      for (size = wordCharAt(spaced, i, LETTER); size > 0; size = wordCharAt(spaced, i, LETTER)) i += size;
    }
    const to = possessiveAt(spaced, from, i) ? i - 2 : i;
    if (to - from < 2) continue;
    const w = spaced.slice(from, to);
    if (data.stopwords.has(w)) continue;
    out.push(stem(w, lang));
  }
  return out;
}

/** Character classes wordCharAt tells apart: letters, or letters and digits. */
const LETTER = 1;
const ALNUM = 2;
/** Above ASCII, by code point: LETTER for `\p{L}`, ALNUM for `\p{N}`, 0 for neither (memoised). */
const WORD_CLASS = new Map<number, number>();
const LETTER_RE = /^\p{L}$/u;
const NUMBER_RE = /^\p{N}$/u;

/**
 * The length (1, or 2 for a surrogate pair) of the character at `i` of `s` when it is of `kind`
 * (LETTER: `\p{L}`; ALNUM: `[\p{L}\p{N}]`), else 0.
 */
function wordCharAt(s: string, i: number, kind: number): number {
  if (i >= s.length) return 0;
  const c = s.charCodeAt(i);
  if (c < 128) {
    if ((c | 32) >= 97 && (c | 32) <= 122) return 1;
    return kind === ALNUM && c >= 48 && c <= 57 ? 1 : 0;
  }
  const cp = s.codePointAt(i) as number;
  let k = WORD_CLASS.get(cp);
  if (k === undefined) {
    const ch = String.fromCodePoint(cp);
    k = LETTER_RE.test(ch) ? LETTER : NUMBER_RE.test(ch) ? ALNUM : 0;
    WORD_CLASS.set(cp, k);
  }
  return k !== 0 && k <= kind ? (cp > 0xffff ? 2 : 1) : 0;
}

/** `s.slice(from, to)` ends in `'s` or `’s`. */
function possessiveAt(s: string, from: number, to: number): boolean {
  if (to - from < 2 || s.charCodeAt(to - 1) !== 115) return false;
  const q = s.charCodeAt(to - 2);
  return q === 39 || q === 0x2019;
}

function stem(w: string, lang: string): string {
  if (lang === 'en' || /^\d/.test(w)) return w;
  const suffix = lang === 'de' ? GERMAN_SUFFIX : ROMANCE_SUFFIX;
  const m = suffix.exec(w);
  const base = m && w.length - m[0].length >= MIN_STEM ? w.slice(0, m.index) : w;
  return base.length > MAX_STEM ? base.slice(0, MAX_STEM) : base;
}

/**
 * Number of words in a text; a run of Han or kana counts one word per two characters, since those
 * scripts have no spaces to count.
 */
export function wordCount(text: string): number {
  // Callers often ask twice about the same sentence in a row.
  if (text === lastCounted) return lastCount;
  const n = countWords(text);
  lastCounted = text;
  lastCount = n;
  return n;
}
let lastCounted: string | undefined;
let lastCount = 0;

/** Character class of a code point above ASCII: 0 other, 1 letter or digit, 2 Han or kana (memoised). */
const CLASS_OF = new Map<number, number>();
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;

function classOf(cp: number): number {
  let k = CLASS_OF.get(cp);
  if (k === undefined) {
    const ch = String.fromCodePoint(cp);
    k = CJK.test(ch) ? 2 : LETTER_OR_DIGIT.test(ch) ? 1 : 0;
    CLASS_OF.set(cp, k);
  }
  return k;
}

/** Runs of letters and digits (PLAIN_WORD matches) in one scan; the CJK count when Han or kana turn up. */
function countWords(text: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let word: boolean;
    if (c < 128) word = (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122);
    else {
      const cp = text.codePointAt(i) as number;
      if (cp > 0xffff) i++;
      const k = classOf(cp);
      if (k === 2) return cjkWordCount(text);
      word = k === 1;
    }
    if (word && !inWord) n++;
    inWord = word;
  }
  return n;
}

function cjkWordCount(text: string): number {
  let n = 0;
  for (const m of text.matchAll(PLAIN_WORD)) {
    const w = m[0];
    if (!CJK.test(w)) {
      n++;
      continue;
    }
    let cjk = 0;
    for (const ch of w) if (CJK.test(ch)) cjk++;
    n += Math.ceil(cjk / CJK_CHARS_PER_WORD) + (cjk < [...w].length ? 1 : 0);
  }
  return n;
}

/** Above ASCII: 1 for whitespace (`\s`) or a format character (`\p{Cf}`), else 0 (memoised per code unit). */
const SPACE_OR_FORMAT = new Map<number, number>();
const SPACE_OR_FORMAT_RE = /^[\s\p{Cf}]$/u;

/**
 * True when `s` has no whitespace but single spaces between other characters and no format
 * characters: collapsing its whitespace, trimming it and removing format characters change nothing.
 * A scan that spares those regex passes on the common case; false whenever unsure (surrogates).
 */
export function isCollapsedPlain(s: string): boolean {
  let afterSpace = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 128) {
      if (c === 32) {
        if (afterSpace) return false;
        afterSpace = true;
        continue;
      }
      if (c >= 9 && c <= 13) return false;
    } else {
      if (c >= 0xd800 && c <= 0xdfff) return false;
      let k = SPACE_OR_FORMAT.get(c);
      if (k === undefined) {
        k = SPACE_OR_FORMAT_RE.test(String.fromCharCode(c)) ? 1 : 0;
        SPACE_OR_FORMAT.set(c, k);
      }
      if (k === 1) return false;
    }
    afterSpace = false;
  }
  return !afterSpace;
}
