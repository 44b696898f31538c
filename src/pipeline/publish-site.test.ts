import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { FINLAND_IMAGE, natoDay, natoSite } from '../publish/fixtures.test.js';
import { buildSite } from '../publish/index.js';
import { SqliteStore } from '../store/index.js';
import { publishSite } from './publish-site.js';

const TOPIC = {
  name: 'NATO',
  slug: 'nato',
  feeds: [],
  language: 'en',
  region: 'US',
  timezone: 'Europe/Brussels',
  maxArticles: 100,
};

test('publish makes the thumbnails an original lacks, links only them, and writes them once', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'daybrief-publish-site-'));
  const store = new SqliteStore(join(dir, 'db.sqlite'));
  await store.migrate();
  try {
    await store.putTopic(TOPIC);
    await store.saveDigest(natoDay());
    // An original stored by an earlier version (or a run killed before its thumbnails).
    const jpeg = await sharp({ create: { width: 1200, height: 630, channels: 3, background: '#246' } })
      .jpeg()
      .toBuffer();
    await store.saveMedia({
      url: FINLAND_IMAGE,
      contentType: 'image/jpeg',
      ext: 'jpg',
      sha256: 'ab'.repeat(32),
      bytes: jpeg,
    });
    const out = join(dir, 'site');
    const first = await publishSite(store, out, { now: new Date('2023-01-31T06:00:00Z') });
    const media = (await readdir(join(out, 'media'))).sort();
    assert.equal(media.length, 3, media.join(', '));
    assert.ok(media.every((f) => /^[a-f0-9]{16}\.webp$/.test(f)));
    const [record] = await store.getThumbnails([FINLAND_IMAGE]);
    assert.ok(record && 'thumbnails' in record);
    assert.deepEqual(
      record.thumbnails.map((t) => t.width),
      [320, 640, 960],
    );
    const page = await readFile(join(out, 'nato', '2023-01-30', 'index.html'), 'utf8');
    const linked = new Set([...page.matchAll(/media\/([a-f0-9]{16}\.webp)/g)].map((m) => m[1]));
    assert.deepEqual([...linked].sort(), media);
    assert.ok(!page.includes('reuters.com/resizer'), 'the outlet’s image is never linked');
    assert.ok(!media.some((f) => f.endsWith('.jpg')), 'the original is not published');
    const second = await publishSite(store, out, { now: new Date('2023-01-31T06:00:00Z') });
    assert.ok(second <= first - 3, `the thumbnails are not written again (${first} then ${second} files)`);
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
});

async function filesUnder(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const path = join(e.parentPath, e.name);
    out.set(path.slice(dir.length + 1), await readFile(path, 'utf8'));
  }
  return out;
}

test('publish writes, topic by topic, the site buildSite makes of every stored digest', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'daybrief-publish-site-'));
  const store = new SqliteStore(join(dir, 'db.sqlite'));
  await store.migrate();
  try {
    const { topics, generatedAt } = natoSite();
    const nato = topics[0]?.days ?? [];
    // Two topics with days, one without (left out of the site), the days stored in any order.
    const sets = [
      { topic: { ...TOPIC, name: 'NATO', slug: 'nato' }, days: nato },
      { topic: { ...TOPIC, name: 'Alpha', slug: 'alpha' }, days: nato.slice(1, 3) },
      { topic: { ...TOPIC, name: 'Zulu', slug: 'zulu' }, days: [] },
    ];
    for (const { topic, days } of sets) {
      await store.putTopic(topic);
      for (const d of days) await store.saveDigest({ ...d, topic: { name: topic.name, slug: topic.slug } });
    }
    const out = join(dir, 'site');
    const now = new Date(generatedAt);
    const written = await publishSite(store, out, { title: 'T', now });
    const expected = buildSite({
      title: 'T',
      generatedAt: now.toISOString(),
      topics: await Promise.all(
        sets
          .filter((s) => s.days.length > 0)
          .sort((a, b) => a.topic.name.localeCompare(b.topic.name))
          .map(async (s) => ({ ...s.topic, days: await store.listDigests(s.topic.slug) })),
      ),
    });
    const got = await filesUnder(out);
    assert.equal(written, expected.size);
    assert.deepEqual([...got.keys()].sort(), [...expected.keys()].sort());
    for (const [path, content] of expected) assert.equal(got.get(path), content, path);
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
});
