/**
 * Online decoding of current-format Google News article ids (`CBMi…` holding an opaque `AU_yqL…`
 * token), the way the decoders that work today do it:
 *
 * 1. GET `https://news.google.com/rss/articles/<id>?hl=…&gl=…&ceid=…` (the edition of the topic) and
 *    read the signature and timestamp from the page (`data-n-a-sg`, `data-n-a-ts`). The answer must
 *    stay on news.google.com: a landing elsewhere — Google's "sorry" bot check, consent.google.com or
 *    any other host — is a decode failure with its own code, never used as the article.
 * 2. POST several ids at once to `/_/DotsSplashUi/data/batchexecute` (one `Fbv4je` request each).
 *
 * Every decoded id is written to a cache (the store's `decoded_links`), so a rerun decodes nothing
 * twice. Google requests are paced; a 429 backs off and is retried; after a few blocking failures in
 * a row (429, "sorry", consent) decoding stops for the rest of the run and the remaining ids fail
 * with `DISCOVER_GNEWS_STOPPED`.
 */
import type { Fetcher } from '../fetch/types.js';
import { DaybriefError } from '../model/errors.js';
import { Pacer, type SleepFn } from './gdelt.js';
import type { PostFn } from './google-news.js';
import {
  decodeGoogleNewsLink,
  googleNewsArticleId,
  googleNewsEdition,
  isGoogleNewsUrl,
  readGoogleNewsPage,
} from './google-news.js';
import { cleanUrl, hostOf } from './urls.js';

const GOOGLE_NEWS_HOST = 'news.google.com';
const RSS_ARTICLE_BASE = 'https://news.google.com/rss/articles/';
export const GNEWS_BATCH_URL = 'https://news.google.com/_/DotsSplashUi/data/batchexecute';
const PAGE_ACCEPT = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8';
const XSSI_PREFIX = /^\)\]\}'/;
const SORRY_PATH = /^\/sorry(?:\/|$)/;
/** A consent wall served in place of the article page (Google's EU consent interstitial). */
const CONSENT_PAGE = /\baction="https:\/\/consent\.(?:google|youtube)\.[a-z.]+\//i;
const DEFAULT_BATCH = 10;
const DEFAULT_INTERVAL_MS = 1_000;
const DEFAULT_BACKOFF_MS = 5_000;
const DEFAULT_RETRIES = 2;
const DEFAULT_MAX_FAILURES = 3;
const realSleep: SleepFn = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Where decoded ids are kept between runs (the Store implements it). */
export interface DecodedLinkCache {
  getDecodedLinks(ids: readonly string[]): Promise<Map<string, string>>;
  saveDecodedLinks(links: readonly { id: string; url: string }[]): Promise<void>;
}

/** A Google News edition: `hl`, `gl`, `ceid` (see googleNewsEdition). */
export interface Edition {
  hl: string;
  gl: string;
  ceid: string;
}

/** Options of the decoder; every field is optional. */
export interface GoogleNewsDecoderOptions {
  /** POST transport for batchexecute; without it no id can be decoded online. */
  post?: PostFn;
  /** The decoded-id cache (the store). */
  cache?: DecodedLinkCache;
  /** Ids per batchexecute POST (default 10). */
  batchSize?: number;
  /** Minimum time between two Google requests, ms (default 1000). */
  intervalMs?: number;
  /** First backoff after a 429, ms, doubled on each retry (default 5000). */
  backoffMs?: number;
  /** Retries of a request answered 429 (default 2). */
  retries?: number;
  /** Blocking failures in a row (429, "sorry", consent) after which decoding stops for the run (default 3). */
  maxFailures?: number;
  /** Tests pass a sleep that records and returns at once. */
  sleep?: SleepFn;
}

/** The outcome of one id: its publisher URL, or why not. */
export type DecodeOutcome = { url: string; cached: boolean } | { error: DaybriefError };

function failure(code: string, id: string, message: string): DaybriefError {
  return new DaybriefError('discover', code, `Google News id ${id.slice(0, 24)}…: ${message}`, {
    details: { id },
  });
}

/** True for errors that mean Google is refusing us (and more requests would make it worse). */
function blocking(err: unknown): boolean {
  if (!(err instanceof DaybriefError)) return false;
  return (
    err.code === 'FETCH_HTTP_429' ||
    err.code === 'DISCOVER_GNEWS_SORRY' ||
    err.code === 'DISCOVER_GNEWS_CONSENT' ||
    err.code === 'DISCOVER_GNEWS_RATE_LIMITED'
  );
}

