/** Calendar days in IANA time zones, as half-open UTC intervals. */
import { DateTime, IANAZone } from 'luxon';
import { DaybriefError } from '../model/errors.js';
import type { DayWindow } from '../model/types.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkZone(timezone: string): void {
  if (!timezone || !IANAZone.isValidZone(timezone)) {
    throw new DaybriefError(
      'config',
      'CONFIG_BAD_TIMEZONE',
      `unknown time zone ${JSON.stringify(timezone)}: use an IANA name such as "Europe/Helsinki" or "UTC"`,
      {
        details: { timezone },
      },
    );
  }
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Checks that `date` is a real calendar date written YYYY-MM-DD and returns it; otherwise throws
 * DaybriefError('config', 'CONFIG_BAD_DATE') saying what is wrong with it (`label` names it, e.g.
 * `--date`). 2026-02-30 is refused, not rolled over into March.
 */
export function checkDate(date: string, label = 'the date'): string {
  const fail = (why: string) =>
    new DaybriefError(
      'config',
      'CONFIG_BAD_DATE',
      `${label} ${JSON.stringify(date)} is not a calendar date: ${why}; give a real date as YYYY-MM-DD, e.g. 2026-03-02`,
      { details: { date } },
    );
  if (!ISO_DATE.test(date)) throw fail('it is not written YYYY-MM-DD');
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  if (year < 1900) throw fail(`the year ${year} is before 1900`);
  if (month < 1 || month > 12) throw fail(`there is no month ${month}`);
  const last = daysInMonth(year, month);
  if (day < 1 || day > last) throw fail(`${MONTHS[month - 1]} ${year} has ${last} days`);
  return date;
}

/** The calendar date `days` days after `date` (before, when negative); both YYYY-MM-DD. */
export function shiftDate(date: string, days: number): string {
  return DateTime.fromISO(checkDate(date), { zone: 'utc' }).plus({ days }).toISODate() ?? date;
}

/** The first instant of a calendar date in a zone; on days whose midnight is skipped by DST, the first existing instant. */
function startOfDate(date: string, timezone: string): DateTime {
  return DateTime.fromISO(date, { zone: timezone }).startOf('day');
}

/**
 * The half-open window [start, end) of calendar day `date` (YYYY-MM-DD) in IANA `timezone`: 24 hours
 * on most days, 23 or 25 on DST change days. `end` is the next date's start, computed on its own so
 * that zones whose DST starts at midnight (day begins 01:00) are right too. Throws
 * DaybriefError('config', 'CONFIG_BAD_DATE' | 'CONFIG_BAD_TIMEZONE').
 */
export function dayWindow(date: string, timezone: string): DayWindow {
  checkZone(timezone);
  checkDate(date);
  const start = startOfDate(date, timezone);
  if (!start.isValid || start.toISODate() !== date) {
    throw new DaybriefError('config', 'CONFIG_BAD_DATE', `not a calendar date in ${timezone}: ${date}`, {
      details: { date },
    });
  }
  const end = startOfDate(shiftDate(date, 1), timezone);
  return { date, timezone, start: start.toJSDate(), end: end.toJSDate() };
}

/** Today's date (YYYY-MM-DD) in `timezone`, as of `now` (default: the current time). */
export function todayIn(timezone: string, now: Date = new Date()): string {
  checkZone(timezone);
  return DateTime.fromJSDate(now, { zone: timezone }).toISODate() ?? '';
}

/** Yesterday's date (YYYY-MM-DD) in `timezone`, as of `now` (default: the current time). */
export function yesterdayIn(timezone: string, now: Date = new Date()): string {
  checkZone(timezone);
  return DateTime.fromJSDate(now, { zone: timezone }).minus({ days: 1 }).toISODate() ?? '';
}
