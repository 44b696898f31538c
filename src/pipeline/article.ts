import { extract } from '../extract/index.js';
import type { Fetcher } from '../fetch/types.js';
import { DaybriefError, errorInfo } from '../model/errors.js';
import type { Article, Page } from '../model/types.js';
import type { ArticleResult, StoredArticle } from '../store/store.js';
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
 * result with its stage and code.
 */
export async function processArticle(row: StoredArticle, http: Fetcher): Promise<ArticleResult> {
  if (row.candidate.headlineOnly) return headlineOnly(row);
  let stage: 'fetch' | 'extract' | 'summarize' = 'fetch';
  try {
    const page = await http.fetch(row.url);
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
