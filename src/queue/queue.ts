/**
 * Runs jobs. The in-process queue is the default; a Postgres-backed queue (pg-boss) will implement the
 * same interface to spread a day's work over many workers.
 */
export interface Queue {
  /**
   * Runs `work` for every item and settles when all are done; one item's failure never stops the
   * others. `onSettled` is called after each item, in completion order.
   */
  map<T, R>(
    items: readonly T[],
    work: (item: T, index: number) => Promise<R>,
    onSettled?: (result: PromiseSettledResult<R>, item: T) => void,
  ): Promise<PromiseSettledResult<R>[]>;
}
