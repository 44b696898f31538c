import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeSite } from '../publish/write.js';
import { listen } from './node.js';
import { staticHandler } from './static.js';

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
