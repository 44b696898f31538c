import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Fetcher } from '../fetch/types.js';
import { DaybriefError } from '../model/errors.js';
import type { Page, Topic } from '../model/types.js';
import { SqliteStore } from '../store/index.js';
import { runTopics } from './run-topics.js';

const DATE = '2026-11-23';
/** Current-format Google News ids (an opaque token: only Google can decode them). */
const IDS = [1, 2, 3, 4, 5, 6].map(
  (n) => `CBMi${Buffer.from(`AU_yqLrunWideDecoderStopFixture_00${n}`).toString('base64url')}`,
);

function feed(ids: string[]): string {
  const items = ids
    .map(
      (id, i) =>
        `<item><title>Ferry strike day ${i + 1} - Harbour Times</title><link>https://news.google.com/rss/articles/${id}?oc=5</link><pubDate>Mon, 23 Nov 2026 0${i + 1}:00:00 GMT</pubDate><source url="https://harbour-times.example">Harbour Times</source></item>`,
    )
    .join('');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Aggregated</title><link>https://agg.example/</link><description>d</description>${items}</channel></rss>`;
}

const topic = (slug: string, feedUrl: string): Topic => ({
  name: slug,
  slug,
  feeds: [feedUrl],
  language: 'en',
  region: 'US',
  timezone: 'UTC',
  maxArticles: 100,
});

/** Feeds by URL; every Google request is answered the way a blocked client is: a redirect to "sorry". */
function network(feeds: Record<string, string>) {
  const google: string[] = [];
  const http: Fetcher = {
    async fetch(url) {
      if (url.startsWith('https://news.google.com/')) {
        google.push(url);
        throw new DaybriefError('fetch', 'FETCH_REDIRECT_OFF_HOST', `${url} redirects off its host`, {
          details: { url, location: 'https://www.google.com/sorry/index?continue=x', status: 302 },
        });
      }
      const text = feeds[url];
      if (text === undefined) throw new DaybriefError('fetch', 'FETCH_HTTP_404', `404 for ${url}`);
      const page: Page = {
        url,
        finalUrl: url,
        status: 200,
        headers: { 'content-type': 'application/rss+xml' },
        bytes: new TextEncoder().encode(text),
        text,
        charset: 'utf-8',
        contentType: 'application/rss+xml',
        fetchedAt: `${DATE}T12:00:00.000Z`,
      };
      return page;
    },
    async close() {},
  };
  return { http, google };
}

test('Google refusing a run stops its link decoding for the whole run, not again for every topic', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'daybrief-runtopics-'));
  const store = new SqliteStore(join(dir, 'db.sqlite'));
  try {
    await store.migrate();
    const { http, google } = network({
      'https://agg.example/a.xml': feed(IDS.slice(0, 3)),
      'https://agg.example/b.xml': feed(IDS.slice(3)),
    });
    const { reports } = await runTopics(
      [topic('alpha', 'https://agg.example/a.xml'), topic('beta', 'https://agg.example/b.xml')],
      {
        http,
        store,
        out: join(dir, 'site'),
        dates: () => [DATE],
        newsSearch: false,
        gnews: { intervalMs: 0, backoffMs: 0, sleep: async () => {} },
      },
    );
    // Three refusals in a row stop the decoder (its default); the second topic asks Google nothing.
    assert.equal(google.length, 3, google.join('\n'));
    // Each topic's feed records its unresolved links, with the codes of why.
    const said = (slug: string) =>
      reports
        .find((r) => r.topic === slug)
        ?.sourceFailures.map((f) => `${f.error.code}: ${f.error.message}`)
        .join('\n') ?? '';
    assert.match(said('alpha'), /DISCOVER_GNEWS_UNRESOLVED: .*3 of 3 .*DISCOVER_GNEWS_SORRY ×3/);
    assert.match(said('beta'), /DISCOVER_GNEWS_UNRESOLVED: .*3 of 3 .*DISCOVER_GNEWS_STOPPED ×3/);
    assert.doesNotMatch(said('beta'), /DISCOVER_GNEWS_SORRY/, 'beta never asked Google');
    // The items are kept as headlines, on both topics.
    for (const r of reports) assert.equal(r.candidates, 3, r.topic);
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
});
