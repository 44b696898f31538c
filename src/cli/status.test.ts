import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import pg from 'pg';
import PgBoss from 'pg-boss';
import type { Article, Candidate, Digest, Topic } from '../model/types.js';
import { PostgresStore } from '../store/postgres.js';
import { SqliteStore } from '../store/sqlite.js';
import type { Store } from '../store/store.js';
import { main } from './main.js';
import { formatStatus, readStatus } from './status.js';

const url = process.env.TEST_PG_URL;
const topic: Topic = {
  name: 'Harbour',
  slug: 'harbour',
  feeds: ['https://harbour.example/feed.xml'],
  language: 'en',
  region: 'US',
  timezone: 'UTC',
  maxArticles: 10,
};
const article: Article = {
  kind: 'article',
  url: 'https://harbour.example/a',
  title: 'Ferry',
  text: 'The ferry runs.',
  paragraphs: ['The ferry runs.'],
  paywalled: false,
};
const candidate = (u: string): Candidate => ({
  url: u,
  title: `Title of ${u}`,
  source: topic.feeds[0] as string,
});
const digest = (date: string, stories: number): Digest => ({
  topic: { name: topic.name, slug: topic.slug },
  date,
  generatedAt: `${date}T06:00:00.000Z`,
  stories: Array.from({ length: stories }, (_, i) => ({
    id: `s${i}`,
    title: `Story ${i}`,
    articles: [],
  })) as unknown as Digest['stories'],
});

/** Two days: the older one all done; the newer with one ok, two failed (404, timeout), one pending and a failed feed. */
async function fill(store: Store): Promise<void> {
  await store.putTopic(topic);
  const old = await store.linkCandidate(
    'harbour',
    '2026-01-01',
    'harbour.example/old',
    candidate('https://harbour.example/old'),
  );
  await store.saveResult(old.id, {
    status: 'ok',
    article,
    summary: { sentences: [], source: 'none' },
    fetchedAt: '2026-01-01T05:00:00Z',
  });
  await store.saveDigest(digest('2026-01-01', 1));
  const ids: number[] = [];
  for (const p of ['a', 'b', 'c', 'd'])
    ids.push(
      (
        await store.linkCandidate(
          'harbour',
          '2026-01-02',
          `harbour.example/${p}`,
          candidate(`https://harbour.example/${p}`),
        )
      ).id,
    );
  await store.saveResult(ids[0] as number, {
    status: 'ok',
    article,
    summary: { sentences: [], source: 'none' },
    fetchedAt: '2026-01-02T05:00:00Z',
  });
  for (const [i, code] of [
    [1, 'FETCH_HTTP_404'],
    [2, 'FETCH_TIMEOUT'],
  ] as const)
    await store.saveResult(ids[i] as number, {
      status: 'failed',
      error: { stage: 'fetch', code, message: `fetch: ${code}` },
    });
  await store.saveSourceFailures('harbour', '2026-01-02', [
    {
      source: 'https://harbour.example/feed.xml',
      error: { stage: 'discover', code: 'DISCOVER_BAD_FEED', message: 'x' },
    },
  ]);
  await store.saveDigest(digest('2026-01-02', 2));
}

function checkDays(days: Awaited<ReturnType<typeof readStatus>>['days'], both: boolean): void {
  const newest = days[0];
  assert.equal(newest?.date, '2026-01-02');
  assert.deepEqual(
    {
      articles: newest?.articles,
      ok: newest?.ok,
      failed: newest?.failed,
      pending: newest?.pending,
      stories: newest?.stories,
    },
    { articles: 4, ok: 1, failed: 2, pending: 1, stories: 2 },
  );
  assert.deepEqual(newest?.failures.map((f) => f.code).sort(), ['FETCH_HTTP_404', 'FETCH_TIMEOUT']);
  assert.deepEqual(newest?.sourceFailures, [{ code: 'DISCOVER_BAD_FEED', count: 1 }]);
  assert.equal(newest?.builtAt, '2026-01-02T06:00:00.000Z');
  assert.equal(days.length, both ? 2 : 1);
  if (both) assert.deepEqual([days[1]?.date, days[1]?.ok, days[1]?.failed], ['2026-01-01', 1, 0]);
}

async function capture(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => out.push(s) > 0) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => err.push(s) > 0) as typeof process.stderr.write;
  const before = process.exitCode;
  try {
    const code = await main(argv);
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    process.stdout.write = write;
    process.stderr.write = writeErr;
    process.exitCode = before;
  }
}

