import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DailySchedule, nextRunAt, type Timers } from './schedule.js';

test('next run is the next wall-clock time in the zone', () => {
  const now = new Date('2026-11-28T03:00:00Z'); // 05:00 in Helsinki
  assert.equal(nextRunAt(now, '06:00', 'Europe/Helsinki').toISOString(), '2026-11-28T04:00:00.000Z');
  assert.equal(nextRunAt(now, '04:59', 'Europe/Helsinki').toISOString(), '2026-11-29T02:59:00.000Z');
  assert.equal(nextRunAt(now, '06:00', 'UTC').toISOString(), '2026-11-28T06:00:00.000Z');
});

test('daylight saving: the same wall-clock time on both sides of the change', () => {
  // Europe/Berlin leaves summer time on 2026-10-25.
  const before = nextRunAt(new Date('2026-10-24T12:00:00Z'), '06:00', 'Europe/Berlin');
  const after = nextRunAt(before, '06:00', 'Europe/Berlin');
  assert.equal(before.toISOString(), '2026-10-25T05:00:00.000Z');
  assert.equal(after.toISOString(), '2026-10-26T05:00:00.000Z');
});

test('bad times and zones are clear config errors', () => {
  assert.throws(() => nextRunAt(new Date(), '6am', 'UTC'), /expected HH:MM/);
  assert.throws(() => nextRunAt(new Date(), '06:00', 'Mars/Base'), /unknown time zone/);
});

/** A fake clock: timers fire when time is advanced past them. */
function fakeTimers(start: string) {
  let now = new Date(start).getTime();
  const pending = new Map<number, { at: number; fn: () => void }>();
  let id = 0;
  const timers: Timers = {
    now: () => new Date(now),
    setTimeout: (fn, ms) => {
      pending.set(++id, { at: now + ms, fn });
      return id;
    },
    clearTimeout: (h) => pending.delete(h as number),
  };
  const advanceTo = async (iso: string) => {
    const target = new Date(iso).getTime();
    for (;;) {
      const due = [...pending.entries()]
        .filter(([, t]) => t.at <= target)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      pending.delete(due[0]);
      now = due[1].at;
      due[1].fn();
      await new Promise((r) => setImmediate(r));
    }
    now = target;
  };
  return { timers, advanceTo };
}

test('runs each job daily, survives a failing run, and stops', async () => {
  const { timers, advanceTo } = fakeTimers('2026-11-28T00:00:00Z');
  const runs: string[] = [];
  const errors: string[] = [];
  const schedule = new DailySchedule(
    [
      {
        name: 'nato',
        at: '06:00',
        timezone: 'UTC',
        run: async () => void runs.push(`nato ${timers.now().toISOString()}`),
      },
      {
        name: 'grid',
        at: '07:30',
        timezone: 'UTC',
        run: async () => {
          runs.push(`grid ${timers.now().toISOString()}`);
          throw new Error('feed down');
        },
      },
    ],
    (job, err) => errors.push(`${job.name}: ${(err as Error).message}`),
    timers,
  );
  schedule.start();
  await advanceTo('2026-11-29T23:00:00Z');
  schedule.stop();
  await advanceTo('2026-12-05T00:00:00Z');
  assert.deepEqual(runs, [
    'nato 2026-11-28T06:00:00.000Z',
    'grid 2026-11-28T07:30:00.000Z',
    'nato 2026-11-29T06:00:00.000Z',
    'grid 2026-11-29T07:30:00.000Z',
  ]);
  assert.deepEqual(errors, ['grid: feed down', 'grid: feed down']);
});
