/**
 * `npm run bench:e2e`: the whole pipeline (replayed fetch, extract, summarise, store, cluster,
 * publish) at scale, through the CLI: once on SQLite in one process (`daybrief run`), then on
 * Postgres with 1 and with 2 worker processes (`run --enqueue`, N × `worker --until-empty`,
 * `publish`). The archive is built in a temp dir from the demo's pages and
 * ../shared/replay/realpages-dev.warc.gz (see bench/e2e/corpus.ts) and removed afterwards.
 *
 * Prints articles/s, peak RSS per process and the share of CPU time per stage (from V8 CPU
 * profiles, bench/e2e/profile.ts) and, for SQLite, the wall time between the pipeline's stage
 * events. Last line: `E2E sqlite A/s peak P MB; postgres 1 worker B/s; 2 workers C/s (ratio R)`.
 *
 * Options: --articles N (default 2000), --topics T (default 20), --workers 1,2, --skip-postgres, --skip-sqlite,
 * --no-profile (no CPU profiles: nothing slows the processes down), --seed S, --keep (keep the
 * temp dir), --corpus-cache DIR (build the archive once into DIR and reuse it on later runs with the
 * same --articles, --topics and --seed), --bin FILE (run another build's CLI, e.g. a baseline copy's
 * bin/daybrief.js, for same-run A/B). Postgres: $TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/test); each run
 * creates its own database and drops it at the end.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { BENCH_DATE, buildCorpus, type Corpus } from './e2e/corpus.js';
import { dirStageTimes, formatShares } from './e2e/profile.js';
import { postmasterOf, serverCpuMs } from './e2e/server-cpu.js';
import {
  type ChildResult,
  check,
  cpuMs,
  daybrief,
  heldAtPeak,
  peakRss,
  ROOT,
  roundTrips,
  type TimedLine,
  useBin,
} from './e2e/spawn.js';

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '2000' },
    topics: { type: 'string', default: '20' },
    workers: { type: 'string', default: '1,2' },
    'skip-postgres': { type: 'boolean', default: false },
    'skip-sqlite': { type: 'boolean', default: false },
    'no-profile': { type: 'boolean', default: false },
    seed: { type: 'string', default: '20261204' },
    keep: { type: 'boolean', default: false },
    'corpus-cache': { type: 'string' },
    bin: { type: 'string' },
  },
});
if (values.bin) useBin(values.bin);
const articles = Number(values.articles);
const topicCount = Number(values.topics);
const workerCounts = values.workers.split(',').map(Number);
if (!Number.isInteger(articles) || articles < 1 || articles > 200_000)
  throw new Error('--articles: 1…200000');
if (!Number.isInteger(topicCount) || topicCount < 1 || articles / topicCount > 10_000)
  throw new Error('--topics: at least 1, and at most 10,000 articles per topic');
if (workerCounts.some((w) => !Number.isInteger(w) || w < 1 || w > 16)) throw new Error('--workers: e.g. 1,2');
const PG_URL = process.env.TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/test';
const profile = !values['no-profile'];
const FLAGS = ['--no-robots', '--no-news-search'];

interface Outcome {
  label: string;
  ms: number;
  rate: number;
  rss: number[];
  /** CPU time (user + system) of the measured processes, ms. */
  cpuMs: number;
  shares: string;
  note: string;
}

