/**
 * The dynamic part of the site, answered from the store: the search page and a small JSON API. Every
 * value from the store or the request is escaped (HTML) or serialised (JSON); nothing is trusted.
 */
import { dayJson } from '../publish/day-json.js';
import { html, type SafeHtml } from '../publish/html.js';
import { anchorOf } from '../publish/item.js';
import { page, SEARCH_BOX_HIDDEN, SEARCH_BOX_SHOWN, SEARCH_PATH } from '../publish/layout.js';
import { checkDate, checkSlug, paths, relative } from '../publish/paths.js';
import { DEFAULT_TITLE } from '../publish/site.js';
import { type SearchHit, SNIPPET_END, SNIPPET_START, type Store } from '../store/index.js';
import { groupByStory, SEARCH_MAX_LIMIT, type StoryHit } from '../store/search.js';
import { type Answer, type Ask, askOf, responseOf } from './answer.js';
import { SizedLru } from './lru.js';
import { answerFor, type Representation, represent } from './representation.js';
import { SECURITY_HEADERS } from './static.js';

/** Results per page of the search page; the JSON API takes `limit` (1–100). */
const PAGE_SIZE = 20;
const MAX_QUERY_LENGTH = 500;
const MAX_PAGE = 50;
const MAX_OFFSET = 5_000;
const INTEGER_RE = /^\d{1,6}$/;
const DAY_RE = /^\/api\/([^/]+)\/([^/]+?)(?:\.json)?$/;
const SEARCH_PAGE = `/${SEARCH_PATH}`;
/** Where the search page sits in the site, for relative links (at the root, like `/search`). */
const SEARCH_FILE = SEARCH_PATH;
/**
 * Matching articles read (best first) to group results by story. Results are paged by story; past
 * this many articles the count is a lower bound ("more than N").
 */
export const GROUP_WINDOW = 500;
/** Outlets named in "and 2 more from …" before "and others". */
const MORE_OUTLETS = 3;

/** Options of the API handler. */
export interface ApiOptions {
  /** Site title in the search page header, default `daybrief`. */
  title?: string;
  /** Page language, default `en`. */
  lang?: string;
  /**
   * Which build of the site is current (any string that changes with every rebuild), or undefined
   * when that is not known. While it stays the same, searches and API answers are served from
   * memory; without it nothing is cached.
   */
  generation?: () => string | undefined;
  /** Bound of the memory the cached answers take, default 16 MiB (and as much for search results). */
  cacheBytes?: number;
}

/** Default bound of the API's caches, each. */
export const DEFAULT_API_CACHE_BYTES = 16 * 1024 * 1024;
/** Brotli quality of a cached answer: made once per query, so fast rather than small. */
const ANSWER_BROTLI_QUALITY = 5;

/** A request the API refuses, with the status and message to answer. */
class BadRequest extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function json(status: number, body: unknown): Response {
  return new Response(`${JSON.stringify(body, null, 2)}\n`, {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-cache',
      ...SECURITY_HEADERS,
    },
  });
}

function htmlResponse(status: number, body: string): Response {
  return new Response(body, {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache', ...SECURITY_HEADERS },
  });
}

function jsonError(err: BadRequest): Response {
  return json(err.status, { error: { code: err.code, message: err.message } });
}

/** The `q` parameter: required for the API, at most 500 characters. */
function readQuery(params: URLSearchParams, required: boolean): string {
  const q = (params.get('q') ?? '').trim();
  if (q.length > MAX_QUERY_LENGTH)
    throw new BadRequest(400, 'BAD_QUERY', `q is longer than ${MAX_QUERY_LENGTH} characters`);
  if (required && q === '') throw new BadRequest(400, 'BAD_QUERY', 'q is required');
  return q;
}

function readTopic(params: URLSearchParams): string | undefined {
  const topic = params.get('topic');
  if (topic === null || topic === '') return undefined;
  try {
    return checkSlug(topic);
  } catch {
    throw new BadRequest(400, 'BAD_TOPIC', 'topic is not a valid topic slug');
  }
}

