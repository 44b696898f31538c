/**
 * Feed dates as feeds write them: RFC 822/2822 and its many relatives with month and weekday
 * names in English, German, French, Spanish, Portuguese, Italian, Dutch, Swedish, Danish and
 * Norwegian (full or abbreviated, with or without a dot), zone names (GMT, UTC, UT, Z, the US zones
 * and their short forms PT/ET/CT/MT, CET/CEST, MET/MEST, WET/WEST, EET/EEST, BST, IST, JST, KST,
 * HKT, SGT, AEST/AEDT, ACST, AWST, NZST/NZDT, RFC 822 military letters), day-month-year,
 * month-day-year and asctime orders. A part that cannot be read gives no date: never a guess.
 */

const MONTH_NAMES: [number, string[]][] = [
  [
    1,
    [
      'january',
      'jan',
      'januar',
      'janvier',
      'janv',
      'enero',
      'ene',
      'janeiro',
      'gennaio',
      'gen',
      'januari',
      'jänner',
      'jän',
    ],
  ],
  [
    2,
    [
      'february',
      'feb',
      'februar',
      'février',
      'fevrier',
      'févr',
      'fevr',
      'fév',
      'febrero',
      'fevereiro',
      'fev',
      'febbraio',
      'februari',
    ],
  ],
  [3, ['march', 'mar', 'märz', 'marz', 'mär', 'mars', 'marzo', 'março', 'marco', 'maart', 'mrt', 'marts']],
  [4, ['april', 'apr', 'avril', 'avr', 'abril', 'abr', 'aprile']],
  [5, ['may', 'mai', 'mayo', 'maio', 'maggio', 'mag', 'mei', 'maj']],
  [6, ['june', 'jun', 'juni', 'juin', 'junio', 'junho', 'giugno', 'giu']],
  [7, ['july', 'jul', 'juli', 'juillet', 'juil', 'julio', 'julho', 'luglio', 'lug']],
  [8, ['august', 'aug', 'août', 'aout', 'agosto', 'ago', 'augusti', 'augustus']],
  [9, ['september', 'sep', 'sept', 'septembre', 'septiembre', 'setembro', 'set', 'settembre', 'setiembre']],
  [10, ['october', 'oct', 'oktober', 'okt', 'octobre', 'octubre', 'outubro', 'out', 'ottobre', 'ott']],
  [11, ['november', 'nov', 'novembre', 'noviembre', 'novembro', 'nov']],
  [
    12,
    [
      'december',
      'dec',
      'dezember',
      'dez',
      'décembre',
      'decembre',
      'déc',
      'diciembre',
      'dic',
      'dezembro',
      'dicembre',
      'dicembre',
    ],
  ],
];
const MONTHS = new Map<string, number>(
  MONTH_NAMES.flatMap(([n, names]) => names.map((w) => [w, n] as const)),
);

/** Weekday names and abbreviations in the same languages: skipped, never checked. */
const WEEKDAYS = new Set(
  (
    'monday mon tuesday tue tues wednesday wed thursday thu thur thurs friday fri saturday sat sunday sun ' +
    'montag mo dienstag di mittwoch mi donnerstag do freitag fr samstag sa sonntag so ' +
    'lundi lun mardi mar mercredi mer jeudi jeu vendredi ven samedi sam dimanche dim ' +
    'lunes martes miércoles miercoles mié mie jueves jue viernes vie sábado sabado sáb sab domingo dom ' +
    'segunda-feira segunda seg terça-feira terca-feira terça terca ter quarta-feira quarta qua ' +
    'quinta-feira quinta qui sexta-feira sexta sex ' +
    'lunedì lunedi martedì martedi mercoledì mercoledi giovedì giovedi gio venerdì venerdi sabato domenica ' +
    'maandag ma dinsdag wo woensdag donderdag vrijdag vr zaterdag za zondag zo ' +
    'måndag mån tisdag tis onsdag ons torsdag tors tor fredag fre lördag lør lördag lör söndag sön søndag søn ' +
    'mandag man tirsdag tir lørdag'
  ).split(' '),
);

/** Zone names → offset in minutes east of UTC. */
const ZONES: Record<string, number> = {
  z: 0,
  ut: 0,
  utc: 0,
  gmt: 0,
  wet: 0,
  west: 60,
  bst: 60,
  ist: 330, // India Standard Time: far more feeds mean it than Irish or Israel time.
  cet: 60,
  met: 60,
  mez: 60,
  cest: 120,
  mest: 120,
  mesz: 120,
  eet: 120,
  eest: 180,
  msk: 180,
  est: -300,
  edt: -240,
  et: -300,
  cst: -360,
  cdt: -300,
  ct: -360,
  mst: -420,
  mdt: -360,
  mt: -420,
  pst: -480,
  pdt: -420,
  pt: -480,
  akst: -540,
  akdt: -480,
  hst: -600,
  ast: -240,
  at: -240,
  adt: -180,
  nst: -210,
  ndt: -150,
  jst: 540,
  kst: 540,
  hkt: 480,
  sgt: 480,
  awst: 480,
  acst: 570,
  acdt: 630,
  aest: 600,
  aedt: 660,
  nzst: 720,
  nzdt: 780,
};

