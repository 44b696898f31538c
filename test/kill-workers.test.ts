/**
 * Scale-out under a crash: three `daybrief worker` processes (bin/daybrief.js, from dist) on one
 * Postgres database work a three-topic day served by three local HTTP servers (three hosts, some
 * articles found by two topics). The servers hold every article page until one worker has taken
 * article jobs; that worker is killed with SIGKILL, the pages are let go, and the other two must
 * finish the day: the killed worker's jobs expire (`queue.expireSeconds`, short here, set through
 * the config file) and are retried by them. Then `daybrief publish` writes the site, and the store
 * and the day JSON must hold every article exactly once, and the workers must have shared their
 * per-host spacing through Postgres (host_slots). Nothing sleeps for a guessed time: the
 * test waits for log lines and database states, each under a generous timeout.
 *
 * Needs TEST_PG_URL (it creates and drops a database of its own) and a build (`npm run build`).
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { Rng } from './fuzz/mutate.js';

const REPO = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(REPO, 'bin/daybrief.js');
const DIST = join(REPO, 'dist/cli/main.js');
const url = process.env.TEST_PG_URL;
const DATE = '2026-11-24';
const TOPICS = ['harbour', 'rail', 'grid'];
const PER_HOST = 8;
/** Worker processes, the first of them killed. */
const WORKERS = 3;
/** Article jobs each worker runs at once. */
const CONCURRENCY = 3;
/**
 * queue.expireSeconds. pg-boss gives an attempt this long and then retries it elsewhere (the
 * handler is told to stop), so it must exceed what a live attempt may take or the day's jobs spend
 * their retries: an article job waits its turn at its host (one request a second, shared by the
 * workers) behind at most every other running article job, WORKERS × CONCURRENCY − 1 seconds;
 * twice that leaves room for the held pages and a loaded machine. The killed worker's jobs are
 * retried this long after they began.
 */
const EXPIRE_SECONDS = 2 * WORKERS * CONCURRENCY;
/**
 * Every wait of the test gives up after this long (the whole test takes 35 to 55 s, most of it the
 * killed worker's jobs waiting out their expiry).
 */
const TIMEOUT_MS = 90_000;

/** Syllables for words no other article uses, so that every article is a story of its own. */
const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ne',
  'ru',
  'sa',
  'ti',
  'vo',
  'ze',
  'pu',
  'ga',
  'do',
  'fe',
  'hi',
  'ju',
  'by',
];

function wordsFor(seed: number, count: number): string[] {
  // mulberry32 (the fuzzer's): its high bits are well mixed, unlike a bare LCG's low ones.
  const rng = new Rng(seed);
  const next = () => Math.floor(rng.next() * 2 ** 32);
  return Array.from({ length: count }, () => {
    const n = 3 + (next() % 2);
    return Array.from({ length: n }, () => SYLLABLES[next() % SYLLABLES.length]).join('');
  });
}

interface Item {
  host: number;
  path: string;
  title: string;
  topics: string[];
  paragraphs: string[];
}

/** Eight articles per host: article i belongs to topic i mod 3, and the first two also to the next topic. */
function items(hosts: number): Item[] {
  const out: Item[] = [];
  for (let h = 0; h < hosts; h++) {
    for (let i = 0; i < PER_HOST; i++) {
      const seed = h * 100 + i + 1;
      const words = wordsFor(seed, 160);
      const topics = [TOPICS[i % 3] as string];
      if (i < 2) topics.push(TOPICS[(i + 1) % 3] as string);
      out.push({
        host: h,
        path: `/news/${h}-${i}`,
        title: `${words.slice(0, 5).join(' ')} report`,
        topics,
        paragraphs: [0, 1, 2, 3].map(
          (p) => `${words.slice(p * 40, p * 40 + 40).join(' ')}, the officials said on Tuesday.`,
        ),
      });
    }
  }
  return out;
}

function page(item: Item): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${item.title}</title></head>
<body><main><article><h1>${item.title}</h1>${item.paragraphs.map((p) => `<p>${p}</p>`).join('\n')}</article></main></body></html>`;
}

function feed(base: string, list: Item[]): string {
  const entries = list.map(
    (i) =>
      `<item><title>${i.title}</title><link>${base}${i.path}</link><pubDate>Tue, 24 Nov 2026 09:00:00 GMT</pubDate></item>`,
  );
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>News</title><link>${base}/</link><description>d</description>${entries.join('')}</channel></rss>`;
}

/** One outlet: its feeds answer at once, its article pages wait while `held` is set. */
class Outlet {
  readonly requests: Array<{ path: string; at: number }> = [];
  private readonly waiting: Array<() => void> = [];
  private held = true;
  private server: Server | undefined;
  base = '';

