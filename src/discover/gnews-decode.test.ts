import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createLiveFetcher } from '../fetch/index.js';
import type { Fetcher, FetchOptions } from '../fetch/types.js';
import { DaybriefError } from '../model/errors.js';
import type { Page } from '../model/types.js';
import { SqliteStore } from '../store/sqlite.js';
import {
  GoogleNewsDecoder,
  googleNewsArticlePageUrl,
  googleNewsBatchBodyMany,
  parseGoogleNewsBatchMany,
  resolveGoogleNewsLink,
} from './gnews-decode.js';
import { googleNewsEdition } from './google-news.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const US = googleNewsEdition('en', 'US');
const ID1 = 'CBMiJ0FVX3lxTGduZXdzRml4dHVyZU9uZURlY29kZXNJbkJhdGNoXzAwMQ';
const ID2 = 'CBMiKEFVX3lxTGduZXdzRml4dHVyZVR3b01hdGNoZXNBRmVlZEl0ZW1fMDI';
const ID3 = 'CBMiKEFVX3lxTGduZXdzRml4dHVyZVRocmVlSGVhZGxpbmVPbmx5XzAwMDM';
const OLD =
  'https://news.google.com/rss/articles/CBMiO2h0dHBzOi8vbmV3cy5leGFtcGxlLm9yZy9uYXRvL3R1cmtleS1zd2VkZW4tdGFsa3MtcG9zdHBvbmVk0gEA?oc=5';
const page = (id: string) => googleNewsArticlePageUrl(id, US);
const portOf = (s: Server) => (s.address() as AddressInfo).port;

type Answer = { text?: string; finalUrl?: string; status?: number };

/** An in-memory Fetcher answering recorded responses by URL (a list is answered in turn); records requests. */
function recorded(pages: Record<string, Answer | Answer[]>) {
  const requests: { url: string; opts?: FetchOptions }[] = [];
  const turns = new Map<string, number>();
  const http: Fetcher = {
    async fetch(url, opts) {
      requests.push({ url, ...(opts ? { opts } : {}) });
      const entry = pages[url];
      const n = turns.get(url) ?? 0;
      turns.set(url, n + 1);
      const p = Array.isArray(entry) ? entry[Math.min(n, entry.length - 1)] : entry;
      if (!p) throw new DaybriefError('fetch', 'FETCH_HTTP_404', `404 for ${url}`);
      if (p.status && p.status >= 400)
        throw new DaybriefError('fetch', `FETCH_HTTP_${p.status}`, `${p.status} for ${url}`);
      const text = p.text ?? '';
      const answer: Page = {
        url,
        finalUrl: p.finalUrl ?? url,
        status: 200,
        headers: {},
        bytes: new TextEncoder().encode(text),
        text,
        charset: 'utf-8',
        contentType: 'text/html',
        fetchedAt: '2023-01-31T06:00:00.000Z',
      };
      return answer;
    },
    async close() {},
  };
  return { http, requests };
}

function poster(answer: string | (() => string)) {
  const posts: { url: string; body: string; headers: Record<string, string> }[] = [];
  const post = async (url: string, body: string, headers: Record<string, string>) => {
    posts.push({ url, body, headers });
    return typeof answer === 'string' ? answer : answer();
  };
  return { post, posts };
}

function sleeps() {
  const waits: number[] = [];
  return { sleep: async (ms: number) => void waits.push(ms), waits };
}

const articlePage = fixture('google-news-article.html');
const quiet = () => ({ intervalMs: 0, ...sleeps() });

function requestsOf(body: string): unknown[][] {
  const freq = JSON.parse(new URLSearchParams(body).get('f.req') ?? 'null') as unknown[][][];
  return (freq[0] ?? []) as unknown[][];
}

test('the article page is /rss/articles/<id> with the edition’s hl, gl and ceid', () => {
  assert.equal(
    googleNewsArticlePageUrl(ID1, googleNewsEdition('en', 'GB')),
    `https://news.google.com/rss/articles/${ID1}?hl=en-GB&gl=GB&ceid=GB:en`,
  );
  assert.equal(
    googleNewsArticlePageUrl(ID1, googleNewsEdition('pt', 'BR')),
    `https://news.google.com/rss/articles/${ID1}?hl=pt-BR&gl=BR&ceid=BR:pt-419`,
  );
});

