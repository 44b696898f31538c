/**
 * `daybrief sources` as a user runs it: a child process of the real CLI, on recorded responses —
 * a WARC archive replayed offline, and a live run against servers on 127.0.0.1 (allow-listed).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseConfig } from '../config/index.js';
import { bingNewsSearchUrl } from '../discover/bing-news.js';
import { dayWindow } from '../discover/day.js';
import { gdeltSearchUrl } from '../discover/gdelt.js';
import { buildWarc, type WarcEntry } from '../fetch/index.js';

const MAIN = new URL('./main.ts', import.meta.url).href;
const REPO = new URL('../..', import.meta.url).pathname;
const fixture = (name: string) =>
  readFileSync(new URL(`../discover/fixtures/${name}`, import.meta.url), 'utf8');
const DATE = '2023-01-30';
const ZONE = 'Europe/Helsinki';
const OWN_RSS = 'https://www.harbour-gazette.example/world/feed.xml';
const DOWN = 'https://down.example/feed';

const dirs: string[] = [];
after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function workDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'daybrief-sources-'));
  dirs.push(d);
  return d;
}

/**
 * Runs `daybrief ARGS --config DIR/daybrief.config.json` from the TypeScript sources (in the repo,
 * where tsx resolves); resolves with the exit code, stdout and stderr.
 */
function daybrief(args: string[], dir: string): Promise<{ code: number | null; out: string; err: string }> {
  const code = `import { main } from ${JSON.stringify(MAIN)}; main(process.argv.slice(1)).then((c) => { process.exitCode = c; }, (e) => { console.error(e); process.exitCode = 1; });`;
  const argv = [...args, '--config', join(dir, 'daybrief.config.json')];
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code, ...argv], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => {
    out += String(d);
  });
  child.stderr.on('data', (d) => {
    err += String(d);
  });
  return new Promise((ok) => child.on('close', (c) => ok({ code: c, out, err })));
}

/** The table's row for a source, split on runs of two or more spaces. */
function rowOf(out: string, source: string): string[] {
  const line = out.split('\n').find((l) => l.startsWith(source));
  assert.ok(line, `no row for ${source} in:\n${out}`);
  return line.split(/\s{2,}/);
}

test('daybrief sources --replay: per source requests, items, kept and error codes from a recorded archive', async () => {
  const dir = await workDir();
  const rawConfig = {
    topics: [
      {
        name: 'NATO',
        query: 'NATO OR alliance OR membership -golf',
        feeds: [OWN_RSS, DOWN],
        timezone: ZONE,
      },
      { name: 'Bad query', query: 'a OR b', timezone: ZONE },
    ],
  };
  await writeFile(join(dir, 'daybrief.config.json'), JSON.stringify(rawConfig));
  const [nato, bad] = parseConfig(rawConfig).topics;
  assert.ok(nato && bad);
  const day = dayWindow(DATE, ZONE);
  const xml = { 'content-type': 'application/rss+xml; charset=utf-8' };
  const entries: WarcEntry[] = [
    {
      url: gdeltSearchUrl(nato, day),
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: fixture('gdelt-artlist.json'),
    },
    { url: bingNewsSearchUrl(nato, day), headers: xml, body: fixture('bing-news.xml') },
    { url: OWN_RSS, headers: xml, body: fixture('rss2-entities.xml') },
    { url: DOWN, status: 404, headers: { 'content-type': 'text/html' }, body: 'gone' },
    // GDELT rejects a query with a line of text and status 200.
    {
      url: gdeltSearchUrl(bad, day),
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: fixture('gdelt-error.txt'),
    },
    { url: bingNewsSearchUrl(bad, day), headers: xml, body: fixture('bing-news.xml') },
  ];
  const warc = join(dir, 'recorded.warc.gz');
  await buildWarc(entries, warc);

  const r = await daybrief(['sources', '--replay', warc, '--date', DATE], dir);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^nato {2}2023-01-30 \(Europe\/Helsinki\): \d+ candidate\(s\)/m);
  assert.match(r.out, /SOURCE\s+REQUESTS\s+ITEMS\s+KEPT\s+ERRORS/);
  const natoPart = r.out.slice(0, r.out.indexOf('bad-query  2023'));
  assert.deepEqual(rowOf(natoPart, 'GDELT'), ['GDELT', '1', '5', '4', '-']);
  assert.deepEqual(rowOf(natoPart, 'Bing News'), ['Bing News', '1', '3', '2', '-']);
  assert.match(rowOf(natoPart, 'Google News').join(' '), /^Google News - - - not queried: opt-in/);
  assert.deepEqual(rowOf(natoPart, 'feed www.harbour-gazette.example/world/feed.xml'), [
    'feed www.harbour-gazette.example/world/feed.xml',
    '1',
    '5',
    '1',
    '-',
  ]);
  assert.deepEqual(rowOf(natoPart, 'feed down.example/feed'), [
    'feed down.example/feed',
    '1',
    '0',
    '0',
    'FETCH_HTTP_404',
  ]);
  const badPart = r.out.slice(r.out.indexOf('bad-query  2023'));
  assert.deepEqual(rowOf(badPart, 'GDELT'), ['GDELT', '1', '0', '0', 'DISCOVER_GDELT_ERROR']);
  assert.match(
    badPart,
    /GDELT: \[DISCOVER_GDELT_ERROR\] discover: GDELT refused the query: .*surrounded by \(\)/,
  );

  // --topic picks one, --search tries Google News too (not in the archive: its error says so), --json.
  const one = await daybrief(
    ['sources', '--replay', warc, '--date', DATE, '--topic', 'nato', '--search', 'gdelt,google', '--json'],
    dir,
  );
  assert.equal(one.code, 0, one.err);
  const json = JSON.parse(one.out) as Array<{ topic: string; rows: Array<Record<string, unknown>> }>;
  assert.deepEqual(
    json.map((t) => t.topic),
    ['nato'],
  );
  const byKind = new Map(json[0]?.rows.map((row) => [row.kind, row]));
  assert.equal(byKind.get('gdelt')?.kept, 4);
  assert.deepEqual(
    ((byKind.get('google')?.errors ?? []) as Array<{ code: string }>).map((e) => e.code),
    ['FETCH_NOT_IN_ARCHIVE'],
  );
  assert.match(String(byKind.get('bing')?.skipped), /not in "newsSearch"/);

  const unknown = await daybrief(['sources', '--replay', warc, '--topic', 'nope'], dir);
  assert.equal(unknown.code, 2); // a usage mistake
  assert.match(unknown.err, /no topic "nope".*\[CLI_UNKNOWN_TOPIC\]/);
});

