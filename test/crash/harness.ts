/**
 * Kill-and-resume trials: a replayed `daybrief run` is killed with SIGKILL at a chosen point, then run
 * again to completion, and the database and the site are checked against a clean reference run made
 * from the same starting state. Used by `test/crash-resume.test.ts` (a few points) and
 * `bench/reliability.ts` (twenty and more).
 *
 * The starting state ("base") is a database and a site as a finished earlier run left them, or nothing.
 * After the kill every site file must be its base version or its reference version, byte for byte (a
 * file may be missing only if the base did not have it either); after the rerun the site must equal the
 * reference exactly, the database must pass `PRAGMA integrity_check`, and it must hold every article
 * exactly once with the same status, links, digests and search rows as the reference.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { buildDemoWarc, DEMO_ARCHIVE } from '../../src/cli/demo.js';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
export const SHARED_WARC = join(REPO, '../shared/replay/realpages-dev.warc.gz');

/** The clock of the base run and of every trial (see `cli.ts`). */
const BASE_NOW = '2030-01-01T08:00:00.000Z';
const TRIAL_NOW = '2030-01-02T08:00:00.000Z';

/** A file name that only a temporary of an unfinished write has (`.<hex>.tmp` in write.ts). */
export const isTemporary = (name: string) => name.startsWith('.') || name.endsWith('.tmp');

export interface Line {
  /** ms after the process was started */
  at: number;
  text: string;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  lines: Line[];
  ms: number;
  /** The last stderr line seen before the kill, if the process was killed. */
  killedAfter?: string;
}

/** Where to kill: `delayMs` after the first stderr line equal to `after` (or after the start, without it). */
export interface KillPoint {
  after?: string;
  delayMs: number;
  /** Whether the point lies in the publish phase of the clean run. */
  publish: boolean;
}

export interface Scenario {
  name: string;
  /** The CLI arguments of a trial run writing to `out` and `db`. */
  args: (out: string, db: string) => string[];
  /** The starting state, copied in before each run (absent paths: start empty). */
  baseSite?: string;
  baseDb?: string;
}

export interface DbSummary {
  integrity: string;
  articles: number;
  distinctKeys: number;
  statusByKey: Map<string, string>;
  links: number;
  searchRows: number;
  duplicateSearchUrls: number;
  digests: Map<string, string>;
  media: number;
  /** Thumbnail rows and recorded image refusals: a cover whose thumbnails a kill cut off is made on the rerun. */
  thumbnails: number;
  imageFailures: number;
}

export interface Reference {
  scenario: Scenario;
  site: Map<string, Buffer>;
  base: Map<string, Buffer>;
  db: DbSummary;
  lines: Line[];
  ms: number;
}

export interface TrialResult {
  point: KillPoint;
  killed: boolean;
  killedAfter?: string;
  /** The kill left the site part old, part new (some changed files written, not all). */
  midWrite: boolean;
  /** Everything that went wrong (empty: the trial survived). */
  problems: string[];
  /** Temporaries found after the kill and after the rerun (see the note in the test). */
  temporariesAfterKill: string[];
  temporariesAfterRerun: string[];
}

/** Runs the CLI from source with the fixed clock; kills it with SIGKILL at `kill` when given. */
export function runCli(args: string[], opts: { now: string; kill?: KillPoint }): Promise<RunResult> {
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: REPO,
    env: { ...process.env, CRASH_TEST_NOW: opts.now },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const lines: Line[] = [];
  let killedAfter: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  const arm = (delayMs: number) => {
    timer = setTimeout(() => {
      killedAfter = lines.at(-1)?.text ?? '(start)';
      child.kill('SIGKILL');
    }, delayMs);
  };
  if (opts.kill && opts.kill.after === undefined) arm(opts.kill.delayMs);
  let pending = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    pending += chunk;
    let nl = pending.indexOf('\n');
    while (nl >= 0) {
      const text = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      lines.push({ at: performance.now() - started, text });
      if (opts.kill?.after === text && timer === undefined) arm(opts.kill.delayMs);
      nl = pending.indexOf('\n');
    }
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      const result: RunResult = { code, signal, lines, ms: performance.now() - started };
      if (signal === 'SIGKILL' && killedAfter !== undefined) result.killedAfter = killedAfter;
      resolve(result);
    });
  });
}

