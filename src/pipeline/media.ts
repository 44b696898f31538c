import { createHash } from 'node:crypto';
import type { Fetcher } from '../fetch/types.js';
import { DaybriefError, type ErrorInfo, errorInfo } from '../model/errors.js';
import type { Media, Store } from '../store/store.js';
import { IMAGE_CODES, makeThumbnails, type ThumbnailOptions } from './thumbnails.js';

/** Cover images larger than this are not copied (the article then shows its placeholder). */
const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
const IMAGE_ACCEPT = 'image/avif,image/webp,image/png,image/jpeg,image/gif;q=0.9,*/*;q=0.1';

/**
 * The image type told by its first bytes, or undefined. Only raster formats: an SVG can carry script,
 * so it is never taken.
 */
export function sniffImage(bytes: Uint8Array): { contentType: string; ext: string } | undefined {
  const b = (i: number) => bytes[i] ?? -1;
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return { contentType: 'image/jpeg', ext: 'jpg' };
  if (ascii(0, 8) === '\x89PNG\r\n\x1a\n') return { contentType: 'image/png', ext: 'png' };
  if (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a') return { contentType: 'image/gif', ext: 'gif' };
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return { contentType: 'image/webp', ext: 'webp' };
  if (ascii(4, 8) === 'ftyp' && /^avi[fs]$/.test(ascii(8, 12)))
    return { contentType: 'image/avif', ext: 'avif' };
  return undefined;
}

/**
 * Fetches a cover image, as the store keeps it. A failed fetch gives its fetch error (transient or
 * not, it is tried again on the next run); bytes that are not a raster image give `IMAGE_UNSUPPORTED`
 * (stage `media`, recorded: not tried again). Never throws.
 */
export async function fetchCover(url: string, http: Fetcher): Promise<Media | { error: ErrorInfo }> {
  try {
    const page = await http.fetch(url, { accept: IMAGE_ACCEPT, maxBytes: MAX_IMAGE_BYTES });
    const kind = page.bytes.length === 0 ? undefined : sniffImage(page.bytes);
    if (!kind) {
      const err = new DaybriefError(
        'media',
        IMAGE_CODES.unsupported,
        'not a JPEG, PNG, GIF, WebP or AVIF image (by its bytes)',
        { details: { url, contentType: page.contentType } },
      );
      return { error: errorInfo(err, 'media') };
    }
    const sha256 = createHash('sha256').update(page.bytes).digest('hex');
    return { url, ...kind, sha256, bytes: page.bytes };
  } catch (err) {
    return { error: errorInfo(err, 'fetch') };
  }
}

/** What `prepareCover` did with one image. */
export type CoverOutcome =
  /** Done on an earlier run (thumbnails made, or refused and recorded). */
  | { status: 'done' }
  /** Thumbnails made on this run (from the stored original, or one fetched now). */
  | { status: 'made' }
  /** Not fetched: no original stored and no fetcher given (the run's time was up). */
  | { status: 'skipped' }
  | { status: 'failed'; error: ErrorInfo };

/**
 * Makes sure a cover image has its thumbnails, or a recorded reason why not: reuses what an earlier
 * run did, makes them from the stored original when a run stopped between the two, else fetches the
 * image with `http` (when given) and stores the original first. A fetch failure is not recorded (the
 * next run tries again); an image refused by its bytes is (`IMAGE_*`, never tried again). Store
 * failures throw.
 */
export async function prepareCover(
  url: string,
  store: Store,
  http: Fetcher | undefined,
  opts: ThumbnailOptions = {},
  /** True when the caller has just found no record of `url` (getThumbnails): not looked up again. */
  unrecorded = false,
): Promise<CoverOutcome> {
  if (!unrecorded && (await store.getThumbnails([url])).length > 0) return { status: 'done' };
  let original: Media | undefined = (await store.getMedia([url]))[0];
  if (original === undefined) {
    if (http === undefined) return { status: 'skipped' };
    const fetched = await fetchCover(url, http);
    if ('error' in fetched) {
      if (fetched.error.stage === 'media') await store.saveThumbnails({ url, error: fetched.error });
      return { status: 'failed', error: fetched.error };
    }
    original = fetched;
    await store.saveMedia(original);
  }
  const made = await makeThumbnails(original.bytes, opts);
  await store.saveThumbnails({ url, ...made });
  return 'error' in made ? { status: 'failed', error: made.error } : { status: 'made' };
}
