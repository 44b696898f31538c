import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import pg from 'pg';
import { buildWarc, createReplayFetcher } from '../fetch/index.js';
import type { Fetcher } from '../fetch/types.js';
import type { Topic } from '../model/types.js';
import { runArticleJob, runFinishJob, runTopicDayJob } from '../pipeline/day-jobs.js';
import { PostgresStore } from '../store/index.js';
import type { Store } from '../store/store.js';
import { type JobContext, JobQueue, requirePostgres, type TopicDayJob, topicDayKey } from './pgboss.js';

const url = process.env.TEST_PG_URL;
const SITE = 'https://harbour.example';
const DAY1 = '2026-11-23';
const DAY2 = '2026-11-24';

const topic: Topic = {
  name: 'Harbour',
  slug: 'harbour',
  feeds: [`${SITE}/feed.xml`],
  language: 'en',
  region: 'US',
  timezone: 'UTC',
  maxArticles: 50,
};

const STORIES: Array<{ path: string; when: string; title: string; paragraphs: string[] }> = [
  {
    path: '/ferry-returns',
    when: 'Mon, 23 Nov 2026 08:00:00 GMT',
    title: 'Ferry service returns to Harbourton after three years',
    paragraphs: [
      'HARBOURTON — A ferry service between Harbourton and the northern islands will resume in the spring, three years after the last operator withdrew, the regional transport board said on Monday.',
      'The board signed a five-year contract with a cooperative of island families who bought a second-hand vessel from a Norwegian operator last summer and have spent the autumn refitting it.',
      'Crossings will run twice a day on weekdays and once on Sundays, with extra sailings during the summer festival, when the town expects more than twenty thousand visitors.',
      'Shopkeepers on the quay said the return of the ferry would bring back the day trippers who kept the harbour busy before the old service collapsed.',
    ],
  },
  {
    path: '/quay-repairs',
    when: 'Mon, 23 Nov 2026 13:00:00 GMT',
    title: 'Quay repairs to close harbour road for a month',
    paragraphs: [
      'HARBOURTON — The harbour road will close for four weeks from January while engineers replace the timber piles under the old fish quay, the town council announced on Monday afternoon.',
      'Inspectors found last year that a third of the piles had rotted through, and the quay has been closed to lorries heavier than seven tonnes since the spring.',
      'Buses will be diverted along the cliff road, adding about ten minutes to the journey into town, and parking on the quay will be suspended for the whole period.',
      'The council said the work had been timed to finish well before the first ferry crossing of the season.',
    ],
  },
  {
    path: '/festival-dates',
    when: 'Tue, 24 Nov 2026 09:30:00 GMT',
    title: 'Harbour festival sets its dates for next summer',
    paragraphs: [
      'HARBOURTON — The harbour festival will run over the second weekend of July next year, its organisers said on Tuesday, with a new stage on the breakwater for local bands.',
      'Organisers expect the return of the ferry to bring more visitors from the islands than in any year since the festival began, and have asked the council for a larger campsite.',
      'Tickets for the evening concerts go on sale in March; the daytime events on the quay and the boat parade remain free for everyone.',
      'Volunteers are being sought to marshal the parade route and to run the lost-children tent beside the lifeboat station.',
    ],
  },
];

function page(title: string, paragraphs: string[]): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} | Harbour Herald</title>
<meta property="og:site_name" content="Harbour Herald"><meta property="og:title" content="${title}"></head>
<body><header><nav><a href="/">Home</a></nav></header><main><article><h1>${title}</h1>
${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}</article></main><footer>Harbour Herald</footer></body></html>`;
}

function feed(): string {
  const items = STORIES.map(
    (s) => `<item><title>${s.title}</title><link>${SITE}${s.path}</link><pubDate>${s.when}</pubDate></item>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Harbour Herald</title>
<link>${SITE}/</link><description>Local news</description>${items.join('\n')}</channel></rss>`;
}

async function writeArchive(dir: string): Promise<string> {
  const path = join(dir, 'harbour.warc.gz');
  await buildWarc(
    [
      { url: `${SITE}/feed.xml`, headers: { 'content-type': 'application/rss+xml' }, body: feed() },
      ...STORIES.map((s) => ({ url: `${SITE}${s.path}`, body: page(s.title, s.paragraphs) })),
    ],
    path,
  );
  return path;
}

function schemaName(prefix: string): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`;
}

