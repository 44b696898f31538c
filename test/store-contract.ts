import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Article, Candidate, Digest, DigestArticle, Topic } from '../src/model/types.js';
import { SNIPPET_END, SNIPPET_START } from '../src/store/search.js';
import type { Store, StoredArticle } from '../src/store/store.js';

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

  test(`${name}: linking a day's candidates at once links them as one by one would`, async (t) => {
    const batch = await open();
    const single = await open();
    try {
      if (!batch.linkCandidates) {
        t.skip('the store links one candidate at a time only');
        return;
      }
      // A URL key seen twice (the second candidate keeps the first's row) and one already linked.
      const items = [
        { urlKey: 'a.example/1', candidate: candidate('https://a.example/1') },
        { urlKey: 'b.example/2', candidate: candidate('https://b.example/2') },
        { urlKey: 'a.example/1', candidate: candidate('https://a.example/1?utm_source=x') },
      ];
      for (const s of [batch, single])
        await s.linkCandidate('nato', '2023-01-29', 'b.example/2', candidate('https://b.example/2#old'));
      const rows = await batch.linkCandidates('nato', '2023-01-30', items);
      const expected = [];
      for (const i of items)
        expected.push(await single.linkCandidate('nato', '2023-01-30', i.urlKey, i.candidate));
      assert.deepEqual(rows, expected);
      assert.deepEqual(
        await batch.listDayArticles('nato', '2023-01-30'),
        await single.listDayArticles('nato', '2023-01-30'),
      );
      assert.deepEqual(await batch.linkCandidates('nato', '2023-01-31', []), []);
    } finally {
      await batch.close();
      await single.close();
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

  test(`${name}: an article's queue job is assigned once; a failed article is requeued only when asked`, async () => {
    const store = await open();
    try {
      const row = await store.linkCandidate(
        'nato',
        '2023-01-30',
        'a.example/1',
        candidate('https://a.example/1'),
      );
      assert.equal(await store.assignArticleJob(row.id, 'job-1', false), 'job-1');
      assert.equal(await store.assignArticleJob(row.id, 'job-2', true), 'job-1', 'the first job stays');
      const got = await store.getArticle(row.id);
      assert.deepEqual([got?.status, got?.jobId, got?.url], ['pending', 'job-1', 'https://a.example/1']);
      assert.equal((await store.listDayArticles('nato', '2023-01-30'))[0]?.jobId, 'job-1');
      const error = { stage: 'fetch' as const, code: 'FETCH_TIMEOUT', message: 'fetch: timed out' };
      await store.saveResult(row.id, { status: 'failed', error });
      assert.equal(await store.assignArticleJob(row.id, 'job-3', false), undefined);
      assert.equal(await store.assignArticleJob(row.id, 'job-3', true), 'job-3');
      const again = await store.getArticle(row.id);
      assert.deepEqual(
        [again?.status, again?.jobId, again?.error?.code],
        ['pending', 'job-3', 'FETCH_TIMEOUT'],
      );
      await store.saveResult(row.id, {
        status: 'ok',
        article,
        summary: { sentences: ['One.'], source: 'body' },
        fetchedAt: '2023-01-30T10:00:00.000Z',
      });
      assert.equal(
        await store.assignArticleJob(row.id, 'job-4', true),
        undefined,
        'a done article needs no job',
      );
      assert.equal(await store.getArticle(row.id + 1000), undefined);
    } finally {
      await store.close();
    }
  });

  test(`${name}: assigning many articles' jobs at once answers as one call after another would`, async (t) => {
    const batch = await open();
    const single = await open();
    try {
      if (!batch.assignArticleJobs) {
        t.skip('the store assigns one job at a time only');
        return;
      }
      const error = { stage: 'fetch' as const, code: 'FETCH_TIMEOUT', message: 'fetch: timed out' };
      const ids: number[][] = [];
      for (const s of [batch, single]) {
        const rows = [];
        for (const k of ['a', 'b', 'c', 'd'])
          rows.push(
            await s.linkCandidate(
              'nato',
              '2023-01-30',
              `${k}.example/1`,
              candidate(`https://${k}.example/1`),
            ),
          );
        // b has a job already; c failed; d is done.
        await s.assignArticleJob((rows[1] as StoredArticle).id, 'job-b', false);
        await s.saveResult((rows[2] as StoredArticle).id, { status: 'failed', error });
        await s.saveResult((rows[3] as StoredArticle).id, {
          status: 'ok',
          article,
          summary: { sentences: ['One.'], source: 'body' },
          fetchedAt: '2023-01-30T10:00:00.000Z',
        });
        ids.push(rows.map((r) => r.id));
      }
      const asked = (of: number[]) => [
        { articleId: of[0] as number, jobId: 'job-1', requeueFailed: false },
        { articleId: of[1] as number, jobId: 'job-2', requeueFailed: true },
        { articleId: of[2] as number, jobId: 'job-3', requeueFailed: true },
        { articleId: of[3] as number, jobId: 'job-4', requeueFailed: true },
        { articleId: of[0] as number, jobId: 'job-5', requeueFailed: false },
        { articleId: (of[3] as number) + 1000, jobId: 'job-6', requeueFailed: false },
      ];
      const got = await batch.assignArticleJobs(asked(ids[0] as number[]));
      const expected = [];
      for (const i of asked(ids[1] as number[]))
        expected.push(await single.assignArticleJob(i.articleId, i.jobId, i.requeueFailed));
      assert.deepEqual(got, expected);
      assert.deepEqual(got, ['job-1', 'job-b', 'job-3', undefined, 'job-1', undefined]);
      assert.deepEqual(await batch.assignArticleJobs([]), []);
    } finally {
      await batch.close();
      await single.close();
    }
  });

  test(`${name}: a day's article states are its rows without their bodies`, async (t) => {
    const store = await open();
    try {
      if (!store.listDayArticleStates) {
        t.skip('the store reads whole rows only');
        return;
      }
      const a = await store.linkCandidate(
        'nato',
        '2023-01-30',
        'a.example/1',
        candidate('https://a.example/1'),
      );
      await store.linkCandidate('nato', '2023-01-30', 'b.example/2', candidate('https://b.example/2'));
      await store.assignArticleJob(a.id, 'job-1', false);
      await store.saveResult(a.id, {
        status: 'ok',
        article,
        summary: { sentences: ['One.'], source: 'body' },
        fetchedAt: '2023-01-30T10:00:00.000Z',
      });
      const whole = await store.listDayArticles('nato', '2023-01-30');
      const bare = whole.map(({ article: _a, summary: _s, ...rest }) => rest);
      assert.deepEqual(await store.listDayArticleStates('nato', '2023-01-30'), bare);
      assert.equal(whole[0]?.article?.title, 'Full title');
    } finally {
      await store.close();
    }
  });

  test(`${name}: articles read at once are each read whole, and a missing one is undefined`, async () => {
    const store = await open();
    try {
      const a = await store.linkCandidate(
        'nato',
        '2023-01-30',
        'a.example/1',
        candidate('https://a.example/1'),
      );
      const b = await store.linkCandidate(
        'nato',
        '2023-01-30',
        'b.example/2',
        candidate('https://b.example/2'),
      );
      const [ra, rb, again, none] = await Promise.all([
        store.getArticle(a.id),
        store.getArticle(b.id),
        store.getArticle(a.id),
        store.getArticle(b.id + 1000),
      ]);
      assert.deepEqual([ra, rb, again, none], [a, b, a, undefined]);
      assert.notEqual(ra, again, 'each caller has its own copy');
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

  test(`${name}: thumbnails round-trip smallest first, a refusal replaces them, and bytes are found by hash`, async () => {
    const store = await open();
    try {
      const url = 'https://img.example/t.jpg';
      const thumb = (width: number, fill: number) => ({
        width,
        height: width / 2,
        contentType: 'image/webp',
        ext: 'webp',
        sha256: String(fill).repeat(64).slice(0, 64),
        bytes: new Uint8Array([fill, 0, 255, fill]),
      });
      assert.deepEqual(await store.getThumbnails([url]), []);
      await store.saveThumbnails({ url, thumbnails: [thumb(640, 2), thumb(320, 1)] });
      const [got] = await store.getThumbnails([url, 'https://img.example/none.jpg']);
      assert.ok(got && 'thumbnails' in got);
      assert.deepEqual(
        got.thumbnails.map((t) => [t.width, t.height, t.contentType, t.ext]),
        [
          [320, 160, 'image/webp', 'webp'],
          [640, 320, 'image/webp', 'webp'],
        ],
      );
      assert.equal('bytes' in (got.thumbnails[0] ?? {}), false, 'the listing carries no bytes');
      assert.deepEqual([...((await store.getThumbnailBytes(thumb(640, 2).sha256)) ?? [])], [2, 0, 255, 2]);
      assert.equal(await store.getThumbnailBytes('f'.repeat(64)), undefined);
      const error = { stage: 'media' as const, code: 'IMAGE_CORRUPT', message: 'media: bad' };
      await store.saveThumbnails({ url, error });
      assert.deepEqual(await store.getThumbnails([url]), [{ url, error }]);
      assert.equal(await store.getThumbnailBytes(thumb(640, 2).sha256), undefined, 'replaced, not added');
      await store.saveThumbnails({ url, thumbnails: [thumb(320, 3)] });
      const [again] = await store.getThumbnails([url]);
      assert.ok(again && 'thumbnails' in again && again.thumbnails.length === 1);
      assert.deepEqual(await store.getThumbnails([]), []);
    } finally {
      await store.close();
    }
  });

  test(`${name}: a feed's validators and body are kept per URL and replaced`, async () => {
    const store = await open();
    try {
      const url = 'https://feed.example/rss';
      assert.equal(await store.getFeedCache(url), undefined);
      await store.saveFeedCache({
        url,
        etag: '"a"',
        body: '<rss>1</rss>',
        fetchedAt: '2026-11-23T10:00:00Z',
      });
      await store.saveFeedCache({
        url,
        lastModified: 'Mon, 23 Nov 2026 11:00:00 GMT',
        body: '<rss>2</rss>',
        fetchedAt: '2026-11-23T11:00:00Z',
      });
      assert.deepEqual(await store.getFeedCache(url), {
        url,
        lastModified: 'Mon, 23 Nov 2026 11:00:00 GMT',
        body: '<rss>2</rss>',
        fetchedAt: '2026-11-23T11:00:00Z',
      });
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

  const item = (url: string, title: string, summary: string[], outlet = 'Example News'): DigestArticle => ({
    url,
    title,
    outlet,
    summary,
    summarySource: 'body',
    paywalled: false,
    alsoPublishedBy: [],
  });
  const searchDigest = (slug: string, date: string, articles: DigestArticle[][]): Digest => ({
    topic: { name: slug.toUpperCase(), slug },
    date,
    stories: articles.map((a, i) => ({ id: `st${i + 1}`, title: a[0]?.title ?? '', articles: a })),
  });

  test(`${name}: search finds stored articles, ranks, highlights, filters and pages`, async () => {
    const store = await open();
    try {
      await store.saveDigest(
        searchDigest('nato', '2023-01-30', [
          [
            item('https://a.example/tanks', 'Tanks for Ukraine: allies pledge more tanks', [
              'Allies pledged more tanks to Ukraine on Monday.',
              'The tanks arrive in spring.',
            ]),
          ],
          [item('https://b.example/summit', 'Summit agenda published', ['Leaders mention tanks once.'])],
        ]),
      );
      await store.saveDigest(
        searchDigest('climate', '2023-01-31', [
          [item('https://c.example/heat', 'Heat records fall', ['A tanks farm flooded.'], 'Weather Daily')],
        ]),
      );
      const hits = await store.searchArticles('tanks');
      assert.deepEqual(hits.map((h) => h.url).sort(), [
        'https://a.example/tanks',
        'https://b.example/summit',
        'https://c.example/heat',
      ]);
      const first = hits[0];
      assert.equal(first?.url, 'https://a.example/tanks');
      assert.deepEqual(
        [first?.topic, first?.date, first?.storyId, first?.outlet],
        ['nato', '2023-01-30', 'st1', 'Example News'],
      );
      assert.ok(hits.every((h, i) => i === 0 || (hits[i - 1]?.score ?? 0) >= h.score));
      assert.ok(first?.snippet.includes(`${SNIPPET_START}tanks${SNIPPET_END}`), first?.snippet);

      const climate = await store.searchArticles('tanks', { topic: 'climate' });
      assert.deepEqual(
        climate.map((h) => [h.topic, h.date, h.storyId, h.title]),
        [['climate', '2023-01-31', 'st1', 'Heat records fall']],
      );
      assert.deepEqual(await store.searchArticles('tanks', { topic: 'nowhere' }), []);
      assert.equal((await store.searchArticles('tanks', { limit: 1 })).length, 1);
      assert.deepEqual(
        (await store.searchArticles('tanks', { limit: 2, offset: 2 })).map((h) => h.url),
        [hits[2]?.url],
      );
      // Outlets are searchable; AND is the default, OR is honoured.
      assert.deepEqual(
        (await store.searchArticles('weather')).map((h) => h.url),
        ['https://c.example/heat'],
      );
      assert.deepEqual(await store.searchArticles('summit spring'), []);
      assert.deepEqual((await store.searchArticles('summit OR spring')).map((h) => h.url).sort(), [
        'https://a.example/tanks',
        'https://b.example/summit',
      ]);
      assert.deepEqual(
        (await store.searchArticles('"agenda published"')).map((h) => h.url),
        ['https://b.example/summit'],
      );
      assert.deepEqual(await store.searchArticles('"published agenda"'), []);
    } finally {
      await store.close();
    }
  });

  test(`${name}: any query text is safe and an empty one finds nothing`, async () => {
    const store = await open();
    try {
      await store.saveDigest(
        searchDigest('nato', '2023-01-30', [[item('https://a.example/1', 'Tanks pledged', ['Tanks.'])]]),
      );
      const hostile = [
        '"',
        '"tanks',
        'tanks"',
        'NEAR(tanks pledged)',
        'title:tanks',
        'tank*',
        '^tanks',
        '-tanks',
        'tanks AND OR NOT',
        '(tanks',
        "tanks'; DROP TABLE digests; --",
        'OR',
        '***',
        '\u0000',
        'x'.repeat(5000),
      ];
      for (const q of hostile) {
        const hits = await store.searchArticles(q);
        assert.ok(Array.isArray(hits), q);
      }
      for (const q of ['(tanks)', '"tanks', '^tanks', 'tanks OR']) {
        assert.equal((await store.searchArticles(q)).length, 1, q);
      }
      assert.deepEqual(await store.searchArticles(''), []);
      assert.deepEqual(await store.searchArticles('   '), []);
      assert.equal((await store.listDigests('nato')).length, 1);
    } finally {
      await store.close();
    }
  });

  test(`${name}: saving a day again replaces its search rows; days and topics are listed`, async () => {
    const store = await open();
    try {
      await store.saveDigest(
        searchDigest('nato', '2023-01-30', [[item('https://a.example/1', 'Old headline zebra', [])]]),
      );
      await store.saveDigest(
        searchDigest('nato', '2023-01-29', [[item('https://a.example/0', 'Earlier zebra', [])]]),
      );
      await store.saveDigest(
        searchDigest('nato', '2023-01-30', [[item('https://a.example/2', 'New headline giraffe', [])]]),
      );
      assert.deepEqual(
        (await store.searchArticles('zebra')).map((h) => h.url),
        ['https://a.example/0'],
      );
      assert.deepEqual(
        (await store.searchArticles('giraffe')).map((h) => h.url),
        ['https://a.example/2'],
      );
      assert.equal((await store.getDigest('nato', '2023-01-30'))?.stories[0]?.title, 'New headline giraffe');
      assert.equal(await store.getDigest('nato', '2023-02-01'), undefined);
      await store.saveDigest(searchDigest('climate', '2023-01-28', []));
      assert.deepEqual(await store.listArchiveTopics(), [
        { slug: 'climate', name: 'CLIMATE', latest: '2023-01-28', days: 1 },
        { slug: 'nato', name: 'NATO', latest: '2023-01-30', days: 2 },
      ]);
    } finally {
      await store.close();
    }
  });

  test(`${name}: a sent email is recorded once per topic, day and recipient`, async () => {
    const store = await open();
    try {
      const sent = {
        topicSlug: 'nato',
        date: '2023-01-30',
        recipient: 'a@example.org',
        messageId: '<1@daybrief>',
        sentAt: '2023-01-31T06:00:00.000Z',
      };
      assert.equal(await store.wasSent('nato', '2023-01-30', 'a@example.org'), false);
      await store.markSent(sent);
      await store.markSent({ ...sent, messageId: '<2@daybrief>', sentAt: '2023-01-31T07:00:00.000Z' });
      assert.equal(await store.wasSent('nato', '2023-01-30', 'a@example.org'), true);
      assert.equal(await store.wasSent('nato', '2023-01-30', 'b@example.org'), false);
      assert.equal(await store.wasSent('nato', '2023-01-31', 'a@example.org'), false);
      assert.equal(await store.wasSent('climate', '2023-01-30', 'a@example.org'), false);
      await store.markSent({ ...sent, recipient: 'b@example.org', messageId: '<3@daybrief>' });
      assert.deepEqual(await store.listSentEmails('nato', '2023-01-30'), [
        sent,
        { ...sent, recipient: 'b@example.org', messageId: '<3@daybrief>' },
      ]);
      assert.deepEqual(await store.listSentEmails('nato', '2023-01-31'), []);
    } finally {
      await store.close();
    }
  });

  test(`${name}: decoded link ids are cached and a new decode replaces the URL`, async () => {
    const store = await open();
    try {
      assert.equal((await store.getDecodedLinks([])).size, 0);
      assert.equal((await store.getDecodedLinks(['CBMiAAA'])).size, 0);
      await store.saveDecodedLinks([
        { id: 'CBMiAAA', url: 'https://a.example.org/1' },
        { id: 'CBMiBBB', url: 'https://b.example.org/2' },
      ]);
      await store.saveDecodedLinks([{ id: 'CBMiBBB', url: 'https://b.example.org/2-moved' }]);
      const got = await store.getDecodedLinks(['CBMiAAA', 'CBMiBBB', 'CBMiCCC', 'CBMiAAA']);
      assert.deepEqual([...got].sort(), [
        ['CBMiAAA', 'https://a.example.org/1'],
        ['CBMiBBB', 'https://b.example.org/2-moved'],
      ]);
    } finally {
      await store.close();
    }
  });
}
