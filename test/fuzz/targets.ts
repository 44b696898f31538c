/**
 * What the fuzzer runs: per target, how case `i` is made from the seeds (a pure function of the
 * case's PRNG) and what a case must satisfy. A case passes when it returns normally or throws a
 * DaybriefError (a stage refusing bad input the documented way); anything else thrown, a broken
 * property, or (measured by the runner) a hang or runaway memory is a failure.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Article } from '../../src/model/types.js';
import type { Store } from '../../src/store/index.js';
import { mutateBytes, mutateString, type Rng } from './mutate.js';
import { loadSeeds, type Seeds } from './seeds.js';

// The code under test is imported in each target's setup, so that a worker loads only its own target's
// modules (feedsmith alone takes seconds to load through tsx).
type FeedsModule = typeof import('../../src/discover/feeds.js');
type CharsetModule = typeof import('../../src/fetch/charset.js');
type ExtractModule = typeof import('../../src/extract/index.js');
type SentencesModule = typeof import('../../src/summarize/sentences.js');
type SummarizeModule = typeof import('../../src/summarize/summarize.js');
type UrlsModule = typeof import('../../src/cluster/urls.js');
type ConfigModule = typeof import('../../src/config/load.js');

/** A broken property (as opposed to an exception escaping the code under test). */
export class Violation extends Error {
  override name = 'Violation';
}

export function check(ok: unknown, message: string): asserts ok {
  if (!ok) throw new Violation(message);
}

export interface FuzzTarget<I = unknown, R = unknown> {
  name: string;
  /** The material inputs are made from (loaded in the worker, and again to reproduce a hang). */
  seeds: () => Promise<Seeds>;
  input: (rng: Rng, seeds: Seeds) => I;
  /** Resources the cases use (the worker only), and how to release them. */
  setup?: () => Promise<R>;
  teardown?: (resources: R) => Promise<void>;
  run: (input: I, resources: R) => unknown;
}

const define = <I, R = undefined>(t: FuzzTarget<I, R>) => t as unknown as FuzzTarget;

const HTTP = /^https?:\/\//i;
const isHttpUrl = (s: unknown) => typeof s === 'string' && HTTP.test(s) && URL.canParse(s);

const PAGE_URLS = [
  'https://www.herald.example/2024/03/01/grid-link-opens.html',
  'http://thehill.com/news/123-story',
  'https://news.example/a?id=1&utm_source=x',
  'https://example.com/',
  'http://[::1]:8080/p',
  'https://xn--caf-dma.example/caf%C3%A9',
];

const FEED_URLS = [
  'https://feeds.example/rss.xml',
  'https://news.google.com/rss/search?q=grid&hl=en-US&gl=US&ceid=US:en',
  'https://www.bing.com/news/search?q=grid&format=rss',
  'http://localhost/feed',
  'https://feeds.example/ünïcode',
];

const LANGS = ['en', 'de', 'fi', 'ja', 'zh', 'fr', 'ar', 'xx', '', 'en-GB', 'zh-Hant-TW', 'EN', '123'];

/** A seed as is (now and then) or mutated, drawing on the other seeds. */
function mutated(rng: Rng, seeds: readonly string[]): string {
  const seed = rng.pick(seeds);
  return rng.chance(0.05) ? seed : mutateString(rng, seed, seeds);
}

function pickUrl(rng: Rng, urls: readonly string[]): string {
  const url = rng.pick(urls);
  return rng.chance(0.2) ? mutateString(rng, url) : url;
}

export const feeds = define<{ text: string; url: string }, FeedsModule>({
  name: 'feed parser',
  seeds: () => loadSeeds(),
  input: (rng, s) => ({ text: mutated(rng, s.feeds), url: pickUrl(rng, FEED_URLS) }),
  setup: () => import('../../src/discover/feeds.js'),
  run: ({ text, url }, { parseFeed }) => {
    const items = parseFeed(text, url);
    check(Array.isArray(items), 'parseFeed returned no array');
    for (const c of items) {
      check(isHttpUrl(c.url), `a candidate's url is not an absolute http(s) URL: ${JSON.stringify(c.url)}`);
      check(typeof c.title === 'string', 'a candidate has no title string');
      check(c.published === undefined || !Number.isNaN(Date.parse(c.published)), 'published is not a date');
    }
  },
});