/** Every file under `dir` (relative path → bytes), temporaries apart. */
export async function readTree(dir: string): Promise<{ files: Map<string, Buffer>; temporaries: string[] }> {
  const files = new Map<string, Buffer>();
  const temporaries: string[] = [];
  if (!existsSync(dir)) return { files, temporaries };
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const e of entries) {
    if (!e.isFile()) continue;
    const path = join(e.parentPath, e.name);
    const rel = relative(dir, path).split('\\').join('/');
    if (isTemporary(e.name)) temporaries.push(rel);
    else files.set(rel, await readFile(path));
  }
  return { files, temporaries: temporaries.sort() };
}

/** What the checks compare in a database. */
export function summarizeDb(path: string): DbSummary {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    const one = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    const statusByKey = new Map<string, string>();
    for (const r of db.prepare('SELECT url_key, status FROM articles').all() as {
      url_key: string;
      status: string;
    }[])
      statusByKey.set(r.url_key, r.status);
    const digests = new Map<string, string>();
    for (const r of db.prepare('SELECT topic_slug, date, digest FROM digests').all() as {
      topic_slug: string;
      date: string;
      digest: string;
    }[])
      digests.set(`${r.topic_slug}/${r.date}`, r.digest);
    return {
      integrity: rows.map((r) => r.integrity_check).join('; '),
      articles: one('SELECT count(*) AS n FROM articles'),
      distinctKeys: one('SELECT count(DISTINCT url_key) AS n FROM articles'),
      statusByKey,
      links: one('SELECT count(*) AS n FROM topic_day_articles'),
      searchRows: one('SELECT count(*) AS n FROM search_articles'),
      duplicateSearchUrls: one(
        'SELECT count(*) AS n FROM (SELECT 1 FROM search_articles GROUP BY topic_slug, date, url HAVING count(*) > 1)',
      ),
      digests,
      media: one('SELECT count(*) AS n FROM media'),
      thumbnails: one('SELECT count(*) AS n FROM thumbnails'),
      imageFailures: one('SELECT count(*) AS n FROM image_failures'),
    };
  } finally {
    db.close();
  }
}

/** Copies the scenario's base state to `out` and `db` (both removed first). */
async function seed(scenario: Scenario, out: string, db: string): Promise<void> {
  await rm(out, { recursive: true, force: true });
  await Promise.all(['', '-wal', '-shm', '-journal'].map((s) => rm(`${db}${s}`, { force: true })));
  await mkdir(dirname(db), { recursive: true });
  if (scenario.baseSite) {
    const { files } = await readTree(scenario.baseSite);
    for (const [rel, bytes] of files) {
      await mkdir(dirname(join(out, rel)), { recursive: true });
      await writeFile(join(out, rel), bytes);
    }
  }
  if (scenario.baseDb) {
    for (const s of ['', '-wal', '-shm']) {
      if (existsSync(`${scenario.baseDb}${s}`)) await copyFile(`${scenario.baseDb}${s}`, `${db}${s}`);
    }
  }
}

function failed(run: RunResult, what: string): string {
  const tail = run.lines
    .slice(-5)
    .map((l) => l.text)
    .join(' | ');
  return `${what} exited with ${run.code ?? run.signal}: ${tail}`;
}

/**
 * The scenario: the shared real-pages archive when `../shared` is there (unless `demo` is asked for),
 * else the bundled demo — its archive written as a WARC, its first six days run as the base and the
 * seventh day as the trial, so the site's index pages and feeds have an old version to keep or replace.
 */