test('status on SQLite: no queue, the newest topic-days with their counts and failure codes', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'daybrief-status-'));
  try {
    const file = join(dir, 'db.sqlite');
    const store = new SqliteStore(file);
    await store.migrate();
    await fill(store);
    await store.close();

    const one = await readStatus(file);
    assert.equal(one.queue, null);
    assert.match(one.queueNote ?? '', /no queue/);
    checkDays(one.days, false);
    checkDays((await readStatus(file, { days: 2 })).days, true);

    const human = formatStatus(one);
    assert.match(human, /queue: no queue/);
    assert.match(human, /harbour\s+2026-01-02\s+4\s+1\s+2\s+1\s+2\s+2026-01-02T06:00:00.000Z/);
    assert.match(human, /FETCH_HTTP_404 ×1, FETCH_TIMEOUT ×1; sources: DISCOVER_BAD_FEED ×1/);

    const json = await capture(['status', '--db', file, '--json', '--days', '2']);
    assert.equal(json.code, 0, json.err);
    const parsed = JSON.parse(json.out) as Awaited<ReturnType<typeof readStatus>>;
    assert.equal(parsed.kind, 'sqlite');
    checkDays(parsed.days, true);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('status: a --db that cannot be read is one line and exit 2', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'daybrief-status-'));
  try {
    const missing = await capture(['status', '--db', join(dir, 'none.sqlite')]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /^daybrief: cli: --db .*none\.sqlite: no such database; .*\[CLI_BAD_FLAG\]\n$/);
    const junk = join(dir, 'junk.sqlite');
    await writeFile(junk, 'not a database at all, just some text that is long enough to have a header');
    const notDb = await capture(['status', '--db', junk]);
    assert.equal(notDb.code, 2);
    assert.match(notDb.err, /\[STORE_NOT_SQLITE\]\n$/);
    assert.equal(notDb.err.split('\n').length, 2, 'one line');
    const badDays = await capture(['status', '--db', junk, '--days', '0']);
    assert.equal(badDays.code, 2);
    assert.match(badDays.err, /--days expects a whole number/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

if (!url) {
  test('status on Postgres', {
    skip: 'TEST_PG_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test)',
  }, () => {});
} else {
  test('status on Postgres: jobs by state, the oldest waiting job, and the topic-days', async () => {
    const name = `daybrief_status_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const dbUrl = new URL(url);
    dbUrl.pathname = `/${name}`;
    const db = dbUrl.href;
    const boss = new PgBoss({ connectionString: db, schedule: false, supervise: false });
    boss.on('error', () => undefined);
    try {
      const empty = await readStatus(db);
      assert.equal(empty.queue?.installed, false);
      assert.match(empty.storeNote ?? '', /no daybrief tables/);

      const store = new PostgresStore({ url: db, max: 2 });
      await store.migrate();
      await fill(store);
      await store.close();

      await boss.start();
      const q = 'status-test';
      await boss.createQueue(q);
      const job = (date: string) => ({ topic: { slug: 'harbour' }, date });
      await boss.send(q, job('2026-01-03'), { retryLimit: 0 });
      await boss.send(q, job('2026-01-04'), { retryLimit: 2, retryDelay: 600 });
      await boss.send(q, job('2026-01-05'));
      await boss.send(q, job('2026-01-06'));
      const cancel = await boss.send(q, job('2026-01-07'));
      const take = async () => {
        const [taken] = await boss.fetch(q);
        assert.ok(taken);
        return taken;
      };
      const dead = await take();
      await boss.fail(q, dead.id, new Error('gone for good'));
      const retried = await take();
      await boss.fail(q, retried.id, new Error('try again later'));
      await take(); // 2026-01-05 stays active
      await boss.cancel(q, cancel as string);

      const status = await readStatus(db);
      assert.equal(status.kind, 'postgres');
      const counts = status.queue?.queues.find((c) => c.name === q);
      assert.deepEqual(counts, { name: q, waiting: 2, retrying: 1, active: 1, failed: 1, dead: 1, done: 0 });
      assert.equal(status.queue?.oldestWaiting?.key, 'harbour:2026-01-04');
      assert.equal(status.queue?.oldestWaiting?.failedAttempts, 1);
      checkDays(status.days, false);
      const human = formatStatus(status);
      assert.match(human, /status-test\s+2\s+1\s+1\s+1\s+1\s+0/);
      assert.match(human, /oldest waiting: harbour:2026-01-04 on status-test/);
    } finally {
      await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
}