const CONTENT_TYPES = [
  undefined,
  '',
  'text/html',
  'text/html; charset=utf-8',
  'text/html; charset=windows-1252',
  'text/html; charset="shift_jis"',
  'text/html;charset=utf-16',
  'text/html; charset=bogus',
  'application/xml; charset=iso-2022-jp',
  'text/plain; charset=x-user-defined',
  'text/html; charset=',
  'text/html; charset=replacement',
  ';;;charset=utf-7;',
];

const BOM_SOURCES = new Set(['bom', 'header', 'meta', 'xml', 'default', 'heuristic']);

export const charset = define<{ bytes: Uint8Array; contentType: string | undefined }, CharsetModule>({
  name: 'charset decoder',
  seeds: () => loadSeeds(),
  input: (rng, s) => {
    const all = [...s.pageBytes, ...s.feedBytes];
    const seed = rng.pick(all);
    const ct = rng.pick(CONTENT_TYPES);
    return {
      bytes: rng.chance(0.05) ? seed : mutateBytes(rng, seed, all),
      contentType: ct !== undefined && rng.chance(0.2) ? mutateString(rng, ct) : ct,
    };
  },
  setup: () => import('../../src/fetch/charset.js'),
  run: ({ bytes, contentType }, { decodeBody }) => {
    const d = decodeBody(bytes, contentType);
    check(typeof d.text === 'string', 'decodeBody gave no text');
    check(typeof d.charset === 'string' && d.charset.length > 0, 'decodeBody named no charset');
    check(BOM_SOURCES.has(d.source), `unknown source ${d.source}`);
  },
});

export const extractor = define<{ html: string; url: string }, ExtractModule>({
  name: 'extractor',
  seeds: () => loadSeeds(),
  input: (rng, s) => ({ html: mutated(rng, s.pages), url: pickUrl(rng, PAGE_URLS) }),
  setup: () => import('../../src/extract/index.js'),
  run: ({ html, url }, { extract }) => {
    const r = extract(html, url, { now: new Date('2030-01-01T00:00:00Z') });
    // extract never throws: an internal error comes back as EXTRACT_FAILED, which is a bug here.
    if (r.kind === 'skipped') {
      check(r.code !== 'EXTRACT_FAILED', r.reason);
      return;
    }
    check(typeof r.title === 'string' && typeof r.text === 'string', 'article without title or text');
    check(r.image === undefined || isHttpUrl(r.image), `image is not http(s): ${r.image}`);
    check(r.published === undefined || !Number.isNaN(Date.parse(r.published)), `bad date ${r.published}`);
    check(Array.isArray(r.paragraphs), 'no paragraphs');
  },
});

/**
 * Pages whose malformed tags make unique attribute and tag names of a megabyte: what the extractor keeps
 * between pages must not grow with them (the name caches once kept up to 2,000 such names).
 */
export const extractHugeNames = define<number, ExtractModule>({
  name: 'extractor, huge names',
  seeds: () => loadSeeds(),
  input: (rng) => rng.int(2 ** 30),
  setup: () => import('../../src/extract/index.js'),
  run: (n, { extract }) => {
    const name = `${'"'.repeat(1_000_000)}${n}`;
    const html = `<html><body><article><div class=""${name}="x"><p>Text of the page ${n}.</p></div><x${name}></x${name}></article></body></html>`;
    const r = extract(html, 'https://e.example/a');
    check(r.kind === 'article' || r.code !== 'EXTRACT_FAILED', 'internal failure');
  },
});

export const sentences = define<{ text: string; lang: string }, SentencesModule>({
  name: 'sentence segmenter',
  seeds: () => loadSeeds(),
  input: (rng, s) => ({ text: mutated(rng, s.texts), lang: rng.pick(LANGS) }),
  setup: () => import('../../src/summarize/sentences.js'),
  run: ({ text, lang }, { splitSentences }) => {
    const out = splitSentences(text, lang);
    check(Array.isArray(out), 'no array');
    for (const sentence of out) check(typeof sentence === 'string', 'a sentence is not a string');
  },
});

