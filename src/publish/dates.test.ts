import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  addDays,
  dateInWords,
  dayInWords,
  daysEnding,
  formatTime,
  isoInstant,
  monthInWords,
} from './dates.js';

test('dates in words', () => {
  assert.equal(dateInWords('2023-01-30'), 'Monday, 30 January 2023');
  assert.equal(dayInWords('2024-02-29'), 'Thursday, 29 February');
  assert.equal(monthInWords('2022-12'), 'December 2022');
});

test('day arithmetic crosses months, years and leap days', () => {
  assert.equal(addDays('2023-03-01', -1), '2023-02-28');
  assert.equal(addDays('2024-03-01', -1), '2024-02-29');
  assert.equal(addDays('2022-12-31', 1), '2023-01-01');
  assert.deepEqual(daysEnding('2023-01-02', 3), ['2023-01-02', '2023-01-01', '2022-12-31']);
});

test('published times are shown in the digest time zone, falling back to UTC', () => {
  assert.equal(isoInstant('2023-01-30T14:05:00+01:00'), '2023-01-30T13:05:00.000Z');
  assert.equal(isoInstant('not a date'), undefined);
  assert.match(formatTime('2023-01-30T14:05:00Z', 'America/New_York') ?? '', /^30 Jan 2023, 09:05 /);
  assert.match(formatTime('2023-01-30T14:05:00Z', 'Not/AZone') ?? '', /^30 Jan 2023, 14:05 UTC$/);
  assert.equal(formatTime('yesterday'), undefined);
});
