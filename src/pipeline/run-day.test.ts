import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { urlKey } from '../cluster/index.js';
import { dayWindow } from '../discover/index.js';
import { buildWarc, createReplayFetcher } from '../fetch/index.js';
import type { Fetcher } from '../fetch/types.js';
import type { Topic } from '../model/types.js';
import { LocalQueue } from '../queue/index.js';
import { sqliteError } from '../store/errors.js';
import { type ArticleResult, SqliteStore, type Store } from '../store/index.js';
import type { PipelineEvent } from './events.js';
import { publishSite } from './publish-site.js';
import { runDay } from './run-day.js';
import { runTopics } from './run-topics.js';

const BASE = 'https://news.example';
const DATE = '2026-11-23';

function page(title: string, words: string): string {
  const paragraph = (n: number) =>
    `<p>${title} paragraph ${n}: ${words} The council said the work would continue through the winter months, with a review of the figures expected before the spring session opens.</p>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta property="og:site_name" content="Example News"></head><body><main><article><h1>${title}</h1>
${[1, 2, 3, 4].map(paragraph).join('\n')}</article></main></body></html>`;
}

const ARTICLES = [
  ['/harbour', 'Harbour wall repaired after storm', 'Crews rebuilt the harbour wall in six weeks.'],
  ['/library', 'Library opens on Sundays', 'The central library will open on Sundays from next month.'],
  ['/tram', 'Tram line extension approved', 'The tram line will reach the hospital by 2028.'],
] as const;

