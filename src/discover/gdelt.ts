/**
 * GDELT DOC 2.0 full-text search (mode ArtList, JSON) as a news-search source: the request URL for a
 * topic's query and day, a pacer that keeps to GDELT's one request per five seconds, and the parse
 * of its answers into Candidates.
 *
 * GDELT answers a query it cannot run (a too short keyword, an OR without parentheses, …) with
 * status 200 and a line of plain text instead of JSON; an empty result is `{}`. Both are told apart
 * from articles here. The API searches roughly the last three months.
 *
 * Terms: GDELT's data is free to use, including commercially, with attribution to the GDELT Project.
 */
import { DateTime } from 'luxon';
import { isTransient } from '../fetch/errors.js';
import type { HostSlots } from '../fetch/politeness.js';
import type { Fetcher } from '../fetch/types.js';
import { DaybriefError } from '../model/errors.js';
import type { Candidate, DayWindow, Topic } from '../model/types.js';
import { parseQueryTerms, type QueryTerm, TEXT_OPERATORS } from './query.js';
import { cleanUrl, hostOf, siteName } from './urls.js';

/** GDELT's public DOC 2.0 endpoint. */
export const GDELT_ENDPOINT = 'https://api.gdeltproject.org/api/v2/doc/doc';
/** GDELT's ceiling on `maxrecords`. */
export const GDELT_MAX_RECORDS = 250;
/** GDELT asks for at most one request every five seconds. */
export const GDELT_INTERVAL_MS = 5000;
const JSON_ACCEPT = 'application/json, text/plain;q=0.5, */*;q=0.1';
const DEFAULT_RETRIES = 2;
const DEFAULT_BACKOFF_MS = 10_000;
const MAX_MESSAGE = 300;

