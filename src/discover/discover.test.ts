import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Fetcher, FetchOptions } from '../fetch/types.js';
import { DaybriefError } from '../model/errors.js';
import type { Page, Topic } from '../model/types.js';
import { SqliteStore } from '../store/sqlite.js';
import { bingNewsSearchUrl } from './bing-news.js';
import { dayWindow } from './day.js';
import { discover, discoverSources, FEED_ACCEPT, newsSources } from './discover.js';
import { gdeltSearchUrl } from './gdelt.js';
import { googleNewsSearchUrl } from './google-news.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const DAY = dayWindow('2023-01-30', 'Europe/Helsinki');
const NOW = new Date('2023-01-31T06:00:00Z');
const OWN_RSS = 'https://www.harbour-gazette.example/world/feed.xml';
const OWN_ATOM = 'https://review.example.fi/feed.atom';
const DOWN = 'https://down.example/feed';
const BROKEN = 'https://broken.example/feed';
const NEW_ID = 'CBMiMUFVX3lxTE1mM2s5WnEwc2FtcGxlT3BhcXVlVG9rZW5Gb3JUZXN0c19hYmMxMjNYWVo';
const TOPIC: Topic = {
  name: 'NATO',
  slug: 'nato',
  query: 'NATO OR alliance OR membership -golf',
  feeds: [OWN_RSS, OWN_ATOM, DOWN, BROKEN],
  language: 'en',
  region: 'US',
  timezone: 'Europe/Helsinki',
  maxArticles: 100,
};
const GOOGLE = googleNewsSearchUrl(TOPIC, DAY);
const BING = bingNewsSearchUrl(TOPIC, DAY);
const GDELT = gdeltSearchUrl(TOPIC, DAY);
/** Google News is opt-in: the tests of its links ask for it. */
const WITH_GOOGLE = ['google', 'bing'] as const;
/** No real waits between GDELT requests in tests. */
const NO_PACING = { gdelt: { intervalMs: 0 } };
/** No real waits between Google News decode requests in tests. */
const NO_GNEWS_PACING = { gnews: { intervalMs: 0 } };

/** An in-memory Fetcher over fixture texts; unknown URLs answer 404 as the real client would. */
function fakeFetcher(pages: Record<string, string>) {
  const requests: { url: string; opts?: FetchOptions }[] = [];
  const http: Fetcher = {
    async fetch(url, opts) {
      requests.push({ url, ...(opts ? { opts } : {}) });
      const text = pages[url];
      if (text === undefined)
        throw new DaybriefError('fetch', 'FETCH_HTTP_404', `HTTP 404 for ${url}`, { details: { url } });
      const page: Page = {
        url,
        finalUrl: url,
        status: 200,
        headers: {},
        bytes: new TextEncoder().encode(text),
        text,
        charset: 'utf-8',
        contentType: 'application/xml',
        fetchedAt: NOW.toISOString(),
      };
      return page;
    },
    async close() {},
  };
  return { http, requests };
}

const PAGES: Record<string, string> = {
  [GOOGLE]: fixture('google-news-search.xml'),
  [GDELT]: fixture('gdelt-artlist.json'),
  [BING]: fixture('bing-news.xml'),
  [OWN_RSS]: fixture('rss2-entities.xml'),
  [OWN_ATOM]: fixture('atom.xml'),
  [BROKEN]: fixture('malformed.xml'),
  [`https://news.google.com/rss/articles/${NEW_ID}?hl=en-US&gl=US&ceid=US:en`]:
    fixture('google-news-article.html'),
};
const post = async () => fixture('google-news-batchexecute.txt');

test('discover: search and own feeds, day filter, topic filter, link resolution, dedupe, failures recorded', async () => {
  const { http, requests } = fakeFetcher(PAGES);
  const { candidates, failures } = await discover(TOPIC, DAY, http, {
    now: NOW,
    post,
    liveSearch: WITH_GOOGLE,
    ...NO_GNEWS_PACING,
  });

  assert.deepEqual(
    candidates.map((c) => c.url),
    [
      'https://www.example-times.com/world/2023/01/30/nato-chief-seoul-visit.html',
      'https://news.example.org/nato/turkey-sweden-talks-postponed',
      'https://www.example-wire.com/2023/01/30/stoltenberg-ammunition-output',
      'https://www.example-wire.com/article/nato-stoltenberg-japan-visit-0a1b2c3d4e5f60718293a4b5c6d7e8f9-and-a-very-long-tail-to-need-two-byte-length-varint-encoding-for-this-url-1234567890',
      'https://www.example-herald.se/en/nato-talks-on-hold',
      'https://www.harbour-gazette.example/world/2023/01/30/allies-ministers-brussels?id=7',
      'https://review.example.fi/2023/01/road-to-membership',
    ],
  );
  const seoul = candidates[0];
  assert.equal(seoul?.source, GOOGLE, 'the earlier Google copy wins over Bing');
  assert.equal(seoul?.published, '2023-01-30T02:15:00.000Z');
  assert.match(
    seoul?.description ?? '',
    /secretary general began an Asia tour/,
    'gaps filled from the Bing copy',
  );

  assert.deepEqual(
    failures.map((f) => [f.source, f.error.stage, f.error.code]),
    [
      [DOWN, 'fetch', 'FETCH_HTTP_404'],
      [BROKEN, 'discover', 'DISCOVER_BAD_FEED'],
    ],
  );
  const feedRequests = requests.filter((r) => !r.url.includes('/articles/'));
  assert.deepEqual(feedRequests.map((r) => r.url).sort(), [GOOGLE, BING, ...TOPIC.feeds].sort());
  assert.ok(feedRequests.every((r) => r.opts?.accept === FEED_ACCEPT));
});

