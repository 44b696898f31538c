import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import iconv from 'iconv-lite';
import { WARCRecord, WARCSerializer } from 'warcio';
import { DaybriefError } from '../model/errors.js';
import { buildWarc, createLiveFetcher, createReplayFetcher, dechunk, loadWarc } from './index.js';

const REPLAY_DIR = fileURLToPath(new URL('../../../shared/replay/', import.meta.url));
const DATE = '2024-03-01T06:00:00.000Z';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'daybrief-warc-'));
});
after(() => rm(dir, { recursive: true, force: true }));

async function rejectsWith(promise: Promise<unknown>, code: string, message?: RegExp) {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof DaybriefError, `expected DaybriefError, got ${String(err)}`);
    assert.equal(err.code, code);
    if (message) assert.match(err.message, message);
    return true;
  });
}

function chunked(body: Buffer, size: number): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < body.length; i += size) {
    const piece = body.subarray(i, i + size);
    parts.push(Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n'));
  }
  return Buffer.concat([...parts, Buffer.from('0\r\n\r\n')]);
}

describe('buildWarc and replay', () => {
  for (const name of ['built.warc.gz', 'built.warc']) {
    test(`answers from ${name}: pages, redirects, errors and misses`, async () => {
      const file = join(dir, name);
      await buildWarc(
        [
          { url: 'https://news.example/a', body: '<h1>A</h1>', date: DATE },
          { url: 'https://news.example/old', status: 301, headers: { location: '/a' }, body: '' },
          { url: 'https://news.example/gone', status: 404, body: 'not here' },
          {
            url: 'http://feeds.example/feed.xml',
            headers: { 'content-type': 'application/rss+xml' },
            body: new TextEncoder().encode('<?xml version="1.0"?><rss/>'),
          },
        ],
        file,
      );
      const f = await createReplayFetcher(file);
      const a = await f.fetch('https://news.example/old');
      assert.equal(a.finalUrl, 'https://news.example/a');
      assert.equal(a.text, '<h1>A</h1>');
      assert.equal(a.contentType, 'text/html');
      assert.equal(a.fetchedAt, DATE);
      const feed = await f.fetch('http://feeds.example/feed.xml');
      assert.equal(feed.contentType, 'application/rss+xml');
      await rejectsWith(
        f.fetch('https://news.example/gone'),
        'FETCH_HTTP_404',
        /HTTP 404 Not Found for https:\/\/news\.example\/gone/,
      );
      await rejectsWith(
        f.fetch('https://news.example/never'),
        'FETCH_NOT_IN_ARCHIVE',
        /^fetch: https:\/\/news\.example\/never is not in the archive/,
      );
      await f.close();
    });
  }

  test('a URL finds a capture stored with a fragment; an exact capture wins', async () => {
    const file = join(dir, 'fragments.warc.gz');
    await buildWarc(
      [
        { url: 'https://blog.example/post#comment-1', body: 'post via fragment' },
        { url: 'https://blog.example/page#top', body: 'page via fragment' },
        { url: 'https://blog.example/page', body: 'page exact' },
      ],
      file,
    );
    const f = await createReplayFetcher(file);
    assert.equal((await f.fetch('https://blog.example/post')).text, 'post via fragment');
    assert.equal((await f.fetch('https://blog.example/post#comment-1')).text, 'post via fragment');
    assert.equal((await f.fetch('https://blog.example/page')).text, 'page exact');
    assert.equal((await f.fetch('https://BLOG.example/page')).text, 'page exact', 'host case is normalised');
    await f.close();
  });

  test('records that kept chunked framing and gzip are decoded', async () => {
    const text = iconv.encode('<meta charset="windows-1252"><p>“Quoted” news — in 1252</p>', 'windows-1252');
    const file = join(dir, 'wire.warc.gz');
    await buildWarc(
      [
        {
          url: 'https://wire.example/story',
          headers: {
            'content-type': 'text/html',
            'content-encoding': 'gzip',
            'transfer-encoding': 'chunked',
          },
          body: chunked(zlib.gzipSync(text), 7),
        },
      ],
      file,
    );
    const f = await createReplayFetcher(file);
    const page = await f.fetch('https://wire.example/story');
    assert.equal(page.text, '<meta charset="windows-1252"><p>“Quoted” news — in 1252</p>');
    assert.equal(page.charset, 'windows-1252');
    assert.equal(page.headers['content-encoding'], undefined);
    assert.equal(page.headers['transfer-encoding'], undefined);
    await f.close();
  });

  test('a revisit record answers with the payload it refers to', async () => {
    const file = join(dir, 'revisit.warc');
    const original = WARCRecord.create(
      {
        url: 'https://site.example/v1',
        type: 'response',
        httpHeaders: { 'content-type': 'text/html; charset=utf-8' },
      },
      [new TextEncoder().encode('same body')],
    );
    const bytes = await WARCSerializer.serialize(original);
    const digest = original.warcPayloadDigest ?? '';
    assert.ok(digest, 'the serializer computes the payload digest');
    const revisit = WARCRecord.create({
      url: 'https://site.example/v2',
      type: 'revisit',
      refersToUrl: 'https://site.example/v1',
      warcHeaders: { 'WARC-Payload-Digest': digest },
      httpHeaders: { 'content-type': 'text/html; charset=utf-8', 'x-seen': 'again' },
    });
    await writeFile(file, Buffer.concat([bytes, await WARCSerializer.serialize(revisit)]));
    const index = await loadWarc(file);
    assert.deepEqual(index.counts, { response: 1, revisit: 1 });
    const f = await createReplayFetcher(file);
    const page = await f.fetch('https://site.example/v2');
    assert.equal(page.text, 'same body');
    assert.equal(page.headers['x-seen'], 'again');
    await f.close();
  });

  test('a missing archive is a clear error', async () => {
    await rejectsWith(
      createReplayFetcher(join(dir, 'nope.warc.gz')),
      'FETCH_ARCHIVE_MISSING',
      /nope\.warc\.gz/,
    );
  });
});

