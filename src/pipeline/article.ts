import { extract } from '../extract/index.js';
import { FETCH_CODES, fetchError } from '../fetch/errors.js';
import type { BudgetClock } from '../fetch/politeness.js';
import type { Fetcher, FetchOptions } from '../fetch/types.js';
import { DaybriefError, errorInfo } from '../model/errors.js';
import type { Article, Page } from '../model/types.js';
import type { ArticleResult, Store, StoredArticle } from '../store/store.js';
import { summarize } from '../summarize/index.js';

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml', '']);

function assertHtml(page: Page): void {
  if (!HTML_TYPES.has(page.contentType)) {
    throw new DaybriefError(
      'extract',
      'EXTRACT_NOT_HTML',
      `${page.finalUrl} is ${page.contentType}, not an HTML page`,
      {
        details: { url: page.finalUrl },
      },
    );
  }
}

/** The host of a URL, or the URL itself when it does not parse (the fetch then fails on its own). */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** The budget error for a request to `url` that `clock` stopped, or before it started. */
function budgetError(clock: BudgetClock, url: string, cause?: unknown): DaybriefError | undefined {
  const stop = clock.stopped(hostOf(url));
  if (stop === 'deadline')
    return fetchError(FETCH_CODES.deadline, `the run's deadline passed before ${url} was fetched`, url, {
      cause,
      details: { runDeadlineMs: clock.budgets.runDeadlineMs },
    });
  if (stop === 'host')
    return fetchError(
      FETCH_CODES.budgetExceeded,
      `${hostOf(url)} used up its time budget before ${url} was fetched`,
      url,
      { cause, details: { hostBudgetMs: clock.budgets.hostBudgetMs } },
    );
  return undefined;
}

/** Fetches `url` under the clock: a stopped budget becomes its code; the request's own limit is FETCH_TIMEOUT. */
async function fetchUnder(
  http: Fetcher,
  url: string,
  opts: FetchOptions,
  clock?: BudgetClock,
): Promise<Page> {
  if (!clock) return http.fetch(url, opts);
  const before = budgetError(clock, url);
  if (before) throw before;
  const signal = clock.signalFor(hostOf(url));
  try {
    return await http.fetch(url, { ...opts, signal, timeoutMs: clock.budgets.requestTimeoutMs });
  } catch (err) {
    if (!signal.aborted) throw err;
    throw budgetError(clock, url, err) ?? err;
  }
}

/**
 * A headline-only candidate (a news-search link that could not be decoded): nothing is fetched; the
 * article is its headline, outlet and description, linked to the outlet's site.
 */
function headlineOnly(row: StoredArticle): ArticleResult {
  const c = row.candidate;
  const article: Article = {
    kind: 'article',
    url: c.outletUrl ?? row.url,
    title: c.title,
    text: '',
    paragraphs: [],
    paywalled: false,
    ...(c.outlet ? { siteName: c.outlet } : {}),
    ...(c.published ? { published: c.published } : {}),
    ...(c.description ? { description: c.description } : {}),
  };
  return { status: 'ok', article, summary: summarize(article), fetchedAt: new Date().toISOString() };
}

/**
 * Fetches, extracts and summarises one article. Never throws: every failure becomes a recorded
 * result with its stage and code. Under a `clock`, the request stops when its own time, its host's
 * budget or the run's deadline runs out (FETCH_TIMEOUT, FETCH_BUDGET_EXCEEDED, FETCH_DEADLINE), and
 * does not start when one already has. An article stored before is asked for with its validators,
 * and a 304 keeps what was stored.
 */
export async function processArticle(
  row: StoredArticle,
  http: Fetcher,
  clock?: BudgetClock,
): Promise<ArticleResult> {
  if (row.candidate.headlineOnly) return headlineOnly(row);
  let stage: 'fetch' | 'extract' | 'summarize' = 'fetch';
  try {
    const stored = row.article && row.summary ? { article: row.article, summary: row.summary } : undefined;
    const validators: FetchOptions = {};
    if (stored && row.etag) validators.etag = row.etag;
    if (stored && row.lastModified) validators.lastModified = row.lastModified;
    const page = await fetchUnder(http, row.url, validators, clock);
    if (page.status === 304 && stored) {
      const kept: ArticleResult = { status: 'ok', ...stored, fetchedAt: page.fetchedAt };
      if (row.etag) kept.etag = row.etag;
      if (row.lastModified) kept.lastModified = row.lastModified;
      return kept;
    }
    stage = 'extract';
    assertHtml(page);
    const extracted = extract(page.text, page.finalUrl);
    if (extracted.kind === 'skipped') {
      throw new DaybriefError('extract', extracted.code, `${extracted.reason} (${page.finalUrl})`);
    }
    if (!extracted.description && row.candidate.description)
      extracted.description = row.candidate.description;
    stage = 'summarize';
    const summary = summarize(extracted);
    const result: ArticleResult = { status: 'ok', article: extracted, summary, fetchedAt: page.fetchedAt };
    if (page.headers.etag) result.etag = page.headers.etag;
    if (page.headers['last-modified']) result.lastModified = page.headers['last-modified'];
    return result;
  } catch (err) {
    return { status: 'failed', error: errorInfo(err, stage) };
  }
}

/**
 * The work on one article, shared by `daybrief run` (in-process) and the queue's article jobs:
 * fetch, extract and summarise it, then save the outcome. When the store refuses the outcome (disk
 * full, locked, gone) the article fails with stage `store`; with `recordStoreFailure` that failure
 * is recorded where the store still takes it (the next run tries the article again), without it the
 * article stays as it was (a queue job then throws, and its retry does the article).
 */
export async function workArticle(
  row: StoredArticle,
  deps: { http: Fetcher; store: Store },
  clock: BudgetClock | undefined,
  opts: { recordStoreFailure: boolean },
): Promise<ArticleResult> {
  const result = await processArticle(row, deps.http, clock);
  try {
    await deps.store.saveResult(row.id, result);
    return result;
  } catch (err) {
    const failed: ArticleResult = { status: 'failed', error: errorInfo(err, 'store') };
    if (opts.recordStoreFailure) await deps.store.saveResult(row.id, failed).catch(() => undefined);
    return failed;
  }
}
