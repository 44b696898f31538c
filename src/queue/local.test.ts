import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { LocalQueue } from './local.js';

test('runs every job, keeps order of results, isolates failures, bounds concurrency', async () => {
  let running = 0;
  let peak = 0;
  const settled: number[] = [];
  const results = await new LocalQueue(3).map(
    [1, 2, 3, 4, 5, 6, 7],
    async (n) => {
      running++;
      peak = Math.max(peak, running);
      await sleep(5 * (8 - n));
      running--;
      if (n === 4) throw new Error('four failed');
      return n * 10;
    },
    (_r, n) => settled.push(n),
  );
  assert.equal(peak, 3);
  assert.equal(settled.length, 7);
  assert.deepEqual(
    results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)),
    [10, 20, 30, 'four failed', 50, 60, 70],
  );
});

test('an empty list settles at once', async () => {
  assert.deepEqual(await new LocalQueue().map([], async () => 1), []);
});
