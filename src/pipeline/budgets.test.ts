import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { dayWindow } from '../discover/index.js';
import { createLiveFetcher } from '../fetch/index.js';
import type { Topic } from '../model/types.js';
import { LocalQueue } from '../queue/index.js';
import { SqliteStore } from '../store/index.js';
import { runDay } from './run-day.js';

const DATE = '2026-11-23';

function article(title: string): string {
  const p = (n: number) =>
    `<p>${title}, part ${n}: the council said the work would continue through the winter months, with a review of the figures expected before the spring session opens in the town hall.</p>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><article><h1>${title}</h1>${[1, 2, 3, 4].map(p).join('')}</article></body></html>`;
}

function feed(base: string, paths: string[]): string {
  const items = paths
    .map(
      (p, i) =>
        `<item><title>Story ${p} number ${i}</title><link>${base}${p}</link><pubDate>Mon, 23 Nov 2026 0${i}:00:00 GMT</pubDate></item>`,
    )
    .join('');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>${base}/</link><description>d</description>${items}</channel></rss>`;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

test('a host that never answers uses up only its own budget; the other host is fetched in full', async () => {
  const hits = new Map<string, number>();
  const count = (key: string) => hits.set(key, (hits.get(key) ?? 0) + 1);
  // The stalled host answers its feed and robots.txt, then holds every article request open.
  const stalled = createServer((req, res) => {
    count(`stalled${req.url}`);
    if (req.url === '/feed.xml') return res.end(feed(stalledBase, ['/a', '/b', '/c', '/d']));
    if (req.url === '/robots.txt') return res.writeHead(404).end();
  });
  const healthy = createServer((req, res) => {
    count(`healthy${req.url}`);
    if (req.url === '/feed.xml') return res.end(feed(healthyBase, ['/1', '/2', '/3', '/4', '/5']));
    if (req.url === '/robots.txt') return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html' }).end(article(`Healthy story ${req.url}`));
  });
  const stalledBase = await listen(stalled);
  const healthyBase = await listen(healthy);
  const store = new SqliteStore(':memory:');
  await store.migrate();
  const http = createLiveFetcher({
    allowHosts: [new URL(stalledBase).host, new URL(healthyBase).host],
    perHostDelayMs: 50,
  });
  const topic: Topic = {
    name: 'Two hosts',
    slug: 'two',
    feeds: [`${stalledBase}/feed.xml`, `${healthyBase}/feed.xml`],
    language: 'en',
    region: 'US',
    timezone: 'UTC',
    maxArticles: 100,
  };
  // The request limit is longer than the host budget: the budget is what stops the stalled host.
  const budgets = { requestTimeoutMs: 60_000, hostBudgetMs: 1000, runDeadlineMs: 30_000 };
  const deps = { http, store, queue: new LocalQueue(8), newsSearch: false as const, budgets };
  try {
    const first = await runDay(topic, dayWindow(DATE, 'UTC'), deps);
    const rows = await store.listDayArticles('two', DATE);
    const byHost = (base: string) => rows.filter((r) => r.url.startsWith(base));
    assert.deepEqual(
      byHost(healthyBase).map((r) => r.status),
      ['ok', 'ok', 'ok', 'ok', 'ok'],
      'the healthy host is fetched in full',
    );
    assert.deepEqual(
      byHost(stalledBase).map((r) => r.error?.code),
      Array(4).fill('FETCH_BUDGET_EXCEEDED'),
      'the stalled host costs only its own items, each recorded as cut off by the budget',
    );
    assert.equal(hits.get('stalled/a'), 1);
    assert.equal(hits.get('stalled/b'), undefined, 'items after the budget ran out are not requested');
    assert.ok(first.fetchElapsedMs < budgets.runDeadlineMs, 'the run did not wait for its deadline');

    // Budget failures are transient: the next run tries the stalled host again, not the healthy one.
    const second = await runDay(topic, dayWindow(DATE, 'UTC'), deps);
    assert.equal(second.reused, 5);
    assert.equal(hits.get('stalled/a') ?? 0, 2, 'the cut-off items are fetched on the next run');
    assert.equal(hits.get('healthy/1'), 1);
  } finally {
    await http.close();
    await store.close();
    for (const s of [stalled, healthy]) {
      s.closeAllConnections();
      s.close();
    }
  }
});