function readInt(params: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const value = params.get(name);
  if (value === null || value === '') return fallback;
  const n = INTEGER_RE.test(value) ? Number(value) : Number.NaN;
  if (!(n >= min && n <= max))
    throw new BadRequest(400, 'BAD_PARAM', `${name} must be an integer from ${min} to ${max}`);
  return n;
}

/** Site-relative link of a hit's story on its day page (`nato/2023-01-30/index.html#s-…`). */
async function storyLinks(store: Store, hits: SearchHit[]): Promise<string[]> {
  const days = new Map<string, Promise<string[] | undefined>>();
  const storyIds = async (topic: string, date: string) =>
    (await store.getDigest(topic, date))?.stories.map((s) => s.id);
  return Promise.all(
    hits.map(async (h) => {
      const key = `${h.topic}/${h.date}`;
      if (!days.has(key)) days.set(key, storyIds(h.topic, h.date));
      const ids = await days.get(key);
      const stories = (ids ?? []).map((id) => ({ id, title: '', articles: [] }));
      const anchor = anchorOf(stories, h.storyId);
      return `${paths.day(h.topic, h.date)}${anchor ? `#${anchor}` : ''}`;
    }),
  );
}

/** The snippet as plain text, markers removed. */
export function plainSnippet(snippet: string): string {
  return snippet.split(SNIPPET_START).join('').split(SNIPPET_END).join('');
}

/** The snippet as HTML, matched terms in `<mark>`, everything else escaped. */
export function snippetHtml(snippet: string): SafeHtml {
  const [head = '', ...rest] = snippet.split(SNIPPET_START);
  const parts = rest.map((part) => {
    const end = part.indexOf(SNIPPET_END);
    if (end < 0) return html`<mark>${part}</mark>`;
    return html`<mark>${part.slice(0, end)}</mark>${plainSnippet(part.slice(end + 1))}`;
  });
  return html`${plainSnippet(head)}${parts}`;
}

/** A query as a cache key: the same words however they are spaced. */
export function normaliseQuery(q: string): string {
  return q.trim().replace(/\s+/g, ' ');
}

/** Roughly the memory a search result takes, to bound the cache by. */
function storiesSize(found: { stories: StoryHit[] }): number {
  let size = 64;
  for (const g of found.stories) {
    for (const h of [g.hit, ...g.more]) {
      size += 2 * (h.url.length + h.title.length + h.outlet.length + h.snippet.length) + 128;
    }
  }
  return size;
}

/** Matching stories, best first, from the first GROUP_WINDOW matching articles; `complete` when that was all. */
export async function searchStories(
  store: Store,
  q: string,
  topic: string | undefined,
): Promise<{ stories: StoryHit[]; complete: boolean }> {
  const hits: SearchHit[] = [];
  for (let offset = 0; offset < GROUP_WINDOW; offset += SEARCH_MAX_LIMIT) {
    const batch = await store.searchArticles(q, { topic, limit: SEARCH_MAX_LIMIT, offset });
    hits.push(...batch);
    if (batch.length < SEARCH_MAX_LIMIT) return { stories: groupByStory(hits), complete: true };
  }
  return { stories: groupByStory(hits), complete: false };
}

/** "3 stories match", "More than 480 stories match". */
function countText(total: number, complete: boolean): string {
  const stories = total === 1 ? 'story matches' : 'stories match';
  return complete ? `${total} ${stories}` : `More than ${total} stories match`;
}

/** The distinct outlets of a story's other hits. */
function moreOutlets(more: SearchHit[]): string[] {
  return [...new Set(more.map((h) => h.outlet).filter((o) => o.trim() !== ''))];
}

/** Finds the stories of a query: `searchStories`, or its cached result. */
type Find = (q: string, topic: string | undefined) => Promise<{ stories: StoryHit[]; complete: boolean }>;

