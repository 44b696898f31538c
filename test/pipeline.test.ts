import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { dayWindow } from '../src/discover/index.js';
import { createLiveFetcher } from '../src/fetch/index.js';
import type { Topic } from '../src/model/types.js';
import { runDay } from '../src/pipeline/index.js';
import { LocalQueue } from '../src/queue/index.js';
import { SqliteStore } from '../src/store/index.js';

const PARAGRAPHS = [
  'HARBOURTON (Meridian Press) — The regional grid operator said on Monday that the new undersea cable between the two coasts passed its final pressure tests and would carry its first commercial power before the end of the month.',
  'The 170-kilometre link is designed to move 650 megawatts in either direction, letting the northern wind farms sell surplus power south during the long winter evenings when demand peaks.',
  'Engineers spent three weeks inspecting the converter stations after a storm in October delayed the laying of the final section, the operator said in a statement.',
  'Fishing associations, which had opposed the route for two years, said they would watch closely whether the promised compensation for closed trawling grounds is paid on time.',
  'Energy ministers from both countries are expected to attend a ceremony at the landing site in Harbourton next week, officials said.',
];

const CEREMONY = [
  'Both energy ministers will travel to Harbourton next Thursday to switch on the new power link, their offices confirmed on Monday evening.',
  'The ceremony will take place in a marquee beside the converter hall, and the town has closed the coast road for the afternoon to make room for buses.',
  'Local businesses hope the visit will bring attention to the harbour, which lost its ferry service three years ago and has struggled since.',
  'Harbour Radio will broadcast the event live from eleven in the morning, with interviews with the engineers who laid the final section.',
];

function page(site: string, title: string, paragraphs: string[], extra = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} | ${site}</title>
<meta property="og:site_name" content="${site}"><meta property="og:title" content="${title}">
<meta property="og:image" content="https://img.example/${encodeURIComponent(site)}.jpg">
<meta name="description" content="${title} — the full story."></head>
<body><header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
<div class="cookie-banner">We use cookies. <button>Accept</button></div>
<main><article><h1>${title}</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}${extra}</article></main>
<footer>© ${site}</footer></body></html>`;
}

function rss(base: string): string {
  const item = (path: string, title: string, when: string) =>
    `<item><title>${title}</title><link>${base}${path}</link><pubDate>${when}</pubDate><description>${title}, said the feed.</description></item>`;
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Test wire</title><link>${base}/</link><description>t</description>
${item('/cable-tested', 'Undersea cable passes final tests', 'Mon, 23 Nov 2026 08:00:00 GMT')}
${item('/cable-tested?utm_source=rss&amp;utm_medium=feed', 'Undersea cable passes final tests', 'Mon, 23 Nov 2026 08:00:00 GMT')}
${item('/copy/cable', 'Power link ready after tests', 'Mon, 23 Nov 2026 11:00:00 GMT')}
${item('/missing', 'A story that was taken down', 'Mon, 23 Nov 2026 09:00:00 GMT')}
${item('/slow', 'Ministers to attend cable ceremony', 'Mon, 23 Nov 2026 10:00:00 GMT')}
${item('/data.json', 'Cable data release', 'Mon, 23 Nov 2026 12:00:00 GMT')}
${item('/yesterday', 'An older story', 'Sun, 22 Nov 2026 10:00:00 GMT')}
</channel></rss>`;
}

async function startServer(): Promise<{ server: Server; base: string; state: { slow: boolean } }> {
  const state = { slow: true };
  const server = createServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    switch (req.url) {
      case '/feed.xml':
        return send(200, 'application/rss+xml', rss(base));
      case '/broken.xml':
        return send(200, 'application/rss+xml', '<rss><channel><item><title>oops</item></channel');
      case '/cable-tested':
        return send(
          200,
          'text/html; charset=utf-8',
          page('Meridian Press', 'Undersea cable passes final tests', PARAGRAPHS),
        );
      case '/copy/cable':
        return send(
          200,
          'text/html; charset=utf-8',
          page('Coastal Courier', 'Power link ready after tests', [
            ...PARAGRAPHS,
            'Local councillors said a public meeting about traffic at the landing site will be held on Thursday.',
          ]),
        );
      case '/slow':
        if (state.slow) return; // never answers: the client must time out
        return send(
          200,
          'text/html; charset=utf-8',
          page('Harbour Radio', 'Ministers to attend cable ceremony', CEREMONY),
        );
      case '/data.json':
        return send(200, 'application/json', '{"megawatts":650}');
      default:
        return send(404, 'text/html', '<h1>Not found</h1>');
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, state };
}

