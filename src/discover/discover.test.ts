import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Fetcher, FetchOptions } from '../fetch/types.js';
import { DaybriefError } from '../model/errors.js';
import type { Page, Topic } from '../model/types.js';
import { bingNewsSearchUrl } from './bing-news.js';
import { dayWindow } from './day.js';
import { discover, FEED_ACCEPT } from './discover.js';
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
  [BING]: fixture('bing-news.xml'),
  [OWN_RSS]: fixture('rss2-entities.xml'),
  [OWN_ATOM]: fixture('atom.xml'),
  [BROKEN]: fixture('malformed.xml'),
  [`https://news.google.com/articles/${NEW_ID}`]: fixture('google-news-article.html'),
};
const post = async () => fixture('google-news-batchexecute.txt');

test('discover: search and own feeds, day filter, topic filter, link resolution, dedupe, failures recorded', async () => {
  const { http, requests } = fakeFetcher(PAGES);
  const { candidates, failures } = await discover(TOPIC, DAY, http, { now: NOW, post });

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

test('discover: without a POST transport, 2024+ Google links are reported and dropped (or kept on request)', async () => {
  const { http } = fakeFetcher(PAGES);
  const dropped = await discover(TOPIC, DAY, http, { now: NOW });
  assert.ok(!dropped.candidates.some((c) => c.url.includes('news.google.com')));
  const gn = dropped.failures.find((f) => f.source === GOOGLE);
  assert.equal(gn?.error.code, 'DISCOVER_GNEWS_UNRESOLVED');
  assert.match(gn?.error.message ?? '', /1 of 4 Google News links/);

  const kept = await discover(TOPIC, DAY, http, { now: NOW, keepUnresolved: true });
  assert.ok(kept.candidates.some((c) => c.url === `https://news.google.com/rss/articles/${NEW_ID}?oc=5`));
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
  assert.deepEqual(search, { candidates: [], failures: [] });
});