interface Local {
  base: string;
  hits: string[];
  close(): Promise<void>;
}

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Local> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    handler(req, res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    hits,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}

test('daybrief sources live: a GDELT endpoint and a feed on 127.0.0.1, refused until allow-listed', async () => {
  const dir = await workDir();
  let gdeltCalls = 0;
  const local = await serve((req, res) => {
    if (req.url?.startsWith('/api/v2/doc/doc?')) {
      gdeltCalls++;
      if (gdeltCalls === 1) {
        res.writeHead(429, { 'content-type': 'text/plain' });
        res.end(fixture('gdelt-rate-limit.txt'));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(fixture('gdelt-artlist.json'));
    } else if (req.url === '/feed.xml') {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(fixture('rss2-entities.xml'));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  try {
    const config = {
      newsSearch: ['gdelt'],
      gdelt: { endpoint: `${local.base}/api/v2/doc/doc`, intervalMs: 0, backoffMs: 0 },
      topics: [
        { name: 'NATO', query: 'NATO OR alliance', feeds: [`${local.base}/feed.xml`], timezone: ZONE },
      ],
    };
    await writeFile(join(dir, 'daybrief.config.json'), JSON.stringify(config));
    const host = new URL(local.base).host;

    const refused = await daybrief(['sources', '--date', DATE], dir);
    assert.equal(refused.code, 1, 'every source failed');
    assert.deepEqual(rowOf(refused.out, 'GDELT').slice(1), ['1', '0', '0', 'FETCH_PRIVATE_ADDRESS']);
    assert.equal(local.hits.length, 0, 'nothing reached the server');

    const allowed = await daybrief(['sources', '--date', DATE, '--allow-host', host], dir);
    assert.equal(allowed.code, 0, allowed.err);
    // The fetcher answers the 429 with its own retry: one request in the table, two at the server.
    assert.deepEqual(rowOf(allowed.out, 'GDELT').slice(1), ['1', '5', '4', '-']);
    assert.match(rowOf(allowed.out, 'Bing News').join(' '), /not queried: not in "newsSearch"/);
    assert.deepEqual(rowOf(allowed.out, `feed ${host}/feed.xml`).slice(1), ['1', '5', '1', '-']);
    assert.equal(gdeltCalls, 2);
  } finally {
    await local.close();
  }
});

test('daybrief run queries the configured GDELT endpoint (newsSearch list, gdelt.endpoint) and fetches its articles', async () => {
  const dir = await workDir();
  const gdeltQueries: string[] = [];
  const local = await serve((req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    if (url.pathname === '/api/v2/doc/doc') {
      gdeltQueries.push(url.searchParams.get('query') ?? '');
      const article = (path: string, title: string, seen: string) => ({
        url: `${local.base}${path}`,
        url_mobile: '',
        title,
        seendate: seen,
        socialimage: '',
        domain: '127.0.0.1',
        language: 'English',
        sourcecountry: 'Finland',
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          articles: [
            article('/a/ministers', 'Alliance ministers meet in Brussels', '20230130T101500Z'),
            article('/a/tokyo', 'NATO chief arrives in Tokyo', '20230130T081500Z'),
          ],
        }),
      );
    } else if (url.pathname.startsWith('/a/')) {
      const title = url.pathname === '/a/tokyo' ? 'NATO chief arrives in Tokyo' : 'Alliance ministers meet';
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        `<!doctype html><html lang="en"><head><title>${title}</title></head><body><article><h1>${title}</h1>` +
          `<p>${'The ministers discussed ammunition production, air defence and support for partners at length. '.repeat(4)}</p>` +
          `<p>${'Officials said further talks would follow in the spring, with a summit planned for the summer. '.repeat(4)}</p>` +
          '</article></body></html>',
      );
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  try {
    const config = {
      database: join(dir, 'db.sqlite'),
      out: join(dir, 'site'),
      newsSearch: ['gdelt'],
      gdelt: { endpoint: `${local.base}/api/v2/doc/doc`, intervalMs: 0 },
      topics: [{ name: 'NATO', query: 'NATO OR alliance', timezone: ZONE }],
    };
    await writeFile(join(dir, 'daybrief.config.json'), JSON.stringify(config));
    const r = await daybrief(
      ['run', '--date', DATE, '--allow-host', new URL(local.base).host, '--json', '--quiet'],
      dir,
    );
    assert.equal(r.code, 0, r.err);
    const [report] = JSON.parse(r.out) as Array<{
      candidates: number;
      fetched: number;
      sourceFailures: unknown[];
    }>;
    assert.deepEqual(gdeltQueries, ['(NATO OR alliance) sourcelang:english']);
    assert.equal(report?.candidates, 2);
    assert.equal(report?.fetched, 2);
    assert.deepEqual(report?.sourceFailures, []);
  } finally {
    await local.close();
  }
});
