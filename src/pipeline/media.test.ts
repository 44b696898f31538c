import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Fetcher } from '../fetch/types.js';
import { DaybriefError } from '../model/errors.js';
import type { Page } from '../model/types.js';
import { fetchCover, sniffImage } from './media.js';

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

test('a cover is copied with its hash; a failing or fake image is skipped quietly', async () => {
  const media = await fetchCover(
    'https://img.example/a.png',
    fakeFetcher(() => PNG),
  );
  assert.equal(media?.ext, 'png');
  assert.match(media?.sha256 ?? '', /^[a-f0-9]{64}$/);
  assert.equal(
    await fetchCover(
      'https://img.example/x.png',
      fakeFetcher(() => new TextEncoder().encode('<svg/>')),
    ),
    undefined,
  );
  const failing: Fetcher = {
    fetch: async () => {
      throw new DaybriefError('fetch', 'FETCH_HTTP_404', 'fetch: HTTP 404');
    },
    close: async () => {},
  };
  assert.equal(await fetchCover('https://img.example/gone.png', failing), undefined);
});