export async function prepareScenario(work: string, opts: { demo?: boolean } = {}): Promise<Scenario> {
  await mkdir(work, { recursive: true });
  if (!opts.demo && existsSync(SHARED_WARC)) {
    return {
      name: 'realpages-dev',
      args: (out, db) => [
        'run',
        '--replay',
        SHARED_WARC,
        '--feed',
        'http://feeds.bench.test/realpages.xml',
        '--topic',
        'bench',
        '--date',
        '2019-11-20',
        '--out',
        out,
        '--db',
        db,
      ],
    };
  }
  const warc = join(work, 'demo.warc.gz');
  const manifest = await buildDemoWarc(DEMO_ARCHIVE, warc);
  const config = join(work, 'demo.config.json');
  await writeFile(config, JSON.stringify({ topics: [manifest.topic] }));
  const days = manifest.days;
  const last = days.at(-1) ?? '';
  const common = ['run', '--config', config, '--replay', warc];
  const baseSite = join(work, 'base-site');
  const baseDb = join(work, 'base.sqlite');
  await seed({ name: 'empty', args: () => [] }, baseSite, baseDb);
  const dayBefore = days.at(-2) ?? '';
  const base = await runCli(
    [...common, '--date', dayBefore, '--days', String(days.length - 1), '--out', baseSite, '--db', baseDb],
    { now: BASE_NOW },
  );
  if (base.code !== 0) throw new Error(failed(base, 'the base run'));
  return {
    name: 'demo',
    args: (out, db) => [...common, '--date', last, '--out', out, '--db', db],
    baseSite,
    baseDb,
  };
}

/** Runs the scenario once cleanly from its base: the reference every trial is compared with. */
export async function buildReference(scenario: Scenario, work: string): Promise<Reference> {
  const out = join(work, 'reference-site');
  const db = join(work, 'reference.sqlite');
  await seed(scenario, out, db);
  const run = await runCli(scenario.args(out, db), { now: TRIAL_NOW });
  if (run.code !== 0) throw new Error(failed(run, 'the reference run'));
  const base = scenario.baseSite ? (await readTree(scenario.baseSite)).files : new Map<string, Buffer>();
  return {
    scenario,
    site: (await readTree(out)).files,
    base,
    db: summarizeDb(db),
    lines: run.lines,
    ms: run.ms,
  };
}

const PUBLISH_LINE = /: publish$/;
const DONE_LINE = /^done: /;

/**
 * `n` kill points over the clean run's timeline: about a third spread over the publish phase (from its
 * progress line to the summary line), one in start-up (from five on), the rest at evenly spaced
 * fractions of the time from the first progress line to publishing, each anchored on the last progress
 * line before that moment so that a slower or busier machine shifts them little.
 */
export function killPoints(ref: Reference, n: number): KillPoint[] {
  const publish = ref.lines.find((l) => PUBLISH_LINE.test(l.text));
  const done = ref.lines.find((l) => DONE_LINE.test(l.text));
  if (!publish || !done) throw new Error('the reference run printed no publish or done line');
  const inPublish = Math.max(1, Math.round(n / 3));
  const before = n - inPublish;
  const points: KillPoint[] = [];
  const anchored = (t: number, isPublish: boolean): KillPoint => {
    const anchor = ref.lines.filter((l) => l.at <= t).at(-1);
    return anchor
      ? { after: anchor.text, delayMs: Math.round(t - anchor.at), publish: isPublish }
      : { delayMs: Math.round(t), publish: isPublish };
  };
  // One point in start-up (loading, migrating) once there are enough; the rest from the first line on.
  const first = ref.lines[0]?.at ?? 0;
  const startup = before >= 5 ? 1 : 0;
  if (startup) points.push({ delayMs: Math.round(first / 2), publish: false });
  const spread = before - startup;
  for (let i = 0; i < spread; i++) {
    points.push(anchored(first + ((i + 0.5) / spread) * (publish.at - first), false));
  }
  const span = done.at - publish.at;
  for (let i = 0; i < inPublish; i++) {
    points.push({ after: publish.text, delayMs: Math.round(((i + 0.5) / inPublish) * span), publish: true });
  }
  return points;
}

