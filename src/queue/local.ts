import type { Queue } from './queue.js';

/** The in-process queue: at most `concurrency` jobs at once (default 8). */
export class LocalQueue implements Queue {
  constructor(private readonly concurrency = 8) {}

  async map<T, R>(
    items: readonly T[],
    work: (item: T, index: number) => Promise<R>,
    onSettled?: (result: PromiseSettledResult<R>, item: T) => void,
  ): Promise<PromiseSettledResult<R>[]> {
    const results: PromiseSettledResult<R>[] = new Array(items.length);
    let next = 0;
    const worker = async () => {
      while (next < items.length) {
        const i = next++;
        const item = items[i] as T;
        let result: PromiseSettledResult<R>;
        try {
          result = { status: 'fulfilled', value: await work(item, i) };
        } catch (reason) {
          result = { status: 'rejected', reason };
        }
        results[i] = result;
        onSettled?.(result, item);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(this.concurrency, items.length)) }, worker));
    return results;
  }
}