/** The article page URL decoders use today: the RSS article path with the edition's parameters. */
export function googleNewsArticlePageUrl(id: string, edition: Edition): string {
  const q = new URLSearchParams({ hl: edition.hl, gl: edition.gl, ceid: edition.ceid });
  return `${RSS_ARTICLE_BASE}${id}?${q.toString().replace(/%3A/g, ':')}`;
}

/** The batchexecute body decoding several ids at once: one `Fbv4je` request per id, tagged "1", "2", … */
export function googleNewsBatchBodyMany(
  items: readonly { id: string; timestamp: string; signature: string }[],
): string {
  const context = [
    ['X', 'X', ['X', 'X'], null, null, 1, 1, 'US:en', null, 1, null, null, null, null, null, 0, 1],
    'X',
    'X',
    1,
    [1, 1, 1],
    1,
    1,
    null,
    0,
    0,
    null,
    0,
  ];
  const requests = items.map((it, i) => [
    'Fbv4je',
    JSON.stringify(['garturlreq', context, it.id, Number(it.timestamp), it.signature]),
    null,
    String(i + 1),
  ]);
  return `f.req=${encodeURIComponent(JSON.stringify([requests]))}`;
}

/** The `wrb.fr` answers of a batchexecute response: the tag of each request and its URL, in order. */
export function parseGoogleNewsBatchMany(text: string): { tag?: string; url?: string }[] {
  const out: { tag?: string; url?: string }[] = [];
  const visit = (node: unknown): void => {
    if (!Array.isArray(node)) return;
    if (node[0] === 'wrb.fr' && node[1] === 'Fbv4je') {
      const entry: { tag?: string; url?: string } = {};
      if (typeof node[6] === 'string') entry.tag = node[6];
      if (typeof node[2] === 'string') {
        try {
          const inner: unknown = JSON.parse(node[2]);
          if (Array.isArray(inner) && inner[0] === 'garturlres' && typeof inner[1] === 'string') {
            const url = cleanUrl(inner[1]);
            if (url) entry.url = url;
          }
        } catch {
          // an error answer for this id: no URL
        }
      }
      out.push(entry);
      return;
    }
    for (const child of node) visit(child);
  };
  const body = text.replace(XSSI_PREFIX, '');
  // Chunks are JSON arrays, one a line, optionally preceded by length lines; try whole-body first.
  try {
    visit(JSON.parse(body.trim()));
    return out;
  } catch {
    // fall through to line-wise chunks
  }
  for (const line of body.split('\n')) {
    const chunk = line.trim();
    if (!chunk.startsWith('[')) continue;
    try {
      visit(JSON.parse(chunk));
    } catch {
      // not a whole chunk
    }
  }
  return out;
}

/**
 * Decodes Google News ids for one run. Keep one instance per run: its failure count is what stops
 * decoding after repeated refusals.
 */
/** The target of a redirect the fetcher refused to follow off its host, else undefined. */
function offHostLocation(err: unknown): string | undefined {
  if (!(err instanceof DaybriefError) || err.code !== 'FETCH_REDIRECT_OFF_HOST') return undefined;
  const location = err.details?.location;
  return typeof location === 'string' ? location : undefined;
}

/**
 * Why an answer that landed at `where` (a redirect target or the final URL, with the page's text
 * when it was fetched) cannot be the article page: a consent wall, the "sorry" bot check, another
 * host. Undefined when it is a news.google.com page.
 */
function landingFailure(id: string, where: string, text = ''): DaybriefError | undefined {
  let landed: URL | undefined;
  try {
    landed = new URL(where);
  } catch {
    landed = undefined;
  }
  const host = landed ? landed.hostname.toLowerCase() : hostOf(where);
  if (host.startsWith('consent.') || CONSENT_PAGE.test(text))
    return failure('DISCOVER_GNEWS_CONSENT', id, `answered with a consent page (${where})`);
  if (landed && SORRY_PATH.test(landed.pathname))
    return failure('DISCOVER_GNEWS_SORRY', id, `redirected to Google's "sorry" page (${where})`);
  if (host !== GOOGLE_NEWS_HOST)
    return failure('DISCOVER_GNEWS_OFF_HOST', id, `redirected off ${GOOGLE_NEWS_HOST} to ${where}`);
  return undefined;
}