const log = (s: string) => process.stdout.write(`${s}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Wall time between the pipeline's stage events (`<topic>: discover|fetch|cluster`, `*: publish`). */
function stageWalls(lines: TimedLine[], endMs: number): string {
  const STAGE = /^[\w*-]+: (discover|fetch|cluster|publish)\b(?: \d+ articles)?$/;
  const marks = lines.flatMap((l) => {
    const m = STAGE.exec(l.text);
    return m ? [{ at: l.at, stage: m[1] as string }] : [];
  });
  const walls = new Map<string, number>();
  marks.forEach((m, i) => {
    const end = marks[i + 1]?.at ?? endMs;
    walls.set(m.stage, (walls.get(m.stage) ?? 0) + end - m.at);
  });
  const start = marks[0]?.at ?? 0;
  walls.set('start-up', start);
  const total = [...walls.values()].reduce((a, b) => a + b, 0) || 1;
  return [...walls].map(([k, v]) => `${k} ${((v / total) * 100).toFixed(0)}% (${seconds(v)})`).join(', ');
}

/** Articles fetched and failed, from the `done:` line of `run` or the workers' per-day lines. */
function counts(lines: TimedLine[]): { fetched: number; failed: number } {
  let fetched = 0;
  let failed = 0;
  for (const { text } of lines) {
    const m = /(\d+) (?:articles )?fetched, \d+ reused, (\d+) failed/.exec(text);
    if (!m) continue;
    fetched += Number(m[1]);
    failed += Number(m[2]);
  }
  return { fetched, failed };
}

/** What the published days show: articles on the pages and copies folded into them. */
async function folded(site: string): Promise<{ shown: number; alsoPublished: number }> {
  let shown = 0;
  let alsoPublished = 0;
  for (const slug of await readdir(site)) {
    const file = join(site, slug, `${BENCH_DATE}.json`);
    if (!existsSync(file)) continue;
    const day = JSON.parse(await readFile(file, 'utf8')) as {
      stories: Array<{ articles: Array<{ alsoPublishedBy?: unknown[] }> }>;
    };
    for (const s of day.stories) {
      shown += s.articles.length;
      for (const a of s.articles) alsoPublished += a.alsoPublishedBy?.length ?? 0;
    }
  }
  return { shown, alsoPublished };
}

async function config(dir: string, name: string, corpus: Corpus, database: string): Promise<string> {
  const file = join(dir, `${name}.config.json`);
  const body = {
    database,
    out: join(dir, `site-${name}`),
    title: 'bench:e2e',
    newsSearch: false,
    topics: corpus.topics,
  };
  await writeFile(file, JSON.stringify(body, null, 2));
  return file;
}

async function dirs(base: string, name: string): Promise<{ probe: string; prof?: string }> {
  const probe = join(base, `probe-${name}`);
  await mkdir(probe, { recursive: true });
  if (!profile) return { probe };
  const prof = join(base, `prof-${name}`);
  await mkdir(prof, { recursive: true });
  return { probe, prof };
}

async function foldNote(site: string, fetched: number, failed: number, articles: number): Promise<string> {
  const f = await folded(site);
  // The counts come from the commands' log lines; when those change, assume every article was done.
  const done = fetched || articles - failed;
  const counted = fetched ? `${fetched} fetched, ${failed} failed` : 'fetched count not in the logs';
  return `${counted}; ${f.shown} shown, ${done - f.shown} folded (${f.alsoPublished} "also published by")`;
}

async function sqliteRun(work: string, corpus: Corpus): Promise<Outcome> {
  const cfg = await config(work, 'sqlite', corpus, join(work, 'e2e.sqlite'));
  const d = await dirs(work, 'sqlite');
  const r = check(
    'daybrief run',
    await daybrief(['run', '--config', cfg, '--replay', corpus.warc, '--date', BENCH_DATE, ...FLAGS], {
      probeDir: d.probe,
      ...(d.prof ? { profileDir: d.prof } : {}),
    }),
  );
  const c = counts(r.lines);
  return {
    label: 'sqlite, 1 process',
    ms: r.ms,
    rate: corpus.articles / (r.ms / 1000),
    rss: await peakRss(d.probe),
    cpuMs: await cpuMs(d.probe),
    shares: d.prof ? formatShares(await dirStageTimes(d.prof)) : 'not profiled',
    note: `stage events (wall): ${stageWalls(r.lines, r.ms)}\n    ${await heldAtPeak(d.probe)}\n    ${await foldNote(join(work, 'site-sqlite'), c.fetched, c.failed, corpus.articles)}`,
  };
}

async function withDatabase<T>(fn: (url: string, postmaster?: number) => Promise<T>): Promise<T> {
  const name = `daybrief_e2e_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(PG_URL);
    url.pathname = `/${name}`;
    const { rows } = await admin.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    return await fn(url.href, postmasterOf(Number(rows[0]?.pid)));
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

async function postgresRun(work: string, corpus: Corpus, workers: number): Promise<Outcome> {
  return withDatabase(async (url, postmaster) => {
    const name = `pg-${workers}`;
    const cfg = await config(work, name, corpus, url);
    const d = await dirs(work, name);
    const probeOnly = { probeDir: join(work, `probe-${name}-tools`) };
    await mkdir(probeOnly.probeDir, { recursive: true });
    const serverBefore = postmaster ? serverCpuMs(postmaster) : undefined;
    const started = performance.now();
    check(
      'run --enqueue',
      await daybrief(['run', '--config', cfg, '--enqueue', '--date', BENCH_DATE, ...FLAGS], probeOnly),
    );
    const queued = performance.now();
    const runs: ChildResult[] = await Promise.all(
      Array.from({ length: workers }, () =>
        daybrief(
          ['worker', '--config', cfg, '--replay', corpus.warc, '--until-empty', '--verbose', ...FLAGS],
          {
            probeDir: d.probe,
            ...(d.prof ? { profileDir: d.prof } : {}),
          },
        ),
      ),
    );
    for (const [i, r] of runs.entries()) check(`worker ${i + 1}`, r);
    const worked = performance.now();
    check('publish', await daybrief(['publish', '--config', cfg], probeOnly));
    const ms = performance.now() - started;
    const serverAfter = postmaster ? serverCpuMs(postmaster) : undefined;
    const server =
      serverBefore !== undefined && serverAfter !== undefined
        ? `postgres server CPU ${seconds(serverAfter - serverBefore)} (${((serverAfter - serverBefore) / corpus.articles).toFixed(2)} ms/article; every process of the server, other sessions' queries included)`
        : 'postgres server CPU: not measured (the server is not a local process)';
    const trips = await roundTrips(d.probe);
    const tools = await roundTrips(probeOnly.probeDir);
    const top = [...trips.byStatement]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([k, n]) => `      ${(n / corpus.articles).toFixed(2)}  ${k}`)
      .join('\n');
    const c = runs
      .map((r) => counts(r.lines))
      .reduce((a, b) => ({ fetched: a.fetched + b.fetched, failed: a.failed + b.failed }));
    const perWorker = runs.map((r) => counts(r.lines).fetched).join(' + ');
    // When the workers' article jobs and days ended (s since the workers started): the tail after
    // the last article is the finish jobs' (covers, cluster, digest) and the drain's.
    const lastAt = (re: RegExp) =>
      Math.max(0, ...runs.flatMap((r) => r.lines.filter((l) => re.test(l.text)).map((l) => l.at)));
    const published = runs.flatMap((r) =>
      r.lines.filter((l) => /: published, /.test(l.text)).map((l) => l.at),
    );
    const timeline = `last article job ${seconds(lastAt(/^article .*: (ok|failed|skipped)/))}, days published ${published.length} (first ${seconds(Math.min(...published))}, last ${seconds(Math.max(...published))}), workers exited ${seconds(Math.max(...runs.map((r) => r.ms)))}`;
    return {
      label: `postgres, ${workers} worker${workers > 1 ? 's' : ''}`,
      ms,
      rate: corpus.articles / (ms / 1000),
      rss: await peakRss(d.probe),
      cpuMs: await cpuMs(d.probe),
      shares: d.prof ? formatShares(await dirStageTimes(d.prof)) : 'not profiled',
      note:
        `enqueue ${seconds(queued - started)}, workers ${seconds(worked - queued)} (${(corpus.articles / ((worked - queued) / 1000)).toFixed(0)} articles/s; fetched per worker ${perWorker}), publish ${seconds(performance.now() - worked)}\n` +
        `    ${await foldNote(join(work, `site-${name}`), c.fetched, c.failed, corpus.articles)}\n` +
        `    ${timeline}\n` +
        `    ${server}\n` +
        `    round trips to Postgres: workers ${(trips.total / corpus.articles).toFixed(2)} per article (${trips.total}), enqueue + publish ${tools.total}; workers' most frequent, per article:\n${top}`,
    };
  });
}

