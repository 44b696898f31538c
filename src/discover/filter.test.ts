import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Candidate } from '../model/types.js';
import { dayWindow } from './day.js';
import { dedupeByUrl, filterToDay, isSearchFeed } from './filter.js';

const OWN = 'https://blog.example/feed.xml';
const GOOGLE = 'https://news.google.com/rss/search?q=x';
const cand = (url: string, published?: string, source = OWN, extra: Partial<Candidate> = {}): Candidate => ({
  url,
  title: url,
  source,
  ...(published ? { published } : {}),
  ...extra,
});

test('an item at 23:30 UTC belongs to the next day in Helsinki', () => {
  const item = cand('https://a.example/1', '2023-01-29T23:30:00.000Z');
  assert.equal(filterToDay([item], dayWindow('2023-01-30', 'Europe/Helsinki')).length, 1);
  assert.equal(filterToDay([item], dayWindow('2023-01-29', 'Europe/Helsinki')).length, 0);
  assert.equal(filterToDay([item], dayWindow('2023-01-29', 'UTC')).length, 1);
});

test('the window is half-open, and DST-length days keep their edges', () => {
  const day = dayWindow('2024-10-27', 'Europe/Helsinki'); // 25 hours
  const items = [
    cand('https://a.example/start', '2024-10-26T21:00:00.000Z'),
    cand('https://a.example/late', '2024-10-27T21:59:59.000Z'),
    cand('https://a.example/end', '2024-10-27T22:00:00.000Z'),
    cand('https://a.example/before', '2024-10-26T20:59:59.000Z'),
  ];
  assert.deepEqual(
    filterToDay(items, day).map((c) => c.url),
    ['https://a.example/start', 'https://a.example/late'],
  );
});

test('undated items: dropped from search feeds; kept from own feeds only while the day is live', () => {
  const day = dayWindow('2023-01-30', 'UTC');
  const items = [cand('https://a.example/own'), cand('https://a.example/search', undefined, GOOGLE)];
  const live = filterToDay(items, day, { now: new Date('2023-01-31T07:00:00Z') });
  assert.deepEqual(
    live.map((c) => c.url),
    ['https://a.example/own'],
  );
  assert.deepEqual(filterToDay(items, day, { now: new Date('2023-02-05T07:00:00Z') }), []);
  assert.deepEqual(filterToDay(items, day, { now: new Date('2023-01-29T07:00:00Z') }), []);
});

test('dedupeByUrl keeps the earliest copy and fills its gaps from the others', () => {
  const out = dedupeByUrl([
    cand('https://a.example/x', '2023-01-30T10:00:00.000Z', GOOGLE, {
      outlet: 'A',
      description: 'later copy',
    }),
    cand('https://a.example/y', '2023-01-30T11:00:00.000Z'),
    cand('https://a.example/x', '2023-01-30T09:00:00.000Z', OWN),
  ]);
  assert.equal(out.length, 2);
  assert.deepEqual(out[0], {
    url: 'https://a.example/x',
    title: 'https://a.example/x',
    source: OWN,
    published: '2023-01-30T09:00:00.000Z',
    outlet: 'A',
    description: 'later copy',
  });
  const tie = dedupeByUrl([
    cand('https://a.example/z'),
    cand('https://a.example/z', undefined, OWN, { outlet: 'B' }),
  ]);
  assert.equal(tie[0]?.outlet, 'B');
});

test('search feeds are told apart from the user’s own feeds', () => {
  assert.equal(isSearchFeed('https://news.google.com/rss/search?q=NATO&hl=en-US'), true);
  assert.equal(isSearchFeed('https://www.bing.com/news/search?q=NATO&format=rss'), true);
  assert.equal(isSearchFeed('https://news-search.example/rss/search?q=%22Baltic+Grid%22'), true);
  assert.equal(isSearchFeed('https://www.example.com/world/rss.xml'), false);
  assert.equal(isSearchFeed('https://www.example.com/search/feed.xml'), false);
});
