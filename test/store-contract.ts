import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Article, Candidate, Digest, Topic } from '../src/model/types.js';
import type { Store } from '../src/store/store.js';

/**
 * The behaviour every Store must have. Each implementation's test file calls this with a factory that
 * returns a fresh, empty, migrated store.
 */
export function storeContract(name: string, open: () => Promise<Store>): void {
  const topic: Topic = {
    name: 'NATO',
    slug: 'nato',
    query: 'NATO',
    feeds: [],
    language: 'en',
    region: 'US',
    timezone: 'UTC',
    maxArticles: 10,
  };
  const candidate = (url: string): Candidate => ({
    url,
    title: `Title of ${url}`,
    source: 'https://feed.example/rss',
  });
  const article: Article = {
    kind: 'article',
    url: 'https://a.example/1',
    title: 'Full title',
    text: 'One.\n\nTwo.',
    paragraphs: ['One.', 'Two.'],
    paywalled: false,
  };

  test(`${name}: migrate twice is harmless and topics round-trip`, async () => {
    const store = await open();
    try {
      await store.migrate();
      await store.putTopic(topic);
      await store.putTopic({ ...topic, name: 'NATO (renamed)' });
      assert.deepEqual(await store.listTopics(), [{ ...topic, name: 'NATO (renamed)' }]);
    } finally {
      await store.close();
    }
  });

  test(`${name}: an article is stored once per URL key and linked to each topic-day`, async () => {
    const store = await open();
    try {
      const first = await store.linkCandidate(
        'nato',
        '2023-01-30',
        'a.example/1',
        candidate('https://a.example/1'),
      );
      const again = await store.linkCandidate(
        'nato',
        '2023-01-30',
        'a.example/1',
        candidate('https://a.example/1?utm_source=x'),
      );
      const otherDay = await store.linkCandidate(
        'nato',
        '2023-01-31',
        'a.example/1',
        candidate('https://a.example/1'),
      );
      assert.equal(first.id, again.id);
      assert.equal(first.id, otherDay.id);
      assert.equal(first.status, 'pending');
      await store.linkCandidate('nato', '2023-01-30', 'b.example/2', candidate('https://b.example/2'));
      const day = await store.listDayArticles('nato', '2023-01-30');
      assert.deepEqual(
        day.map((a) => a.urlKey),
        ['a.example/1', 'b.example/2'],
      );
      assert.equal((await store.listDayArticles('nato', '2023-01-31')).length, 1);
    } finally {
      await store.close();
    }
  });

  test(`${name}: results are recorded, a failure can be retried to success`, async () => {
    const store = await open();
    try {
      const row = await store.linkCandidate(
        'nato',
        '2023-01-30',
        'a.example/1',
        candidate('https://a.example/1'),
      );
      await store.saveResult(row.id, {
        status: 'failed',
        error: { stage: 'fetch', code: 'FETCH_TIMEOUT', message: 'fetch: timed out' },
      });
      let [stored] = await store.listDayArticles('nato', '2023-01-30');
      assert.equal(stored?.status, 'failed');
      assert.equal(stored?.error?.code, 'FETCH_TIMEOUT');
      await store.saveResult(row.id, {
        status: 'ok',
        article,
        summary: { sentences: ['One.'], source: 'body' },
        fetchedAt: '2023-01-30T10:00:00.000Z',
        etag: '"abc"',
      });
      [stored] = await store.listDayArticles('nato', '2023-01-30');
      assert.equal(stored?.status, 'ok');
      assert.equal(stored?.error, undefined);
      assert.deepEqual(stored?.article, article);
      assert.deepEqual(stored?.summary, { sentences: ['One.'], source: 'body' });
      assert.equal(stored?.etag, '"abc"');
      assert.equal(stored?.attempts, 2);
    } finally {
      await store.close();
    }
  });

  test(`${name}: image copies round-trip byte for byte and are replaced by URL`, async () => {
    const store = await open();
    try {
      const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 1, 2, 255]);
      const media = {
        url: 'https://img.example/a.jpg',
        contentType: 'image/jpeg',
        ext: 'jpg',
        sha256: 'ab',
        bytes,
      };
      await store.saveMedia(media);
      await store.saveMedia({ ...media, sha256: 'cd' });
      const got = await store.getMedia(['https://img.example/a.jpg', 'https://img.example/missing.jpg']);
      assert.equal(got.length, 1);
      assert.equal(got[0]?.sha256, 'cd');
      assert.deepEqual([...(got[0]?.bytes ?? [])], [...bytes]);
      assert.deepEqual(await store.getMedia([]), []);
    } finally {
      await store.close();
    }
  });

  test(`${name}: source failures are replaced per run; digests are listed newest first`, async () => {
    const store = await open();
    try {
      const err = { stage: 'discover' as const, code: 'DISCOVER_BAD_FEED', message: 'discover: bad' };
      await store.saveSourceFailures('nato', '2023-01-30', [{ source: 'https://x/rss', error: err }]);
      await store.saveSourceFailures('nato', '2023-01-30', [{ source: 'https://y/rss', error: err }]);
      assert.deepEqual(await store.listSourceFailures('nato', '2023-01-30'), [
        { source: 'https://y/rss', error: err },
      ]);
      const digest = (date: string, title: string): Digest => ({
        topic: { name: 'NATO', slug: 'nato' },
        date,
        stories: [{ id: 's1', title, articles: [] }],
      });
      await store.saveDigest(digest('2023-01-29', 'old'));
      await store.saveDigest(digest('2023-01-30', 'first'));
      await store.saveDigest(digest('2023-01-30', 'second'));
      const digests = await store.listDigests('nato');
      assert.deepEqual(
        digests.map((d) => [d.date, d.stories[0]?.title]),
        [
          ['2023-01-30', 'second'],
          ['2023-01-29', 'old'],
        ],
      );
      assert.equal((await store.listDigests('nato', 1)).length, 1);
    } finally {
      await store.close();
    }
  });
}