async function apiSearch(store: Store, params: URLSearchParams, find: Find): Promise<Response> {
  const q = readQuery(params, true);
  const topic = readTopic(params);
  const limit = readInt(params, 'limit', PAGE_SIZE, 1, 100);
  const offset = readInt(params, 'offset', 0, 0, MAX_OFFSET);
  const { stories, complete } = await find(q, topic);
  const shown = stories.slice(offset, offset + limit);
  const hits = shown.map((g) => g.hit);
  const links = await storyLinks(store, hits);
  return json(200, {
    query: q,
    topic: topic ?? null,
    limit,
    offset,
    total: stories.length,
    complete,
    hits: hits.map((h, i) => ({
      topic: h.topic,
      date: h.date,
      storyId: h.storyId,
      url: h.url,
      title: h.title,
      outlet: h.outlet,
      snippet: plainSnippet(h.snippet),
      score: h.score,
      page: links[i],
      more: (shown[i]?.more ?? []).map((m) => ({ url: m.url, title: m.title, outlet: m.outlet })),
    })),
  });
}

async function apiTopics(store: Store): Promise<Response> {
  const topics = await store.listArchiveTopics();
  return json(200, {
    topics: topics.map((t) => ({
      ...t,
      page: paths.day(t.slug, t.latest),
      json: paths.dayJson(t.slug, t.latest),
    })),
  });
}

async function apiDay(store: Store, slug: string, date: string): Promise<Response> {
  let topic: string;
  let day: string;
  try {
    topic = checkSlug(decodeURIComponent(slug));
    day = checkDate(decodeURIComponent(date));
  } catch {
    throw new BadRequest(400, 'BAD_PATH', 'expected /api/<topic slug>/<YYYY-MM-DD>');
  }
  const digest = await store.getDigest(topic, day);
  if (!digest) throw new BadRequest(404, 'NOT_FOUND', `no digest for ${topic} on ${day}`);
  return new Response(dayJson(digest), {
    status: 200,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-cache',
      ...SECURITY_HEADERS,
    },
  });
}

async function api(store: Store, url: URL, find: Find): Promise<Response> {
  try {
    if (url.pathname === '/api/search') return await apiSearch(store, url.searchParams, find);
    if (url.pathname === '/api/topics') return await apiTopics(store);
    const day = DAY_RE.exec(url.pathname);
    if (day?.[1] && day[2]) return await apiDay(store, day[1], day[2]);
    throw new BadRequest(404, 'NOT_FOUND', 'no such API endpoint');
  } catch (err) {
    if (err instanceof BadRequest) return jsonError(err);
    throw err;
  }
}

function moreFrom(more: SearchHit[]): SafeHtml | '' {
  if (more.length === 0) return '';
  const outlets = moreOutlets(more);
  const named = outlets.slice(0, MORE_OUTLETS).join(', ');
  const others = outlets.length > MORE_OUTLETS ? ' and others' : '';
  const from = named === '' ? '' : ` from ${named}${others}`;
  return html`<p class="more-from">and ${more.length} more${from}</p>`;
}

function resultItem(group: StoryHit, link: string, topicName: string): SafeHtml {
  const { hit } = group;
  const href = relative(SEARCH_FILE, link);
  return html`<li class="result">
<h2><a href="${href}">${hit.title || hit.url}</a></h2>
<p class="meta"><span class="outlet">${hit.outlet}</span> · ${topicName} · <time datetime="${hit.date}">${hit.date}</time></p>
${hit.snippet ? html`<p class="snippet">${snippetHtml(hit.snippet)}</p>` : ''}
${moreFrom(group.more)}
</li>`;
}

function searchForm(
  q: string,
  topic: string | undefined,
  topics: { slug: string; name: string }[],
): SafeHtml {
  const options = topics.map(
    (t) => html`<option value="${t.slug}"${t.slug === topic ? html` selected` : ''}>${t.name}</option>`,
  );
  return html`<form class="search-form" role="search" aria-label="Refine the search" method="get" action="${relative(SEARCH_FILE, SEARCH_PATH)}">
<label class="visually-hidden" for="search-q">Words or "a phrase"</label>
<input id="search-q" type="search" name="q" value="${q}" maxlength="${MAX_QUERY_LENGTH}" placeholder="Words, &quot;a phrase&quot;, or OR">
<label class="visually-hidden" for="search-topic">Topic</label>
<select id="search-topic" name="topic"><option value="">All topics</option>${options}</select>
<button type="submit">Search</button>
</form>`;
}

