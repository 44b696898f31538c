import { buildSite, writeSite } from '../publish/index.js';
import type { Store } from '../store/store.js';

/** Rebuilds the whole static site from the store's digests; returns the number of files written. */
export async function publishSite(store: Store, outDir: string, opts: { title?: string; now?: Date } = {}) {
  const topics = await store.listTopics();
  const withDays = await Promise.all(
    topics.map(async (t) => ({ name: t.name, slug: t.slug, days: await store.listDigests(t.slug) })),
  );
  const files = buildSite({
    title: opts.title ?? 'daybrief',
    generatedAt: (opts.now ?? new Date()).toISOString(),
    topics: withDays.filter((t) => t.days.length > 0),
  });
  return writeSite(files, outDir);
}
