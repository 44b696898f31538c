/**
 * Thumbnails of a cover image: the outlet's bytes decoded once by sharp (under a pixel limit, failing
 * on damaged data, within a time bound), turned upright by their EXIF orientation, stripped of every
 * metadata and re-encoded as WebP at a few widths. Only these re-encoded files reach the site: the
 * outlet's own bytes never do. Pure (bytes in, bytes out); the store keeps the original.
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { DaybriefError, type ErrorInfo, errorInfo } from '../model/errors.js';
import type { Thumbnail } from '../store/store.js';

// Each image is decoded once and never again: libvips' operation cache would only hold memory.
sharp.cache(false);

/** Widths made for the site's `srcset`; an image narrower than a width is never enlarged to it. */
export const THUMBNAIL_WIDTHS: readonly number[] = [320, 640, 960];
/** More pixels than this (by the header, before any decoding) and the image is refused: a decompression bomb. */
export const MAX_INPUT_PIXELS = 50_000_000;
/** A thumbnail is at most this many times as tall as it is wide (a long strip is shown narrower). */
const MAX_ASPECT = 3;
/** Each sharp pipeline stops after this long. */
const TIMEOUT_SECONDS = 15;
/** The source width is made too when it is this much wider than the largest width below it. */
const OWN_WIDTH_STEP = 1.2;
const WEBP_QUALITY = 75;
/** What sharp's header says the formats the site takes are (heif is how AVIF reads). */
const RASTER_FORMATS = new Set(['jpeg', 'png', 'gif', 'webp', 'heif']);

export const IMAGE_CODES = {
  unsupported: 'IMAGE_UNSUPPORTED',
  corrupt: 'IMAGE_CORRUPT',
  tooLarge: 'IMAGE_TOO_LARGE',
  timeout: 'IMAGE_TIMEOUT',
} as const;

export interface ThumbnailOptions {
  widths?: readonly number[];
  maxInputPixels?: number;
  timeoutSeconds?: number;
}

export type ThumbnailResult = { thumbnails: Thumbnail[] } | { error: ErrorInfo };

/**
 * The widths to make for an image `sourceWidth` wide: each of `widths` below it, and the source's own
 * width when it is no wider than the largest and clearly wider than the widths below it.
 */
export function plannedWidths(sourceWidth: number, widths: readonly number[] = THUMBNAIL_WIDTHS): number[] {
  const sorted = [...widths].sort((a, b) => a - b);
  const below = sorted.filter((w) => w < sourceWidth);
  const largest = sorted.at(-1) ?? sourceWidth;
  const last = below.at(-1);
  if (sourceWidth >= largest) return sorted;
  if (last === undefined || sourceWidth >= last * OWN_WIDTH_STEP) below.push(sourceWidth);
  return below;
}

function refused(code: string, message: string, cause?: unknown): { error: ErrorInfo } {
  return { error: errorInfo(new DaybriefError('media', code, message, { cause }), 'media') };
}

/** sharp's complaint as one of our codes. */
function sharpError(err: unknown): { error: ErrorInfo } {
  const text = err instanceof Error ? err.message : String(err);
  if (/pixel limit/i.test(text))
    return refused(IMAGE_CODES.tooLarge, `the image has more pixels than the limit (${text})`, err);
  if (/unsupported image format/i.test(text))
    return refused(IMAGE_CODES.unsupported, `not an image format the site takes (${text})`, err);
  if (/timeout/i.test(text))
    return refused(IMAGE_CODES.timeout, `the image took too long to decode (${text})`, err);
  return refused(IMAGE_CODES.corrupt, `the image could not be decoded (${text})`, err);
}

/**
 * WebP thumbnails of `bytes` at the planned widths, with their sizes and hashes, smallest first; or
 * the reason the image is refused (`IMAGE_UNSUPPORTED`: SVG, PDF, TIFF…; `IMAGE_TOO_LARGE`: more
 * pixels than `maxInputPixels`; `IMAGE_CORRUPT`; `IMAGE_TIMEOUT`). Never throws.
 */
export async function makeThumbnails(
  bytes: Uint8Array,
  opts: ThumbnailOptions = {},
): Promise<ThumbnailResult> {
  const widths = opts.widths ?? THUMBNAIL_WIDTHS;
  const timeout = { seconds: opts.timeoutSeconds ?? TIMEOUT_SECONDS };
  const widest = Math.max(...widths);
  if (bytes.length === 0) return refused(IMAGE_CODES.unsupported, 'the image is empty');
  try {
    const input = sharp(bytes, {
      limitInputPixels: opts.maxInputPixels ?? MAX_INPUT_PIXELS,
      failOn: 'error',
      pages: 1,
    });
    const meta = await input.metadata();
    if (!RASTER_FORMATS.has(meta.format ?? ''))
      return refused(IMAGE_CODES.unsupported, `${meta.format ?? 'unknown'} images are not taken`);
    // The one decode: upright, sRGB, at most as wide as the widest thumbnail, kept as raw pixels.
    const { data, info } = await input
      .rotate()
      .resize({ width: widest, height: widest * MAX_ASPECT, fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .timeout(timeout)
      .toBuffer({ resolveWithObject: true });
    const raw = { width: info.width, height: info.height, channels: info.channels };
    const thumbnails: Thumbnail[] = [];
    for (const width of plannedWidths(info.width, widths)) {
      const out = await sharp(data, { raw })
        .resize({ width, withoutEnlargement: true })
        .webp({ quality: WEBP_QUALITY })
        .timeout(timeout)
        .toBuffer({ resolveWithObject: true });
      thumbnails.push({
        width: out.info.width,
        height: out.info.height,
        contentType: 'image/webp',
        ext: 'webp',
        sha256: createHash('sha256').update(out.data).digest('hex'),
        bytes: new Uint8Array(out.data),
      });
    }
    return { thumbnails };
  } catch (err) {
    return sharpError(err);
  }
}