function pageLink(q: string, topic: string | undefined, n: number): string {
  const params = new URLSearchParams({ q });
  if (topic) params.set('topic', topic);
  if (n > 1) params.set('page', String(n));
  return `${relative(SEARCH_FILE, SEARCH_PATH)}?${params}`;
}

async function searchPage(
  store: Store,
  url: URL,
  o: { title: string; lang: string },
  find: Find,
): Promise<Response> {
  const render = (status: number, title: string, body: SafeHtml, q = '') =>
    htmlResponse(
      status,
      page({
        path: SEARCH_FILE,
        title: `${title} — ${o.title}`,
        siteTitle: o.title,
        lang: o.lang,
        body,
        query: q,
        search: true,
      }),
    );
  let q: string;
  let topic: string | undefined;
  let n: number;
  try {
    q = readQuery(url.searchParams, false);
    topic = readTopic(url.searchParams);
    n = readInt(url.searchParams, 'page', 1, 1, MAX_PAGE);
  } catch (err) {
    if (!(err instanceof BadRequest)) throw err;
    return render(err.status, 'Bad search', html`<h1>Bad search</h1><p class="empty">${err.message}.</p>`);
  }
  const topics = await store.listArchiveTopics();
  const form = searchForm(q, topic, topics);
  if (q === '')
    return render(200, 'Search', html`<header class="page-header"><h1>Search</h1></header>${form}`);
  const { stories, complete } = await find(q, topic);
  const shown = stories.slice((n - 1) * PAGE_SIZE, n * PAGE_SIZE);
  const links = await storyLinks(
    store,
    shown.map((g) => g.hit),
  );
  const names = new Map(topics.map((t) => [t.slug, t.name]));
  const items = shown.map((g, i) => resultItem(g, links[i] ?? '', names.get(g.hit.topic) ?? g.hit.topic));
  const nav = [
    n > 1 ? html`<a rel="prev" href="${pageLink(q, topic, n - 1)}">Previous results</a>` : '',
    stories.length > n * PAGE_SIZE && n < MAX_PAGE
      ? html`<a class="newer" rel="next" href="${pageLink(q, topic, n + 1)}">More results</a>`
      : '',
  ];
  const results =
    shown.length === 0
      ? html`<p class="empty">Nothing in the archive matches.</p>`
      : html`<ol class="results" start="${(n - 1) * PAGE_SIZE + 1}">${items}</ol>`;
  const count =
    stories.length > 0 ? html`<p class="result-count">${countText(stories.length, complete)}</p>` : '';
  const body = html`<header class="page-header"><h1>Search: ${q}</h1></header>
${form}
${count}
${results}
${nav.some((x) => x !== '') ? html`<nav class="day-nav" aria-label="Result pages"><ul><li>${nav[0]}</li><li>${nav[1]}</li></ul></nav>` : ''}`;
  return render(200, `Search: ${q}`, body, q);
}

/** The page with the header's search box shown (built pages carry it `hidden`). */
export function showSearchBox(page: string): string {
  return page.replace(SEARCH_BOX_HIDDEN, SEARCH_BOX_SHOWN);
}

/**
 * Shows the header's search box in an HTML page of the built site (built pages carry it `hidden`,
 * since a static host has no search): `daybrief serve` with a database passes every static response
 * through this. Other responses, and encoded bodies, pass unchanged.
 */
export async function revealSearch(res: Response): Promise<Response> {
  const type = res.headers.get('content-type') ?? '';
  if (!type.startsWith('text/html') || res.headers.has('content-encoding')) return res;
  const headers = new Headers(res.headers);
  const etag = headers.get('etag');
  if (etag && !etag.startsWith('W/')) headers.set('etag', `W/${etag}`);
  if (res.body === null) {
    // HEAD: the length of the shown page is not known without reading it.
    headers.delete('content-length');
    return new Response(null, { status: res.status, statusText: res.statusText, headers });
  }
  const text = await res.text();
  const body = showSearchBox(text);
  headers.set('content-length', String(Buffer.byteLength(body)));
  return new Response(body, { status: res.status, statusText: res.statusText, headers });
}