export const summariser = define<{ article: Article; k: number | undefined }, SummarizeModule>({
  name: 'summariser',
  seeds: () => loadSeeds(),
  input: (rng, s) => {
    // Paragraphs up to 100 KB (an article body of about a megabyte at most, as extraction gives):
    // beyond that a summary takes seconds because of its size alone, which is not a hang.
    const paragraphs = Array.from({ length: 1 + rng.small(12) }, () =>
      mutated(rng, s.texts).slice(0, 100_000),
    );
    const article: Article = {
      kind: 'article',
      url: rng.pick(PAGE_URLS),
      title: mutated(rng, s.texts).slice(0, 300),
      text: paragraphs.join('\n\n'),
      paragraphs,
      paywalled: rng.chance(0.2),
    };
    if (rng.chance(0.6)) article.description = mutated(rng, s.texts).slice(0, 100_000);
    if (rng.chance(0.7)) article.lang = rng.pick(LANGS);
    return { article, k: rng.chance(0.3) ? rng.int(12) : undefined };
  },
  setup: () => import('../../src/summarize/summarize.js'),
  run: ({ article, k }, { summarize }) => {
    const s = summarize(article, k === undefined ? {} : { sentences: k });
    check(Array.isArray(s.sentences), 'no sentences');
    check(['body', 'description', 'none'].includes(s.source), `bad source ${s.source}`);
    for (const sentence of s.sentences)
      check(typeof sentence === 'string' && sentence.length > 0, 'empty sentence');
  },
});

const URL_PARTS = [
  'https://',
  'http://',
  'HTTP://',
  'ftp://',
  'javascript:',
  '//',
  'www.',
  'm.',
  'amp.',
  'example.com',
  'xn--',
  '[::1]',
  '127.0.0.1',
  ':8080',
  ':0',
  ':99999',
  '/',
  '/amp',
  '.amp.html',
  '/index.html',
  '?',
  '&',
  '=',
  'utm_source=x',
  'ref=y',
  'id=1',
  '#frag',
  '%',
  '%2F',
  '%00',
  '%zz',
  '\\',
  ' ',
  '@',
  'user:pass@',
  'ü',
  '\u0000',
  '\uD800',
  '..',
];

export const urls = define<string, UrlsModule>({
  name: 'URL canonicaliser',
  seeds: () => loadSeeds(),
  input: (rng) => {
    // Up to 100 KB, far beyond what servers accept: a 1.5 MB URL of 300,000 parameters takes about a
    // second (linearly), which under a busy machine crossed the hang budget without being one.
    if (rng.chance(0.5)) return mutateString(rng, rng.pick(PAGE_URLS)).slice(0, 100_000);
    return Array.from({ length: 1 + rng.int(10) }, () => rng.pick(URL_PARTS)).join('');
  },
  setup: () => import('../../src/cluster/urls.js'),
  run: (url, { urlKey }) => {
    const key = urlKey(url);
    check(typeof key === 'string', 'no key');
    check(urlKey(url) === key, 'urlKey is not deterministic');
  },
});

const VALID_CONFIG = {
  database: 'daybrief.sqlite',
  out: 'site',
  title: 'Briefs',
  newsSearch: true,
  schedule: '06:30',
  topics: [
    {
      name: 'Baltic Grid',
      query: '"Baltic Grid" OR Nordlink',
      language: 'en',
      region: 'FI',
      timezone: 'Europe/Helsinki',
    },
    { name: 'Energy', slug: 'energy', feeds: ['https://feeds.example/energy.xml'], maxArticles: 50 },
  ],
};

const ODD_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  1e308,
  Number.MAX_SAFE_INTEGER + 2,
  0.5,
  '',
  ' ',
  '..',
  '../../etc',
  'a'.repeat(10_000),
  '\u0000',
  '\uD800',
  'Europe/Nowhere',
  'UTC',
  'https://x.example/',
  'javascript:alert(1)',
  [],
  {},
  { __proto__: { polluted: true } },
  JSON.parse('{"__proto__": {"polluted": true}}'),
  [[[[[[]]]]]],
];