/** RFC 822 military zones as that RFC writes them: A–I and K–M −1…−12, N–Y +1…+12, Z UTC. */
function militaryZone(letter: string): number | undefined {
  const c = letter.toLowerCase().charCodeAt(0);
  if (letter.length !== 1 || c < 97 || c > 122 || c === 106) return undefined;
  if (c === 122) return 0;
  if (c <= 105) return -(c - 96) * 60;
  if (c <= 109) return -(c - 97) * 60;
  return (c - 109) * 60;
}

const FILLER = new Set([
  'de',
  'del',
  'of',
  'the',
  'den',
  'der',
  'le',
  'el',
  'à',
  'at',
  'um',
  'om',
  'kl',
  'às',
  'alle',
  'ore',
]);
const TIME_RE = /^(\d{1,2})[:h.](\d{2})(?:[:.](\d{2})(?:[.,]\d+)?)?$/;
const OFFSET_RE = /^([+-])(\d{2}):?(\d{2})?$/;
const NUM_DATE_RE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
const MIN_YEAR = 1990;
const MAX_YEAR = 2100;

/**
 * Reads a date in the forms above to a UTC ISO 8601 string; undefined when any part of it is not
 * understood (an unknown word, no day, an impossible day), or when it falls outside 1990–2100.
 * Dates without a zone are read as UTC.
 */
export function parseFeedDate(raw: string): string | undefined {
  const tokens = raw
    .toLowerCase()
    .replace(/[,;]/g, ' ')
    .replace(/\betc\//g, '') // "Etc/GMT"
    .replace(/\b(?:gmt|utc|ut)(?=[+-]\d)/g, ' ') // "GMT-01:01": the offset says it
    .replace(/([a-zà-ÿ])\.(?=\s|\d|$)/g, '$1') // "janv." "Dez."
    .replace(/(\d)\.(?=\s)/g, '$1') // "12. Dezember"
    .replace(/(\d)(st|nd|rd|th|er|º|ª)\b/g, '$1')
    .replace(/\(([^)]*)\)/g, ' ') // "(PDT)" comments
    .replace(/(\d)t(\d)/, '$1 $2')
    .replace(/(\d)(z|[+-]\d{2}:?\d{2})$/, '$1 $2')
    .split(/\s+/)
    .filter(Boolean);
  let year: number | undefined;
  let month: number | undefined;
  let day: number | undefined;
  let time: [number, number, number] | undefined;
  let offset: number | undefined;
  const numbers: number[] = [];
  const monthTokens = tokens.filter((t) => MONTHS.has(t)).length;
  for (const tok of tokens) {
    // "mar" is Tuesday in French and March in English: a weekday only when a month follows.
    if (
      WEEKDAYS.has(tok) &&
      month === undefined &&
      day === undefined &&
      (!MONTHS.has(tok) || monthTokens > 1)
    )
      continue;
    const mo = MONTHS.get(tok);
    if (mo !== undefined && month === undefined) {
      month = mo;
      continue;
    }
    const zoneAfterTime = time !== undefined && offset === undefined ? ZONES[tok] : undefined;
    if (zoneAfterTime !== undefined) {
      offset = zoneAfterTime;
      continue;
    }
    if (FILLER.has(tok)) continue;
    const iso = NUM_DATE_RE.exec(tok);
    if (iso && year === undefined && month === undefined) {
      year = Number(iso[1]);
      month = Number(iso[2]);
      day = Number(iso[3]);
      continue;
    }
    const t = TIME_RE.exec(tok);
    if (t && time === undefined) {
      time = [Number(t[1]), Number(t[2]), Number(t[3] ?? 0)];
      continue;
    }
    const off = OFFSET_RE.exec(tok);
    if (off && time !== undefined && offset === undefined) {
      const mins = Number(off[2]) * 60 + Number(off[3] ?? 0);
      offset = off[1] === '-' ? -mins : mins;
      continue;
    }
    const zone = ZONES[tok] ?? (time !== undefined ? militaryZone(tok) : undefined);
    if (zone !== undefined && offset === undefined) {
      offset = zone;
      continue;
    }
    if (/^\d{1,4}$/.test(tok)) {
      numbers.push(Number(tok));
      continue;
    }
    return undefined; // a word we do not know: no guessing
  }
  if (month === undefined) return undefined;
  for (const n of numbers) {
    if (n >= 1000 || (day !== undefined && year === undefined)) {
      if (year !== undefined) return undefined;
      year = n < 100 ? n + (n < 50 ? 2000 : 1900) : n;
    } else if (day === undefined) day = n;
    else return undefined;
  }
  if (year === undefined || day === undefined) return undefined;
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12) return undefined;
  const [h, mi, s] = time ?? [0, 0, 0];
  if (h > 24 || mi > 59 || s > 60) return undefined;
  const ms = Date.UTC(year, month - 1, day, h, mi, Math.min(s, 59)) - (offset ?? 0) * 60_000;
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return undefined;
  return new Date(ms).toISOString();
}