test('batch decode: three ids, one GET each for the signature, one batchexecute POST; a missing answer fails that id only', async () => {
  const { http, requests } = recorded({
    [page(ID1)]: { text: articlePage },
    [page(ID2)]: { text: articlePage.replace('AZ5r3eR_sampleSignature-xyz&amp;42', 'SIG-two') },
    [page(ID3)]: { text: articlePage.replace('1675087500', '1675090000') },
  });
  const { post, posts } = poster(fixture('gnews-batch-three.txt'));
  const decoder = new GoogleNewsDecoder(http, { post, ...quiet() });
  const out = await decoder.decode([ID1, ID2, ID3, ID1], US);

  assert.deepEqual(
    requests.map((r) => r.url),
    [page(ID1), page(ID2), page(ID3)],
  );
  assert.equal(posts.length, 1, 'one POST for the three ids');
  assert.equal(posts[0]?.url, 'https://news.google.com/_/DotsSplashUi/data/batchexecute');
  const reqs = requestsOf(posts[0]?.body ?? '');
  assert.deepEqual(
    reqs.map((r) => [r[0], r[3]]),
    [
      ['Fbv4je', '1'],
      ['Fbv4je', '2'],
      ['Fbv4je', '3'],
    ],
  );
  const inner = reqs.map((r) => JSON.parse(r[1] as string) as unknown[]);
  assert.deepEqual(
    inner.map((i) => [i[0], i[2], i[3], i[4]]),
    [
      ['garturlreq', ID1, 1675087500, 'AZ5r3eR_sampleSignature-xyz&42'],
      ['garturlreq', ID2, 1675087500, 'SIG-two'],
      ['garturlreq', ID3, 1675090000, 'AZ5r3eR_sampleSignature-xyz&42'],
    ],
  );
  assert.deepEqual(out.get(ID1), {
    url: 'https://www.example-wire.com/2023/01/30/ministers-ammunition-contracts',
    cached: false,
  });
  assert.deepEqual(out.get(ID3), { url: 'https://news.example-daily.in/world/nato-third', cached: false });
  const two = out.get(ID2);
  assert.ok(two && 'error' in two && two.error.code === 'DISCOVER_GNEWS_UNRESOLVED');
});

test('batches hold at most batchSize ids', async () => {
  const { http } = recorded({
    [page(ID1)]: { text: articlePage },
    [page(ID2)]: { text: articlePage },
    [page(ID3)]: { text: articlePage },
  });
  const { post, posts } = poster(fixture('google-news-batchexecute.txt'));
  await new GoogleNewsDecoder(http, { post, batchSize: 2, ...quiet() }).decode([ID1, ID2, ID3], US);
  assert.deepEqual(
    posts.map((p) => requestsOf(p.body).length),
    [2, 1],
  );
});

test('a redirect to Google’s "sorry" page is DISCOVER_GNEWS_SORRY and is never used as the article', async () => {
  const { http } = recorded({
    [page(ID1)]: {
      finalUrl: 'https://www.google.com/sorry/index?continue=https://news.google.com/rss/articles/CBMi',
      text: fixture('gnews-sorry.html'),
    },
  });
  const { post, posts } = poster('');
  const out = await new GoogleNewsDecoder(http, { post, ...quiet() }).decode([ID1], US);
  const o = out.get(ID1);
  assert.ok(o && 'error' in o);
  assert.equal(o.error.code, 'DISCOVER_GNEWS_SORRY');
  assert.equal(posts.length, 0);
});

test('a consent page (redirect to consent.google.com, or served in place) is DISCOVER_GNEWS_CONSENT', async () => {
  const { http } = recorded({
    [page(ID1)]: { finalUrl: 'https://consent.google.com/ml?continue=https://news.google.com/', text: '' },
    [page(ID2)]: { text: fixture('gnews-consent.html') },
  });
  const out = await new GoogleNewsDecoder(http, { post: poster('').post, ...quiet() }).decode([ID1, ID2], US);
  assert.deepEqual(
    [ID1, ID2].map((id) => {
      const o = out.get(id);
      return o && 'error' in o ? o.error.code : 'ok';
    }),
    ['DISCOVER_GNEWS_CONSENT', 'DISCOVER_GNEWS_CONSENT'],
  );
});

