import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import type { Fetcher } from '../fetch/types.js';
import { DaybriefError } from '../model/errors.js';
import type { Page } from '../model/types.js';
import { SqliteStore } from '../store/index.js';
import { fetchCover, prepareCover, sniffImage } from './media.js';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

test('image types are told by their bytes, never by their name', () => {
  assert.deepEqual(sniffImage(new Uint8Array([0xff, 0xd8, 0xff, 0xe0])), {
    contentType: 'image/jpeg',
    ext: 'jpg',
  });
  assert.equal(sniffImage(PNG)?.ext, 'png');
  assert.equal(sniffImage(new TextEncoder().encode('GIF89a....'))?.ext, 'gif');
  assert.equal(sniffImage(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))?.ext, 'webp');
  assert.equal(sniffImage(new TextEncoder().encode('\0\0\0\x1cftypavif'))?.ext, 'avif');
  assert.equal(sniffImage(new TextEncoder().encode('<svg onload="alert(1)"></svg>')), undefined);
  assert.equal(sniffImage(new TextEncoder().encode('<html>not an image</html>')), undefined);
  assert.equal(sniffImage(new Uint8Array()), undefined);
});

function fakeFetcher(answer: (url: string) => Uint8Array): Fetcher {
  return {
    async fetch(url: string): Promise<Page> {
      const bytes = answer(url);
      return {
        url,
        finalUrl: url,
        status: 200,
        headers: {},
        bytes,
        text: '',
        charset: 'utf-8',
        contentType: 'image/png',
        fetchedAt: '',
      };
    },
    async close() {},
  };
}

test('a cover is fetched with its hash; a failing or fake image gives its code', async () => {
  const media = await fetchCover(
    'https://img.example/a.png',
    fakeFetcher(() => PNG),
  );
  assert.ok(!('error' in media));
  assert.equal(media.ext, 'png');
  assert.match(media.sha256, /^[a-f0-9]{64}$/);
  const svg = await fetchCover(
    'https://img.example/x.png',
    fakeFetcher(() => new TextEncoder().encode('<svg/>')),
  );
  assert.ok('error' in svg);
  assert.deepEqual([svg.error.stage, svg.error.code], ['media', 'IMAGE_UNSUPPORTED']);
  const failing: Fetcher = {
    fetch: async () => {
      throw new DaybriefError('fetch', 'FETCH_HTTP_404', 'fetch: HTTP 404');
    },
    close: async () => {},
  };
  const gone = await fetchCover('https://img.example/gone.png', failing);
  assert.ok('error' in gone);
  assert.equal(gone.error.code, 'FETCH_HTTP_404');
});

/** A fetcher that answers every URL with `bytes` and counts its requests. */
function countingFetcher(bytes: () => Uint8Array): Fetcher & { requests: number } {
  const inner = fakeFetcher(bytes);
  const f = {
    requests: 0,
    async fetch(url: string) {
      f.requests++;
      return inner.fetch(url);
    },
    close: async () => {},
  };
  return f;
}

test('a cover is fetched once, its thumbnails made once; a rerun reuses both', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'daybrief-media-'));
  const store = new SqliteStore(join(dir, 'db.sqlite'));
  await store.migrate();
  try {
    const jpeg = await sharp({ create: { width: 800, height: 450, channels: 3, background: '#3a6' } })
      .jpeg()
      .toBuffer();
    const http = countingFetcher(() => jpeg);
    const url = 'https://img.example/cover.jpg';
    assert.deepEqual(await prepareCover(url, store, http), { status: 'made' });
    const [record] = await store.getThumbnails([url]);
    assert.ok(record && 'thumbnails' in record);
    assert.deepEqual(
      record.thumbnails.map((t) => [t.width, t.height]),
      [
        [320, 180],
        [640, 360],
        [800, 450],
      ],
    );
    const bytes = await store.getThumbnailBytes(record.thumbnails[0]?.sha256 ?? '');
    assert.equal((await sharp(bytes).metadata()).format, 'webp');
    assert.equal((await store.getMedia([url]))[0]?.sha256.length, 64, 'the original is kept in the store');
    assert.deepEqual(await prepareCover(url, store, http), { status: 'done' });
    assert.equal(http.requests, 1);

    // A run stopped after storing an original and before its thumbnails: the next makes them, no fetch.
    const other = 'https://img.example/other.jpg';
    await store.saveMedia({
      url: other,
      contentType: 'image/jpeg',
      ext: 'jpg',
      sha256: 'ab'.repeat(32),
      bytes: jpeg,
    });
    assert.deepEqual(await prepareCover(other, store, undefined), { status: 'made' });
    assert.equal(http.requests, 1);
    assert.deepEqual(await prepareCover('https://img.example/later.jpg', store, undefined), {
      status: 'skipped',
    });
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('a corrupt cover or an SVG is refused with its code, recorded, and not fetched again', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'daybrief-media-'));
  const store = new SqliteStore(join(dir, 'db.sqlite'));
  await store.migrate();
  try {
    const corrupt = countingFetcher(() => Buffer.concat([PNG, Buffer.alloc(300, 1)]));
    const url = 'https://img.example/broken.png';
    const outcome = await prepareCover(url, store, corrupt);
    assert.equal(outcome.status, 'failed');
    assert.equal(outcome.status === 'failed' && outcome.error.code, 'IMAGE_CORRUPT');
    assert.deepEqual(await prepareCover(url, store, corrupt), { status: 'done' });
    assert.equal(corrupt.requests, 1);
    const [record] = await store.getThumbnails([url]);
    assert.ok(record && 'error' in record && record.error.code === 'IMAGE_CORRUPT');

    const svg = countingFetcher(() => new TextEncoder().encode('<svg onload="alert(1)"/>'));
    const svgUrl = 'https://img.example/logo.svg';
    const refused = await prepareCover(svgUrl, store, svg);
    assert.equal(refused.status === 'failed' && refused.error.code, 'IMAGE_UNSUPPORTED');
    assert.deepEqual(await store.getMedia([svgUrl]), [], 'the refused bytes are not kept');
    assert.deepEqual(await prepareCover(svgUrl, store, svg), { status: 'done' });
    assert.equal(svg.requests, 1);
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
});