test('discover: without a POST transport, 2024+ Google links are reported and kept as headlines (or dropped on request)', async () => {
  const { http } = fakeFetcher(PAGES);
  const kept = await discover(TOPIC, DAY, http, { now: NOW, liveSearch: WITH_GOOGLE, ...NO_GNEWS_PACING });
  const gn = kept.failures.find((f) => f.source === GOOGLE);
  assert.equal(gn?.error.code, 'DISCOVER_GNEWS_UNRESOLVED');
  assert.match(gn?.error.message ?? '', /1 of 1 Google News links .*DISCOVER_GNEWS_NO_POST/);
  const headline = kept.candidates.find((c) => c.url.includes('news.google.com'));
  assert.equal(headline?.headlineOnly, true);
  assert.equal(headline?.title, 'Stoltenberg: allies must step up support & ammunition output');

  const dropped = await discover(TOPIC, DAY, http, {
    now: NOW,
    keepUnresolved: false,
    liveSearch: WITH_GOOGLE,
    ...NO_GNEWS_PACING,
  });
  assert.ok(!dropped.candidates.some((c) => c.url.includes('news.google.com')));
});

test('discover: a failed Google News decode keeps the item, matched to another source or headline-only; the store cache saves a second decode', async () => {
  const own = 'https://www.harbour-gazette.example/world/gnews-feed.xml';
  const topic: Topic = { ...TOPIC, query: 'NATO OR alliance', feeds: [own] };
  const google = googleNewsSearchUrl(topic, DAY);
  const id1 = 'CBMiJ0FVX3lxTGduZXdzRml4dHVyZU9uZURlY29kZXNJbkJhdGNoXzAwMQ';
  const pages = {
    [google]: fixture('gnews-search-current.xml'),
    [own]: fixture('gnews-own-feed.xml'),
    // Only the first id's article page answers; the others fail (404) and fall back.
    [`https://news.google.com/rss/articles/${id1}?hl=en-US&gl=US&ceid=US:en`]:
      fixture('google-news-article.html'),
  };
  const store = new SqliteStore(':memory:');
  await store.migrate();
  const posts: string[] = [];
  const batch = async (_url: string, body: string) => {
    posts.push(body);
    return fixture('gnews-batch-three.txt');
  };
  try {
    const opts = {
      now: NOW,
      liveSearch: ['google'] as const,
      post: batch,
      linkCache: store,
      ...NO_GNEWS_PACING,
    };
    const first = fakeFetcher(pages);
    const { candidates, sources } = await discover(topic, DAY, first.http, opts);
    const fromGoogle = candidates.filter((c) => c.source === google);
    assert.deepEqual(
      fromGoogle.map((c) => [c.url, c.headlineOnly ?? false]),
      [
        ['https://www.example-wire.com/2023/01/30/ministers-ammunition-contracts', false],
        [
          'https://news.google.com/rss/articles/CBMiKEFVX3lxTGduZXdzRml4dHVyZVRocmVlSGVhZGxpbmVPbmx5XzAwMDM?oc=5',
          true,
        ],
      ],
      'decoded; else (not in another source) headline-only',
    );
    const matched = candidates.filter(
      (c) => c.url === 'https://www.harbour-gazette.example/world/2023/01/30/allies-ministers-brussels',
    );
    assert.equal(matched.length, 1, 'the undecoded item found in the outlet’s own feed is that one article');
    assert.equal(matched[0]?.source, own);
    assert.equal(fromGoogle[1]?.outletUrl, 'https://fjordpost.example.no/');
    assert.equal(
      candidates.filter(
        (c) => c.url === 'https://www.harbour-gazette.example/world/2023/01/30/allies-ministers-brussels',
      ).length,
      1,
      'the matched article is listed once',
    );
    assert.ok(
      candidates.some(
        (c) => c.url === 'https://www.harbour-gazette.example/world/2023/01/30/nordic-air-policing',
      ),
      'a same title from another outlet is not a match, and stays its own item',
    );
    const report = sources.find((s) => s.kind === 'google');
    assert.match(
      report?.errors[0]?.message ?? '',
      /2 of 3 .*1 matched to another source, 1 kept as headlines/,
    );
    assert.equal(posts.length, 1);

    const second = fakeFetcher(pages);
    const again = await discover(topic, DAY, second.http, opts);
    assert.ok(
      !second.requests.some((r) => r.url.includes(id1)),
      'the decoded id is read from the store, not requested again',
    );
    assert.equal(posts.length, 1, 'no second batchexecute for it');
    assert.ok(
      again.candidates.some(
        (c) => c.url === 'https://www.example-wire.com/2023/01/30/ministers-ammunition-contracts',
      ),
    );
  } finally {
    await store.close();
  }
});