async function postgresReachable(): Promise<string | undefined> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.end();
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

function report(o: Outcome): void {
  const rss = o.rss.map((r) => r.toFixed(0)).join(' + ');
  log(
    `${o.label}: ${seconds(o.ms)}, ${o.rate.toFixed(1)} articles/s, peak RSS ${rss} MB, ` +
      `CPU ${seconds(o.cpuMs)} (${(o.cpuMs / articles).toFixed(2)} ms/article)`,
  );
  log(`    CPU by stage: ${o.shares}`);
  log(`    ${o.note}`);
}

/**
 * The archive from `cache` when it holds one built with the same size and seed, else `build()`'s,
 * recorded there. Without a cache, always `build()`'s.
 */
/** The archive reused from --corpus-cache, when it was. */
let cachedFrom: string | undefined;

async function cachedCorpus(
  cache: string | undefined,
  build: (dir: string) => Promise<Corpus>,
): Promise<Corpus> {
  if (!cache) return build(work);
  // Keyed by what makes the archive: its size, its seed and the code that writes it.
  const code = createHash('sha256')
    .update(await readFile(join(ROOT, 'bench', 'e2e', 'corpus.ts')))
    .digest('hex')
    .slice(0, 12);
  const name = `corpus-${articles}-${topicCount}-${values.seed}-${code}`;
  const key = join(cache, `${name}.json`);
  if (existsSync(key)) {
    const corpus = JSON.parse(await readFile(key, 'utf8')) as Corpus;
    if (existsSync(corpus.warc)) {
      cachedFrom = corpus.warc;
      return corpus;
    }
  }
  // Built in a folder of its own, so that two runs building different sizes do not meet.
  await mkdir(cache, { recursive: true });
  const dir = await mkdtemp(join(cache, `${name}-`));
  const corpus = await build(dir);
  await writeFile(key, JSON.stringify(corpus));
  return corpus;
}