  constructor(
    private readonly index: number,
    private readonly all: Item[],
  ) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => this.answer(req.url ?? '/', res));
    await new Promise<void>((ok) => this.server?.listen(0, '127.0.0.1', ok));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private answer(path: string, res: ServerResponse): void {
    this.requests.push({ path, at: performance.now() });
    const mine = this.all.filter((i) => i.host === this.index);
    const topic = /^\/feeds\/([a-z]+)\.xml$/.exec(path)?.[1];
    if (topic) {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(
        feed(
          this.base,
          mine.filter((i) => i.topics.includes(topic)),
        ),
      );
      return;
    }
    const item = mine.find((i) => i.path === path);
    if (!item) {
      res.writeHead(404).end();
      return;
    }
    const send = () => {
      if (res.destroyed) return;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page(item));
    };
    if (this.held) this.waiting.push(send);
    else send();
  }

  /** Answers the held pages and every page from now on. */
  release(): void {
    this.held = false;
    for (const send of this.waiting.splice(0)) send();
  }

  get heldCount(): number {
    return this.waiting.length;
  }

  close(): Promise<void> {
    this.server?.closeAllConnections();
    return new Promise((ok) => this.server?.close(() => ok()));
  }
}

/** A CLI process with its stderr kept as lines. */
class Cli {
  readonly lines: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;