test('discover: liveSearch false reads only the own feeds; no query means no topic filter', async () => {
  const { http, requests } = fakeFetcher(PAGES);
  const { candidates, failures } = await discover(
    { ...TOPIC, query: undefined, feeds: [OWN_RSS] },
    DAY,
    http,
    { now: NOW, liveSearch: false },
  );
  assert.deepEqual(
    requests.map((r) => r.url),
    [OWN_RSS],
  );
  assert.deepEqual(failures, []);
  assert.deepEqual(
    candidates.map((c) => c.url),
    [
      'https://www.harbour-gazette.example/world/2023/01/30/allies-ministers-brussels?id=7',
      'https://www.harbour-gazette.example/world/guid-permalink',
      'https://wire.example.net/story/123',
      'https://www.harbour-gazette.example/world/undated',
    ],
  );
  const search = await discover({ ...TOPIC, feeds: [] }, DAY, fakeFetcher(PAGES).http, {
    now: NOW,
    liveSearch: false,
  });
  assert.deepEqual(search, { candidates: [], failures: [], sources: [] });
});

test('news search by default is GDELT and Bing News; Google News only when listed; false is none', () => {
  assert.deepEqual(newsSources(undefined), ['gdelt', 'bing']);
  assert.deepEqual(newsSources(true), ['gdelt', 'bing']);
  assert.deepEqual(newsSources(false), []);
  assert.deepEqual(newsSources(['bing', 'google', 'gdelt', 'bing']), ['gdelt', 'google', 'bing']);
  assert.deepEqual(discoverSources(TOPIC, DAY), [GDELT, BING, ...TOPIC.feeds]);
  assert.deepEqual(discoverSources(TOPIC, DAY, { liveSearch: ['google'] }), [GOOGLE, ...TOPIC.feeds]);
  assert.deepEqual(discoverSources(TOPIC, DAY, { liveSearch: [] }), TOPIC.feeds);
  assert.deepEqual(discoverSources({ ...TOPIC, query: undefined }, DAY), TOPIC.feeds);
});

test('discover by default: GDELT and Bing queried, Google News not; per-source reports', async () => {
  const { http, requests } = fakeFetcher(PAGES);
  const { candidates, failures, sources } = await discover(TOPIC, DAY, http, { now: NOW, ...NO_PACING });
  assert.ok(!requests.some((r) => r.url.includes('news.google.com')), 'Google News is opt-in');
  assert.equal(requests.filter((r) => r.url === GDELT).length, 1);
  const fromGdelt = candidates.filter((c) => c.source === GDELT);
  assert.deepEqual(
    fromGdelt.map((c) => c.url),
    [
      'https://www.example-post.co.uk/world/2023/jan/30/nato-ammunition-stocks-warning',
      'https://news.example-daily.in/international/nato-chief-tokyo-visit-2023',
      'https://m.example-radio.ca/nato-arctic',
    ],
    'the day only (the 29 January item is out); the Herald copy is shared with Bing, which saw it first',
  );
  assert.equal(fromGdelt[0]?.image, 'https://img.example-post.co.uk/2023/01/30/ammo-1200.jpg');
  assert.deepEqual(
    sources.map((s) => [s.kind, s.requests, s.items, s.kept, s.errors.map((e) => e.code)]),
    [
      ['gdelt', 1, 5, 4, []],
      ['bing', 1, 3, 2, []],
      ['feed', 1, 5, 1, []],
      ['feed', 1, 3, 1, []],
      ['feed', 1, 0, 0, ['FETCH_HTTP_404']],
      ['feed', 1, 0, 0, ['DISCOVER_BAD_FEED']],
    ],
  );
  assert.deepEqual(
    failures.map((f) => f.error.code),
    ['FETCH_HTTP_404', 'DISCOVER_BAD_FEED'],
  );
});

test('discover: a GDELT query error is one failing source with DISCOVER_GDELT_ERROR; the others go on', async () => {
  const { http } = fakeFetcher({ ...PAGES, [GDELT]: fixture('gdelt-error.txt') });
  const { candidates, sources } = await discover(TOPIC, DAY, http, { now: NOW, ...NO_PACING });
  const gdelt = sources.find((s) => s.kind === 'gdelt');
  assert.equal(gdelt?.errors[0]?.code, 'DISCOVER_GDELT_ERROR');
  assert.equal(gdelt?.kept, 0);
  assert.ok(candidates.some((c) => c.source === BING));
});