export class GoogleNewsDecoder {
  readonly #http: Fetcher;
  readonly #opts: GoogleNewsDecoderOptions;
  readonly #pacer: Pacer;
  readonly #sleep: SleepFn;
  #failuresInRow = 0;
  #stopped: DaybriefError | undefined;
  /** Requests made to Google (page GETs and batch POSTs), for reports. */
  requests = 0;

  constructor(http: Fetcher, opts: GoogleNewsDecoderOptions = {}) {
    this.#http = http;
    this.#opts = opts;
    this.#sleep = opts.sleep ?? realSleep;
    this.#pacer = new Pacer({ sleep: this.#sleep });
  }

  /** True once decoding has stopped for the run. */
  get stopped(): boolean {
    return this.#stopped !== undefined;
  }

  #note(err: unknown): void {
    if (!blocking(err)) return;
    this.#failuresInRow++;
    if (this.#failuresInRow >= (this.#opts.maxFailures ?? DEFAULT_MAX_FAILURES) && !this.#stopped) {
      const why = err instanceof Error ? err.message : String(err);
      this.#stopped = new DaybriefError(
        'discover',
        'DISCOVER_GNEWS_STOPPED',
        `Google News decoding stopped for this run after ${this.#failuresInRow} refusals in a row (last: ${why})`,
      );
    }
  }

  /** One Google request, paced, with backoff and retries on 429. */
  async #call<T>(task: () => Promise<T>): Promise<T> {
    const retries = this.#opts.retries ?? DEFAULT_RETRIES;
    let backoff = this.#opts.backoffMs ?? DEFAULT_BACKOFF_MS;
    for (let attempt = 0; ; attempt++) {
      if (this.#stopped) throw this.#stopped;
      try {
        this.requests++;
        const out = await this.#pacer.run(this.#opts.intervalMs ?? DEFAULT_INTERVAL_MS, task);
        this.#failuresInRow = 0;
        return out;
      } catch (err) {
        this.#note(err);
        const is429 = err instanceof DaybriefError && err.code === 'FETCH_HTTP_429';
        if (!is429 || attempt >= retries || this.#stopped) {
          if (is429) {
            throw new DaybriefError(
              'discover',
              'DISCOVER_GNEWS_RATE_LIMITED',
              `Google News answered 429 ${attempt + 1} times`,
              {
                cause: err,
              },
            );
          }
          throw err;
        }
        await this.#sleep(backoff);
        backoff *= 2;
      }
    }
  }

  /** Signature and timestamp of one id, from its article page on news.google.com. */
  async #params(
    id: string,
    edition: Edition,
  ): Promise<{ url: string } | { timestamp: string; signature: string }> {
    const url = googleNewsArticlePageUrl(id, edition);
    return this.#call(async () => {
      // Redirects off news.google.com are not followed: the landing is classified from its URL alone.
      const page = await this.#http
        .fetch(url, { accept: PAGE_ACCEPT, sameHostRedirects: true })
        .catch((err: unknown) => {
          const location = offHostLocation(err);
          throw location === undefined ? err : (landingFailure(id, location) ?? err);
        });
      const landed = landingFailure(id, page.finalUrl, page.text);
      if (landed) throw landed;
      const p = readGoogleNewsPage(page.text);
      if (p.url && hostOf(p.url) !== GOOGLE_NEWS_HOST) return { url: p.url };
      if (!p.signature || !p.timestamp)
        throw failure('DISCOVER_GNEWS_NO_PARAMS', id, 'no data-n-a-sg / data-n-a-ts on the article page');
      return { timestamp: p.timestamp, signature: p.signature };
    });
  }

  async #batch(
    items: { id: string; timestamp: string; signature: string }[],
    post: PostFn,
    out: Map<string, DecodeOutcome>,
  ): Promise<void> {
    let answers: { tag?: string; url?: string }[];
    try {
      const text = await this.#call(() =>
        post(GNEWS_BATCH_URL, googleNewsBatchBodyMany(items), {
          'content-type': 'application/x-www-form-urlencoded;charset=UTF-8',
          referer: 'https://news.google.com/',
        }),
      );
      answers = parseGoogleNewsBatchMany(text);
    } catch (err) {
      const e = err instanceof DaybriefError ? err : failure('DISCOVER_GNEWS_BATCH_FAILED', '', String(err));
      for (const it of items) out.set(it.id, { error: e });
      return;
    }
    const tagged = new Map(answers.filter((a) => a.tag !== undefined).map((a) => [a.tag, a.url]));
    // Answers carry the request's tag; Google may answer "generic" instead, then order is all there is.
    const byOrder = answers.length === items.length && !items.every((_, i) => tagged.has(String(i + 1)));
    items.forEach((it, i) => {
      const url = byOrder ? answers[i]?.url : tagged.get(String(i + 1));
      out.set(
        it.id,
        url
          ? { url, cached: false }
          : {
              error: failure('DISCOVER_GNEWS_UNRESOLVED', it.id, 'no URL for it in the batchexecute answer'),
            },
      );
    });
  }

  /**
   * Decodes ids (cache first, then online, in batches). Never throws: each id gets its URL or its
   * error. Decoded URLs are saved to the cache.
   */
  async decode(ids: readonly string[], edition: Edition): Promise<Map<string, DecodeOutcome>> {
    const out = new Map<string, DecodeOutcome>();
    const unique = [...new Set(ids)];
    const cached = this.#opts.cache
      ? await this.#opts.cache.getDecodedLinks(unique)
      : new Map<string, string>();
    for (const [id, url] of cached) out.set(id, { url, cached: true });
    const todo = unique.filter((id) => !out.has(id));
    const post = this.#opts.post;
    if (!post) {
      for (const id of todo)
        out.set(id, {
          error: failure('DISCOVER_GNEWS_NO_POST', id, 'the batchexecute decode needs a POST transport'),
        });
      return out;
    }
    const size = Math.max(1, this.#opts.batchSize ?? DEFAULT_BATCH);
    let pending: { id: string; timestamp: string; signature: string }[] = [];
    for (const id of todo) {
      try {
        const p = await this.#params(id, edition);
        if ('url' in p) out.set(id, { url: p.url, cached: false });
        else pending.push({ id, ...p });
      } catch (err) {
        out.set(id, {
          error: err instanceof DaybriefError ? err : failure('DISCOVER_GNEWS_UNRESOLVED', id, String(err)),
        });
        continue;
      }
      if (pending.length >= size) {
        await this.#batch(pending, post, out);
        pending = [];
      }
    }
    if (pending.length > 0) await this.#batch(pending, post, out);
    const fresh = todo.flatMap((id) => {
      const o = out.get(id);
      return o && 'url' in o ? [{ id, url: o.url }] : [];
    });
    if (fresh.length > 0 && this.#opts.cache) await this.#opts.cache.saveDecodedLinks(fresh);
    return out;
  }
}

/**
 * Resolves one Google News article link to the publisher's URL: offline for old-format ids, else
 * through a GoogleNewsDecoder (see above). Non-Google URLs are returned unchanged. Throws the
 * decode's DaybriefError (`DISCOVER_GNEWS_SORRY`, `DISCOVER_GNEWS_CONSENT`, `DISCOVER_GNEWS_OFF_HOST`,
 * `DISCOVER_GNEWS_NO_PARAMS`, `DISCOVER_GNEWS_NO_POST`, `DISCOVER_GNEWS_UNRESOLVED`, …).
 */
export async function resolveGoogleNewsLink(
  url: string,
  http: Fetcher,
  opts: GoogleNewsDecoderOptions & { edition?: Edition; decoder?: GoogleNewsDecoder } = {},
): Promise<string> {
  const offline = decodeGoogleNewsLink(url);
  if (offline) return offline;
  const id = googleNewsArticleId(url);
  if (!id) {
    if (isGoogleNewsUrl(url)) throw failure('DISCOVER_GNEWS_UNRESOLVED', url, 'not an article link');
    return url;
  }
  const decoder = opts.decoder ?? new GoogleNewsDecoder(http, opts);
  const outcome = (await decoder.decode([id], opts.edition ?? googleNewsEdition('en', 'US'))).get(id);
  if (outcome && 'url' in outcome) return outcome.url;
  throw outcome?.error ?? failure('DISCOVER_GNEWS_UNRESOLVED', id, 'no outcome');
}
