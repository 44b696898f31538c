import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { makeThumbnails, plannedWidths, type ThumbnailResult } from './thumbnails.js';

/** A picture with detail in it (blurred noise), `width` × `height`. */
function picture(width: number, height: number) {
  return sharp({
    create: {
      width,
      height,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 50 },
    },
  }).blur(2);
}

function made(result: ThumbnailResult) {
  assert.ok('thumbnails' in result, `refused: ${JSON.stringify(result)}`);
  return result.thumbnails;
}

function refusedWith(result: ThumbnailResult): string {
  assert.ok('error' in result, 'the image was taken');
  assert.equal(result.error.stage, 'media');
  return result.error.code;
}

test('widths: the standard ones below the source, the source itself when no wider, never more', () => {
  assert.deepEqual(plannedWidths(4000), [320, 640, 960]);
  assert.deepEqual(plannedWidths(960), [320, 640, 960]);
  assert.deepEqual(plannedWidths(800), [320, 640, 800]);
  assert.deepEqual(plannedWidths(480), [320, 480]);
  assert.deepEqual(plannedWidths(700), [320, 640], 'not a second copy barely wider than 640');
  assert.deepEqual(plannedWidths(320), [320]);
  assert.deepEqual(plannedWidths(200), [200]);
});

test('a wide PNG gives WebP thumbnails at 320, 640 and 960 with their sizes and hashes', async () => {
  const png = await picture(1600, 900).png().toBuffer();
  const thumbnails = made(await makeThumbnails(png));
  assert.deepEqual(
    thumbnails.map((t) => [t.width, t.height]),
    [
      [320, 180],
      [640, 360],
      [960, 540],
    ],
  );
  for (const t of thumbnails) {
    const meta = await sharp(t.bytes).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['webp', t.width, t.height]);
    assert.equal(t.contentType, 'image/webp');
    assert.equal(t.ext, 'webp');
    assert.match(t.sha256, /^[a-f0-9]{64}$/);
  }
  const again = made(await makeThumbnails(png));
  assert.deepEqual(
    again.map((t) => t.sha256),
    thumbnails.map((t) => t.sha256),
    'the same image gives the same files (names stay put across runs)',
  );
});

test('a JPEG is turned upright by its EXIF orientation, never enlarged, and loses its metadata', async () => {
  // 600 × 400 stored sideways (orientation 6: shown turned 90° clockwise), so it is 400 × 600 upright.
  const jpeg = await picture(600, 400)
    .jpeg()
    .withMetadata({ orientation: 6, exif: { IFD0: { Copyright: 'Outlet', Artist: 'Photographer' } } })
    .toBuffer();
  assert.equal((await sharp(jpeg).metadata()).orientation, 6);
  const thumbnails = made(await makeThumbnails(jpeg));
  assert.deepEqual(
    thumbnails.map((t) => [t.width, t.height]),
    [
      [320, 480],
      [400, 600],
    ],
  );
  for (const t of thumbnails) {
    const meta = await sharp(t.bytes).metadata();
    assert.equal(meta.orientation, undefined);
    assert.equal(meta.exif, undefined);
    assert.equal(meta.icc, undefined);
  }
});

test('corrupt, truncated and script-carrying images are refused with a code, never thrown', async () => {
  const png = await picture(64, 64).png().toBuffer();
  assert.equal(refusedWith(await makeThumbnails(png.subarray(0, 80))), 'IMAGE_CORRUPT');
  const garbled = Buffer.concat([png.subarray(0, 40), Buffer.alloc(400, 0x5a)]);
  assert.equal(refusedWith(await makeThumbnails(garbled)), 'IMAGE_CORRUPT');
  const jpegHead = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 7)]);
  assert.match(refusedWith(await makeThumbnails(jpegHead)), /^IMAGE_(CORRUPT|UNSUPPORTED)$/);
  assert.equal(refusedWith(await makeThumbnails(new Uint8Array())), 'IMAGE_UNSUPPORTED');
  const svg = Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300" onload="alert(1)"><rect width="400" height="300"/></svg>',
  );
  assert.equal(refusedWith(await makeThumbnails(svg)), 'IMAGE_UNSUPPORTED');
  const tiff = await picture(64, 64).tiff().toBuffer();
  assert.equal(refusedWith(await makeThumbnails(tiff)), 'IMAGE_UNSUPPORTED');
});

test('a decompression bomb (a small file claiming 60 000 × 60 000 pixels) is refused before decoding', async () => {
  const png = Buffer.from(await picture(8, 8).png().toBuffer());
  // The IHDR chunk: length (4) + "IHDR" (4) at offset 8, width and height at 16 and 20, its CRC at 29.
  assert.equal(png.toString('latin1', 12, 16), 'IHDR');
  png.writeUInt32BE(60_000, 16);
  png.writeUInt32BE(60_000, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  const meta = await sharp(png, { limitInputPixels: false }).metadata();
  assert.deepEqual([meta.width, meta.height], [60_000, 60_000], 'the header claims 3.6 gigapixels');
  assert.ok(png.length < 1000);
  assert.equal(refusedWith(await makeThumbnails(png)), 'IMAGE_TOO_LARGE');
  // The limit is the pixel count, whatever the file size: a real image over a lower limit is refused too.
  const real = await picture(300, 200).png().toBuffer();
  assert.equal(refusedWith(await makeThumbnails(real, { maxInputPixels: 50_000 })), 'IMAGE_TOO_LARGE');
});

test('a very tall strip is shown narrower: at most three times as tall as the widest thumbnail is wide', async () => {
  const strip = await picture(200, 4000).png().toBuffer();
  const thumbnails = made(await makeThumbnails(strip));
  assert.deepEqual(
    thumbnails.map((t) => [t.width, t.height]),
    [[144, 2880]],
  );
});

test('grey, 16-bit, transparent, CMYK and animated images all come out as ordinary WebP', async () => {
  const sources = {
    grey: await picture(500, 300).greyscale().png().toBuffer(),
    deep: await picture(500, 300).toColourspace('rgb16').png().toBuffer(),
    alpha: await sharp({
      create: { width: 500, height: 300, channels: 4, background: { r: 200, g: 30, b: 30, alpha: 0.5 } },
    })
      .png()
      .toBuffer(),
    cmyk: await picture(500, 300).toColourspace('cmyk').jpeg().toBuffer(),
    gif: await picture(500, 300).gif().toBuffer(),
  };
  for (const [name, bytes] of Object.entries(sources)) {
    const thumbnails = made(await makeThumbnails(bytes));
    assert.deepEqual(
      thumbnails.map((t) => [t.width, t.height]),
      [
        [320, 192],
        [500, 300],
      ],
      name,
    );
    const meta = await sharp(thumbnails[0]?.bytes).metadata();
    assert.equal(meta.format, 'webp', name);
    assert.equal(meta.space, 'srgb', name);
  }
});