test('a redirect off news.google.com is DISCOVER_GNEWS_OFF_HOST (same host only)', async () => {
  const { http } = recorded({
    [page(ID1)]: { finalUrl: 'https://www.example-wire.com/a', text: '<p>x</p>' },
  });
  await assert.rejects(
    resolveGoogleNewsLink(`https://news.google.com/rss/articles/${ID1}?oc=5`, http, {
      post: poster('').post,
      ...quiet(),
    }),
    (e: unknown) => e instanceof DaybriefError && e.code === 'DISCOVER_GNEWS_OFF_HOST',
  );
});

test('through the real fetch client, a redirect to the "sorry" host is classified without being requested', async () => {
  const asked: string[] = [];
  const google = createServer((req, res) => {
    asked.push(`google ${req.url}`);
    res.writeHead(302, { location: `http://127.0.0.1:${portOf(sorry)}/sorry/index?continue=x` }).end();
  });
  const sorry = createServer((req, res) => {
    asked.push(`sorry ${req.url}`);
    res.writeHead(200, { 'content-type': 'text/html' }).end(fixture('gnews-sorry.html'));
  });
  await Promise.all([google, sorry].map((s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', r))));
  const http = createLiveFetcher({ allowHosts: ['127.0.0.1'], robots: false, perHostDelayMs: 0, retries: 0 });
  // The decoder asks news.google.com; this fetcher sends that host's requests to the local "google".
  const local: Fetcher = {
    fetch: (url, opts) =>
      http.fetch(url.replace('https://news.google.com', `http://127.0.0.1:${portOf(google)}`), opts),
    close: () => http.close(),
  };
  try {
    const out = await new GoogleNewsDecoder(local, { post: poster('').post, ...quiet() }).decode([ID1], US);
    const o = out.get(ID1);
    assert.ok(o && 'error' in o);
    assert.equal(o.error.code, 'DISCOVER_GNEWS_SORRY');
    assert.equal(asked.filter((a) => a.startsWith('sorry')).length, 0, 'the sorry page was never fetched');
    assert.ok(asked.some((a) => a.startsWith('google /rss/articles/')));
  } finally {
    await local.close();
    for (const s of [google, sorry]) s.close();
  }
});

test('resolveGoogleNewsLink: old-format ids decode offline; current ones go through the page and batchexecute', async () => {
  const { http, requests } = recorded({ [page(ID1)]: { text: articlePage } });
  assert.equal(
    await resolveGoogleNewsLink(OLD, http),
    'https://news.example.org/nato/turkey-sweden-talks-postponed',
  );
  assert.equal(requests.length, 0);
  const { post } = poster(fixture('google-news-batchexecute.txt'));
  assert.equal(
    await resolveGoogleNewsLink(`https://news.google.com/rss/articles/${ID1}?oc=5`, http, {
      post,
      ...quiet(),
    }),
    'https://www.example-wire.com/2023/01/30/stoltenberg-ammunition-output',
  );
  assert.deepEqual(
    requests.map((r) => r.url),
    [page(ID1)],
  );
  assert.equal(await resolveGoogleNewsLink('https://pub.example/x', http), 'https://pub.example/x');
  await assert.rejects(
    resolveGoogleNewsLink(`https://news.google.com/rss/articles/${ID1}`, http, quiet()),
    (e: unknown) => e instanceof DaybriefError && e.code === 'DISCOVER_GNEWS_NO_POST',
  );
  const bare = recorded({ [page(ID2)]: { text: '<html></html>' } });
  await assert.rejects(
    resolveGoogleNewsLink(`https://news.google.com/rss/articles/${ID2}`, bare.http, { post, ...quiet() }),
    (e: unknown) => e instanceof DaybriefError && e.code === 'DISCOVER_GNEWS_NO_PARAMS',
  );
});

test('429: backs off (doubling) and retries; repeated refusals stop decoding for the run', async () => {
  const { http, requests } = recorded({
    [page(ID1)]: [{ status: 429 }, { text: articlePage }],
    [page(ID2)]: { status: 429 },
    [page(ID3)]: { text: articlePage },
  });
  const { sleep, waits } = sleeps();
  const { post, posts } = poster(fixture('google-news-batchexecute.txt'));
  const decoder = new GoogleNewsDecoder(http, {
    post,
    sleep,
    intervalMs: 0,
    backoffMs: 100,
    retries: 2,
    maxFailures: 3,
  });
  const out = await decoder.decode([ID1, ID2, ID3], US);
  assert.deepEqual(waits, [100, 100, 200], 'one backoff for ID1, then 100 and 200 ms for ID2');
  assert.equal(requests.filter((r) => r.url === page(ID1)).length, 2);
  assert.equal(requests.filter((r) => r.url === page(ID2)).length, 3, 'first try and two retries');
  assert.equal(requests.filter((r) => r.url === page(ID3)).length, 0, 'stopped: ID3 not requested');
  assert.ok(decoder.stopped);
  const codes = [ID1, ID2, ID3].map((id) => {
    const o = out.get(id);
    return o && 'error' in o ? o.error.code : 'ok';
  });
  assert.deepEqual(codes, [
    'DISCOVER_GNEWS_STOPPED',
    'DISCOVER_GNEWS_RATE_LIMITED',
    'DISCOVER_GNEWS_STOPPED',
  ]);
  assert.equal(posts.length, 0, 'once stopped, not even the pending batch is sent');
  const again = await decoder.decode([ID3], US);
  const o = again.get(ID3);
  assert.ok(o && 'error' in o && o.error.code === 'DISCOVER_GNEWS_STOPPED');
  assert.equal(requests.filter((r) => r.url === page(ID3)).length, 0);
});

test('Google requests are paced: the interval is waited between requests', async () => {
  const { http } = recorded({ [page(ID1)]: { text: articlePage }, [page(ID2)]: { text: articlePage } });
  const { sleep, waits } = sleeps();
  const { post } = poster(fixture('gnews-batch-three.txt'));
  await new GoogleNewsDecoder(http, { post, sleep, intervalMs: 60_000 }).decode([ID1, ID2], US);
  assert.equal(waits.length, 2, 'a wait before the second GET and before the POST');
  assert.ok(waits.every((w) => w > 50_000));
});

test('every decoded id is cached in the store: a second decode makes no request', async () => {
  const store = new SqliteStore(':memory:');
  await store.migrate();
  try {
    const { http, requests } = recorded({
      [page(ID1)]: { text: articlePage },
      [page(ID2)]: { text: articlePage },
      [page(ID3)]: { text: articlePage },
    });
    const { post, posts } = poster(fixture('gnews-batch-three.txt'));
    await new GoogleNewsDecoder(http, { post, cache: store, ...quiet() }).decode([ID1, ID2, ID3], US);
    assert.equal(requests.length, 3);
    assert.deepEqual(
      [...(await store.getDecodedLinks([ID1, ID2, ID3])).keys()].sort(),
      [ID1, ID3].sort(),
      'only decoded ids are cached',
    );
    const second = await new GoogleNewsDecoder(http, { post, cache: store, ...quiet() }).decode(
      [ID1, ID3],
      US,
    );
    assert.equal(requests.length, 3, 'no new GET');
    assert.equal(posts.length, 1, 'no new POST');
    assert.deepEqual(second.get(ID1), {
      url: 'https://www.example-wire.com/2023/01/30/ministers-ammunition-contracts',
      cached: true,
    });
  } finally {
    await store.close();
  }
});

test('batchexecute helpers: tags and order; error chunks give no URL', () => {
  assert.deepEqual(parseGoogleNewsBatchMany(fixture('gnews-batch-three.txt')), [
    { tag: '1', url: 'https://www.example-wire.com/2023/01/30/ministers-ammunition-contracts' },
    { tag: '2' },
    { tag: '3', url: 'https://news.example-daily.in/world/nato-third' },
  ]);
  assert.deepEqual(parseGoogleNewsBatchMany(')]}\'\n\n[["er",null]]'), []);
  assert.deepEqual(parseGoogleNewsBatchMany('not json'), []);
  assert.match(googleNewsBatchBodyMany([{ id: 'X', timestamp: '1', signature: 'S' }]), /^f\.req=%5B%5B%5B/);
});
