/**
 * Date parsing for article metadata: many formats in, ISO 8601 out, keeping the page's own offset.
 * A date without a time stays a date (`2023-01-30`); a time without a zone stays without an offset.
 */

const ISO =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const COMPACT = /^(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?(Z|[+-]\d{2}:?\d{2})?)?$/;
const SLASHED = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?/;
const EPOCH = /^\d{10}(\d{3})?$/;
const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  januar: 1,
  janvier: 1,
  enero: 1,
  gennaio: 1,
  feb: 2,
  february: 2,
  februar: 2,
  fevrier: 2,
  février: 2,
  febrero: 2,
  febbraio: 2,
  mar: 3,
  march: 3,
  märz: 3,
  maerz: 3,
  mars: 3,
  marzo: 3,
  apr: 4,
  april: 4,
  avril: 4,
  abril: 4,
  aprile: 4,
  may: 5,
  mai: 5,
  mayo: 5,
  maggio: 5,
  jun: 6,
  june: 6,
  juni: 6,
  juin: 6,
  junio: 6,
  giugno: 6,
  jul: 7,
  july: 7,
  juli: 7,
  juillet: 7,
  julio: 7,
  luglio: 7,
  aug: 8,
  august: 8,
  août: 8,
  aout: 8,
  agosto: 8,
  sep: 9,
  sept: 9,
  september: 9,
  septembre: 9,
  septiembre: 9,
  settembre: 9,
  oct: 10,
  october: 10,
  okt: 10,
  oktober: 10,
  octobre: 10,
  octubre: 10,
  ottobre: 10,
  nov: 11,
  november: 11,
  novembre: 11,
  noviembre: 11,
  dec: 12,
  december: 12,
  dez: 12,
  dezember: 12,
  décembre: 12,
  decembre: 12,
  diciembre: 12,
  dicembre: 12,
  // Portuguese and Dutch (the months not already spelled the same above).
  janeiro: 1,
  januari: 1,
  fevereiro: 2,
  februari: 2,
  março: 3,
  marco: 3,
  maart: 3,
  maio: 5,
  mei: 5,
  junho: 6,
  julho: 7,
  augustus: 8,
  setembro: 9,
  outubro: 10,
  novembro: 11,
  dezembro: 12,
};
/** Month names run to ten letters ("septiembre"). */
const MONTH_WORD = '(\\p{L}{3,10})\\.?';
const MONTH_DAY_YEAR = new RegExp(
  `(?<!\\p{L})${MONTH_WORD}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`,
  'iu',
);
/** "30 January 2023", "30. Januar 2023", "30 of January", "30 de enero de 2023". */
const DAY_MONTH_YEAR = new RegExp(
  `\\b(\\d{1,2})(?:st|nd|rd|th|er|º)?\\.?\\s+(?:of\\s+|de\\s+)?${MONTH_WORD},?\\s+(?:de\\s+)?(\\d{4})\\b`,
  'iu',
);
/** Chinese, Japanese and Korean dates: 2019年3月5日, 2019년 3월 5일. */
const CJK_YMD = /(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]/;
const NUMERIC_DMY = /\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b/;
const TIME = /\b(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap])?\.?(m\b\.?)?/i;
const ZONE =
  /(?:\s|^|\d)(Z|[+-]\d{2}:?\d{2})\b|\b(UTC|GMT|EST|EDT|CST|CDT|MST|MDT|PST|PDT|ET|CT|MT|PT|BST|CET|CEST|EET|EEST|JST|AEST|AEDT)\b/;