/** A copy of `value` with one node replaced, removed or added at random. */
function mutateJson(rng: Rng, value: unknown, depth = 0): unknown {
  if (depth > 0 && rng.chance(0.3)) return rng.pick(ODD_VALUES);
  if (Array.isArray(value)) {
    const copy = [...value];
    if (copy.length && rng.chance(0.7)) {
      const i = rng.int(copy.length);
      copy[i] = mutateJson(rng, copy[i], depth + 1);
    } else if (rng.chance(0.5)) copy.push(rng.chance(0.5) && copy.length ? copy[0] : rng.pick(ODD_VALUES));
    else copy.splice(rng.int(copy.length + 1), 1);
    return copy;
  }
  if (value && typeof value === 'object') {
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    const keys = Object.keys(copy);
    const op = rng.int(4);
    const key = keys.length ? rng.pick(keys) : 'x';
    if (op === 0) copy[key] = mutateJson(rng, copy[key], depth + 1);
    else if (op === 1) delete copy[key];
    else if (op === 2)
      copy[rng.pick(['extra', '__proto__', 'constructor', 'slug', 'feeds', 'name'])] = rng.pick(ODD_VALUES);
    else copy[key] = mutateJson(rng, copy[key], depth + 1);
    return copy;
  }
  if (typeof value === 'string' && rng.chance(0.6)) return mutateString(rng, value);
  return rng.pick(ODD_VALUES);
}

const SEGMENT = /^[A-Za-z0-9._-]+$/;

export const config = define<{ value?: unknown; text?: string }, { dir: string; n: number; m: ConfigModule }>(
  {
    name: 'config loader',
    seeds: () => loadSeeds(),
    input: (rng) => {
      let value: unknown = VALID_CONFIG;
      for (let n = 1 + rng.small(4); n > 0; n--) value = mutateJson(rng, value);
      if (rng.chance(0.5)) return { value };
      const text = JSON.stringify(value) ?? 'null';
      return { text: rng.chance(0.7) ? mutateString(rng, text) : text };
    },
    setup: async () => ({
      dir: await mkdtemp(join(tmpdir(), 'daybrief-fuzz-config-')),
      n: 0,
      m: await import('../../src/config/load.js'),
    }),
    teardown: async ({ dir }) => rm(dir, { recursive: true, force: true }),
    run: async (input, res) => {
      let cfg: Awaited<ReturnType<ConfigModule['loadConfig']>>;
      if (input.text !== undefined) {
        const file = join(res.dir, `c${res.n++ % 4}.json`);
        await writeFile(file, input.text);
        cfg = await res.m.loadConfig(file);
      } else cfg = res.m.parseConfig(input.value);
      check(cfg.topics.length > 0, 'a config without topics passed');
      for (const t of cfg.topics) {
        check(
          SEGMENT.test(t.slug) && t.slug !== '.' && t.slug !== '..',
          `unsafe slug ${JSON.stringify(t.slug)}`,
        );
        check(t.query !== undefined || t.feeds.length > 0, 'a topic with neither query nor feeds passed');
        check(t.feeds.every(isHttpUrl), 'a non-http feed passed');
      }
      check(!('polluted' in {}), 'Object.prototype was polluted');
    },
  },
);