describe('record then replay', () => {
  test('a live run recorded with `record` replays the same pages offline', async () => {
    const article = iconv.encode('<meta charset="windows-1252"><h1>Café crème</h1>', 'windows-1252');
    const server = createServer((req, res) => {
      if (req.url === '/robots.txt')
        res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nDisallow: /private\n');
      else if (req.url === '/start') res.writeHead(302, { location: '/article' }).end();
      else if (req.url === '/article')
        res
          .writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' })
          .end(zlib.gzipSync(article));
      else res.writeHead(404).end('missing');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const file = join(dir, 'recorded.warc.gz');

    const live = createLiveFetcher({ record: file, perHostDelayMs: 0, allowHosts: [new URL(base).host] });
    const livePage = await live.fetch(`${base}/start`);
    await rejectsWith(live.fetch(`${base}/missing`), 'FETCH_HTTP_404');
    await rejectsWith(live.fetch(`${base}/private/x`), 'FETCH_ROBOTS_DISALLOWED');
    await live.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));

    const index = await loadWarc(file);
    assert.deepEqual(index.counts, { warcinfo: 1, request: 4, response: 4 });

    const replay = await createReplayFetcher(file);
    const page = await replay.fetch(`${base}/start`);
    assert.equal(page.text, livePage.text);
    assert.equal(page.text, '<meta charset="windows-1252"><h1>Café crème</h1>');
    assert.equal(page.finalUrl, `${base}/article`);
    assert.equal(page.charset, 'windows-1252');
    assert.deepEqual(page.bytes, livePage.bytes);
    await rejectsWith(replay.fetch(`${base}/missing`), 'FETCH_HTTP_404');
    await rejectsWith(replay.fetch(`${base}/private/x`), 'FETCH_ROBOTS_DISALLOWED');
    await rejectsWith(replay.fetch(`${base}/elsewhere`), 'FETCH_NOT_IN_ARCHIVE');
    await replay.close();
  });
});

test('dechunk removes framing and leaves unframed bodies alone', () => {
  const body = Buffer.from('hello, chunked world');
  assert.deepEqual(Buffer.from(dechunk(chunked(body, 4))), body);
  assert.deepEqual(Buffer.from(dechunk(body)), body);
});

describe('shared replay archives', () => {
  const archives = [
    { file: 'realpages-dev.warc.gz', feed: 'http://feeds.bench.test/realpages.xml' },
    { file: 'stories-dev.warc.gz', feed: 'http://feeds.bench.test/stories.xml' },
  ];
  for (const { file, feed } of archives) {
    const path = join(REPLAY_DIR, file);
    const skip = existsSync(path) ? false : `${path} is absent`;
    test(`${file} answers its feed and the pages it links`, { skip }, async () => {
      const f = await createReplayFetcher(path);
      const rss = await f.fetch(feed, { accept: 'application/rss+xml' });
      assert.equal(rss.contentType, 'application/rss+xml');
      assert.match(rss.text, /^<\?xml/);
      const links = [...rss.text.matchAll(/<item>[\s\S]*?<link>([^<]+)<\/link>/g)].map((m) =>
        (m[1] ?? '').replaceAll('&amp;', '&'),
      );
      assert.ok(links.length > 100, `feed lists ${links.length} items`);
      const first = await f.fetch(links[0] ?? '');
      assert.equal(first.status, 200);
      assert.equal(first.contentType, 'text/html');
      assert.match(first.text, /<html/i);
      await f.close();
    });
  }
});