const ZONE_OFFSETS: Record<string, string> = {
  UTC: 'Z',
  GMT: 'Z',
  Z: 'Z',
  EST: '-05:00',
  EDT: '-04:00',
  CST: '-06:00',
  CDT: '-05:00',
  MST: '-07:00',
  MDT: '-06:00',
  PST: '-08:00',
  PDT: '-07:00',
  BST: '+01:00',
  CET: '+01:00',
  CEST: '+02:00',
  EET: '+02:00',
  EEST: '+03:00',
  JST: '+09:00',
  AEST: '+10:00',
  AEDT: '+11:00',
};
/** US zone names without a daylight marker: the offset depends on the date (DST from March to November). */
const US_GENERIC: Record<string, [string, string]> = {
  ET: ['-05:00', '-04:00'],
  CT: ['-06:00', '-05:00'],
  MT: ['-07:00', '-06:00'],
  PT: ['-08:00', '-07:00'],
};
const URL_DATE = /\/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?=[/_-]|$)/;
const URL_COMPACT_DATE = /\/((?:19|20)\d{2})(\d{2})(\d{2})(?=\/)/;
const MIN_YEAR = 1990;
const DAY_MS = 86_400_000;

interface Parts {
  y: number;
  mo: number;
  d: number;
  h?: number;
  mi?: number;
  s?: number;
  frac?: string;
  zone?: string;
}

/**
 * Parses a date as found in page metadata (ISO 8601, RFC 2822, "January 30, 2023 10:15 AM EST",
 * "30. Januar 2023", epoch seconds or milliseconds, `20230130`, `2023/01/30` …) to ISO 8601.
 * Returns undefined for what cannot be read or lies after `now` plus one day.
 */
export function parseDate(input: string, now: Date = new Date()): string | undefined {
  const s = input.trim();
  if (!s || s.length > 200) return undefined;
  const parts = parseParts(s);
  if (!parts || !valid(parts, now)) return undefined;
  const iso = format(parts);
  const t = Date.parse(parts.zone === undefined && parts.h !== undefined ? `${iso}Z` : iso);
  if (!Number.isFinite(t) || t > now.getTime() + DAY_MS) return undefined;
  return iso;
}

/** A date in a URL path (`/2023/01/30/`, `/2023-01-30-`, `/20230130/`), as `YYYY-MM-DD`. */
export function dateFromUrl(url: string, now: Date = new Date()): string | undefined {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const m = URL_DATE.exec(path) ?? URL_COMPACT_DATE.exec(path);
  if (!m) return undefined;
  return parseDate(`${m[1]}-${m[2]}-${m[3]}`, now);
}

function parseParts(s: string): Parts | undefined {
  if (EPOCH.test(s)) return fromEpoch(Number(s) * (s.length === 10 ? 1000 : 1));
  const iso = ISO.exec(s) ?? COMPACT.exec(s);
  if (iso) return fromMatch(iso);
  const slashed = SLASHED.exec(s);
  if (slashed) return withZone(fromMatch(slashed), s);
  return parseText(s);
}

function fromMatch(m: RegExpExecArray): Parts {
  const [, y, mo, d, h, mi, sec, frac, zone] = m;
  const p: Parts = { y: Number(y), mo: Number(mo), d: Number(d) };
  if (h !== undefined && mi !== undefined) {
    p.h = Number(h);
    p.mi = Number(mi);
    p.s = sec === undefined ? 0 : Number(sec);
    // Only ISO carries fractions; COMPACT's 7th group is its zone.
    if (frac !== undefined && /^\d+$/.test(frac)) p.frac = frac.slice(0, 3);
    const z = zone ?? (frac !== undefined && !/^\d+$/.test(frac) ? frac : undefined);
    if (z !== undefined) p.zone = normalizeOffset(z);
  }
  return p;
}

function fromEpoch(ms: number): Parts | undefined {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return undefined;
  return {
    y: d.getUTCFullYear(),
    mo: d.getUTCMonth() + 1,
    d: d.getUTCDate(),
    h: d.getUTCHours(),
    mi: d.getUTCMinutes(),
    s: d.getUTCSeconds(),
    zone: 'Z',
  };
}

function parseText(s: string): Parts | undefined {
  const p = monthFirst(s) ?? dayFirst(s) ?? cjkDate(s) ?? numericDayFirst(s);
  return p && withZone(withTime(p, s), s);
}

