/**
 * How heavy a full day page is: builds the demo, makes a day of 40 stories out of its stories (the
 * demo's days have at most a handful), renders it with the demo's thumbnails and prints the bytes of
 * its HTML and of the stylesheet, raw and gzipped. The budget: 60 KB of HTML and CSS for 40 stories.
 *
 *   node --import tsx scripts/page-weight.ts [--stories 40] [--save page.html]
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildDemo } from '../src/cli/demo.js';
import type { Digest, Story } from '../src/model/types.js';
import { buildSite, type ImageVariant, paths } from '../src/publish/index.js';
import { SqliteStore } from '../src/store/index.js';

/** A day of `count` stories taken in turn from `days` (ids made unique), dated like the newest day. */
export function composeDay(days: Digest[], count: number): Digest {
  const pool = days.flatMap((d) => d.stories);
  if (pool.length === 0) throw new Error('no stories to compose a day from');
  const stories: Story[] = [];
  for (let i = 0; i < count; i++) {
    const s = pool[i % pool.length] as Story;
    const { continues: _, ...rest } = s;
    stories.push({ ...rest, id: `${s.id}-${i}` });
  }
  const newest = days[0] as Digest;
  return { ...newest, stories };
}

export interface PageWeight {
  page: string;
  stories: number;
  images: number;
  html: number;
  css: number;
  htmlGzip: number;
  cssGzip: number;
}

/** The weight of a `count`-story day built from the stored digests and thumbnails of `database`. */
export async function dayPageWeight(database: string, slug: string, count: number): Promise<PageWeight> {
  const store = new SqliteStore(database);
  try {
    const days = await store.listDigests(slug);
    const [topic] = (await store.listTopics()).filter((t) => t.slug === slug);
    if (!topic) throw new Error(`no topic ${slug}`);
    const day = composeDay(days, count);
    const urls = day.stories.flatMap((s) => s.articles.map((a) => a.image ?? '')).filter(Boolean);
    const media: Record<string, ImageVariant[]> = {};
    for (const r of await store.getThumbnails(urls)) {
      if ('thumbnails' in r)
        media[r.url] = r.thumbnails.map((t) => ({ path: paths.media(t), width: t.width, height: t.height }));
    }
    const site = buildSite({
      title: 'daybrief demo',
      generatedAt: day.generatedAt ?? new Date().toISOString(),
      topics: [{ name: topic.name, slug, days: [day] }],
      media,
    });
    const html = site.get(paths.day(slug, day.date)) ?? '';
    const css = site.get(paths.style) ?? '';
    return {
      page: html,
      stories: day.stories.length,
      images: (html.match(/<img /g) ?? []).length,
      html: Buffer.byteLength(html),
      css: Buffer.byteLength(css),
      htmlGzip: gzipSync(html).length,
      cssGzip: gzipSync(css).length,
    };
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--stories');
  const count = at > 0 ? Number(process.argv[at + 1]) : 40;
  const work = await mkdtemp(join(tmpdir(), 'daybrief-weight-'));
  try {
    const database = join(work, 'demo.sqlite');
    await buildDemo(join(work, 'site'), { quiet: true, database });
    const w = await dayPageWeight(database, 'baltic-grid', count);
    const save = process.argv.indexOf('--save');
    if (save > 0) await writeFile(process.argv[save + 1] ?? 'page.html', w.page);
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    console.log(
      `${w.stories} stories, ${w.images} images: HTML ${kb(w.html)} (gzip ${kb(w.htmlGzip)}), ` +
        `CSS ${kb(w.css)} (gzip ${kb(w.cssGzip)}), together ${kb(w.html + w.css)} (gzip ${kb(w.htmlGzip + w.cssGzip)})`,
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
