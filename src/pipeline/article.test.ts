import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Fetcher } from '../fetch/types.js';
import type { StoredArticle } from '../store/store.js';
import { processArticle } from './article.js';
import { buildDigest } from './digest.js';

test('a headline-only candidate is not fetched: its article is the headline, linked to the outlet site', async () => {
  const asked: string[] = [];
  const http: Fetcher = {
    async fetch(url) {
      asked.push(url);
      throw new Error('must not be fetched');
    },
    async close() {},
  };
  const google =
    'https://news.google.com/rss/articles/CBMiKEFVX3lxTGduZXdzRml4dHVyZVRocmVlSGVhZGxpbmVPbmx5XzAwMDM?oc=5';
  const row: StoredArticle = {
    id: 1,
    urlKey: google,
    url: google,
    status: 'pending',
    attempts: 0,
    candidate: {
      url: google,
      title: 'Nordic defence chiefs discuss NATO air policing rota',
      outlet: 'Fjord Post',
      outletUrl: 'https://fjordpost.example.no/',
      published: '2023-01-30T12:05:00.000Z',
      source: 'https://news.google.com/rss/search?q=NATO',
      headlineOnly: true,
    },
  };
  const result = await processArticle(row, http);
  assert.deepEqual(asked, []);
  assert.equal(result.status, 'ok');
  if (result.status !== 'ok') return;
  assert.equal(result.article.url, 'https://fjordpost.example.no/');
  assert.equal(result.article.title, 'Nordic defence chiefs discuss NATO air policing rota');
  assert.equal(result.article.siteName, 'Fjord Post');
  assert.equal(result.article.text, '');

  const stored: StoredArticle = { ...row, status: 'ok', article: result.article, summary: result.summary };
  const digest = buildDigest(
    {
      name: 'NATO',
      slug: 'nato',
      query: 'NATO',
      feeds: [],
      language: 'en',
      region: 'US',
      timezone: 'UTC',
      maxArticles: 10,
    },
    '2023-01-30',
    [stored],
    '2023-01-31T06:00:00.000Z',
  );
  const entry = digest.stories[0]?.articles[0];
  assert.equal(entry?.url, 'https://fjordpost.example.no/', 'the digest links the outlet site');
  assert.equal(entry?.headlineOnly, true);
  assert.equal(entry?.outlet, 'Fjord Post');
});
