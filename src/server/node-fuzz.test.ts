/**
 * Property tests of serve's request handling: random methods, targets, versions and headers over raw
 * TCP against the real server (adapter, static site, search and API over a real SQLite store), and
 * random paths and queries straight at the site handler. Never an exception, never a hang, always a
 * status from 200 to 599. `DAYBRIEF_FUZZ_RUNS` sets the number of cases (default 300 and 1000).
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import type { Digest } from '../model/types.js';
import { SqliteStore } from '../store/sqlite.js';
import { type Listening, listen } from './node.js';
import { raw } from './raw-client.test.js';
import { siteHandler } from './site.js';

const RUNS = Number(process.env.DAYBRIEF_FUZZ_RUNS ?? 0) || undefined;

const digest: Digest = {
  topic: { name: 'NATO', slug: 'nato' },
  date: '2023-01-30',
  stories: [
    {
      id: 'tanks',
      title: 'Tanks',
      articles: [
        {
          url: 'https://a.example/1',
          title: 'Allies pledge tanks',
          outlet: 'Example News',
          summary: ['More tanks.'],
          summarySource: 'body',
          paywalled: false,
          alsoPublishedBy: [],
        },
      ],
    },
  ],
};

let store: SqliteStore;
let handler: (req: Request) => Promise<Response>;
let server: Listening;
let port = 0;
const logged: string[] = [];

before(async () => {
  const root = await mkdtemp(join(tmpdir(), 'daybrief-fuzz-'));
  await mkdir(join(root, 'nato', '2023-01-30'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<h1>home</h1>');
  await writeFile(join(root, 'nato', '2023-01-30', 'index.html'), '<h1>day</h1>');
  await writeFile(join(root, '.env'), 'SECRET');
  store = new SqliteStore(':memory:');
  await store.migrate();
  await store.saveDigest(digest);
  handler = siteHandler(root, store);
  server = await listen(handler, {
    port: 0,
    log: (m) => logged.push(m),
    keepAliveTimeoutMs: 200,
    headersTimeoutMs: 1000,
    requestTimeoutMs: 1000,
    checkIntervalMs: 100,
  });
  port = Number(new URL(server.url).port);
});

after(async () => {
  await server.close(0);
  await store.close();
});

/** Pieces a hostile path is made of. */
const segment = fc.oneof(
  fc.constantFrom(
    '',
    '.',
    '..',
    '%2e%2e',
    '%2E.',
    '.env',
    '%2eenv',
    '..%2f..%2f',
    '%00',
    '%zz',
    '%',
    '%c0%af',
    '%5c..%5c',
    '\\..',
    '[',
    ']',
    '@',
    ':',
    'api',
    'search',
    'nato',
    '2023-01-30',
    'index.html',
    '.daybrief-1-0123456789ab.tmp',
    '\u00e9',
    '\ud83d\ude00',
  ),
  fc.string({ maxLength: 12 }),
);
const path = fc.array(segment, { maxLength: 8 }).map((parts) => `/${parts.join('/')}`);
const query = fc.oneof(
  fc.constant(''),
  fc
    .array(
      fc.tuple(
        fc.constantFrom('q', 'topic', 'limit', 'offset', 'page', 'x'),
        fc.oneof(
          fc.string({ maxLength: 20 }),
          fc.constantFrom('"', 'NEAR(', '*', '-1', '99999999', '%zz', 'a OR b'),
        ),
      ),
      { maxLength: 4 },
    )
    .map((pairs) => `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`),
);
const target = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(path, query).map(([p, q]) => p + q) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('*', '//[', '//', '/\\\\', 'http://[', 'http://x/a', 'https://u:p@h/', 'x'),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.integer({ min: 7000, max: 20_000 }).map((n) => `/${'a'.repeat(n)}`) },
);
const method = fc.oneof(
  fc.constantFrom(
    'GET',
    'HEAD',
    'OPTIONS',
    'POST',
    'PUT',
    'DELETE',
    'PATCH',
    'TRACE',
    'CONNECT',
    'PROPFIND',
    'get',
    'BREW',
    '',
  ),
  fc.string({ maxLength: 8 }),
);
const version = fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/0.9', 'HTTP/2.0', 'http/1.1', 'HTTP/1.1 ', '');
const headerName = fc.oneof(
  fc.constantFrom(
    'Host',
    'Content-Length',
    'Transfer-Encoding',
    'Connection',
    'Expect',
    'Upgrade',
    'X-Forwarded-Host',
  ),
  fc.string({ maxLength: 10 }),
);
const headerValue = fc.oneof(
  fc.constantFrom(
    '',
    'a b',
    '[',
    '[::1]',
    'x:99999',
    'chunked',
    '0',
    '-1',
    '100-continue',
    'close',
    'websocket',
  ),
  fc.string({ maxLength: 30 }),
  fc.integer({ min: 1, max: 20_000 }).map((n) => 'v'.repeat(n)),
);
const request = fc
  .record({
    method,
    target,
    version,
    host: fc.option(headerValue, { nil: undefined }),
    headers: fc.array(fc.tuple(headerName, headerValue), { maxLength: 5 }),
    body: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
  })
  .map((r) => {
    const lines = [`${r.method} ${r.target} ${r.version}`];
    if (r.host !== undefined) lines.push(`Host: ${r.host}`);
    for (const [name, value] of r.headers) lines.push(`${name}: ${value}`);
    lines.push('Connection: close');
    return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${r.body ?? ''}`, 'utf8');
  });

test('random raw requests always get a status from 200 to 599 and never take the server down', async () => {
  await fc.assert(
    fc.asyncProperty(request, async (bytes) => {
      const reply = await raw(port, bytes, { waitMs: 5000 });
      assert.ok(reply.closed, 'the exchange ended');
      assert.ok(
        reply.status !== undefined && reply.status >= 200 && reply.status <= 599,
        `status ${reply.status} for ${JSON.stringify(bytes.toString('utf8').slice(0, 200))}`,
      );
    }),
    { numRuns: RUNS ?? 300 },
  );
  assert.deepEqual(logged, [], 'no request was an internal error');
  const res = await fetch(server.url);
  assert.equal(res.status, 200);
});

test('random paths and queries at the site handler never throw and answer 200–599', async () => {
  await fc.assert(
    fc.asyncProperty(path, query, fc.constantFrom('GET', 'HEAD'), async (p, q, m) => {
      let url: URL;
      try {
        url = new URL(`http://127.0.0.1${p}${q}`);
      } catch {
        return; // the adapter answers 400 before a handler sees such a target
      }
      const res = await handler(new Request(url, { method: m }));
      assert.ok(res.status >= 200 && res.status <= 599, `${res.status} for ${url.href}`);
      if (url.pathname.split('/').some((s) => s.startsWith('.') || s.toLowerCase().startsWith('%2e'))) {
        assert.notEqual(res.status, 200, `a hidden path was served: ${url.href}`);
      }
    }),
    { numRuns: RUNS ?? 1000 },
  );
});