const work = await mkdtemp(join(tmpdir(), 'daybrief-e2e-'));
try {
  const t0 = performance.now();
  const realpages = join(ROOT, '..', 'shared', 'replay', 'realpages-dev.warc.gz');
  if (!existsSync(realpages)) log(`note: ${realpages} is absent; the archive uses the demo's pages only`);
  const corpus = await cachedCorpus(values['corpus-cache'], (dir) =>
    buildCorpus({
      dir,
      demoDir: join(ROOT, 'demo', 'archive'),
      realpages,
      articles,
      topics: topicCount,
      seed: Number(values.seed),
    }),
  );
  const size = (await stat(corpus.warc)).size;
  log(
    `archive: ${corpus.articles} articles over ${corpus.topics.length} topics from ${corpus.bases.demo} demo + ` +
      `${corpus.bases.realpages} real pages, ${corpus.copies} written as unaltered wire copies; ` +
      `${(corpus.bytes / 2 ** 20).toFixed(0)} MB of HTML, ${(size / 2 ** 20).toFixed(0)} MB on disk, ${cachedFrom ? `reused from ${cachedFrom}` : `built in ${seconds(performance.now() - t0)}`}`,
  );
  log(`machine: ${cpus().length} cores, shared with other sessions (numbers vary with their load)`);
  const sqlite = values['skip-sqlite'] ? undefined : await sqliteRun(work, corpus);
  if (sqlite) report(sqlite);
  const pgRates = new Map<number, number>();
  const unreachable = values['skip-postgres'] ? 'skipped (--skip-postgres)' : await postgresReachable();
  if (unreachable) log(`postgres: ${unreachable}`);
  else {
    for (const w of workerCounts) {
      const o = await postgresRun(work, corpus, w);
      report(o);
      pgRates.set(w, o.rate);
    }
  }
  const one = pgRates.get(1);
  const two = pgRates.get(2);
  const fmt = (n: number | undefined) => (n === undefined ? '-' : n.toFixed(1));
  const ratio = one && two ? (two / one).toFixed(2) : '-';
  log(
    `E2E sqlite ${fmt(sqlite?.rate)}/s peak ${sqlite ? Math.max(...sqlite.rss).toFixed(0) : '-'} MB; postgres 1 worker ${fmt(one)}/s; 2 workers ${fmt(two)}/s (ratio ${ratio})`,
  );
} finally {
  if (values.keep) log(`kept: ${work}`);
  else await rm(work, { recursive: true, force: true });
}
