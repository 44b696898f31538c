/**
 * The SSRF guard end to end: `daybrief run` over a feed served on 127.0.0.1. Without --allow-host
 * nothing on loopback is fetched; with it, the allowed server is read but an og:image, a feed link or
 * a redirect pointing at another (private) address still is not: the internal server counts 0
 * requests and site/media holds only the allowed image.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import sharp from 'sharp';
import { runCommand } from '../src/cli/run.js';
import { SqliteStore } from '../src/store/index.js';

/** Real images (narrower than the smallest thumbnail width, so each gives one thumbnail). */
const png = (background: string) =>
  sharp({ create: { width: 120, height: 80, channels: 3, background } })
    .png()
    .toBuffer();
const PNG = await png('#2b5a85');
const OTHER_PNG = await png('#7a3b68');

const PARAGRAPHS = [
  'The harbour authority said on Monday that the new breakwater passed its final load tests and would open to shipping before the end of the month, two years after work began.',
  'The 900-metre wall is designed to shelter the inner basin from winter storms, letting the ferry company keep its timetable during the long season of gales from the north-west.',
  'Engineers spent three weeks inspecting the concrete blocks after a storm in October shifted part of the outer section, the authority said in a statement on its website.',
  'Fishing associations, which had opposed the design for years, said they would watch closely whether the promised new berths for small boats are built on time.',
];

function article(title: string, image: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta property="og:title" content="${title}"><meta property="og:image" content="${image}"></head>
<body><main><article><h1>${title}</h1>${PARAGRAPHS.map((p) => `<p>${p}</p>`).join('\n')}</article></main></body></html>`;
}

interface Counted {
  server: Server;
  port: number;
  requests: IncomingMessage[];
}

const started: Server[] = [];
after(() =>
  Promise.all(
    started.map(
      (s) =>
        new Promise<void>((ok) => {
          s.closeAllConnections();
          s.close(() => ok());
        }),
    ),
  ),
);

async function listen(
  handler: (req: IncomingMessage, base: string) => [number, string, string | Buffer, Record<string, string>?],
): Promise<Counted> {
  const requests: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    requests.push(req);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const [status, type, body, headers] = handler(req, base);
    res.writeHead(status, { 'content-type': type, ...headers }).end(body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  started.push(server);
  return { server, port: (server.address() as AddressInfo).port, requests };
}

test('run fetches nothing private without --allow-host, and with it only the allowed host', async () => {
  const internal = await listen((req) =>
    req.url === '/cover.png'
      ? [200, 'image/png', OTHER_PNG]
      : [200, 'text/html', article('Internal admin page', '/cover.png')],
  );
  const inside = `http://127.0.0.1:${internal.port}`;
  const site = await listen((req, base) => {
    switch (req.url) {
      case '/feed.xml': {
        const item = (link: string, title: string) =>
          `<item><title>${title}</title><link>${link}</link><pubDate>Mon, 23 Nov 2026 08:00:00 GMT</pubDate></item>`;
        return [
          200,
          'application/rss+xml',
          `<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour</title><link>${base}/</link><description>d</description>
${item(`${base}/breakwater`, 'Breakwater passes final tests')}
${item(`${base}/private-cover`, 'Ferry timetable kept through the storms')}
${item(`${inside}/admin`, 'A link straight to the internal server')}
${item(`http://localhost:${internal.port}/admin`, 'The same by name')}
${item(`${base}/bounce`, 'A redirect to the internal server')}
</channel></rss>`,
        ];
      }
      case '/breakwater':
        return [200, 'text/html; charset=utf-8', article('Breakwater passes final tests', '/cover.png')];
      case '/private-cover':
        return [
          200,
          'text/html; charset=utf-8',
          article('Ferry timetable kept through the storms', `http://2130706433:${internal.port}/cover.png`),
        ];
      case '/bounce':
        return [302, 'text/plain', '', { location: `http://[::ffff:127.0.0.1]:${internal.port}/admin` }];
      case '/cover.png':
        return [200, 'image/png', PNG];
      default:
        return [404, 'text/plain', 'missing'];
    }
  });
  const dir = await mkdtemp(join(tmpdir(), 'daybrief-ssrf-run-'));
  const common = {
    topic: 'Harbour',
    feed: [`http://127.0.0.1:${site.port}/feed.xml`],
    date: '2026-11-23',
    newsSearch: false,
    robots: true,
    quiet: true,
  };
  try {
    // Without the allow list even the feed is refused: the run finds nothing and says why.
    const blockedDb = join(dir, 'blocked.sqlite');
    const blocked = await runCommand({ ...common, db: blockedDb, out: join(dir, 'blocked-site') });
    assert.equal(blocked, 1);
    assert.equal(site.requests.length, 0);
    const blockedStore = new SqliteStore(blockedDb);
    const sourceFailures = await blockedStore.listSourceFailures('harbour', '2026-11-23');
    await blockedStore.close();
    assert.equal(sourceFailures[0]?.error.code, 'FETCH_PRIVATE_ADDRESS');
    assert.match(sourceFailures[0]?.error.message ?? '', /--allow-host 127\.0\.0\.1:\d+/);

    const db = join(dir, 'allowed.sqlite');
    const out = join(dir, 'site');
    const code = await runCommand({ ...common, db, out, allowHost: [`127.0.0.1:${site.port}`] });
    assert.equal(code, 0);
    assert.equal(internal.requests.length, 0, 'the internal server was never reached');
    const store = new SqliteStore(db);
    const digest = await store.getDigest('harbour', '2026-11-23');
    const failed = await store.listDayArticles('harbour', '2026-11-23');
    await store.close();
    const titles = digest?.stories.flatMap((s) => s.articles.map((a) => a.title)) ?? [];
    assert.ok(titles.includes('Breakwater passes final tests'), titles.join(', '));
    assert.ok(!titles.includes('Internal admin page'));
    const codes = failed
      .filter((a) => a.status === 'failed')
      .map((a) => a.error?.code)
      .sort();
    assert.deepEqual(codes, ['FETCH_PRIVATE_ADDRESS', 'FETCH_PRIVATE_ADDRESS', 'FETCH_PRIVATE_ADDRESS']);
    const media = await readdir(join(out, 'media'));
    assert.equal(media.length, 1, `only the allowed cover's thumbnail is published: ${media.join(', ')}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
