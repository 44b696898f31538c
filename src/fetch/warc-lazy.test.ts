import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { buildWarc, createReplayTransport, loadWarc } from './index.js';

const REALPAGES = fileURLToPath(new URL('../../../shared/replay/realpages-dev.warc.gz', import.meta.url));
const request = (url: string) => ({ url, headers: {}, maxBytes: 10 * 2 ** 20 });

test('a lazy index answers every response as the in-memory one does, reading payloads from the file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'daybrief-warc-lazy-'));
  try {
    const file = join(dir, 'a.warc.gz');
    const binary = Uint8Array.from({ length: 3000 }, (_, i) => (i * 31) % 256);
    await buildWarc(
      [
        { url: 'https://a.example/1', body: '<p>first capture</p>' },
        { url: 'https://a.example/2', headers: { 'content-type': 'image/png' }, body: binary },
        {
          url: 'https://a.example/3',
          headers: { 'content-type': 'text/html', 'content-encoding': 'gzip' },
          body: zlib.gzipSync('<p>gzip on the wire</p>'),
        },
        { url: 'https://a.example/1', body: '<p>latest capture wins</p>' },
        { url: 'https://a.example/404', status: 404, body: 'gone' },
      ],
      file,
    );
    const eager = await loadWarc(file, { lazy: false });
    const lazy = await loadWarc(file, { lazy: true });
    assert.equal(eager.lazy, false);
    assert.equal(lazy.lazy, true);
    assert.deepEqual(lazy.urls().sort(), eager.urls().sort());
    const a = createReplayTransport(eager);
    const b = createReplayTransport(lazy);
    for (const url of eager.urls()) {
      const [x, y] = await Promise.all([a.request(request(url)), b.request(request(url))]);
      assert.deepEqual({ ...y, body: Buffer.from(y.body) }, { ...x, body: Buffer.from(x.body) }, url);
    }
    const latest = await b.request(request('https://a.example/1'));
    assert.equal(Buffer.from(latest.body).toString(), '<p>latest capture wins</p>');
    assert.deepEqual(new Uint8Array((await b.request(request('https://a.example/2'))).body), binary);
    await a.close();
    await b.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('an uncompressed .warc is always held in memory (its records have no member offsets)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'daybrief-warc-lazy-'));
  try {
    const file = join(dir, 'a.warc');
    await buildWarc([{ url: 'https://a.example/1', body: 'x' }], file);
    const index = await loadWarc(file, { lazy: true });
    assert.equal(index.lazy, false);
    const res = await createReplayTransport(index).request(request('https://a.example/1'));
    assert.equal(Buffer.from(res.body).toString(), 'x');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('real pages: lazy and in-memory replay agree on every record', {
  skip: !existsSync(REALPAGES) && `${REALPAGES} is absent`,
}, async () => {
  const eager = createReplayTransport(await loadWarc(REALPAGES, { lazy: false }));
  const index = await loadWarc(REALPAGES, { lazy: true });
  const lazy = createReplayTransport(index);
  let n = 0;
  for (const url of index.urls()) {
    const [x, y] = await Promise.all([eager.request(request(url)), lazy.request(request(url))]);
    assert.equal(Buffer.compare(Buffer.from(x.body), Buffer.from(y.body)), 0, url);
    assert.deepEqual(y.headers, x.headers, url);
    n++;
  }
  assert.ok(n > 100);
  await lazy.close();
});
