import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DaybriefError } from '../model/errors.js';
import { checkDate, dayWindow, shiftDate, todayIn, yesterdayIn } from './day.js';

const HOUR = 3_600_000;

test('dayWindow: a UTC day is [00:00, next 00:00)', () => {
  const w = dayWindow('2023-01-30', 'UTC');
  assert.equal(w.date, '2023-01-30');
  assert.equal(w.timezone, 'UTC');
  assert.equal(w.start.toISOString(), '2023-01-30T00:00:00.000Z');
  assert.equal(w.end.toISOString(), '2023-01-31T00:00:00.000Z');
});

test('dayWindow: Helsinki day starts at 22:00 UTC the evening before', () => {
  const w = dayWindow('2023-01-30', 'Europe/Helsinki');
  assert.equal(w.start.toISOString(), '2023-01-29T22:00:00.000Z');
  assert.equal(w.end.toISOString(), '2023-01-30T22:00:00.000Z');
});

test('dayWindow: DST days last 23 and 25 hours', () => {
  const spring = dayWindow('2024-03-31', 'Europe/Helsinki');
  assert.equal(spring.end.getTime() - spring.start.getTime(), 23 * HOUR);
  const autumn = dayWindow('2024-10-27', 'Europe/Helsinki');
  assert.equal(autumn.end.getTime() - autumn.start.getTime(), 25 * HOUR);
  const ny = dayWindow('2024-03-10', 'America/New_York');
  assert.equal(ny.start.toISOString(), '2024-03-10T05:00:00.000Z');
  assert.equal(ny.end.toISOString(), '2024-03-11T04:00:00.000Z');
});

test('dayWindow: a day whose midnight is skipped starts at 01:00 and ends at the next midnight', () => {
  // São Paulo moved clocks from 00:00 to 01:00 on 2018-11-04.
  const w = dayWindow('2018-11-04', 'America/Sao_Paulo');
  assert.equal(w.start.toISOString(), '2018-11-04T03:00:00.000Z');
  assert.equal(w.end.toISOString(), '2018-11-05T02:00:00.000Z');
});

test('dayWindow rejects bad dates and zones with config errors', () => {
  for (const date of ['2023-02-30', '2023-1-30', '30/01/2023', '']) {
    assert.throws(
      () => dayWindow(date, 'UTC'),
      (e: unknown) => e instanceof DaybriefError && e.code === 'CONFIG_BAD_DATE' && e.stage === 'config',
    );
  }
  assert.throws(
    () => dayWindow('2023-01-30', 'Mars/Olympus'),
    (e: unknown) => e instanceof DaybriefError && e.code === 'CONFIG_BAD_TIMEZONE',
  );
});

test('todayIn and yesterdayIn follow the zone, not UTC', () => {
  const now = new Date('2024-01-01T12:30:00Z');
  assert.equal(todayIn('UTC', now), '2024-01-01');
  assert.equal(todayIn('Pacific/Auckland', now), '2024-01-02');
  assert.equal(todayIn('America/Los_Angeles', now), '2024-01-01');
  assert.equal(yesterdayIn('Pacific/Auckland', now), '2024-01-01');
  assert.equal(yesterdayIn('UTC', new Date('2024-03-01T00:00:00Z')), '2024-02-29');
  assert.throws(() => todayIn('Nowhere/Zone'), DaybriefError);
});

test('checkDate refuses impossible dates, saying why, instead of rolling them over', () => {
  assert.equal(checkDate('2024-02-29'), '2024-02-29');
  const cases: Array<[string, RegExp]> = [
    ['2026-02-30', /February 2026 has 28 days/],
    ['2026-13-45', /there is no month 13/],
    ['2026-04-31', /April 2026 has 30 days/],
    ['2026-00-10', /there is no month 0/],
    ['2026-3-2', /not written YYYY-MM-DD/],
  ];
  for (const [date, why] of cases) {
    assert.throws(
      () => checkDate(date, '--date'),
      (e: unknown) =>
        e instanceof DaybriefError &&
        e.code === 'CONFIG_BAD_DATE' &&
        why.test(e.message) &&
        e.message.startsWith(`config: --date "${date}" is not a calendar date`),
    );
  }
});

test('shiftDate crosses month and leap-year ends', () => {
  assert.equal(shiftDate('2024-02-28', 1), '2024-02-29');
  assert.equal(shiftDate('2024-03-01', -1), '2024-02-29');
  assert.equal(shiftDate('2026-01-01', -1), '2025-12-31');
});
