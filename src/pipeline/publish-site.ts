import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Digest } from '../model/types.js';
import { buildSite, writeSite } from '../publish/index.js';
import type { Store } from '../store/store.js';

function imageUrls(digests: Digest[]): string[] {
  return digests
    .flatMap((d) => d.stories.flatMap((s) => s.articles.map((a) => a.image ?? '')))
    .filter(Boolean);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * Rebuilds the whole static site from the store's digests, with the stored copies of cover images
 * under `media/` (content-addressed, so a copy already on disk is not written again). Returns the
 * number of files written.
 */
export async function publishSite(store: Store, outDir: string, opts: { title?: string; now?: Date } = {}) {
  const topics = await store.listTopics();
  const withDays = await Promise.all(
    topics.map(async (t) => ({ name: t.name, slug: t.slug, days: await store.listDigests(t.slug) })),
  );
  const media: Record<string, string> = {};
  const files = new Map<string, string | Uint8Array>();
  for (const m of await store.getMedia(imageUrls(withDays.flatMap((t) => t.days)))) {
    const path = `media/${m.sha256.slice(0, 32)}.${m.ext}`;
    media[m.url] = path;
    if (!(await exists(join(outDir, path)))) files.set(path, m.bytes);
  }
  const pages = buildSite({
    title: opts.title ?? 'daybrief',
    generatedAt: (opts.now ?? new Date()).toISOString(),
    topics: withDays.filter((t) => t.days.length > 0),
    media,
  });
  for (const [path, content] of pages) files.set(path, content);
  return writeSite(files, outDir);
}
