/**
 * A least-recently-used map bounded by the total size of its values (bytes, or any other weight):
 * adding past the bound drops the entries used longest ago. A value larger than the whole bound is
 * not kept.
 */
export class SizedLru<V> {
  readonly #entries = new Map<string, { value: V; size: number }>();
  #total = 0;

  constructor(readonly maxSize: number) {}

  /** The total size of the values kept. */
  get total(): number {
    return this.#total;
  }

  /** How many values are kept. */
  get count(): number {
    return this.#entries.size;
  }

  /** The value under `key`, now the most recently used; undefined when absent. */
  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  /** Keeps `value` under `key` with its size (replacing any earlier one); false when it is too large. */
  set(key: string, value: V, size: number): boolean {
    this.delete(key);
    if (!(size <= this.maxSize)) return false;
    this.#entries.set(key, { value, size });
    this.#total += size;
    for (const [oldest, entry] of this.#entries) {
      if (this.#total <= this.maxSize) break;
      this.#entries.delete(oldest);
      this.#total -= entry.size;
    }
    return true;
  }

  /** Changes the size of a kept value (it grew a compressed copy), dropping others if need be. */
  resize(key: string, size: number): void {
    const entry = this.#entries.get(key);
    if (entry) this.set(key, entry.value, size);
  }

  delete(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#total -= entry.size;
  }

  clear(): void {
    this.#entries.clear();
    this.#total = 0;
  }
}
