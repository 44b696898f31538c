import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { buildWarc, createReplayFetcher } from '../fetch/index.js';
import type { Fetcher } from '../fetch/types.js';
import type { Topic } from '../model/types.js';
import type { FinishJob } from '../queue/jobs.js';
import { sqliteError } from '../store/errors.js';
import { type ArticleResult, SqliteStore, type Store } from '../store/index.js';
import {
  type DayJobQueue,
  JOB_LOST,
  type JobState,
  type QueuedArticle,
  runArticleJob,
  runFinishJob,
  runTopicDayJob,
} from './day-jobs.js';

const BASE = 'https://town.example';
const DATE = '2026-11-23';

const ARTICLES: Array<[string, string, string]> = [
  [
    '/harbour',
    'Harbour wall repaired after storm',
    'Crews rebuilt the harbour wall in six weeks of night shifts.',
  ],
  ['/library', 'Library opens on Sundays', 'The central library will open its reading rooms on Sundays.'],
  [
    '/tram',
    'Tram line extension approved',
    'The tram line will reach the hospital and the university by 2028.',
  ],
  [
    '/market',
    'Covered market gets a new roof',
    'Glaziers replaced the Victorian roof of the covered market.',
  ],
];

function page(title: string, words: string): string {
  const p = (n: number) =>
    `<p>${title}, part ${n}: ${words} Officials said the figures would be reviewed before the spring session of the council opens.</p>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>
<body><main><article><h1>${title}</h1>${[1, 2, 3].map(p).join('\n')}</article></main></body></html>`;
}