function feed(): string {
  const items = ARTICLES.map(
    ([path, title]) =>
      `<item><title>${title}</title><link>${BASE}${path}</link><pubDate>Mon, 23 Nov 2026 09:00:00 GMT</pubDate></item>`,
  ).join('');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Example</title><link>${BASE}/</link><description>d</description>${items}</channel></rss>`;
}

const topic: Topic = {
  name: 'City',
  slug: 'city',
  feeds: [`${BASE}/feed.xml`],
  language: 'en',
  region: 'US',
  timezone: 'UTC',
  maxArticles: 100,
};

/** A real SQLite store that refuses to save chosen articles, the way a full disk makes SQLite refuse. */
class FailingStore {
  /** URLs whose result is refused; `times` refusals each (Infinity: always). */
  readonly refuse = new Map<string, number>();
  failDigest = false;
  constructor(
    readonly inner: SqliteStore,
    private readonly urls: Map<number, string> = new Map(),
  ) {}

  wrap(): Store {
    return new Proxy(this.inner, {
      get: (target, name) => {
        if (name === 'linkCandidate') {
          return async (...args: Parameters<Store['linkCandidate']>) => {
            const row = await target.linkCandidate(...args);
            this.urls.set(row.id, row.url);
            return row;
          };
        }
        if (name === 'linkCandidates') {
          return async (...args: Parameters<NonNullable<Store['linkCandidates']>>) => {
            const rows = await target.linkCandidates(...args);
            for (const row of rows) this.urls.set(row.id, row.url);
            return rows;
          };
        }
        if (name === 'saveResult') {
          return async (id: number, result: ArticleResult) => {
            const url = this.urls.get(id) ?? '';
            const left = this.refuse.get(url) ?? 0;
            if (left > 0) {
              this.refuse.set(url, left - 1);
              throw sqliteError(
                Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }),
                target.file,
              );
            }
            return target.saveResult(id, result);
          };
        }
        if (name === 'saveDigest' && this.failDigest) {
          return async () => {
            throw sqliteError(
              Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }),
              target.file,
            );
          };
        }
        const value = Reflect.get(target, name, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as Store;
  }
}

let dir: string;
let http: Fetcher;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'daybrief-runday-'));
  const warc = join(dir, 'site.warc.gz');
  await buildWarc(
    [
      { url: `${BASE}/feed.xml`, headers: { 'content-type': 'application/rss+xml' }, body: feed() },
      ...ARTICLES.map(([path, title, words]) => ({ url: `${BASE}${path}`, body: page(title, words) })),
    ],
    warc,
  );
  http = await createReplayFetcher(warc, { robots: false });
});

after(async () => {
  await http.close();
  await rm(dir, { recursive: true, force: true });
});

async function digestUrls(store: Store): Promise<string[]> {
  const digest = await store.getDigest('city', DATE);
  return (digest?.stories.flatMap((s) => s.articles.map((a) => a.url)) ?? []).sort();
}

function deps(store: Store, events: PipelineEvent[] = []) {
  return {
    http,
    store,
    queue: new LocalQueue(2),
    newsSearch: false,
    onEvent: (e: PipelineEvent) => events.push(e),
  };
}

test('an article the store refuses to save fails visibly, is recorded as failed, and is retried next run', async () => {
  const sqlite = new SqliteStore(join(dir, 'refuse-once.sqlite'));
  await sqlite.migrate();
  const failing = new FailingStore(sqlite);
  failing.refuse.set(`${BASE}/library`, 1);
  const events: PipelineEvent[] = [];
  const report = await runDay(topic, dayWindow(DATE, 'UTC'), deps(failing.wrap(), events));

  assert.equal(report.candidates, 3);
  assert.equal(report.fetched, 2, 'the refused article is not counted as fetched');
  assert.equal(report.failed, 1);
  assert.equal(report.storeFailed, 1);
  assert.deepEqual(
    report.failures.map((f) => [f.url, f.error.stage, f.error.code]),
    [[`${BASE}/library`, 'store', 'DISK_FULL']],
  );
  assert.ok(
    events.some((e) => e.type === 'item-failed' && e.url === `${BASE}/library` && e.code === 'DISK_FULL'),
  );
  const rows = await sqlite.listDayArticles('city', DATE);
  const library = rows.find((r) => r.url === `${BASE}/library`);
  assert.equal(library?.status, 'failed');
  assert.equal(library?.error?.code, 'DISK_FULL');
  assert.deepEqual(
    await digestUrls(sqlite),
    [`${BASE}/harbour`, `${BASE}/tram`],
    'the day has the saved articles',
  );

  const rerun = await runDay(topic, dayWindow(DATE, 'UTC'), deps(sqlite));
  assert.equal(rerun.fetched, 1, 'the refused article is fetched again');
  assert.equal(rerun.reused, 2);
  assert.equal(rerun.failed, 0);
  const again = (await sqlite.listDayArticles('city', DATE)).find((r) => r.url === `${BASE}/library`);
  assert.equal(again?.status, 'ok');
  assert.equal((await digestUrls(sqlite)).length, 3);
  await sqlite.close();
});

test('when the store refuses even the failure, the article stays pending and the next run does it', async () => {
  const sqlite = new SqliteStore(join(dir, 'refuse-always.sqlite'));
  await sqlite.migrate();
  const failing = new FailingStore(sqlite);
  failing.refuse.set(`${BASE}/tram`, Number.POSITIVE_INFINITY);
  const report = await runDay(topic, dayWindow(DATE, 'UTC'), deps(failing.wrap()));
  assert.equal(report.fetched, 2);
  assert.equal(report.storeFailed, 1);
  const tram = (await sqlite.listDayArticles('city', DATE)).find((r) => r.url === `${BASE}/tram`);
  assert.equal(tram?.status, 'pending');
  const rerun = await runDay(topic, dayWindow(DATE, 'UTC'), deps(sqlite));
  assert.deepEqual([rerun.fetched, rerun.reused, rerun.failed], [1, 2, 0]);
  await sqlite.close();
});

test('a day whose digest the store refuses is reported failed with its code, and the run goes on', async () => {
  const sqlite = new SqliteStore(join(dir, 'refuse-digest.sqlite'));
  await sqlite.migrate();
  const failing = new FailingStore(sqlite);
  failing.failDigest = true;
  const events: PipelineEvent[] = [];
  const out = join(dir, 'site');
  const run = await runTopics([topic], {
    http,
    store: failing.wrap(),
    out,
    dates: () => ['2026-11-22', DATE],
    newsSearch: false,
    onEvent: (e) => events.push(e),
  });
  assert.equal(run.reports.length, 2, 'both days are reported');
  assert.deepEqual(
    run.reports.map((r) => [r.date, r.error?.code]),
    [
      ['2026-11-22', 'STORE_LOCKED'],
      [DATE, 'STORE_LOCKED'],
    ],
  );
  assert.ok(events.some((e) => e.type === 'day-failed' && e.date === DATE && e.code === 'STORE_LOCKED'));
  const [, day] = run.reports;
  assert.deepEqual(
    [day?.candidates, day?.fetched, day?.stories],
    [3, 3, 0],
    'the articles are counted, the day is not',
  );
  assert.equal(await sqlite.getDigest('city', DATE), undefined);
  await sqlite.close();
});

test('a rerun copies the covers of articles an earlier run fetched but stopped before their images', async () => {
  // A 1×1 PNG: the media step checks the bytes, not the name.
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    'base64',
  );
  const withImage = (title: string, words: string, image: string) =>
    page(title, words).replace('</head>', `<meta property="og:image" content="${image}"></head>`);
  const warc = join(dir, 'covers.warc.gz');
  await buildWarc(
    [
      { url: `${BASE}/feed.xml`, headers: { 'content-type': 'application/rss+xml' }, body: feed() },
      ...ARTICLES.map(([path, title, words]) => ({
        url: `${BASE}${path}`,
        body: withImage(title, words, `${BASE}/img${path}.png`),
      })),
      ...ARTICLES.map(([path]) => ({
        url: `${BASE}/img${path}.png`,
        headers: { 'content-type': 'image/png' },
        body: png,
      })),
    ],
    warc,
  );
  const replay = await createReplayFetcher(warc, { robots: false });
  const store = new SqliteStore(join(dir, 'covers.sqlite'));
  await store.migrate();
  const images = ARTICLES.map(([path]) => `${BASE}/img${path}.png`);
  try {
    const day = dayWindow(DATE, 'UTC');
    // The first run stands for one killed after its articles were saved and before their covers.
    const first = await runDay(topic, day, { ...deps(store), http: replay, images: false });
    assert.equal(first.fetched, ARTICLES.length);
    assert.deepEqual(await store.getMedia(images), []);
    const second = await runDay(topic, day, { ...deps(store), http: replay });
    assert.equal(second.reused, ARTICLES.length, 'the articles are not fetched again');
    assert.deepEqual((await store.getMedia(images)).map((m) => m.url).sort(), [...images].sort());
    const thumbnails = await store.getThumbnails(images);
    assert.deepEqual(
      thumbnails.map((t) => ('thumbnails' in t ? t.thumbnails.length : 0)),
      images.map(() => 1),
    );
    assert.deepEqual(second.imageFailures, []);
  } finally {
    await replay.close();
    await store.close();
  }
});

/** Three articles with nothing in common, so that each is its own story with its own cover. */
const DISTINCT_TEXTS = [
  'Masons replaced granite blocks along the breakwater after October gales cracked its seaward face; divers inspected foundations beneath tidal currents.',
  'Librarians announced Sunday opening hours, extra reading rooms for students, weekend storytelling sessions for toddlers, and renewed periodical subscriptions.',
  'Councillors approved extending tramways toward the hospital campus, budgeting electric vehicles, depot upgrades, signalling equipment and overhead wiring.',
];

function distinctPage(title: string, i: number, image: string): string {
  const words = (DISTINCT_TEXTS[i] ?? '').split(' ');
  const paragraphs = [0, 1, 2, 3].map((n) => `<p>${[...words.slice(n), ...words.slice(0, n)].join(' ')}</p>`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta property="og:site_name" content="Example News"><meta property="og:image" content="${image}"></head>
<body><main><article><h1>${title}</h1>${paragraphs.join('\n')}</article></main></body></html>`;
}

