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
      `unknown IANA time zone ${JSON.stringify(timezone)}`,
      {
        details: { timezone },
      },
    );
  }
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
  const start = ISO_DATE.test(date) ? startOfDate(date, timezone) : undefined;
  if (!start?.isValid || start.toISODate() !== date) {
    throw new DaybriefError(
      'config',
      'CONFIG_BAD_DATE',
      `not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`,
      {
        details: { date },
      },
    );
  }
  const next = DateTime.fromISO(date, { zone: 'utc' }).plus({ days: 1 }).toISODate() ?? date;
  const end = startOfDate(next, timezone);
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