const METHODS = [
  'GET',
  'GET',
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'OPTIONS',
  'PATCH',
  'PROPFIND',
  'get',
  'X-Y',
];
const PATH_PARTS = [
  '/',
  '//',
  '..',
  '.',
  '%2e%2e',
  '%2E.',
  '%2f',
  '%5c',
  '\\',
  '%00',
  '%',
  '%zz',
  '%C0%AE',
  '%E2%80%AE',
  'index.html',
  'feed.xml',
  'feed.json',
  'baltic-grid',
  '2026-11-26',
  '2026-11-26.json',
  'week',
  'media',
  'style.css',
  'api',
  'search',
  'topics',
  'etc/passwd',
  '.hidden',
  'x'.repeat(300),
  'ü',
  '<fz>',
  '"',
  ';',
];
const QUERY_PARTS = [
  'q=',
  'q=grid',
  'q="',
  'q=*',
  'q=NEAR(a b)',
  'q=a OR',
  'q=-x',
  'q=^',
  'q=col:val',
  'q=(',
  'q=%22unclosed',
  'q=<fz>script',
  'q=%3Cfz%3E',
  'topic=baltic-grid',
  'topic=../x',
  'topic=',
  'page=-1',
  'page=1e9',
  'page=NaN',
  'page=2',
  'limit=0',
  'limit=100000',
  'limit=abc',
  'offset=-5',
  'offset=99999999999999999999',
  '&',
  '=',
  'q=\u0000',
  'q=%FF',
];

export interface ServeResources {
  handler: (req: Request) => Promise<Response>;
  root: string;
  secret: string;
  work: string;
  store: Store;
}

/** The demo site and its store, and a secret file beside (outside) the site root. */
async function serveSetup(): Promise<ServeResources> {
  const { buildDemo } = await import('../../src/cli/demo.js');
  const { openStore } = await import('../../src/store/index.js');
  const { siteHandler } = await import('../../src/server/index.js');
  const work = await mkdtemp(join(tmpdir(), 'daybrief-fuzz-serve-'));
  const root = join(work, 'site');
  const database = join(work, 'demo.sqlite');
  await mkdir(root, { recursive: true });
  await buildDemo(root, { quiet: true, database });
  const secret = `SECRET-${Math.random().toString(36).slice(2)}`;
  await writeFile(join(work, 'secret.txt'), secret);
  const store = await openStore(database);
  return { handler: siteHandler(root, store, { title: 'fuzz' }), root, secret, work, store };
}

const SERVE_STATUSES = new Set([200, 301, 304, 400, 404, 405, 414, 501]);

export const serve = define<{ method: string; path: string }, ServeResources>({
  name: 'serve request handling',
  seeds: () => loadSeeds(),
  input: (rng) => {
    const segments = Array.from({ length: rng.int(6) }, () => rng.pick(PATH_PARTS));
    let path = `/${segments.join(rng.chance(0.8) ? '/' : '')}`;
    if (rng.chance(0.4)) {
      const query = Array.from({ length: 1 + rng.int(4) }, () => rng.pick(QUERY_PARTS)).join('&');
      path = `${rng.pick(['/search', '/api/search', '/api/topics', '/api/baltic-grid/2026-11-26', path])}?${query}`;
    }
    if (rng.chance(0.2)) path = mutateString(rng, path);
    return { method: rng.pick(METHODS), path };
  },
  setup: serveSetup,
  teardown: async (r) => {
    await r.store.close();
    await rm(r.work, { recursive: true, force: true });
  },
  run: async ({ method, path }, r) => {
    let req: Request;
    try {
      // The request target after the server's origin (as the node:http adapter should build it; a
      // target like `//[` resolved as a relative URL is the adapter's own crash, see issue #9).
      req = new Request(`http://127.0.0.1:8080${path.startsWith('/') ? '' : '/'}${path}`, { method });
    } catch {
      return; // not a request the Fetch API can express (a bad method token or URL): never reaches the handler
    }
    const res = await r.handler(req);
    check(SERVE_STATUSES.has(res.status), `status ${res.status} for ${method} ${path}`);
    const body = Buffer.from(await res.arrayBuffer()).toString('latin1');
    check(!body.includes(r.secret), `a file outside the site was served for ${path}`);
    // Markup planted in the path or query must never come back as markup in a page (JSON may echo it).
    const html = (res.headers.get('content-type') ?? '').startsWith('text/html');
    check(!html || !body.includes('<fz'), `input reflected unescaped in HTML for ${path}`);
  },
});

export const TARGETS: Record<string, FuzzTarget> = {
  feeds,
  charset,
  extract: extractor,
  'extract-huge-names': extractHugeNames,
  sentences,
  summarize: summariser,
  urls,
  config,
  serve,
};