/** Google/Bing operators with no GDELT meaning for a day's search: dropped. */
const DROPPED_OPERATORS = new Set(['after', 'before', 'when', 'inurl', 'allinurl', 'location', 'source']);
/** Google/Bing `site:` is GDELT's `domain:` (the domain or its subdomains). */
const DOMAIN_OPERATORS = new Set(['site', 'domain', 'domainis']);
const QUOTES = /"/g;
const SEENDATE = /^(\d{4})(\d{2})(\d{2})T?(\d{2})(\d{2})(\d{2})Z?$/;
const RATE_LIMIT_TEXT = /limit requests|too many requests|rate limit/i;
// biome-ignore lint/suspicious/noControlCharactersInRegex: raw control characters in GDELT JSON are what is repaired
const CONTROL_CHARS = /[\u0000-\u001f]/g;
const BAD_ESCAPE = /\\(?!["\\/bfnrtu])/g;
const SPACE_BEFORE_MARK = /\s+([,.])/g;

/** GDELT settings (config `gdelt`); every field is optional. */
export interface GdeltSettings {
  /** The DOC 2.0 endpoint, default {@link GDELT_ENDPOINT} (a mirror or a recorded-response server). */
  endpoint?: string;
  /** Least time between the end of one request and the start of the next, default 5000 ms. */
  intervalMs?: number;
  /** Extra attempts after a 429, a 5xx, a timeout or GDELT's rate-limit text, default 2. */
  retries?: number;
  /** Wait before the first extra attempt, doubled per attempt, default 10 000 ms. */
  backoffMs?: number;
  /** Also restrict results to outlets of the topic's region (`sourcecountry:`), default false. */
  sourceCountry?: boolean;
}

/** An article of an ArtList answer, as GDELT names its fields. */
export interface GdeltArticle {
  url?: string;
  url_mobile?: string;
  title?: string;
  seendate?: string;
  socialimage?: string;
  domain?: string;
  language?: string;
  sourcecountry?: string;
}

function gdeltError(message: string, details: Record<string, unknown> = {}): DaybriefError {
  return new DaybriefError('discover', 'DISCOVER_GDELT_ERROR', message, { details });
}

/** A GDELT value: `"a phrase"` when it holds more than one word, else the bare word. */
function quoted(term: string): string {
  const t = term.replace(QUOTES, '').trim();
  return /\s/.test(t) ? `"${t}"` : t;
}

/**
 * Translates a topic query (see query.ts: words, "phrases", OR / |, -exclusions) into GDELT's
 * syntax: terms are ANDed; alternatives joined by OR go in parentheses, as GDELT requires; `-word`
 * and `-"phrase"` stay exclusions; `site:x` becomes `domain:x`; date and URL operators are dropped;
 * a parenthesis written by the user only groups, so it is re-derived from the ORs.
 */
export function gdeltQuery(query: string): string {
  const { clauses, exclusions } = parseQueryTerms(query, gdeltTerm);
  const parts = clauses.map((alts) => (alts.length > 1 ? `(${alts.join(' OR ')})` : (alts[0] ?? '')));
  return [...parts, ...exclusions.map((e) => `-${e}`)].filter(Boolean).join(' ');
}

/** A term in GDELT's syntax, or undefined when GDELT has nothing for it. */
function gdeltTerm(term: QueryTerm): string | undefined {
  const op = term.operator;
  if (op) {
    if (DROPPED_OPERATORS.has(op.name) || !op.arg) return undefined;
    if (DOMAIN_OPERATORS.has(op.name)) return `domain:${op.arg.toLowerCase()}`;
    return quoted(TEXT_OPERATORS.has(op.name) ? op.arg : term.text);
  }
  const text = term.text.trim();
  if (!text) return undefined;
  return (term.phrase ? quoted(text) : text.replace(QUOTES, '')) || undefined;
}

/**
 * The English name of a language or region code, lower case, as GDELT spells them: a region's words
 * run together (`unitedstates`), a language's first word only (`nb` is `norwegian`).
 */
function gdeltName(code: string, type: 'language' | 'region'): string | undefined {
  try {
    const name = new Intl.DisplayNames(['en'], { type, fallback: 'none' }).of(code);
    const folded = (name ?? '')
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase();
    const words = type === 'language' ? folded.split(/[\s(]+/).slice(0, 1) : [folded];
    const word = words.join('').replace(/[^a-z]/g, '');
    return word || undefined;
  } catch {
    return undefined;
  }
}

/** `YYYYMMDDHHMMSS` in UTC, as GDELT's startdatetime/enddatetime take it. */
export function gdeltTime(d: Date): string {
  return DateTime.fromJSDate(d, { zone: 'utc' }).toFormat('yyyyLLddHHmmss');
}

/**
 * The ArtList request for a topic's query on a day: the translated query with `sourcelang:` (and
 * `sourcecountry:` when asked), the day's window in UTC (end inclusive, so one second before the
 * next day starts), newest first, at most min(maxArticles, 250) records.
 */
export function gdeltSearchUrl(topic: Topic, day: DayWindow, settings: GdeltSettings = {}): string {
  const terms = [gdeltQuery(topic.query ?? '')];
  const lang = (topic.language || 'en').split(/[-_]/)[0] ?? 'en';
  const language = gdeltName(lang, 'language');
  if (language) terms.push(`sourcelang:${language}`);
  if (settings.sourceCountry) {
    const country = gdeltName((topic.region || 'US').toUpperCase(), 'region');
    if (country) terms.push(`sourcecountry:${country}`);
  }
  const params = new URLSearchParams({
    query: terms.filter(Boolean).join(' '),
    mode: 'ArtList',
    format: 'json',
    maxrecords: String(Math.min(GDELT_MAX_RECORDS, Math.max(1, topic.maxArticles || GDELT_MAX_RECORDS))),
    sort: 'DateDesc',
    startdatetime: gdeltTime(day.start),
    enddatetime: gdeltTime(new Date(day.end.getTime() - 1000)),
  });
  return `${settings.endpoint ?? GDELT_ENDPOINT}?${params.toString()}`;
}

/** True for URLs of a GDELT DOC endpoint (the public one, or any `/api/v2/doc/doc` path). */
export function isGdeltUrl(url: string, endpoint?: string): boolean {
  if (endpoint && url.startsWith(`${endpoint}?`)) return true;
  try {
    const u = new URL(url);
    return hostOf(url) === new URL(GDELT_ENDPOINT).hostname || u.pathname.endsWith('/api/v2/doc/doc');
  } catch {
    return false;
  }
}

/** ISO 8601 of a GDELT `seendate` (`20230130T081500Z`), or undefined. */
export function parseSeenDate(s: string | undefined): string | undefined {
  const m = SEENDATE.exec(s?.trim() ?? '');
  if (!m) return undefined;
  const [, y, mo, d, h, mi, se] = m.map(Number) as number[];
  const t = Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, se ?? 0);
  const date = new Date(t);
  if (Number.isNaN(t) || date.getUTCDate() !== d || date.getUTCHours() !== h) return undefined;
  return date.toISOString();
}

function firstLine(text: string): string {
  const line = text.trim().split(/\r?\n/)[0]?.trim() ?? '';
  return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE)}…` : line;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // GDELT's JSON now and then carries raw control characters or stray backslashes in titles.
    return JSON.parse(text.replace(CONTROL_CHARS, ' ').replace(BAD_ESCAPE, '\\\\'));
  }
}

/**
 * The articles of an ArtList JSON answer. `{}` (and `{"articles": []}`) is an empty result. Plain
 * text is GDELT's way of rejecting a query: DaybriefError('discover', 'DISCOVER_GDELT_ERROR') with
 * its first line (details.rateLimited when the text asks to slow down); so is anything that is not
 * the expected JSON.
 */
export function parseGdeltResponse(text: string, source = GDELT_ENDPOINT): GdeltArticle[] {
  const body = text.replace(/^\uFEFF/, '').trim();
  if (!body.startsWith('{') && !body.startsWith('[')) {
    const message = firstLine(body) || 'an empty answer';
    throw gdeltError(`GDELT refused the query: ${message}`, {
      source,
      gdeltMessage: message,
      rateLimited: RATE_LIMIT_TEXT.test(body),
    });
  }
  let json: unknown;
  try {
    json = parseJson(body);
  } catch {
    throw gdeltError(`GDELT answered with JSON that does not parse (${source})`, { source });
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    throw gdeltError(`GDELT answered with an unexpected JSON shape (${source})`, { source });
  const articles = (json as { articles?: unknown }).articles;
  if (articles === undefined) return [];
  if (!Array.isArray(articles)) throw gdeltError(`GDELT's "articles" is not a list (${source})`, { source });
  return articles.filter((a): a is GdeltArticle => a !== null && typeof a === 'object');
}