/** A feed of the articles at `paths`. */
function feed(paths: string[]): string {
  const items = ARTICLES.filter(([path]) => paths.includes(path))
    .map(
      ([path, title]) =>
        `<item><title>${title}</title><link>${BASE}${path}</link><pubDate>Mon, 23 Nov 2026 09:00:00 GMT</pubDate></item>`,
    )
    .join('');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Town</title><link>${BASE}/</link><description>d</description>${items}</channel></rss>`;
}

const topic = (slug: string): Topic => ({
  name: slug,
  slug,
  feeds: [`${BASE}/${slug}.xml`],
  language: 'en',
  region: 'US',
  timezone: 'UTC',
  maxArticles: 100,
});
// "/tram" is found by both topics.
const PORT = topic('port');
const CITY = topic('city');

/** The queue as the day's jobs see it, in memory: jobs by id, finish jobs in order. */
class MemoryQueue implements DayJobQueue {
  readonly articles = new Map<string, { job: QueuedArticle; state: 'created' | 'completed' | 'failed' }>();
  readonly finishes: Array<{ job: FinishJob; delayMs: number }> = [];
  sends = 0;

  async sendArticles(jobs: QueuedArticle[]): Promise<void> {
    for (const job of jobs) {
      this.sends++;
      if (!this.articles.has(job.id)) this.articles.set(job.id, { job, state: 'created' });
    }
  }

  async sendFinish(job: FinishJob, delayMs: number): Promise<void> {
    this.finishes.push({ job, delayMs });
  }

  async articleJobState(id: string): Promise<JobState> {
    const entry = this.articles.get(id);
    if (!entry) return 'missing';
    return entry.state === 'created' ? 'alive' : 'gone';
  }

  /** Runs every waiting article job once, as workers would. */
  async runArticles(deps: { http: Fetcher; store: Store }): Promise<void> {
    for (const [id, entry] of this.articles) {
      if (entry.state !== 'created') continue;
      await runArticleJob(entry.job.data, id, deps);
      entry.state = 'completed';
    }
  }
}

/** Counts the requests per URL. */
function counting(inner: Fetcher): Fetcher & { counts: Map<string, number> } {
  const counts = new Map<string, number>();
  return {
    counts,
    fetch: (url, opts) => {
      counts.set(url, (counts.get(url) ?? 0) + 1);
      return inner.fetch(url, opts);
    },
    close: () => inner.close(),
  };
}

let dir: string;
let replay: Fetcher;
let n = 0;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'daybrief-dayjobs-'));
  const warc = join(dir, 'town.warc.gz');
  const rss = { 'content-type': 'application/rss+xml' };
  await buildWarc(
    [
      { url: `${BASE}/port.xml`, headers: rss, body: feed(['/harbour', '/market', '/tram']) },
      { url: `${BASE}/city.xml`, headers: rss, body: feed(['/library', '/tram']) },
      ...ARTICLES.map(([path, title, words]) => ({ url: `${BASE}${path}`, body: page(title, words) })),
    ],
    warc,
  );
  replay = await createReplayFetcher(warc, { robots: false });
});

after(async () => {
  await replay.close();
  await rm(dir, { recursive: true, force: true });
});

async function openStore(): Promise<SqliteStore> {
  const store = new SqliteStore(join(dir, `jobs-${n++}.sqlite`));
  await store.migrate();
  return store;
}

function urlsOf(digest: Awaited<ReturnType<Store['getDigest']>>): string[] {
  return (digest?.stories.flatMap((s) => s.articles.map((a) => a.url)) ?? []).sort();
}

test('a URL found by two topics gets one job and one fetch; the finish step waits for it, then publishes', async () => {
  const store = await openStore();
  const http = counting(replay);
  const queue = new MemoryQueue();
  const deps = { http, store, newsSearch: false as const, images: false };
  try {
    const port = await runTopicDayJob({ topic: PORT, date: DATE }, deps, queue);
    const city = await runTopicDayJob({ topic: CITY, date: DATE }, deps, queue);
    assert.deepEqual([port.candidates, port.queued, city.candidates, city.queued], [3, 3, 2, 2]);
    assert.equal(queue.articles.size, 4, 'one job per article: /tram is shared');
    assert.deepEqual(
      queue.finishes.map((f) => [f.job.topic.slug, f.delayMs]),
      [
        ['port', 0],
        ['city', 0],
      ],
    );

    // Before the article jobs ran, the finish step looks again later and publishes nothing.
    const early = await runFinishJob({ topic: PORT, date: DATE }, deps, queue, { pollMs: 5000 });
    assert.deepEqual(early, { status: 'waiting', pending: 3 });
    assert.deepEqual(queue.finishes.at(-1), { job: { topic: PORT, date: DATE, looks: 1 }, delayMs: 5000 });
    assert.equal(await store.getDigest('port', DATE), undefined);

    await queue.runArticles(deps);
    for (const [path] of ARTICLES) assert.equal(http.counts.get(`${BASE}${path}`), 1, `${path} fetched once`);

    for (const t of [PORT, CITY]) {
      const done = await runFinishJob({ topic: t, date: DATE }, deps, queue, { pollMs: 5000 });
      assert.equal(done.status, 'published');
    }
    assert.deepEqual(urlsOf(await store.getDigest('port', DATE)), [
      `${BASE}/harbour`,
      `${BASE}/market`,
      `${BASE}/tram`,
    ]);
    assert.deepEqual(urlsOf(await store.getDigest('city', DATE)), [`${BASE}/library`, `${BASE}/tram`]);

    // Everything again, as after a crash that lost the jobs' outcomes: nothing is fetched twice.
    await runTopicDayJob({ topic: PORT, date: DATE }, deps, queue);
    for (const [id, entry] of queue.articles) {
      assert.deepEqual(await runArticleJob(entry.job.data, id, deps), { status: 'skipped' });
    }
    const again = await runFinishJob({ topic: PORT, date: DATE }, deps, queue, { pollMs: 5000 });
    assert.equal(again.status, 'published');
    for (const [path] of ARTICLES) assert.equal(http.counts.get(`${BASE}${path}`), 1);
    assert.equal((await store.listDayArticles('port', DATE)).length, 3, 'no article linked twice');
  } finally {
    await store.close();
  }
});

test('an article job whose result the store refuses throws and leaves the article to its retry', async () => {
  const inner = await openStore();
  let refuse = 1;
  const store = new Proxy(inner, {
    get: (target, name) => {
      if (name === 'saveResult') {
        return async (id: number, result: ArticleResult) => {
          if (refuse-- > 0)
            throw sqliteError(
              Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }),
              target.file,
            );
          return target.saveResult(id, result);
        };
      }
      const value = Reflect.get(target, name, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as Store;
  const queue = new MemoryQueue();
  const deps = { http: replay, store, newsSearch: false as const, images: false };
  try {
    await runTopicDayJob({ topic: CITY, date: DATE }, deps, queue);
    const [id, entry] = [...queue.articles][0] ?? assert.fail('no article job');
    await assert.rejects(runArticleJob(entry.job.data, id, deps), (err: Error & { code?: string }) => {
      return err.code === 'DISK_FULL';
    });
    assert.equal((await inner.getArticle(entry.job.data.articleId))?.status, 'pending');
    const retry = await runArticleJob(entry.job.data, id, deps);
    assert.equal(retry.status, 'ok');
    // A job that is not the article's (an earlier run's) does nothing.
    assert.deepEqual(await runArticleJob(entry.job.data, 'another-job', deps), { status: 'skipped' });
  } finally {
    await inner.close();
  }
});

test('an article job stopped by its signal (the queue gave the attempt up) saves nothing; its retry does the article', async () => {
  const store = await openStore();
  const queue = new MemoryQueue();
  const deps = { http: replay, store, newsSearch: false as const, images: false };
  try {
    await runTopicDayJob({ topic: CITY, date: DATE }, deps, queue);
    const [id, entry] = [...queue.articles][0] ?? assert.fail('no article job');
    // The page answers only after the attempt has been given up, as a slow host would.
    const ctl = new AbortController();
    const late: Fetcher = {
      fetch: async (url, opts) => {
        ctl.abort();
        return replay.fetch(url, { ...opts, signal: undefined });
      },
      close: async () => {},
    };
    await assert.rejects(
      runArticleJob(entry.job.data, id, { ...deps, http: late }, ctl.signal),
      (err: Error & { code?: string }) => err.code === 'PIPELINE_JOB_EXPIRED',
    );
    assert.equal((await store.getArticle(entry.job.data.articleId))?.status, 'pending', 'nothing saved');
    // Given up before it began: nothing is asked for.
    let asked = 0;
    const counted: Fetcher = {
      fetch: (u, o) => {
        asked++;
        return replay.fetch(u, o);
      },
      close: async () => {},
    };
    await assert.rejects(runArticleJob(entry.job.data, id, { ...deps, http: counted }, ctl.signal), {
      code: 'PIPELINE_JOB_EXPIRED',
    });
    assert.equal(asked, 0);
    const retry = await runArticleJob(entry.job.data, id, deps, new AbortController().signal);
    assert.equal(retry.status, 'ok');
    assert.equal((await store.getArticle(entry.job.data.articleId))?.status, 'ok');
  } finally {
    await store.close();
  }
});

test('the finish step queues a missing article job again and records one whose job is gone for good', async () => {
  const store = await openStore();
  const queue = new MemoryQueue();
  const deps = { http: replay, store, newsSearch: false as const, images: false };
  try {
    await runTopicDayJob({ topic: CITY, date: DATE }, deps, queue);
    const [first, second] = [...queue.articles.keys()] as [string, string];
    // One job vanished (never reached the queue), the other failed for good (its retries spent).
    const lostJob = queue.articles.get(first);
    queue.articles.delete(first);
    const gone = queue.articles.get(second);
    if (gone) gone.state = 'failed';
    const look = await runFinishJob({ topic: CITY, date: DATE }, deps, queue, { pollMs: 100 });
    assert.equal(look.status, 'waiting');
    assert.equal(queue.articles.get(first)?.state, 'created', 'the missing job is queued again, same id');
    assert.deepEqual(queue.articles.get(first)?.job.data, lostJob?.job.data);
    await queue.runArticles(deps);
    const done = await runFinishJob({ topic: CITY, date: DATE }, deps, queue, { pollMs: 100 });
    assert.deepEqual(done.status === 'published' && [done.lost, done.articles], [0, 1]);
    const rows = await store.listDayArticles('city', DATE);
    const failed = rows.find((r) => r.status === 'failed');
    assert.equal(failed?.error?.code, JOB_LOST, 'recorded, and transient: the next run tries it again');

    // The next topic-day job requeues it under a new job.
    const rerun = await runTopicDayJob({ topic: CITY, date: DATE }, deps, queue);
    assert.equal(rerun.queued, 1);
    const row = await store.getArticle(failed?.id ?? -1);
    assert.equal(row?.status, 'pending');
    assert.notEqual(row?.jobId, second);
  } finally {
    await store.close();
  }
});

test('an article job that finishes between the finish step reading the day and asking the queue is not recorded lost', async () => {
  const store = await openStore();
  const deps = { http: replay, store, newsSearch: false as const, images: false };
  // The race seen with two workers on Postgres: the finish step lists the day (article pending), a
  // worker completes the article, then the finish step asks the queue and hears "gone".
  class RacingQueue extends MemoryQueue {
    override async articleJobState(id: string): Promise<JobState> {
      const entry = this.articles.get(id);
      if (entry?.state === 'created') {
        await runArticleJob(entry.job.data, id, deps);
        entry.state = 'completed';
      }
      return super.articleJobState(id);
    }
  }
  const queue = new RacingQueue();
  try {
    await runTopicDayJob({ topic: CITY, date: DATE }, deps, queue);
    const done = await runFinishJob({ topic: CITY, date: DATE }, deps, queue, { pollMs: 100 });
    assert.equal(done.status, 'published');
    assert.deepEqual(done.status === 'published' && [done.lost, done.articles], [0, 2]);
    const rows = await store.listDayArticles('city', DATE);
    assert.deepEqual(
      rows.map((r) => r.status),
      ['ok', 'ok'],
    );
  } finally {
    await store.close();
  }
});
