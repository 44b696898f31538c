/** Word shingles hashed to 32-bit integers, for resemblance between texts. */

const WORD = /[\p{L}\p{N}]+/gu;

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

/** The set of hashed `size`-word shingles of a text (default 5 words). */
export function shingles(text: string, size = 5): Set<number> {
  const w = words(text);
  const out = new Set<number>();
  if (w.length < size) {
    if (w.length) out.add(fnv1a(w.join(' ')));
    return out;
  }
  for (let i = 0; i + size <= w.length; i++) out.add(fnv1a(w.slice(i, i + size).join(' ')));
  return out;
}

/** |A ∩ B| / min(|A|, |B|): high when one text contains the other, as an expanded copy does. */
export function containment(a: Set<number>, b: Set<number>): number {
  if (!a.size || !b.size) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const h of small) if (large.has(h)) shared++;
  return shared / small.size;
}