async function dropSchemas(schemas: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
}

async function countRows(schema: string, table: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${schema}.${table}`);
    return Number(rows[0]?.n);
  } finally {
    await client.end();
  }
}

test('scale-out needs a postgres:// database', () => {
  assert.throws(
    () => requirePostgres('daybrief.sqlite'),
    (err: Error & { code?: string }) =>
      err.code === 'PIPELINE_NEEDS_POSTGRES' && /scale-out needs Postgres/.test(err.message),
  );
  assert.equal(requirePostgres('postgres://db.example/daybrief'), 'postgres://db.example/daybrief');
  assert.equal(topicDayKey({ topic, date: DAY1 }), `harbour:${DAY1}`);
});

if (!url) {
  test('pg-boss topic-day queue', {
    skip: 'TEST_PG_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test)',
  }, () => {});
} else {
  const fast = { pollSeconds: 0.5, retryDelaySeconds: 1, finishPollSeconds: 0.3 };

  /** One "machine": its own pg-boss, store pool and fetcher, working every job kind. */
  async function startWorker(
    name: string,
    bossSchema: string,
    store: Store,
    http: Fetcher,
    log: Array<{ kind: string; key: string; worker: string }>,
  ): Promise<JobQueue> {
    const queue = await JobQueue.open(url as string, { ...fast, schema: bossSchema });
    const deps = { http, store, newsSearch: false as const };
    await queue.work(
      {
        topicDay: async (job) => {
          await runTopicDayJob(job, deps, queue);
          log.push({ kind: 'day', key: topicDayKey(job), worker: name });
        },
        article: async (job, ctx) => {
          const r = await runArticleJob(job, ctx.id, deps, ctx.signal);
          log.push({ kind: `article:${r.status}`, key: job.url, worker: name });
        },
        finish: async (job) => {
          const r = await runFinishJob(job, deps, queue, { pollMs: 300 });
          log.push({ kind: `finish:${r.status}`, key: topicDayKey(job), worker: name });
        },
      },
      { concurrency: 2 },
    );
    return queue;
  }

  test('two workers share the topic-days and their articles: each article once, a rerun adds no duplicates', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'daybrief-pgboss-'));
    const bossSchema = schemaName('daybrief_boss');
    const storeSchema = schemaName('daybrief_test');
    const opened: Array<{ close: () => Promise<void> }> = [];
    const queues: JobQueue[] = [];
    try {
      const warc = await writeArchive(dir);
      const enqueuer = await JobQueue.open(url, { ...fast, schema: bossSchema });
      queues.push(enqueuer);
      assert.equal(await enqueuer.enqueue({ topic, date: DAY1, newsSearch: false }), true);
      assert.equal(await enqueuer.enqueue({ topic, date: DAY2, newsSearch: false }), true);
      assert.equal(
        await enqueuer.enqueue({ topic, date: DAY1 }),
        false,
        'a waiting topic-day is not queued twice',
      );
      assert.equal(await enqueuer.pending(), 2);

      const log: Array<{ kind: string; key: string; worker: string }> = [];
      const workers: JobQueue[] = [];
      for (const name of ['a', 'b']) {
        const store = new PostgresStore({ url, schema: storeSchema, max: 2 });
        await store.migrate();
        const http = await createReplayFetcher(warc, { robots: false });
        opened.push(store, http);
        const queue = await startWorker(name, bossSchema, store, http, log);
        queues.push(queue);
        workers.push(queue);
      }
      await Promise.all(workers.map((w) => w.drain()));

      const done = (kind: string) =>
        log
          .filter((l) => l.kind === kind)
          .map((l) => l.key)
          .sort();
      assert.deepEqual(done('day'), [`harbour:${DAY1}`, `harbour:${DAY2}`]);
      assert.deepEqual(done('article:ok'), STORIES.map((s) => `${SITE}${s.path}`).sort());
      assert.deepEqual(done('finish:published'), [`harbour:${DAY1}`, `harbour:${DAY2}`]);
      const reader = new PostgresStore({ url, schema: storeSchema, max: 1 });
      opened.push(reader);
      const digests = await reader.listDigests('harbour');
      assert.deepEqual(digests.map((d) => d.date).sort(), [DAY1, DAY2]);
      const day1 = digests.find((d) => d.date === DAY1);
      assert.equal(
        day1?.stories.reduce((n, s) => n + s.articles.length, 0),
        2,
      );
      const articles = await countRows(storeSchema, 'articles');
      const links = await countRows(storeSchema, 'topic_day_articles');
      assert.equal(articles, 3);
      assert.equal(links, 3);

      // A finished day queued again runs again, fetches nothing and changes nothing.
      assert.equal(await enqueuer.enqueue({ topic, date: DAY1, newsSearch: false }), true);
      await Promise.all(workers.map((w) => w.drain()));
      assert.equal(done('day').length, 3);
      assert.equal(done('article:ok').length, STORIES.length, 'no article fetched again');
      assert.equal(await countRows(storeSchema, 'articles'), articles);
      assert.equal(await countRows(storeSchema, 'topic_day_articles'), links);
      const again = (await reader.listDigests('harbour')).find((d) => d.date === DAY1);
      assert.deepEqual(
        again?.stories.map((s) => s.articles.map((a) => a.url)),
        day1?.stories.map((s) => s.articles.map((a) => a.url)),
      );
    } finally {
      for (const q of queues) await q.stop({ timeoutMs: 1000 });
      for (const o of opened) await o.close();
      await dropSchemas([bossSchema, storeSchema]);
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('workers on one database space their requests to a host by its interval', async () => {
    const storeSchema = schemaName('daybrief_test');
    const stores = [0, 1, 2].map(() => new PostgresStore({ url, schema: storeSchema, max: 2 }));
    try {
      for (const s of stores) await s.migrate();
      const slots = stores.map((s) => s.hostSlots());
      // Nine reservations at once from three "machines", 10 s apart (nobody sleeps here: the waits
      // are only read). The first goes at once, each next one 10 s after the one before, and the
      // host's next slot is nine intervals on, however the statements were spread in time.
      const started = Date.now();
      const waits = await Promise.all(
        Array.from({ length: 9 }, (_, i) => slots[i % 3]?.reserve('news.example', 10_000) ?? 0),
      );
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query<{ ahead: number }>(
        `SELECT extract(epoch FROM next_at - now()) * 1000 AS ahead FROM ${storeSchema}.host_slots WHERE host = 'news.example'`,
      );
      await client.end();
      const elapsed = Date.now() - started;
      const sorted = [...waits].sort((a, b) => a - b);
      assert.ok((sorted[0] ?? 1) < 1, 'the first reservation waits for nothing');
      for (let i = 1; i < sorted.length; i++) {
        const gap = (sorted[i] ?? 0) - (sorted[i - 1] ?? 0);
        assert.ok(
          gap > 10_000 - elapsed - 1,
          `reservation ${i} starts ${gap.toFixed(0)} ms after the one before`,
        );
      }
      assert.ok(Number(rows[0]?.ahead) + elapsed >= 90_000, `next slot ${Number(rows[0]?.ahead)} ms ahead`);
      // Another host is not held up; a hold-off (Retry-After) pushes every worker's next slot back.
      assert.ok(((await slots[0]?.reserve('other.example', 200)) ?? 1) < 100);
      await slots[1]?.holdOff('other.example', 5000);
      assert.ok(((await slots[2]?.reserve('other.example', 200)) ?? 0) > 4000);
    } finally {
      for (const s of stores) await s.close();
      await dropSchemas([storeSchema]);
    }
  });

  test('a batch of article jobs is queued whole, and an id already queued is kept once', async () => {
    const bossSchema = schemaName('daybrief_boss');
    const queue = await JobQueue.open(url, { ...fast, schema: bossSchema });
    try {
      const jobs = [1, 2, 3].map((i) => ({
        id: randomUUID(),
        data: { articleId: i, url: `${SITE}/a${i}` },
        priority: 3,
      }));
      await queue.sendArticles(jobs);
      await queue.sendArticles(jobs.slice(0, 1));
      assert.equal(await queue.pending(), 3);
      for (const j of jobs) assert.equal(await queue.articleJobState(j.id), 'alive');
    } finally {
      await queue.stop({ timeoutMs: 1000 });
      await dropSchemas([bossSchema]);
    }
  });

  test('a loop that has just run a job takes the next waiting one at once, not after its poll interval', async () => {
    const bossSchema = schemaName('daybrief_boss');
    // One article loop polling every minute: without the prompt re-poll, a second job waits 60 s.
    const queue = await JobQueue.open(url, { ...fast, pollSeconds: 60, schema: bossSchema });
    try {
      const ids = [1, 2, 3, 4, 5, 6].map(() => randomUUID());
      await queue.sendArticles(
        ids.map((id, i) => ({ id, data: { articleId: i + 1, url: `${SITE}/a${i}` }, priority: 3 })),
      );
      const ran: string[] = [];
      let allRan: () => void = () => {};
      const finished = new Promise<void>((ok) => {
        allRan = ok;
      });
      const none = async () => undefined;
      await queue.work(
        {
          topicDay: none,
          finish: none,
          article: async (_job, ctx) => {
            ran.push(ctx.id);
            if (ran.length === ids.length) allRan();
          },
        },
        { concurrency: 1 },
      );
      // Half of one poll interval: the six jobs take milliseconds each when the loop goes straight on.
      const gaveUp = new Promise<'late'>((ok) => setTimeout(() => ok('late'), 30_000).unref());
      assert.notEqual(await Promise.race([finished, gaveUp]), 'late', `ran ${ran.length} of 6 in 30 s`);
      assert.deepEqual([...ran].sort(), [...ids].sort());
    } finally {
      await queue.stop({ timeoutMs: 1000 });
      await dropSchemas([bossSchema]);
    }
  });

  test('an attempt that runs past its expiry is told to stop and retried; its late end records nothing', async () => {
    const bossSchema = schemaName('daybrief_boss');
    const queue = await JobQueue.open(url, { ...fast, expireSeconds: 1, schema: bossSchema });
    try {
      const attempts: Array<{ retry: number; stopped: boolean }> = [];
      await queue.enqueue({ topic, date: DAY1 });
      const none = async () => undefined;
      await queue.work({
        topicDay: async (_job: TopicDayJob, ctx: JobContext) => {
          if (ctx.retryCount === 0) {
            // Still busy when the expiry comes: waits for the word, then ends as if it had done its work.
            await new Promise((ok) => ctx.signal.addEventListener('abort', ok, { once: true }));
            await new Promise((ok) => setTimeout(ok, 100));
          }
          attempts.push({ retry: ctx.retryCount, stopped: ctx.signal.aborted });
        },
        article: none,
        finish: none,
      });
      await queue.drain();
      assert.deepEqual(attempts, [
        { retry: 0, stopped: true },
        { retry: 1, stopped: false },
      ]);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query<{ state: string; retry_count: number }>(
        `SELECT state, retry_count FROM ${bossSchema}.job WHERE name = 'daybrief-topic-day'`,
      );
      await client.end();
      assert.deepEqual(rows, [{ state: 'completed', retry_count: 1 }]);
    } finally {
      await queue.stop({ timeoutMs: 1000 });
      await dropSchemas([bossSchema]);
    }
  });

  test('a failed topic-day is retried with its retry count', async () => {
    const bossSchema = schemaName('daybrief_boss');
    const queue = await JobQueue.open(url, { ...fast, schema: bossSchema });
    try {
      const attempts: number[] = [];
      await queue.enqueue({ topic, date: DAY1 });
      const none = async () => undefined;
      await queue.work({
        topicDay: async (_job: TopicDayJob, ctx: JobContext) => {
          attempts.push(ctx.retryCount);
          if (ctx.retryCount === 0) throw new Error('the store went away');
        },
        article: none,
        finish: none,
      });
      await queue.drain();
      assert.deepEqual(attempts, [0, 1]);
      assert.equal(await queue.pending(), 0);
    } finally {
      await queue.stop({ timeoutMs: 1000 });
      await dropSchemas([bossSchema]);
    }
  });
}