function text(v: unknown): string {
  return typeof v === 'string' ? v.replace(/\s+/g, ' ').trim() : '';
}

/** Maps one ArtList article: its URL, title (GDELT's spacing before commas undone), seen time, domain and image. */
export function gdeltCandidate(a: GdeltArticle, source: string): Candidate | undefined {
  const url = cleanUrl(text(a.url) || text(a.url_mobile));
  const title = text(a.title).replace(SPACE_BEFORE_MARK, '$1');
  if (!url || !title) return undefined;
  const c: Candidate = { url, title, source };
  const outlet =
    text(a.domain)
      .toLowerCase()
      .replace(/^www\d*\./, '') || siteName(url);
  if (outlet) c.outlet = outlet;
  const published = parseSeenDate(text(a.seendate));
  if (published) c.published = published;
  const image = cleanUrl(text(a.socialimage));
  if (image) c.image = image;
  return c;
}

/** The Candidates of an ArtList answer (see parseGdeltResponse for its errors). */
export function parseGdelt(textBody: string, source: string): Candidate[] {
  return parseGdeltResponse(textBody, source)
    .map((a) => gdeltCandidate(a, source))
    .filter((c): c is Candidate => c !== undefined);
}

export type SleepFn = (ms: number) => Promise<void>;
const realSleep: SleepFn = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs tasks one at a time with at least `intervalMs` between the end of one and the start of the next. */
export class Pacer {
  #tail: Promise<unknown> = Promise.resolve();
  #last = Number.NEGATIVE_INFINITY;
  readonly #sleep: SleepFn;
  readonly #now: () => number;