function compareDb(got: DbSummary, want: DbSummary): string[] {
  const problems: string[] = [];
  if (got.integrity !== 'ok') problems.push(`integrity_check after the rerun: ${got.integrity}`);
  if (got.distinctKeys !== got.articles)
    problems.push(`${got.articles} article rows for ${got.distinctKeys} URL keys`);
  if (got.articles !== want.articles)
    problems.push(`${got.articles} articles, the clean run has ${want.articles}`);
  for (const [key, status] of want.statusByKey) {
    const mine = got.statusByKey.get(key);
    if (mine !== status) problems.push(`article ${key}: ${mine ?? 'missing'}, the clean run: ${status}`);
  }
  if (got.links !== want.links)
    problems.push(`${got.links} topic-day links, the clean run has ${want.links}`);
  if (got.searchRows !== want.searchRows)
    problems.push(`${got.searchRows} search rows, the clean run has ${want.searchRows}`);
  if (got.duplicateSearchUrls > 0)
    problems.push(`${got.duplicateSearchUrls} articles indexed twice for search`);
  if (got.media !== want.media) problems.push(`${got.media} media rows, the clean run has ${want.media}`);
  if (got.thumbnails !== want.thumbnails)
    problems.push(`${got.thumbnails} thumbnails, the clean run has ${want.thumbnails}`);
  if (got.imageFailures !== want.imageFailures)
    problems.push(`${got.imageFailures} image refusals, the clean run has ${want.imageFailures}`);
  for (const [day, digest] of want.digests) {
    if (got.digests.get(day) !== digest) problems.push(`digest ${day} differs from the clean run's`);
  }
  if (got.digests.size !== want.digests.size)
    problems.push(`${got.digests.size} digests, the clean run has ${want.digests.size}`);
  return problems;
}

/** One trial: seed, run with a kill, check, rerun, check. Works in `work/trial-<id>`, removed afterwards. */
export async function trial(
  ref: Reference,
  point: KillPoint,
  work: string,
  id: number,
): Promise<TrialResult> {
  const dir = join(work, `trial-${id}`);
  const out = join(dir, 'site');
  const db = join(dir, 'daybrief.sqlite');
  await seed(ref.scenario, out, db);
  const problems: string[] = [];
  const killedRun = await runCli(ref.scenario.args(out, db), { now: TRIAL_NOW, kill: point });
  const killed = killedRun.signal === 'SIGKILL';
  if (!killed && killedRun.code !== 0) problems.push(failed(killedRun, 'the run to be killed'));

  // Right after the kill: the database opens and is sound; each file is old or new, never torn.
  if (existsSync(db)) {
    const integrity = summarizeDb(db).integrity;
    if (integrity !== 'ok') problems.push(`integrity_check after the kill: ${integrity}`);
  }
  const afterKill = await readTree(out);
  let changedWritten = 0;
  let changedTotal = 0;
  for (const [rel, want] of ref.site) {
    const old = ref.base.get(rel);
    if (old?.equals(want)) continue;
    changedTotal++;
    if (afterKill.files.get(rel)?.equals(want)) changedWritten++;
  }
  for (const [rel, bytes] of afterKill.files) {
    const isNew = ref.site.get(rel)?.equals(bytes) ?? false;
    const isOld = ref.base.get(rel)?.equals(bytes) ?? false;
    if (!isNew && !isOld) problems.push(`after the kill ${rel} is neither its old nor its new version`);
  }
  for (const rel of ref.base.keys()) {
    if (!afterKill.files.has(rel))
      problems.push(`after the kill ${rel} is missing, though it existed before`);
  }

  // The rerun finishes and leaves what a clean run leaves.
  const rerun = await runCli(ref.scenario.args(out, db), { now: TRIAL_NOW });
  let temporariesAfterRerun: string[] = [];
  if (rerun.code !== 0) problems.push(failed(rerun, 'the rerun'));
  else {
    problems.push(...compareDb(summarizeDb(db), ref.db));
    const final = await readTree(out);
    for (const [rel, want] of ref.site) {
      const got = final.files.get(rel);
      if (!got) problems.push(`after the rerun ${rel} is missing`);
      else if (!got.equals(want)) problems.push(`after the rerun ${rel} differs from the clean run's`);
    }
    for (const rel of final.files.keys()) {
      if (!ref.site.has(rel)) problems.push(`after the rerun ${rel} exists, the clean run has no such file`);
    }
    temporariesAfterRerun = final.temporaries;
  }
  await rm(dir, { recursive: true, force: true });
  const result: TrialResult = {
    point,
    killed,
    midWrite: killed && changedWritten > 0 && changedWritten < changedTotal,
    problems,
    temporariesAfterKill: afterKill.temporaries,
    temporariesAfterRerun,
  };
  if (killedRun.killedAfter !== undefined) result.killedAfter = killedRun.killedAfter;
  return result;
}
