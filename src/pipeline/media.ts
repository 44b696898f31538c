import { createHash } from 'node:crypto';
import type { Fetcher } from '../fetch/types.js';
import type { Media } from '../store/store.js';

/** Cover images larger than this are not copied (the page links the outlet's image instead). */
const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
const IMAGE_ACCEPT = 'image/avif,image/webp,image/png,image/jpeg,image/gif;q=0.9,*/*;q=0.1';

/**
 * The image type told by its first bytes, or undefined. Only raster formats: an SVG can carry script,
 * so it is never copied into the site.
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
 * Fetches a cover image for the site's own copy. Returns undefined (and the page links the outlet's
 * URL) when it cannot be fetched or is not a raster image: a missing copy never fails the article.
 */
export async function fetchCover(url: string, http: Fetcher): Promise<Media | undefined> {
  try {
    const page = await http.fetch(url, { accept: IMAGE_ACCEPT, maxBytes: MAX_IMAGE_BYTES });
    const kind = sniffImage(page.bytes);
    if (!kind || page.bytes.length === 0) return undefined;
    const sha256 = createHash('sha256').update(page.bytes).digest('hex');
    return { url, ...kind, sha256, bytes: page.bytes };
  } catch {
    return undefined;
  }
}