test('a run records every failure against its item, goes on, and a rerun finishes the job without duplicates', async () => {
  const { server, base, state } = await startServer();
  const store = new SqliteStore(':memory:');
  await store.migrate();
  const http = createLiveFetcher({
    allowHosts: ['127.0.0.1'], // the test server; other private addresses stay refused
    perHostDelayMs: 0,
    retries: 0,
    // Long enough for a loaded machine to answer the healthy pages, short enough to keep the test quick.
    totalTimeoutMs: 2000,
    headersTimeoutMs: 2000,
    backoffMs: 0,
  });
  const topic: Topic = {
    name: 'Cable',
    slug: 'cable',
    feeds: [`${base}/feed.xml`, `${base}/broken.xml`],
    language: 'en',
    region: 'US',
    timezone: 'UTC',
    maxArticles: 50,
  };
  const deps = { http, store, queue: new LocalQueue(4), newsSearch: false };
  try {
    const day = dayWindow('2026-11-23', 'UTC');
    const first = await runDay(topic, day, deps);
    assert.equal(first.sourceFailures.length, 1);
    assert.equal(first.sourceFailures[0]?.source, `${base}/broken.xml`);
    assert.equal(first.sourceFailures[0]?.error.code, 'DISCOVER_BAD_FEED');
    const codes = Object.fromEntries(first.failures.map((f) => [new URL(f.url).pathname, f.error.code]));
    assert.deepEqual(codes, {
      '/missing': 'FETCH_HTTP_404',
      '/slow': 'FETCH_TIMEOUT',
      '/data.json': 'EXTRACT_NOT_HTML',
    });
    for (const f of first.failures) assert.match(f.error.message, /^(fetch|extract): /);

    const [digest] = await store.listDigests('cable');
    const articles = digest?.stories.flatMap((s) => s.articles) ?? [];
    const titles = articles.map((a) => a.title).sort();
    assert.deepEqual(titles, ['Ministers to attend cable ceremony', 'Undersea cable passes final tests']);
    const wire = articles.find((a) => a.outlet === 'Meridian Press');
    assert.deepEqual(wire?.alsoPublishedBy, [{ outlet: 'Coastal Courier', url: `${base}/copy/cable` }]);
    assert.equal(wire?.summarySource, 'body');
    const slow = articles.find((a) => a.title.startsWith('Ministers'));
    assert.equal(
      slow?.summarySource,
      'description',
      'a timed-out article shows the feed description, marked',
    );

    state.slow = false;
    const second = await runDay(topic, day, deps);
    assert.equal(second.candidates, first.candidates);
    assert.equal(
      second.reused,
      4,
      'the two articles done on the first run and the two permanent failures are not fetched again',
    );
    assert.deepEqual(second.failures, [], 'the permanent failures (404, not HTML) are not fetched again');
    assert.equal(second.permanent, 2);
    const rows = await store.listDayArticles('cable', '2026-11-23');
    assert.equal(rows.length, first.candidates, 'no duplicate rows');
    assert.equal(new Set(rows.map((r) => r.urlKey)).size, rows.length);
    const [again] = await store.listDigests('cable');
    const slowNow = again?.stories.flatMap((s) => s.articles).find((a) => a.title.startsWith('Ministers'));
    assert.equal(slowNow?.summarySource, 'body', 'the rerun finished the article that timed out');
    assert.equal(again?.stories.length, digest?.stories.length);
  } finally {
    await http.close();
    await store.close();
    server.closeAllConnections();
    server.close();
  }
});
