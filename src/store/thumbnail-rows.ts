import type { Thumbnail } from './store.js';

/** A row of the thumbnails table without its bytes, as both stores read it. */
export interface ThumbnailRow {
  width: number | string;
  height: number | string;
  content_type: string;
  ext: string;
  sha256: string;
}

export function thumbnailOf(r: ThumbnailRow): Omit<Thumbnail, 'bytes'> {
  return {
    width: Number(r.width),
    height: Number(r.height),
    contentType: r.content_type,
    ext: r.ext,
    sha256: r.sha256,
  };
}
