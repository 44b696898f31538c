import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { parseTopic } from '../config/index.js';
import { buildWarc, createReplayFetcher } from '../fetch/index.js';
import { DaybriefError } from '../model/errors.js';
import { type RunReport, runTopics } from '../pipeline/index.js';
import { listen, siteHandler } from '../server/index.js';
import { openStore, SqliteStore } from '../store/index.js';
import { portFlag } from './flags.js';
import { progressPrinter } from './progress.js';

/** The bundled demo: a fictional topic over 7 days, as feeds and pages with their URLs. */
export const DEMO_ARCHIVE = fileURLToPath(new URL('../../demo/archive/', import.meta.url));

interface ManifestEntry {
  url: string;
  file?: string;
  status: number;
  headers?: Record<string, string>;
}

interface Manifest {
  topic: unknown;
  days: string[];
  entries: ManifestEntry[];
}

async function readManifest(dir: string): Promise<Manifest> {
  try {
    return JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  } catch (err) {
    throw new DaybriefError(
      'cli',
      'DEMO_MISSING',
      `cannot read the demo archive in ${dir}: ${(err as Error).message}`,
    );
  }
}

/** Writes the demo's feeds and pages into a WARC file, as a live run with --record would have. */
export async function buildDemoWarc(dir: string, target: string): Promise<Manifest> {
  const manifest = await readManifest(dir);
  const entries = await Promise.all(
    manifest.entries.map(async (e) => ({
      url: e.url,
      status: e.status,
      headers: e.headers ?? {},
      body: e.file ? new Uint8Array(await readFile(join(dir, e.file))) : new Uint8Array(),
    })),
  );
  await buildWarc(entries, target);
  return manifest;
}

/**
 * Builds the demo site; returns the run reports. The database is a temporary file unless
 * `opts.database` names one to keep (the demo server searches it).
 */
export async function buildDemo(
  out: string,
  opts: { quiet?: boolean; archive?: string; database?: string } = {},
): Promise<RunReport[]> {
  const work = await mkdtemp(join(tmpdir(), 'daybrief-demo-'));
  const warc = join(work, 'demo.warc.gz');
  const manifest = await buildDemoWarc(opts.archive ?? DEMO_ARCHIVE, warc);
  const topic = parseTopic(manifest.topic);
  const http = await createReplayFetcher(warc, { robots: false });
  const database = opts.database ?? join(work, 'demo.sqlite');
  // A fresh database every time: the demo is rebuilt from its archive, never topped up.
  await Promise.all(['', '-wal', '-shm'].map((suffix) => rm(`${database}${suffix}`, { force: true })));
  const store = new SqliteStore(database);
  const onEvent = progressPrinter(process.stderr, { quiet: opts.quiet ?? false });
  try {
    await store.migrate();
    const dates = () => manifest.days;
    const run = { http, store, out, title: 'daybrief demo', dates, newsSearch: false, onEvent };
    const { reports } = await runTopics([topic], run);
    return reports;
  } finally {
    await http.close();
    await store.close();
    await rm(work, { recursive: true, force: true });
  }
}

/** The `demo` command. */
export function demoCli(): Command {
  return new Command('demo')
    .description('build the bundled offline demo (a fictional topic over 7 days) and serve it')
    .option('--out <dir>', 'where to write the site', 'site-demo')
    .option('--port <n>', 'port to serve on', '8080')
    .option('--no-serve', 'only build the site')
    .option('-q, --quiet', 'print only failures and the summary')
    .action(async (opts: { out: string; port: string; serve: boolean; quiet?: boolean }) => {
      const started = Date.now();
      const port = portFlag(opts.port);
      const database = `${resolve(opts.out)}.sqlite`;
      const reports = await buildDemo(opts.out, { quiet: opts.quiet ?? false, database });
      const stories = reports.reduce((n, r) => n + r.stories, 0);
      const failed = reports.reduce((n, r) => n + r.failed, 0);
      process.stderr.write(
        `demo: ${reports.length} days, ${stories} stories, ${failed} articles failed (the demo plants a 404 and a PDF among its feed items) ` +
          `in ${((Date.now() - started) / 1000).toFixed(1)} s → ${opts.out}\n`,
      );
      if (!opts.serve) return;
      const store = await openStore(database);
      const handler = siteHandler(opts.out, store, { title: 'daybrief demo' });
      const { url } = await listen(handler, { port, host: '127.0.0.1' });
      process.stderr.write(`serving the demo at ${url} with search at ${url}search (Ctrl+C to stop)\n`);
    });
}