/** True for the paths the API answers (`/search`, `/api/…`). */
export function isApiPath(pathname: string): boolean {
  return pathname === SEARCH_PAGE || pathname === '/api' || pathname.startsWith('/api/');
}

/** An answer made by the API as a representation to answer (and maybe cache) from. */
async function representationOf(res: Response): Promise<Representation> {
  const headers: Record<string, string> = {};
  res.headers.forEach((value, key) => {
    headers[key] = value;
  });
  delete headers['content-length'];
  const body = Buffer.from(await res.arrayBuffer());
  return represent(body, { status: res.status, headers, quality: ANSWER_BROTLI_QUALITY });
}

/**
 * The answers of the search page and JSON API over `store` (see `apiHandler`), or undefined for
 * paths they do not own. With `opts.generation`, successful answers and search results are kept in
 * memory (bounded, least recently used dropped first) until the generation changes: a rebuilt site
 * starts afresh.
 */
export function apiAnswers(store: Store, opts: ApiOptions = {}): (ask: Ask) => Promise<Answer | undefined> {
  const o = { title: opts.title ?? DEFAULT_TITLE, lang: opts.lang ?? 'en' };
  const bound = opts.cacheBytes ?? DEFAULT_API_CACHE_BYTES;
  const answers = new SizedLru<Representation>(bound);
  const results = new SizedLru<Promise<{ stories: StoryHit[]; complete: boolean }>>(bound);
  let seen: string | undefined;
  /** The current generation, emptying the caches when it changed; undefined: nothing is cached. */
  const current = (): string | undefined => {
    const now = opts.generation?.();
    if (now !== seen) {
      answers.clear();
      results.clear();
      seen = now;
    }
    return now;
  };
  const finder =
    (generation: string | undefined): Find =>
    (q, topic) => {
      if (generation === undefined) return searchStories(store, q, topic);
      const key = `${topic ?? ''}\n${normaliseQuery(q)}`;
      const hit = results.get(key);
      if (hit) return hit;
      const found = searchStories(store, q, topic);
      results.set(key, found, 1024);
      found.then(
        (r) => {
          if (results.get(key) === found) results.set(key, found, storiesSize(r));
        },
        () => results.delete(key),
      );
      return found;
    };
  return async (ask) => {
    if (!isApiPath(ask.pathname)) return undefined;
    if (ask.method !== 'GET' && ask.method !== 'HEAD') {
      const res = json(405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'only GET and HEAD' } });
      res.headers.set('allow', 'GET, HEAD, OPTIONS');
      return answerFor(await representationOf(res), ask);
    }
    const generation = current();
    const key = `${ask.pathname}${ask.search}`;
    const grew = (rep: Representation) => {
      if (answers.get(key) === rep) answers.resize(key, rep.size);
    };
    const hit = generation === undefined ? undefined : answers.get(key);
    if (hit) return answerFor(hit, ask, grew);
    const url = new URL(`http://site${ask.pathname}${ask.search}`);
    const find = finder(generation);
    const res =
      ask.pathname === SEARCH_PAGE ? await searchPage(store, url, o, find) : await api(store, url, find);
    const rep = await representationOf(res);
    if (generation !== undefined && rep.status === 200 && current() === generation) {
      answers.set(key, rep, rep.size);
    }
    return answerFor(rep, ask, grew);
  };
}

/**
 * The search page and JSON API over `store`, or undefined for paths it does not own (so the static
 * site answers them). Routes: `GET /search?q=&topic=&page=` (HTML), `GET /api/search?q=&topic=&limit=
 * &offset=`, `GET /api/topics`, `GET /api/<slug>/<YYYY-MM-DD>` (the day JSON). Bad input is a 400,
 * an unknown API path or day a 404, other methods a 405.
 */
export function apiHandler(
  store: Store,
  opts: ApiOptions = {},
): (req: Request) => Promise<Response | undefined> {
  const answers = apiAnswers(store, opts);
  return async (req) => {
    const answer = await answers(askOf(req));
    return answer && responseOf(answer);
  };
}
