import assert from 'node:assert/strict';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
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
