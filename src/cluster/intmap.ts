/**
 * A map from non-negative integers to numbers in two typed arrays (open addressing, linear
 * probing): several times faster than a Map for the centroid sums that story grouping reads
 * millions of times, and without per-entry objects.
 */

const EMPTY = -1;
/** Grow when more than this share of slots is used. */
const LOAD = 0.7;

function hashSlot(key: number, mask: number): number {
  return Math.imul(key, 0x9e3779b1) & mask;
}

export class IntFloatMap {
  private keys: Int32Array;
  private vals: Float64Array;
  private used = 0;

  /** `capacity` (default 16) is rounded up to a power of two. */
  constructor(capacity = 16) {
    const size = 2 ** Math.ceil(Math.log2(Math.max(4, capacity)));
    this.keys = new Int32Array(size).fill(EMPTY);
    this.vals = new Float64Array(size);
  }

  /** The number stored for `key`, or 0. */
  get(key: number): number {
    const mask = this.keys.length - 1;
    for (let i = hashSlot(key, mask); ; i = (i + 1) & mask) {
      const k = this.keys[i] as number;
      if (k === key) return this.vals[i] as number;
      if (k === EMPTY) return 0;
    }
  }

  /** Adds `delta` to the number stored for `key` and returns the number before. */
  add(key: number, delta: number): number {
    const mask = this.keys.length - 1;
    let i = hashSlot(key, mask);
    for (;;) {
      const k = this.keys[i] as number;
      if (k === key) {
        const before = this.vals[i] as number;
        this.vals[i] = before + delta;
        return before;
      }
      if (k === EMPTY) break;
      i = (i + 1) & mask;
    }
    this.keys[i] = key;
    this.vals[i] = delta;
    if (++this.used > this.keys.length * LOAD) this.grow();
    return 0;
  }

  /** Calls `fn` with each key and its number. */
  forEach(fn: (value: number, key: number) => void): void {
    for (let i = 0; i < this.keys.length; i++) {
      const k = this.keys[i] as number;
      if (k !== EMPTY) fn(this.vals[i] as number, k);
    }
  }

  private grow(): void {
    const keys = this.keys;
    const vals = this.vals;
    this.keys = new Int32Array(keys.length * 2).fill(EMPTY);
    this.vals = new Float64Array(keys.length * 2);
    this.used = 0;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as number;
      if (k !== EMPTY) this.add(k, vals[i] as number);
    }
  }
}
