/**
 * Date arithmetic and wording for `YYYY-MM-DD` days. Calendar days are handled in UTC on purpose: a
 * digest's date is already "the day" in its topic's time zone, so no further zone shifting applies.
 */

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
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
const DAY_MS = 86_400_000;
/** Published times are shown in this locale's 24-hour style, e.g. "30 Jan 2023, 14:05 UTC". */
const TIME_LOCALE = 'en-GB';

function utc(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

/** "Monday, 30 January 2023". */
export function dateInWords(date: string): string {
  const d = utc(date);
  return `${WEEKDAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** "Monday, 30 January" (for lists already grouped by month). */
export function dayInWords(date: string): string {
  const d = utc(date);
  return `${WEEKDAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
}

/** "January 2023" for a `YYYY-MM` or `YYYY-MM-DD`. */
export function monthInWords(date: string): string {
  const d = utc(`${date.slice(0, 7)}-01`);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** The date `n` days after `date` (negative for before). */
export function addDays(date: string, n: number): string {
  return new Date(utc(date).getTime() + n * DAY_MS).toISOString().slice(0, 10);
}

/** The `count` dates ending with `date`, newest first. */
export function daysEnding(date: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addDays(date, -i));
}

/** The instant as a normalised ISO string, or undefined when it does not parse. */
export function isoInstant(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

const ZERO_SECONDS_RE = /:00\.000Z$/;
const ZERO_MS_RE = /\.000Z$/;

/**
 * An ISO instant as short as a `datetime` attribute may carry it: whole minutes lose their seconds,
 * whole seconds their milliseconds (`2023-01-30T14:05:00.000Z` → `2023-01-30T14:05Z`, the same instant).
 */
export function shortInstant(iso: string): string {
  return iso.replace(ZERO_SECONDS_RE, 'Z').replace(ZERO_MS_RE, 'Z');
}

const TIME_OPTIONS: Intl.DateTimeFormatOptions = {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
  timeZoneName: 'short',
};
/** Building a formatter costs far more than using one, and a site has few time zones. */
const formatters = new Map<string, Intl.DateTimeFormat>();
const MAX_FORMATTERS = 64;

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat(TIME_LOCALE, { ...TIME_OPTIONS, timeZone });
    } catch {
      f = formatter('UTC');
    }
    if (formatters.size < MAX_FORMATTERS) formatters.set(timeZone, f);
  }
  return f;
}

/**
 * A published time for readers, e.g. "30 Jan 2023, 14:05 CET", in `timeZone` (an IANA name; UTC when
 * missing or unknown). Undefined when the value does not parse.
 */
export function formatTime(value: unknown, timeZone = 'UTC'): string | undefined {
  const iso = isoInstant(value);
  return iso === undefined ? undefined : formatter(timeZone).format(new Date(iso));
}