function monthFirst(s: string): Parts | undefined {
  const [, month = '', day = '', year = ''] = MONTH_DAY_YEAR.exec(s) ?? [];
  const mo = MONTHS[month.toLowerCase()];
  return mo ? { y: Number(year), mo, d: Number(day) } : undefined;
}

function dayFirst(s: string): Parts | undefined {
  const [, day = '', month = '', year = ''] = DAY_MONTH_YEAR.exec(s) ?? [];
  const mo = MONTHS[month.toLowerCase()];
  return mo ? { y: Number(year), mo, d: Number(day) } : undefined;
}

function cjkDate(s: string): Parts | undefined {
  const m = CJK_YMD.exec(s);
  return m ? { y: Number(m[1]), mo: Number(m[2]), d: Number(m[3]) } : undefined;
}

/** Day first, as in most of the world outside the US ("30.01.2023"). */
function numericDayFirst(s: string): Parts | undefined {
  const m = NUMERIC_DMY.exec(s);
  return m ? { y: Number(m[3]), mo: Number(m[2]), d: Number(m[1]) } : undefined;
}

function withTime(p: Parts, s: string): Parts {
  const t = TIME.exec(s);
  if (!t) return p;
  let h = Number(t[1]);
  // "10:15 Amsterdam" has an "a" but no "m": no meridiem then.
  const ampm = t[5] ? t[4]?.toLowerCase() : undefined;
  if (ampm === 'p' && h < 12) h += 12;
  if (ampm === 'a' && h === 12) h = 0;
  return { ...p, h, mi: Number(t[2]), s: t[3] === undefined ? 0 : Number(t[3]) };
}

function withZone(p: Parts, s: string): Parts {
  if (p.h === undefined) return p;
  const z = ZONE.exec(s);
  if (!z) return p;
  const name = (z[1] ?? z[2] ?? '').toUpperCase();
  const generic = US_GENERIC[name];
  if (generic) return { ...p, zone: usDaylight(p) ? generic[1] : generic[0] };
  return { ...p, zone: ZONE_OFFSETS[name] ?? normalizeOffset(name) };
}

/** US daylight saving, roughly: second Sunday of March to first Sunday of November. */
function usDaylight(p: Parts): boolean {
  if (p.mo < 3 || p.mo > 11) return false;
  if (p.mo > 3 && p.mo < 11) return true;
  const firstDay = new Date(Date.UTC(p.y, p.mo - 1, 1)).getUTCDay();
  const firstSunday = 1 + ((7 - firstDay) % 7);
  return p.mo === 3 ? p.d >= firstSunday + 7 : p.d < firstSunday;
}

function normalizeOffset(z: string): string {
  const up = z.toUpperCase();
  if (up === 'Z' || up === 'UTC' || up === 'GMT') return 'Z';
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(z);
  if (!m) return 'Z';
  return `${m[1]}${m[2]}:${m[3] ?? '00'}`;
}

function valid(p: Parts, now: Date): boolean {
  if (p.y < MIN_YEAR || p.y > now.getUTCFullYear() + 1) return false;
  if (p.mo < 1 || p.mo > 12 || p.d < 1) return false;
  if (p.d > new Date(Date.UTC(p.y, p.mo, 0)).getUTCDate()) return false;
  if (p.h === undefined) return true;
  return p.h < 24 && (p.mi ?? 0) < 60 && (p.s ?? 0) < 61;
}

function format(p: Parts): string {
  const date = `${p.y}-${pad(p.mo)}-${pad(p.d)}`;
  if (p.h === undefined) return date;
  const frac = p.frac ? `.${p.frac.padEnd(3, '0')}` : '';
  return `${date}T${pad(p.h)}:${pad(p.mi ?? 0)}:${pad(p.s ?? 0)}${frac}${p.zone ?? ''}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
