import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Topic } from '../model/types.js';
import { bingNewsSearchUrl, decodeBingLink } from './bing-news.js';
import { dayWindow } from './day.js';
import { parseFeed } from './feeds.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const topic: Topic = {
  name: 'NATO',
  slug: 'nato',
  query: '"Jens Stoltenberg" OR NATO',
  feeds: [],
  language: 'en',
  region: 'gb',
  timezone: 'UTC',
  maxArticles: 100,
};

test('bingNewsSearchUrl: query, RSS format, language and market, newest first', () => {
  const url = new URL(bingNewsSearchUrl(topic, dayWindow('2023-01-30', 'UTC')));
  assert.equal(url.origin + url.pathname, 'https://www.bing.com/news/search');
  assert.equal(url.searchParams.get('q'), '"Jens Stoltenberg" OR NATO');
  assert.equal(url.searchParams.get('format'), 'rss');
  assert.equal(url.searchParams.get('setlang'), 'en-GB');
  assert.equal(url.searchParams.get('cc'), 'GB');
  assert.equal(url.searchParams.get('qft'), 'sortbydate="1"');
});

test('decodeBingLink takes the publisher URL from apiclick.aspx links', () => {
  assert.equal(
    decodeBingLink(
      'http://www.bing.com/news/apiclick.aspx?ref=FexRss&aid=&tid=X&url=https%3a%2f%2fpub.example%2fa%3fid%3d3&c=1&mkt=en-us',
    ),
    'https://pub.example/a?id=3',
  );
  assert.equal(decodeBingLink('http://www.bing.com/news/apiclick.aspx?ref=FexRss&c=1'), undefined);
  assert.equal(decodeBingLink('http://www.bing.com/news/apiclick.aspx?url=javascript%3aalert(1)'), undefined);
  assert.equal(decodeBingLink('https://pub.example/direct'), 'https://pub.example/direct');
});

test('Bing News items: publisher URLs, News:Source outlets (domain fallback), descriptions', () => {
  const feed = 'https://www.bing.com/news/search?q=NATO&format=rss';
  const items = parseFeed(fixture('bing-news.xml'), feed);
  assert.deepEqual(
    items.map((c) => [c.url, c.outlet]),
    [
      ['https://www.example-times.com/world/2023/01/30/nato-chief-seoul-visit.html', 'The Example Times'],
      ['https://www.example-herald.se/en/nato-talks-on-hold', 'Example Herald'],
      ['https://www.example-gazette.be/news/defence-ministers', 'example-gazette.be'],
    ],
  );
  assert.equal(
    items[1]?.description,
    'Stockholm\'s foreign minister said the pause was expected to last "some weeks".',
  );
  assert.equal(items[0]?.published, '2023-01-30T03:00:00.000Z');
});
