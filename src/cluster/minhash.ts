/**
 * MinHash signatures with LSH banding: candidate pairs of near-identical texts without comparing
 * every pair. Two texts land in the same bucket of some band with probability 1 - (1 - J^r)^b for
 * Jaccard resemblance J (r rows per band, b bands).
 */

/** Banding, with defaults: 32 bands of 2 rows catch J = 0.3 with p ≈ 0.95 and J ≥ 0.5 with p ≈ 1. */
export interface LshOptions {
  bands?: number;
  rows?: number;
}

const SEED = 0x9e3779b1;

/** A 32-bit avalanche mix (murmur3 finaliser). */
function mix(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A MinHash signature of `n` values by one-permutation hashing: each shingle is hashed once and
 * kept as the minimum of one of `n` bins (n times cheaper than n hash functions); empty bins borrow
 * the next filled bin's value, mixed with the distance, so short texts still compare fairly.
 */
export function signature(shingles: Iterable<number>, n: number): Uint32Array {
  const sig = new Uint32Array(n).fill(0xffffffff);
  const filled = new Uint8Array(n);
  for (const x of shingles) {
    const h = mix(x ^ SEED);
    const bin = h % n;
    const v = mix(h);
    if (v <= (sig[bin] as number)) {
      sig[bin] = v;
      filled[bin] = 1;
    }
  }
  if (!filled.includes(1)) return sig;
  for (let i = 0; i < n; i++) {
    if (filled[i]) continue;
    let j = (i + 1) % n;
    let d = 1;
    while (!filled[j]) {
      j = (j + 1) % n;
      d++;
    }
    sig[i] = mix((sig[j] as number) + Math.imul(d, SEED));
  }
  return sig;
}

/**
 * Pairs [a, b] (a < b) of items that share a bucket in at least one band. Items with no signature
 * (undefined) take no part. Buckets larger than `maxBucket` (default 200) yield only the pairs with
 * their first member. Each pair is reported once.
 */
export function lshPairs(
  signatures: (Uint32Array | undefined)[],
  options: LshOptions = {},
  maxBucket = 200,
): [number, number][] {
  const bands = options.bands ?? 32;
  const rows = options.rows ?? 2;
  const n = signatures.length;
  const seen = new Set<number>();
  const out: [number, number][] = [];
  for (let b = 0; b < bands; b++) {
    const buckets = new Map<string, number[]>();
    signatures.forEach((sig, i) => {
      if (!sig) return;
      const key = Array.from(sig.subarray(b * rows, b * rows + rows)).join(',');
      const list = buckets.get(key);
      if (list) list.push(i);
      else buckets.set(key, [i]);
    });
    for (const list of buckets.values()) {
      if (list.length < 2) continue;
      // A huge bucket (one text syndicated everywhere) is linked as a star: linear, and union-find
      // joins the rest through its first member.
      const inner = list.length > maxBucket ? 1 : list.length;
      for (let x = 0; x < inner; x++) {
        for (let y = x + 1; y < list.length; y++) {
          const a = list[x] as number;
          const c = list[y] as number;
          const key = a * n + c;
          if (seen.has(key)) continue;
          seen.add(key);
          out.push([a, c]);
        }
      }
    }
  }
  return out;
}
