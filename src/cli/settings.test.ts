/**
 * Every command resolves its settings through src/config/resolve.ts: a value of the config file (or a
 * DAYBRIEF_* variable) reaches each of them. Commands run as child processes, from the sources.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { resolveSettings } from '../config/resolve.js';
import { buildWarc } from '../fetch/index.js';
import { scheduledRun } from './serve.js';

const MAIN = new URL('./main.ts', import.meta.url).href;
const REPO = new URL('../..', import.meta.url).pathname;
const DATE = '2024-03-05';
const FEED = 'https://feeds.example/news.xml';
const RSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>Example news</title><link>https://feeds.example/</link>
<item><title>Harbour reopens after the storm</title><link>https://feeds.example/a/harbour</link><pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate><description>The harbour reopened on Tuesday.</description></item>
</channel></rss>`;

const dirs: string[] = [];
after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function workDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'daybrief-settings-'));
  dirs.push(d);
  return d;
}

/** `daybrief ARGS` with only the given DAYBRIEF_* variables; resolves with the exit code and output. */
function daybrief(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; out: string; err: string }> {
  const code = `import { main } from ${JSON.stringify(MAIN)}; main(process.argv.slice(1)).then((c) => { process.exitCode = c; }, (e) => { console.error(e); process.exitCode = 1; });`;
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('DAYBRIEF_')));
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code, ...args], {
    cwd: REPO,
    env: { ...clean, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => {
    out += String(d);
  });
  child.stderr.on('data', (d) => {
    err += String(d);
  });
  return new Promise((ok) => child.on('close', (c) => ok({ code: c, out, err })));
}

async function setUp(): Promise<{ dir: string; warc: string; config: string; db: string; out: string }> {
  const dir = await workDir();
  const warc = join(dir, 'news.warc.gz');
  await buildWarc([{ url: FEED, headers: { 'content-type': 'application/rss+xml' }, body: RSS }], warc);
  const db = join(dir, 'from-config.sqlite');
  const out = join(dir, 'from-config-site');
  const config = join(dir, 'briefs.json');
  await writeFile(
    config,
    JSON.stringify({
      database: db,
      out,
      title: 'Config title',
      newsSearch: false,
      topics: [{ name: 'Harbour', query: 'harbour', feeds: [FEED], timezone: 'UTC' }],
    }),
  );
  return { dir, warc, config, db, out };
}

test('run, publish, send, sources and worker take their settings from the config file DAYBRIEF_CONFIG names', async () => {
  const { dir, warc, config, db, out } = await setUp();
  const env = { DAYBRIEF_CONFIG: config };

  const run = await daybrief(['run', '--replay', warc, '--date', DATE, '--no-robots', '-q'], env);
  assert.equal(run.code, 0, run.err);
  assert.ok(existsSync(db), 'run used the database of the config file');
  assert.ok(existsSync(join(out, 'index.html')), 'run wrote the site where the config file says');

  const elsewhere = join(dir, 'env-site');
  const publish = await daybrief(['publish'], { ...env, DAYBRIEF_OUT: elsewhere });
  assert.equal(publish.code, 0, publish.err);
  assert.ok(existsSync(join(elsewhere, 'index.html')), 'DAYBRIEF_OUT wins over the file');
  assert.match(publish.err, new RegExp(`site: ${elsewhere}`));

  const mail = join(dir, 'mail.json');
  await writeFile(
    mail,
    JSON.stringify({ database: join(dir, 'nothing-here.sqlite'), topics: [{ name: 'x', query: 'x' }] }),
  );
  const send = await daybrief(['send', '--dry-run'], { DAYBRIEF_CONFIG: mail });
  assert.equal(send.code, 1);
  assert.match(send.err, /there is no database at .*nothing-here\.sqlite.*\[MAIL_NO_DAY\]/);

  const sources = await daybrief(['sources', '--replay', warc, '--date', DATE, '--no-robots', '--json'], env);
  assert.equal(sources.code, 0, sources.err);
  const rows = (
    JSON.parse(sources.out) as Array<{ rows: Array<{ kind: string; skipped?: string; items?: number }> }>
  )[0]?.rows;
  assert.match(String(rows?.find((r) => r.kind === 'gdelt')?.skipped), /"newsSearch" is false/);
  assert.equal(rows?.find((r) => r.kind === 'feed')?.items, 1);

  const worker = await daybrief(['worker', '--until-empty'], env);
  assert.equal(worker.code, 1);
  assert.match(
    worker.err,
    new RegExp(`got "${db.replace(/[.]/g, '\\.')}"\\).*\\[PIPELINE_NEEDS_POSTGRES\\]`),
  );

  // serve: the file's "out" is where it looks for the site (none there: it refuses, naming it).
  const serveConfig = join(dir, 'serve.json');
  await writeFile(serveConfig, JSON.stringify({ out: join(dir, 'no-site-yet') }));
  const serve = await daybrief(['serve', '--port', '0'], { DAYBRIEF_CONFIG: serveConfig });
  assert.equal(serve.code, 2);
  assert.match(serve.err, /there is no site in .*no-site-yet .*\[SERVE_NO_SITE\]/);
});

test('serve --schedule honours "newsSearch": false (it used to query news search anyway)', async () => {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url?.startsWith('/feed')) {
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(RSS);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"articles":[]}');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = await workDir();
  try {
    const write = async (newsSearch: unknown) => {
      const file = join(dir, `c-${hits.length}.json`);
      await writeFile(
        file,
        JSON.stringify({
          database: join(dir, 'sched.sqlite'),
          out: join(dir, 'sched-site'),
          newsSearch,
          gdelt: { endpoint: `http://${host}/gdelt`, intervalMs: 0, backoffMs: 0, retries: 0 },
          fetch: { allowHosts: [host] },
          topics: [{ name: 'Harbour', query: 'harbour', feeds: [`http://${host}/feed`] }],
        }),
      );
      return file;
    };
    const off = await resolveSettings({ config: await write(false) }, { env: {}, requireTopics: true });
    await scheduledRun(off, off.topics[0] as (typeof off.topics)[0]);
    assert.ok(
      hits.some((h) => h.startsWith('/feed')),
      'the feed was read',
    );
    assert.deepEqual(
      hits.filter((h) => h.startsWith('/gdelt')),
      [],
      'no news search with "newsSearch": false',
    );
    // The same run with GDELT on does query it: the test can tell the two apart.
    hits.length = 0;
    const on = await resolveSettings({ config: await write(['gdelt']) }, { env: {}, requireTopics: true });
    await scheduledRun(on, on.topics[0] as (typeof on.topics)[0]);
    assert.ok(
      hits.some((h) => h.startsWith('/gdelt')),
      `GDELT queried: ${hits.join(' ')}`,
    );
  } finally {
    await new Promise((ok) => server.close(ok));
  }
});
