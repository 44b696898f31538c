/** Word shingles hashed to 32-bit integers, for resemblance between texts. */
import type { Slab } from './slab.js';

const WORD = /[\p{L}\p{N}]+/gu;
/** Odd multipliers of the shingle hash (murmur2's and FNV's primes). */
const M1 = 0x5bd1e995;
const M2 = 0x01000193;

/** FNV-1a, 32-bit: fast, stable across runs and platforms. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Lower-cased words of a text, punctuation dropped. */
export function words(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/** Per UTF-16 code unit: 0 not yet known, 1 part of a word (a letter or digit), 2 not. */
const WORD_UNIT = new Uint8Array(65536);
/** Per code unit: its lower-case form when that is one code unit, else -1; 0 not yet known. */
const LOWER_UNIT = new Int32Array(65536);
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;

function isWordUnit(c: number): boolean {
  let k = WORD_UNIT[c] as number;
  if (k === 0) {
    k = LETTER_OR_DIGIT.test(String.fromCharCode(c)) ? 1 : 2;
    WORD_UNIT[c] = k;
  }
  return k === 1;
}

function lowerUnit(c: number): number {
  let l = LOWER_UNIT[c] as number;
  if (l === 0) {
    const s = String.fromCharCode(c).toLowerCase();
    l = s.length === 1 ? s.charCodeAt(0) : -1;
    LOWER_UNIT[c] = l;
  }
  return l;
}

/** Grown as needed and reused: the word hashes of the text being shingled. */
let wordBuffer = new Uint32Array(4096);

/**
 * FNV-1a hashes of a text's lower-cased words (as `fnv1a` of each of `words(text)` would give), in
 * one pass over the characters without building any string. Letters outside the basic plane
 * (surrogate pairs) are rare in news text and count as separators.
 */
function wordHashes(text: string): Uint32Array {
  let n = 0;
  let h = 0x811c9dc5;
  let inWord = false;
  const push = () => {
    if (n === wordBuffer.length) {
      const grown = new Uint32Array(n * 2);
      grown.set(wordBuffer);
      wordBuffer = grown;
    }
    wordBuffer[n++] = h >>> 0;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const word = c < 128 ? (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122) : isWordUnit(c);
    if (!word) {
      if (inWord) push();
      inWord = false;
      h = 0x811c9dc5;
      continue;
    }
    inWord = true;
    if (c < 128) {
      h = Math.imul(h ^ (c >= 65 && c <= 90 ? c | 32 : c), 0x01000193);
      continue;
    }
    const l = lowerUnit(c);
    if (l >= 0) h = Math.imul(h ^ l, 0x01000193);
    else for (const u of String.fromCharCode(c).toLowerCase()) h = Math.imul(h ^ u.charCodeAt(0), 0x01000193);
  }
  if (inWord) push();
  return wordBuffer.subarray(0, n);
}

/** Grown as needed and reused: the shingle hashes of the text being shingled. */
let windowBuffer = new Uint32Array(4096);

/** Hashes of a `size`-word window at every position, from the words' own hashes (no strings built). */
function windowHashes(text: string, size: number): Uint32Array {
  const wh = wordHashes(text);
  if (wh.length < size) {
    return wh.length ? Uint32Array.of(fnv1a(words(text).join(' '))) : new Uint32Array(0);
  }
  const n = wh.length - size + 1;
  if (windowBuffer.length < n) windowBuffer = new Uint32Array(n * 2);
  const out = windowBuffer.subarray(0, n);
  for (let i = 0; i < n; i++) {
    let h = size;
    for (let k = 0; k < size; k++) {
      h = Math.imul(h ^ (wh[i + k] as number), M1);
      h ^= h >>> 15;
    }
    out[i] = Math.imul(h ^ (h >>> 13), M2) >>> 0;
  }
  return out;
}

/**
 * The sorted, de-duplicated hashes of a text's `size`-word shingles (default 5 words): compact, and
 * intersected by a merge. A text shorter than `size` words gives one hash of all its words. With
 * `into`, the array is carved from that slab.
 */
export function shingleHashes(text: string, size = 5, into?: Slab<Uint32Array>): Uint32Array {
  const all = windowHashes(text, size).sort();
  let n = 0;
  for (let i = 0; i < all.length; i++) {
    if (i === 0 || all[i] !== all[n - 1]) all[n++] = all[i] as number;
  }
  const unique = all.subarray(0, n);
  return into ? into.copy(unique) : unique.slice();
}

/** The set of hashed `size`-word shingles of a text (default 5 words). */
export function shingles(text: string, size = 5): Set<number> {
  return new Set(shingleHashes(text, size));
}

/** |A ∩ B| / min(|A|, |B|): high when one text contains the other, as an expanded copy does. */
export function containment(a: Set<number>, b: Set<number>): number {
  if (!a.size || !b.size) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const h of small) if (large.has(h)) shared++;
  return shared / small.size;
}

/** |A ∩ B| / min(|A|, |B|) of two sorted arrays of hashes (see `shingleHashes`). */
export function sortedContainment(a: Uint32Array, b: Uint32Array): number {
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return shared / (Math.min(a.length, b.length) || 1);
}
