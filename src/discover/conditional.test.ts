import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createLiveFetcher } from '../fetch/index.js';
import type { Topic } from '../model/types.js';
import { SqliteStore } from '../store/index.js';
import { dayWindow } from './day.js';
import { discover } from './discover.js';

test('a kept feed is asked for with its validators, and a 304 gives its items again', async () => {
  const seen: Array<{ inm?: string; ims?: string }> = [];
  let version = 1;
  const server = createServer((req, res) => {
    if (req.url !== '/feed.xml') return res.writeHead(404).end();
    const inm = req.headers['if-none-match'];
    const ims = req.headers['if-modified-since'];
    seen.push({ ...(inm ? { inm } : {}), ...(ims ? { ims } : {}) });
    const etag = `"v${version}"`;
    if (inm === etag) return res.writeHead(304, { etag }).end();
    const items = Array.from(
      { length: version },
      (_, i) =>
        `<item><title>Story ${i}</title><link>${base}/s/${i}</link><pubDate>Mon, 23 Nov 2026 0${i}:00:00 GMT</pubDate></item>`,
    ).join('');
    res
      .writeHead(200, {
        'content-type': 'application/rss+xml',
        etag,
        'last-modified': 'Mon, 23 Nov 2026 10:00:00 GMT',
      })
      .end(`<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>${items}</channel></rss>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const http = createLiveFetcher({ allowHosts: [new URL(base).host], perHostDelayMs: 0, robots: false });
  const store = new SqliteStore(':memory:');
  await store.migrate();
  const topic: Topic = {
    name: 'T',
    slug: 't',
    feeds: [`${base}/feed.xml`],
    language: 'en',
    region: 'US',
    timezone: 'UTC',
    maxArticles: 100,
  };
  const day = dayWindow('2026-11-23', 'UTC');
  const opts = { liveSearch: false, feedCache: store } as const;
  try {
    const first = await discover(topic, day, http, opts);
    assert.equal(first.candidates.length, 1);
    assert.deepEqual(seen[0], {}, 'the first fetch is unconditional');
    assert.equal((await store.getFeedCache(`${base}/feed.xml`))?.etag, '"v1"');

    const second = await discover(topic, day, http, opts);
    assert.deepEqual(seen[1], { inm: '"v1"', ims: 'Mon, 23 Nov 2026 10:00:00 GMT' });
    assert.deepEqual(
      second.candidates.map((c) => c.url),
      first.candidates.map((c) => c.url),
      'the 304 reuses the kept feed',
    );
    assert.deepEqual(second.failures, []);

    version = 2;
    const third = await discover(topic, day, http, opts);
    assert.equal(third.candidates.length, 2, 'a changed feed is read and kept anew');
    assert.equal((await store.getFeedCache(`${base}/feed.xml`))?.etag, '"v2"');
  } finally {
    await http.close();
    await store.close();
    server.closeAllConnections();
    server.close();
  }
});