  constructor(args: string[]) {
    this.child = spawn(process.execPath, [BIN, ...args], { cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'] });
    let pending = '';
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (chunk: string) => {
      pending += chunk;
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      this.lines.push(...parts);
    });
    this.exited = new Promise((ok) => this.child.on('close', (code, signal) => ok({ code, signal })));
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  tail(): string {
    return this.lines.slice(-8).join('\n');
  }
}

async function until<T>(what: string, check: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

/** `article URL: start` lines of a worker, by URL. */
function started(cli: Cli): string[] {
  return cli.lines.flatMap((l) => /^article (\S+): start/.exec(l)?.[1] ?? []);
}

if (!url) {
  test('three workers, one killed', {
    skip: 'TEST_PG_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test)',
  }, () => {});
} else if (!existsSync(DIST)) {
  test('three workers, one killed', { skip: 'no build: run `npm run build` first' }, () => {});
} else {
  test('three workers on Postgres, one killed with SIGKILL mid-run: the day completes, each article once', {
    timeout: 4 * TIMEOUT_MS,
  }, async () => {
    const work = await mkdtemp(join(tmpdir(), 'daybrief-kill-'));
    const dbName = `daybrief_kill_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    const dbUrl = new URL(url);
    dbUrl.pathname = `/${dbName}`;
    const db = new pg.Client({ connectionString: dbUrl.href });
    const all = items(3);
    const outlets = [0, 1, 2].map((i) => new Outlet(i, all));
    const workers: Cli[] = [];
    try {
      for (const o of outlets) await o.start();
      const config = join(work, 'daybrief.config.json');
      await writeFile(
        config,
        JSON.stringify({
          database: dbUrl.href,
          out: join(work, 'site'),
          // An attempt's request must fit in its expiry: the config refuses an expiry no longer
          // than fetch.requestTimeoutMs (an attempt was stopped at its expiry anyway).
          fetch: {
            allowHosts: outlets.map((o) => new URL(o.base).host),
            requestTimeoutMs: (EXPIRE_SECONDS - 1) * 1000,
          },
          queue: {
            expireSeconds: EXPIRE_SECONDS,
            retryDelaySeconds: 1,
            pollSeconds: 0.5,
            maintenanceSeconds: 1,
            finishPollSeconds: 0.5,
          },
          topics: TOPICS.map((t) => ({ name: t, feeds: outlets.map((o) => `${o.base}/feeds/${t}.xml`) })),
        }),
      );
      const enqueue = new Cli(['run', '--enqueue', '--config', config, '--date', DATE, '--no-news-search']);
      const queued = await enqueue.exited;
      assert.equal(queued.code, 0, enqueue.tail());

      const worker = () =>
        new Cli(['worker', '--config', config, '--concurrency', String(CONCURRENCY), '--verbose']);
      const ready = (cli: Cli) =>
        cli.lines.some((l) => l.startsWith('worker: taking jobs')) ? true : undefined;
      // The victim first, so that it takes article jobs as soon as there are any: the pages are held
      // only for the moments until it has (well within the fetcher's own timeouts, so no request of
      // a live attempt is repeated by the fetcher). The others run by then too.
      const victim = worker();
      workers.push(victim);
      await until('the first worker to take jobs', () => ready(victim));
      const others = Array.from({ length: WORKERS - 1 }, worker);
      workers.push(...others);

      // The victim has taken article jobs; none can finish while the pages are held.
      await until('the first worker to take two article jobs, the others to take jobs', () =>
        started(victim).length >= 2 && others.every(ready) ? true : undefined,
      );
      victim.kill('SIGKILL');
      const killed = await victim.exited;
      assert.equal(killed.signal, 'SIGKILL');
      const orphans = started(victim);
      for (const o of outlets) o.release();

      await db.connect();
      const count = async (sql: string) => Number((await db.query<{ n: string }>(sql)).rows[0]?.n);
      // The day is done when its digests are stored; its article jobs are all done a little later
      // at most: an attempt that saved its article in the very moment of its expiry was failed by
      // pg-boss all the same, and its retry (which finds the article done) may still be waiting out
      // its backoff. So the workers stop once no article job waits or runs.
      await until('three stored digests and no article job waiting or running', async () =>
        (await count('SELECT count(*) AS n FROM digests')) === 3 &&
        (await count(
          "SELECT count(*) AS n FROM pgboss.job WHERE name = 'daybrief-article' AND state < 'completed'",
        )) === 0
          ? true
          : undefined,
      );
      for (const w of others) w.kill('SIGTERM');
      for (const w of others) {
        const exit = await w.exited;
        assert.equal(exit.code, 0, w.tail());
      }

      // The store: every article once, done; every link once.
      const links = all.reduce((n, i) => n + i.topics.length, 0);
      assert.equal(await count('SELECT count(*) AS n FROM articles'), all.length);
      assert.equal(await count('SELECT count(DISTINCT url_key) AS n FROM articles'), all.length);
      assert.equal(await count("SELECT count(*) AS n FROM articles WHERE status <> 'ok'"), 0);
      assert.equal(await count('SELECT count(*) AS n FROM topic_day_articles'), links);

      // No job lost: every article job completed; the victim's were retried by the others.
      assert.equal(
        await count(
          "SELECT count(*) AS n FROM pgboss.job WHERE name = 'daybrief-article' AND state <> 'completed'",
        ),
        0,
      );
      const retried = others.flatMap((w) =>
        w.lines.flatMap((l) => /^article (\S+): start \(retry \d+\)/.exec(l)?.[1] ?? []),
      );
      for (const orphan of orphans)
        assert.ok(retried.includes(orphan), `${orphan}, taken by the killed worker, was retried by another`);
      const done = others.flatMap((w) => w.lines.flatMap((l) => /^article (\S+): ok$/.exec(l)?.[1] ?? []));
      assert.deepEqual([...new Set(done)].sort(), all.map((i) => `${outlets[i.host]?.base}${i.path}`).sort());

      // Each page fetched once, and once more at most for each retry of its job (the killed
      // worker's, or one that outlived expireSeconds on a busy machine): an attempt asks for its
      // page once (the pages answer well within the fetcher's own timeouts, so it never repeats a
      // request itself), and one that expires is told to stop, so it does not go on beside its retry.
      for (const item of all) {
        const page = `${outlets[item.host]?.base}${item.path}`;
        const n = outlets[item.host]?.requests.filter((r) => r.path === item.path).length ?? 0;
        const retries = retried.filter((u) => u === page).length;
        assert.ok(n >= 1 && n <= 1 + retries, `${item.path} requested ${n} times, ${retries} retries`);
      }
      // The workers kept their per-host spacing in the shared slots (timing itself is checked by
      // the slot test in src/queue/pgboss.test.ts: arrival times here jitter with the machine's load).
      const slotHosts = (await db.query<{ host: string }>('SELECT host FROM host_slots')).rows;
      assert.deepEqual(slotHosts.map((r) => r.host).sort(), outlets.map((o) => new URL(o.base).host).sort());

      // The published site: each topic's day JSON lists each of its articles exactly once.
      const publish = new Cli(['publish', '--config', config]);
      assert.equal((await publish.exited).code, 0, publish.tail());
      for (const t of TOPICS) {
        const day = JSON.parse(await readFile(join(work, 'site', t, `${DATE}.json`), 'utf8')) as {
          stories: Array<{ articles: Array<{ url: string }> }>;
        };
        const urls = day.stories.flatMap((s) => s.articles.map((a) => a.url)).sort();
        const want = all
          .filter((i) => i.topics.includes(t))
          .map((i) => `${outlets[i.host]?.base}${i.path}`)
          .sort();
        assert.deepEqual(urls, want, `${t}: every article once`);
      }
    } finally {
      for (const w of workers) w.kill('SIGKILL');
      await Promise.all(workers.map((w) => w.exited));
      for (const o of outlets) await o.close();
      await db.end().catch(() => undefined);
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
      await admin.end();
      await rm(work, { recursive: true, force: true });
    }
  });
}