  constructor(opts: { sleep?: SleepFn; now?: () => number } = {}) {
    this.#sleep = opts.sleep ?? realSleep;
    this.#now = opts.now ?? Date.now;
  }

  run<T>(intervalMs: number, task: () => Promise<T>): Promise<T> {
    const next = this.#tail.then(async () => {
      const wait = this.#last + intervalMs - this.#now();
      if (wait > 0) await this.#sleep(wait);
      try {
        return await task();
      } finally {
        this.#last = this.#now();
      }
    });
    this.#tail = next.catch(() => undefined);
    return next;
  }
}

/** One pacer per endpoint origin for the whole process, so topics and commands share GDELT's budget. */
const PACERS = new Map<string, Pacer>();

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

function pacerFor(url: string): Pacer {
  const origin = originOf(url);
  let p = PACERS.get(origin);
  if (!p) {
    p = new Pacer();
    PACERS.set(origin, p);
  }
  return p;
}

const RETRY_STATUS = /^FETCH_HTTP_(429|5\d\d)$/;

function retryable(err: unknown): boolean {
  if (!(err instanceof DaybriefError)) return false;
  if (err.code === 'DISCOVER_GDELT_ERROR') return err.details.rateLimited === true;
  return RETRY_STATUS.test(err.code) || isTransient(err);
}

/** Options of {@link fetchGdelt}: the settings, plus a pacer and sleep for tests. */
export interface FetchGdeltOptions extends GdeltSettings {
  pacer?: Pacer;
  sleep?: SleepFn;
  /**
   * Slots shared with other processes (scale-out workers on one Postgres): the interval then holds
   * for the endpoint whichever worker asks. A failing slot store leaves this process's pacing alone.
   */
  sharedSlots?: HostSlots;
  /** Called before each request (the first and every retry). */
  onRequest?: () => void;
}

/**
 * Fetches and parses one ArtList request through `http`, paced (one request at a time per endpoint,
 * `intervalMs` apart) and retried with doubling backoff after a 429, a 5xx, a timeout or GDELT's
 * rate-limit text. Query errors (GDELT's plain-text answers) are not retried.
 */
export async function fetchGdelt(
  url: string,
  http: Fetcher,
  opts: FetchGdeltOptions = {},
): Promise<Candidate[]> {
  const pacer = opts.pacer ?? pacerFor(url);
  const sleep = opts.sleep ?? realSleep;
  const interval = opts.intervalMs ?? GDELT_INTERVAL_MS;
  const retries = opts.retries ?? DEFAULT_RETRIES;
  let backoff = opts.backoffMs ?? DEFAULT_BACKOFF_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      return await pacer.run(interval, async () => {
        const shared = opts.sharedSlots;
        const key = `gdelt ${originOf(url)}`;
        if (shared) await sleep(await shared.reserve(key, interval).catch(() => 0));
        try {
          opts.onRequest?.();
          const page = await http.fetch(url, { accept: JSON_ACCEPT });
          return parseGdelt(page.text, url);
        } finally {
          shared?.holdOff(key, interval).catch(() => undefined);
        }
      });
    } catch (err) {
      if (attempt >= retries || !retryable(err)) throw err;
      await sleep(backoff);
      backoff *= 2;
    }
  }
}