test('a corrupt cover and a decompression bomb are refused with their codes; the run and the page go on', async () => {
  const good = await sharp({ create: { width: 800, height: 450, channels: 3, background: '#357' } })
    .jpeg()
    .toBuffer();
  const small = Buffer.from(
    await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
      .png()
      .toBuffer(),
  );
  const corrupt = Buffer.concat([small.subarray(0, 40), Buffer.alloc(500, 0x33)]);
  // The same small PNG, its header claiming 60 000 × 60 000 pixels (CRC fixed so the header reads).
  const bomb = Buffer.from(small);
  bomb.writeUInt32BE(60_000, 16);
  bomb.writeUInt32BE(60_000, 20);
  bomb.writeUInt32BE(crc32(bomb.subarray(12, 29)), 29);
  const covers: Record<string, Buffer> = { '/harbour': good, '/library': corrupt, '/tram': bomb };
  const warc = join(dir, 'bad-covers.warc.gz');
  await buildWarc(
    [
      { url: `${BASE}/feed.xml`, headers: { 'content-type': 'application/rss+xml' }, body: feed() },
      ...ARTICLES.map(([path, title], i) => ({
        url: `${BASE}${path}`,
        body: distinctPage(title, i, `${BASE}/img${path}.png`),
      })),
      ...ARTICLES.map(([path]) => ({
        url: `${BASE}/img${path}.png`,
        headers: { 'content-type': 'image/png' },
        body: covers[path] ?? good,
      })),
    ],
    warc,
  );
  const replay = await createReplayFetcher(warc, { robots: false });
  const store = new SqliteStore(join(dir, 'bad-covers.sqlite'));
  await store.migrate();
  const out = join(dir, 'bad-covers-site');
  try {
    const events: PipelineEvent[] = [];
    const report = await runDay(topic, dayWindow(DATE, 'UTC'), { ...deps(store, events), http: replay });
    assert.deepEqual([report.fetched, report.failed, report.articles], [3, 0, 3]);
    assert.deepEqual(report.imageFailures.map((f) => [f.url.slice(BASE.length), f.error.code]).sort(), [
      ['/img/library.png', 'IMAGE_CORRUPT'],
      ['/img/tram.png', 'IMAGE_TOO_LARGE'],
    ]);
    assert.equal(events.filter((e) => e.type === 'image-failed').length, 2);
    const again = await runDay(topic, dayWindow(DATE, 'UTC'), { ...deps(store), http: replay });
    assert.deepEqual(again.imageFailures, [], 'the refusals are recorded, not tried again');
    await publishSite(store, out);
    const html = await readFile(join(out, 'city', DATE, 'index.html'), 'utf8');
    console.log(html.match(/<article[^>]*>/g), html.match(/<img[^>]*>/g), html.match(/cover-none/g));
    assert.equal((html.match(/<img /g) ?? []).length, 1, 'only the good cover is shown');
    assert.equal((html.match(/cover-none/g) ?? []).length, 2, 'the refused ones show placeholders');
    assert.ok((await readdir(join(out, 'media'))).every((f) => f.endsWith('.webp')));
  } finally {
    await replay.close();
    await store.close();
  }
});

