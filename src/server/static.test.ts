import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { writeSite } from '../publish/write.js';
import { listen } from './node.js';
import { DEFAULT_REVALIDATE_MS, staticHandler } from './static.js';

async function site() {
  const root = await mkdtemp(join(tmpdir(), 'daybrief-static-'));
  await mkdir(join(root, 'nato', '2023-01-30'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<h1>home</h1>');
  await writeFile(join(root, 'nato', '2023-01-30', 'index.html'), '<h1>day</h1>');
  await writeFile(join(root, 'nato', 'feed.xml'), '<feed/>');
  await writeFile(join(root, '..', 'secret.txt'), 'nope').catch(() => undefined);
  return root;
}

test('serves files, directory indexes and redirects to the slash form', async () => {
  const handle = staticHandler(await site());
  const home = await handle(new Request('http://x/'));
  assert.equal(home.status, 200);
  assert.equal(await home.text(), '<h1>home</h1>');
  assert.match(home.headers.get('content-security-policy') ?? '', /default-src 'none'/);
  const day = await handle(new Request('http://x/nato/2023-01-30/'));
  assert.equal(await day.text(), '<h1>day</h1>');
  const redirect = await handle(new Request('http://x/nato/2023-01-30'));
  assert.equal(redirect.status, 301);
  assert.equal(redirect.headers.get('location'), '/nato/2023-01-30/');
  const feed = await handle(new Request('http://x/nato/feed.xml'));
  assert.equal(feed.headers.get('content-type'), 'application/atom+xml; charset=utf-8');
});

test('images only from the site itself, and thumbnails served as WebP', async () => {
  const root = await site();
  await mkdir(join(root, 'media'));
  await writeFile(join(root, 'media', `${'a'.repeat(32)}.webp`), 'RIFF....WEBP');
  const res = await staticHandler(root)(new Request(`http://x/media/${'a'.repeat(32)}.webp`));
  assert.equal(res.headers.get('content-type'), 'image/webp');
  assert.equal(
    res.headers.get('content-security-policy'),
    "default-src 'none'; img-src 'self'; style-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  );
});

test('never leaves the root and refuses other methods', async () => {
  const handle = staticHandler(await site());
  for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/nato/..%2f..%2fsecret.txt', '/%00']) {
    const res = await handle(new Request(`http://x${path}`));
    assert.ok(res.status === 404 || res.status === 400, `${path} gave ${res.status}`);
  }
  assert.equal((await handle(new Request('http://x/', { method: 'POST' }))).status, 405);
});

test('works over real HTTP', async () => {
  const { server, url } = await listen(staticHandler(await site()), { port: 0 });
  try {
    const res = await fetch(new URL('nato/2023-01-30/', url));
    assert.equal(res.status, 200);
    assert.equal(await res.text(), '<h1>day</h1>');
  } finally {
    server.close();
  }
});

test('never serves dotfiles, dot-folders or publish temporaries, in any spelling', async () => {
  const root = await site();
  await mkdir(join(root, '.git'), { recursive: true });
  await writeFile(join(root, '.git', 'config'), '[core]');
  await writeFile(join(root, '.env'), 'SECRET=1');
  await writeFile(join(root, 'nato', '.0123456789ab.tmp'), 'half a page');
  const handle = staticHandler(root);
  for (const path of [
    '/.env',
    '/%2eenv',
    '/.git/config',
    '/.git/',
    '/nato/.0123456789ab.tmp',
    '/nato/%2E0123456789ab.tmp',
  ]) {
    const res = await handle(new Request(`http://x${path}`));
    assert.equal(res.status, 404, path);
  }
});

test('a temporary left by a crashed publish is not served and the next publish removes it', async () => {
  const root = await mkdtemp(join(tmpdir(), 'daybrief-static-tmp-'));
  await writeSite(new Map([['index.html', '<h1>v1</h1>']]), root);
  // What a publish killed between writing and renaming leaves: a temporary of a process now gone.
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((ok) => child.on('exit', ok));
  const left = `.daybrief-${child.pid}-0123456789ab.tmp`;
  await writeFile(join(root, left), '<h1>half of v2');
  const handle = staticHandler(root);
  assert.equal((await handle(new Request(`http://x/${left}`))).status, 404);
  await writeSite(new Map([['index.html', '<h1>v2</h1>']]), root);
  assert.deepEqual(await readdir(root), ['index.html']);
  assert.equal(await (await handle(new Request('http://x/'))).text(), '<h1>v2</h1>');
});

test('HEAD gives the length without a body, and an empty file is served empty', async () => {
  const root = await site();
  await writeFile(join(root, 'empty.txt'), '');
  const handle = staticHandler(root);
  const head = await handle(new Request('http://x/index.html', { method: 'HEAD' }));
  assert.equal(head.status, 200);
  assert.equal(head.headers.get('content-length'), '13');
  assert.equal(head.body, null);
  const empty = await handle(new Request('http://x/empty.txt'));
  assert.equal(empty.headers.get('content-length'), '0');
  assert.equal(await empty.text(), '');
});

test("a missing path gets the site's 404 page in its layout with status 404; RSS has its own type", async () => {
  const root = await mkdtemp(join(tmpdir(), 'daybrief-static-404-'));
  const { buildSite } = await import('../publish/site.js');
  const { natoSite } = await import('../publish/fixtures.test.js');
  await writeSite(buildSite(natoSite()), root);
  const { url, close } = await listen(staticHandler(root), { port: 0 });
  try {
    for (const path of ['nato/2031-01-01/', 'no/such/page.html', '.git/config']) {
      const res = await fetch(new URL(path, url));
      assert.equal(res.status, 404, path);
      assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
      const { parseHTML } = await import('linkedom');
      const doc = parseHTML(await res.text()).document;
      assert.equal(doc.querySelector('main h1')?.textContent, 'Page not found');
      assert.ok(doc.querySelector('a[href="/index.html"]'), 'a link home');
      assert.ok(doc.querySelector('form.search-box'), 'the search box');
      // Its stylesheet link works from any depth.
      const css = await fetch(
        new URL(doc.querySelector('link[rel="stylesheet"]')?.getAttribute('href') ?? '', new URL(path, url)),
      );
      assert.equal(css.status, 200);
      assert.equal(css.headers.get('content-type'), 'text/css; charset=utf-8');
    }
    const head = await fetch(new URL('missing', url), { method: 'HEAD' });
    assert.equal(head.status, 404);
    assert.equal(await head.text(), '');
    const rss = await fetch(new URL('nato/rss.xml', url));
    assert.equal(rss.headers.get('content-type'), 'application/rss+xml; charset=utf-8');
    await rss.arrayBuffer();
  } finally {
    await close();
  }
  const bare = await staticHandler(await site())(new Request('http://x/missing'));
  assert.equal(bare.status, 404);
  assert.equal(
    bare.headers.get('content-type'),
    'text/plain; charset=utf-8',
    'no 404 page built: plain text',
  );
});

const get = (
  handle: (req: Request) => Promise<Response>,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
) => handle(new Request(`http://x${path}`, { method, headers }));

test('every file has a strong ETag and Last-Modified; If-None-Match and If-Modified-Since give a 304 without a body', async () => {
  const root = await site();
  let clock = 0;
  const handle = staticHandler(root, { now: () => clock });
  const first = await get(handle, '/nato/feed.xml');
  const etag = first.headers.get('etag') ?? '';
  assert.match(etag, /^"[^"]+"$/, 'a strong tag');
  const modified = first.headers.get('last-modified') ?? '';
  assert.equal(modified, (await stat(join(root, 'nato', 'feed.xml'))).mtime.toUTCString());
  await first.arrayBuffer();
  for (const headers of <Record<string, string>[]>[
    { 'if-none-match': etag },
    { 'if-none-match': `W/${etag}` },
    { 'if-none-match': `"nope", ${etag}` },
    { 'if-none-match': '*' },
    { 'if-modified-since': modified },
    { 'if-modified-since': new Date(Date.now() + 60_000).toUTCString() },
  ]) {
    for (const method of ['GET', 'HEAD']) {
      const res = await get(handle, '/nato/feed.xml', headers, method);
      assert.equal(res.status, 304, `${method} ${JSON.stringify(headers)}`);
      assert.equal(res.body, null);
      assert.equal(res.headers.get('etag'), etag);
      assert.equal(res.headers.get('cache-control'), 'no-cache');
    }
  }
  for (const headers of <Record<string, string>[]>[
    { 'if-none-match': '"nope"' },
    { 'if-none-match': '"nope"', 'if-modified-since': modified },
    { 'if-modified-since': 'Thu, 01 Jan 1970 00:00:00 GMT' },
    { 'if-modified-since': 'yesterday' },
  ]) {
    const res = await get(handle, '/nato/feed.xml', headers);
    assert.equal(res.status, 200, JSON.stringify(headers));
    assert.equal(await res.text(), '<feed/>');
  }
  // A new version renamed over the file by another process is seen once the file is looked at again.
  await writeFile(join(root, 'nato', 'feed.new'), '<feed>2</feed>');
  await rename(join(root, 'nato', 'feed.new'), join(root, 'nato', 'feed.xml'));
  clock += DEFAULT_REVALIDATE_MS - 1;
  const cached = await get(handle, '/nato/feed.xml', { 'if-none-match': etag });
  assert.equal(cached.status, 304, 'answered from memory until it is looked at again');
  clock += 1;
  const changed = await get(handle, '/nato/feed.xml', { 'if-none-match': etag });
  assert.equal(changed.status, 200);
  assert.equal(await changed.text(), '<feed>2</feed>');
  const etag2 = changed.headers.get('etag');
  assert.notEqual(etag2, etag, 'a new version has a new tag');
  // A publish in this process is seen at once, whatever the clock says.
  await writeSite(new Map([['nato/feed.xml', '<feed>3</feed>']]), root);
  const published = await get(handle, '/nato/feed.xml');
  assert.equal(await published.text(), '<feed>3</feed>');
  assert.notEqual(published.headers.get('etag'), etag2);
});

test('text goes gzip or brotli as the client accepts, decoding to the same bytes, with its own ETag and Vary', async () => {
  const root = await site();
  const page = `<!doctype html><title>day</title>${'<p>Ministers met in Vilnius again today.</p>\n'.repeat(200)}`;
  await writeFile(join(root, 'nato', '2023-01-30', 'index.html'), page);
  await writeFile(join(root, 'big.png'), Buffer.alloc(4096, 7));
  const handle = staticHandler(root);
  const path = '/nato/2023-01-30/';
  const plain = await get(handle, path);
  assert.equal(plain.headers.get('content-encoding'), null, 'no Accept-Encoding: as it is');
  assert.equal(plain.headers.get('vary'), 'Accept-Encoding');
  assert.equal(await plain.text(), page);
  const tags = new Set([plain.headers.get('etag')]);
  for (const [accept, coding, decode] of [
    ['gzip', 'gzip', gunzipSync],
    ['gzip, deflate, br', 'br', brotliDecompressSync],
    ['br;q=0, gzip;q=0.5', 'gzip', gunzipSync],
  ] as const) {
    const res = await get(handle, path, { 'accept-encoding': accept });
    assert.equal(res.headers.get('content-encoding'), coding, accept);
    assert.equal(res.headers.get('vary'), 'Accept-Encoding');
    const body = Buffer.from(await res.arrayBuffer());
    assert.equal(res.headers.get('content-length'), String(body.length));
    assert.ok(body.length < Buffer.byteLength(page) / 4, 'smaller');
    assert.equal(decode(body).toString(), page, accept);
    tags.add(res.headers.get('etag'));
    const again = await get(handle, path, {
      'accept-encoding': accept,
      'if-none-match': res.headers.get('etag') ?? '',
    });
    assert.equal(again.status, 304, `${accept}: its own tag validates`);
  }
  assert.equal(tags.size, 3, 'identity, gzip and br each have their own ETag');
  for (const accept of ['gzip;q=0, br;q=0', '*;q=0', 'identity', 'deflate']) {
    const res = await get(handle, path, { 'accept-encoding': accept });
    assert.equal(res.headers.get('content-encoding'), null, accept);
    assert.equal(await res.text(), page);
  }
  const image = await get(handle, '/big.png', { 'accept-encoding': 'gzip, br' });
  assert.equal(image.headers.get('content-encoding'), null, 'images are not compressed');
  assert.equal(image.headers.get('vary'), null);
  assert.equal((await image.arrayBuffer()).byteLength, 4096);
  const tiny = await get(handle, '/index.html', { 'accept-encoding': 'gzip, br' });
  assert.equal(tiny.headers.get('content-encoding'), null, 'tiny bodies are not compressed');
  assert.equal(await tiny.text(), '<h1>home</h1>');
});

test('HEAD has the headers of GET, in the same coding, without a body', async () => {
  const root = await site();
  await writeFile(join(root, 'nato', 'feed.xml'), `<feed>${'<entry>x</entry>'.repeat(300)}</feed>`);
  const handle = staticHandler(root);
  for (const accept of ['', 'gzip', 'br']) {
    const headers: Record<string, string> = accept ? { 'accept-encoding': accept } : {};
    const full = await get(handle, '/nato/feed.xml', headers);
    const head = await get(handle, '/nato/feed.xml', headers, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body, null);
    for (const name of [
      'content-length',
      'content-encoding',
      'content-type',
      'etag',
      'last-modified',
      'vary',
    ]) {
      assert.equal(head.headers.get(name), full.headers.get(name), `${accept} ${name}`);
    }
    assert.equal(Number(head.headers.get('content-length')), (await full.arrayBuffer()).byteLength);
  }
});

test('only assets whose names carry a content hash are immutable; pages, feeds and an unhashed stylesheet revalidate', async () => {
  const root = await site();
  await mkdir(join(root, 'media'), { recursive: true });
  await mkdir(join(root, 'assets'), { recursive: true });
  const hashed = 'media/0e6ba237b18f8e863dc852ecd2f0b474.png';
  await writeFile(join(root, hashed), 'png');
  await writeFile(join(root, 'media', 'logo.png'), 'png');
  await writeFile(join(root, 'assets', 'style.css'), 'body{}');
  await writeFile(join(root, 'assets', 'style.0e6ba237b18f8e86.css'), 'body{}');
  await writeFile(join(root, 'nato', '0e6ba237b18f8e863dc852ecd2f0b474.html'), '<p>');
  const handle = staticHandler(root);
  const control = async (path: string) => {
    const res = await get(handle, path);
    await res.arrayBuffer();
    assert.equal(res.status, 200, path);
    return res.headers.get('cache-control');
  };
  assert.equal(await control(`/${hashed}`), 'public, max-age=31536000, immutable');
  assert.equal(await control('/assets/style.0e6ba237b18f8e86.css'), 'public, max-age=31536000, immutable');
  for (const path of [
    '/media/logo.png',
    '/assets/style.css',
    '/index.html',
    '/nato/feed.xml',
    '/nato/0e6ba237b18f8e863dc852ecd2f0b474.html',
  ]) {
    assert.equal(await control(path), 'no-cache', path);
  }
});

test('files past the memory bound are streamed, with validators of their own', async () => {
  const root = await site();
  const big = Buffer.alloc(200_000, 'a');
  await writeFile(join(root, 'big.txt'), big);
  const handle = staticHandler(root, { maxCachedFile: 64 * 1024 });
  const res = await get(handle, '/big.txt', { 'accept-encoding': 'gzip' });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-length'), String(big.length));
  assert.equal(res.headers.get('content-encoding'), null);
  assert.deepEqual(Buffer.from(await res.arrayBuffer()), big);
  const etag = res.headers.get('etag') ?? '';
  assert.match(etag, /^"[^"]+"$/);
  assert.equal((await get(handle, '/big.txt', { 'if-none-match': etag })).status, 304);
  const modified = res.headers.get('last-modified') ?? '';
  assert.equal((await get(handle, '/big.txt', { 'if-modified-since': modified })).status, 304);
  const head = await get(handle, '/big.txt', {}, 'HEAD');
  assert.equal(head.headers.get('content-length'), String(big.length));
  assert.equal(head.body, null);
});
