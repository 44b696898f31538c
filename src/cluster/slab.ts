/**
 * Many small typed arrays carved out of a few large ones. At 100k articles, one backing store per
 * article's shingles, signature and term vector meant hundreds of thousands of small allocations
 * outside the JS heap, which the allocator keeps after they are freed; large chunks go back to the
 * system as soon as they are garbage.
 */

/** Entries per chunk by default (4 MB of 32-bit values). */
const CHUNK = 1 << 20;

type Typed = Uint32Array | Float32Array;

/** Hands out views of `chunk`-sized arrays made by `make`; an array never moves once handed out. */
export class Slab<T extends Typed> {
  private current: T;
  private used = 0;

  constructor(
    private readonly make: (n: number) => T,
    private readonly chunk = CHUNK,
  ) {
    this.current = make(0);
  }

  /** A zero-filled view of `n` entries. */
  alloc(n: number): T {
    if (this.used + n > this.current.length) {
      this.current = this.make(Math.max(this.chunk, n));
      this.used = 0;
    }
    const view = this.current.subarray(this.used, this.used + n) as T;
    this.used += n;
    return view;
  }

  /** A copy of `values` in the slab. */
  copy(values: ArrayLike<number>): T {
    const view = this.alloc(values.length);
    view.set(values);
    return view;
  }
}

/** A slab of 32-bit unsigned integers. */
export function u32Slab(chunk = CHUNK): Slab<Uint32Array> {
  return new Slab((n) => new Uint32Array(n), chunk);
}

/** A slab of 32-bit floats. */
export function f32Slab(chunk = CHUNK): Slab<Float32Array> {
  return new Slab((n) => new Float32Array(n), chunk);
}
