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
/** Reused across calls: which bins of the signature being built hold a value. */
let filledBuffer = new Uint8Array(64);

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
 * the next filled bin's value, mixed with the distance, so short texts still compare fairly. With
 * `out` (n values), the signature is written there.
 */
export function signature(shingles: Iterable<number>, n: number, out?: Uint32Array): Uint32Array {
  const sig = (out ?? new Uint32Array(n)).fill(0xffffffff);
  if (filledBuffer.length < n) filledBuffer = new Uint8Array(n);
  const filled = filledBuffer.subarray(0, n).fill(0);
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

/** A band's bucket key: its `rows` values mixed into 32 bits (a rare collision only adds a candidate). */
function bandKey(sig: Uint32Array, band: number, rows: number): number {
  let h = band;
  for (let r = band * rows; r < band * rows + rows; r++) h = mix(h ^ (sig[r] as number)) + r;
  return h >>> 0;
}

/**
 * Runs of items sharing a key, found by one native numeric sort: each key is packed with its item's
 * index into one float (exact below 2^53), so no Map and no string keys are built.
 */
function buckets(keys: Uint32Array, items: number[], visit: (list: number[]) => void): void {
  const bits = Math.max(1, Math.ceil(Math.log2(keys.length + 1)));
  const scale = 2 ** bits;
  const packed = new Float64Array(items.length);
  if (bits <= 21) {
    items.forEach((i, k) => {
      packed[k] = (keys[i] as number) * scale + i;
    });
    packed.sort();
  }
  const order =
    bits <= 21
      ? Array.from(packed, (p) => p % scale)
      : [...items].sort((a, b) => (keys[a] as number) - (keys[b] as number) || a - b);
  let start = 0;
  for (let k = 1; k <= order.length; k++) {
    if (k < order.length && keys[order[k] as number] === keys[order[start] as number]) continue;
    if (k - start > 1) visit(order.slice(start, k));
    start = k;
  }
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
  const items = signatures.flatMap((sig, i) => (sig ? [i] : []));
  const keys = new Uint32Array(n);
  const seen = new Set<number>();
  const out: [number, number][] = [];
  const visit = (list: number[]) => {
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
  };
  for (let b = 0; b < bands; b++) {
    for (const i of items) keys[i] = bandKey(signatures[i] as Uint32Array, b, rows);
    buckets(keys, items, visit);
  }
  return out;
}