test('a sentence the outlet printed in another article of the days before is left out of a summary', async () => {
  const sqlite = new SqliteStore(join(dir, 'template.sqlite'));
  await sqlite.migrate();
  // Yesterday the site ran a different article that carries today's harbour opening word for word.
  const opening =
    'Harbour wall repaired after storm paragraph 1: Crews rebuilt the harbour wall in six weeks.';
  const paragraphs = [
    'The ferry timetable changes on Monday, the operator said.',
    opening,
    'Two evening crossings are dropped until the spring.',
    'Passengers with season tickets will get a refund for the missed trips.',
  ];
  const url = `${BASE}/ferry`;
  const row = await sqlite.linkCandidate('city', '2026-11-22', urlKey(url), {
    url,
    title: 'Ferry timetable changes',
    source: `${BASE}/feed.xml`,
  });
  const article = {
    kind: 'article' as const,
    url,
    title: 'Ferry timetable changes',
    text: paragraphs.join('\n\n'),
    paragraphs,
    paywalled: false,
  };
  await sqlite.saveResult(row.id, {
    status: 'ok',
    article,
    summary: { sentences: paragraphs, source: 'body' },
    fetchedAt: '2026-11-22T10:00:00Z',
  });
  const asked: string[] = [];
  const store = new Proxy(sqlite, {
    get: (target, name) => {
      if (name === 'listDayArticles')
        return async (slug: string, date: string) => {
          asked.push(date);
          return target.listDayArticles(slug, date);
        };
      const value = Reflect.get(target, name, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as Store;
  await runDay(topic, dayWindow(DATE, 'UTC'), deps(store));
  assert.deepEqual(
    asked.filter((d) => d !== DATE).sort(),
    ['2026-11-20', '2026-11-21', '2026-11-22'],
    'the three days before are read',
  );
  const stored = (await sqlite.listDayArticles('city', DATE)).find((r) => r.url === `${BASE}/harbour`);
  assert.ok(stored?.summary?.sentences.includes(opening), 'summarised alone, the article opens with it');
  const articles = (await sqlite.getDigest('city', DATE))?.stories.flatMap((s) => s.articles) ?? [];
  const harbour = articles.find((a) => a.url === `${BASE}/harbour`);
  assert.ok(harbour && harbour.summary.length > 0, 'the harbour article is summarised');
  assert.ok(
    !harbour.summary.includes(opening),
    `the site's repeated line is left out: ${harbour.summary.join(' ')}`,
  );
  await sqlite.close();
});
