/**
 * Every mistake a user can make gives one line on stderr — what is wrong, how to fix it, and a
 * stable code — and a non-zero exit: 2 for the command line and the config, 1 for the rest. Each
 * test runs the real CLI in a child process, in a temporary folder.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { SqliteStore } from '../src/store/index.js';

const MAIN = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');
/** A child that has not answered by then is hung: the test fails instead of waiting forever. */
const HANG_MS = 60_000;

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

let dir: string;
let server: Server;
let base: string;
/** Called when the article `/story` is requested (the run-time store failure test holds the database then). */
let onStory: () => void = () => {};
/** Requests the local feed server saw, by path: each test uses its own feed path. */
const requests = new Map<string, number>();

/** Runs `daybrief ARGS` in the temporary folder; `wrap` runs it under another command (unshare). */
function daybrief(
  args: string[],
  opts: { env?: Record<string, string>; wrap?: string[] } = {},
): Promise<Result> {
  const argv = [process.execPath, '--import', TSX, MAIN, ...args];
  const [command, ...rest] = [...(opts.wrap ?? []), ...argv] as [string, ...string[]];
  return new Promise((done, fail) => {
    const child = spawn(command, rest, {
      cwd: dir,
      env: { ...process.env, DAYBRIEF_DEBUG: '', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => {
      stdout += b;
    });
    child.stderr.on('data', (b) => {
      stderr += b;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`daybrief ${args.join(' ')} hung; stderr so far: ${stderr}`));
    }, HANG_MS);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

/**
 * Asserts the exit status and that stderr is one line, `daybrief: … [CODE]`, with no stack trace,
 * matching every pattern (the problem and the fix).
 */
function assertOneLine(r: Result, exit: number, code: string, ...patterns: RegExp[]): void {
  assert.equal(r.code, exit, `exit status (stderr: ${r.stderr})`);
  assert.match(r.stderr, new RegExp(`^daybrief: [^\\n]+ \\[${code}\\]\\n$`), 'one line ending with the code');
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  for (const p of patterns) assert.match(r.stderr, p);
}

/**
 * `run` with a one-feed topic on the local server (feed path `/NAME.xml`), a database and a site folder
 * in the temp dir.
 */
function runArgs(name: string, extra: Record<string, string> = {}): string[] {
  const flags: Record<string, string> = {
    '--topic': 'City',
    '--feed': `${base}/${name}.xml`,
    '--date': '2026-03-01',
    '--db': join(dir, `${name}.sqlite`),
    '--out': join(dir, `${name}-site`),
    '--allow-host': '127.0.0.1', // the test's feed server; the SSRF guard refuses it otherwise
    ...extra,
  };
  return ['run', ...Object.entries(flags).flat(), '--no-news-search', '--no-robots', '--quiet'];
}

/** How many times the feed of `runArgs(name)` was fetched. */
function fetched(name: string): number {
  return requests.get(`/${name}.xml`) ?? 0;
}

/** True when this machine lets us mount a private tmpfs (root, or user namespaces). */
function canMount(): boolean {
  if (process.platform !== 'linux') return false;
  const r = spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', 'mount -t tmpfs none /mnt'], {
    stdio: 'ignore',
  });
  return r.status === 0;
}

/**
 * A wrapper that runs the CLI with a fresh tmpfs of `size` mounted on `mnt` (private to the child),
 * after `setup` (shell commands run there; $M is the mount point).
 */
function inTmpfs(mnt: string, size: string, setup = ''): string[] {
  const script = `mount -t tmpfs -o size=${size} none "$M" && ${setup || 'true'} && exec "$@"`;
  return ['env', `M=${mnt}`, 'unshare', '-m', '--propagation', 'private', 'sh', '-c', script, 'sh'];
}

const STORY = `<!doctype html><html lang="en"><head><title>Ferry timetable changes</title></head><body><article>
<h1>Ferry timetable changes</h1>
${'<p>The island ferry will leave the harbour twenty minutes earlier on weekdays from next month, the operator said, after complaints from commuters who missed their trains on the mainland.</p>'.repeat(4)}
</article></body></html>`;

const MOUNT = canMount();
const NO_MOUNT = MOUNT ? false : 'needs a private tmpfs mount (unshare -m as root); not available here';

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'daybrief-cli-errors-'));
  server = createServer((req, res) => {
    requests.set(req.url ?? '', (requests.get(req.url ?? '') ?? 0) + 1);
    if (req.url === '/story') {
      onStory();
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(STORY);
      return;
    }
    const item =
      req.url === '/with-story.xml'
        ? `<item><title>Ferry timetable changes</title><link>${base}/story</link><pubDate>Sun, 01 Mar 2026 09:00:00 GMT</pubDate></item>`
        : '';
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.end(`<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>${item}</channel></rss>`);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await new Promise((ok) => server.close(ok));
  await rm(dir, { recursive: true, force: true });
});

test('control: a good run fetches the feed and exits 0 (so "fetched 0 times" below means something)', async () => {
  const r = await daybrief(runArgs('control'));
  assert.equal(r.code, 0, r.stderr);
  assert.ok(fetched('control') >= 1);
  assert.match(r.stderr, /^done: 1 topic\(s\), 1 day\(s\)/m);
});

describe('the command line', { concurrency: 2 }, () => {
  test('an unknown command exits 2 with a hint', async () => {
    assertOneLine(await daybrief(['frob']), 2, 'CLI_USAGE', /unknown command 'frob'/, /daybrief --help/);
  });

  test('an unknown flag exits 2 with the command’s help hint', async () => {
    const r = await daybrief(['run', '--frob']);
    assertOneLine(r, 2, 'CLI_USAGE', /unknown option '--frob'/, /daybrief run --help/);
  });

  test('an impossible date is refused, not rolled over, before anything is fetched or created', async () => {
    const r = await daybrief(runArgs('bad-date', { '--date': '2026-02-30' }));
    assertOneLine(
      r,
      2,
      'CONFIG_BAD_DATE',
      /--date "2026-02-30" is not a calendar date/,
      /February 2026 has 28 days/,
      /YYYY-MM-DD/,
    );
    assert.equal(fetched('bad-date'), 0);
    assert.equal(existsSync(join(dir, 'bad-date.sqlite')), false, 'no database was created');
  });

  test('a month 13 says so (not "Invalid time value")', async () => {
    const r = await daybrief(runArgs('month-13', { '--date': '2026-13-45' }));
    assertOneLine(r, 2, 'CONFIG_BAD_DATE', /there is no month 13/);
  });

  test('an unknown time zone names the flag and an example', async () => {
    const r = await daybrief(runArgs('timezone', { '--timezone': 'Mars/Olympus' }));
    assertOneLine(r, 2, 'CONFIG_BAD_TIMEZONE', /--timezone/, /IANA time zone such as "Europe\/Helsinki"/);
  });

  test('a bad number flag names the flag and the range', async () => {
    const r = await daybrief(runArgs('days', { '--days': 'abc' }));
    assertOneLine(r, 2, 'CLI_BAD_FLAG', /--days expects a whole number from 1 to 366, got "abc"/);
  });

  test('a bad --port names the flag and the range', async () => {
    const r = await daybrief(['demo', '--port', 'abc', '--out', join(dir, 'demo-site')]);
    assertOneLine(r, 2, 'CLI_BAD_FLAG', /--port expects a whole number from 0 to 65535, got "abc"/);
  });

  test('a missing --replay archive or an unwritable --record path is named before anything runs', async () => {
    const replay = await daybrief(runArgs('replay', { '--replay': join(dir, 'nope.warc.gz') }));
    assertOneLine(
      replay,
      2,
      'CLI_BAD_FLAG',
      /--replay .*nope\.warc\.gz: there is no such file/,
      /give a WARC archive/,
    );
    const record = await daybrief(runArgs('record', { '--record': join(dir, 'no-folder', 'x.warc.gz') }));
    assertOneLine(
      record,
      2,
      'CLI_BAD_FLAG',
      /--record .*: cannot write there \(the folder .*no-folder does not exist\)/,
    );
    assert.equal(fetched('record'), 0);
  });

  test('extract on a missing file says so (not a bug report)', async () => {
    const r = await daybrief(['extract', join(dir, 'nope.html')]);
    assertOneLine(r, 2, 'CLI_BAD_FLAG', /nope\.html: there is no such file/, /give an HTML file that exists/);
  });

  test('DAYBRIEF_DEBUG=1 adds the stack', async () => {
    const r = await daybrief(runArgs('debug', { '--days': 'abc' }), { env: { DAYBRIEF_DEBUG: '1' } });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /\n\s+at /);
    assert.match(r.stderr, /\[CLI_BAD_FLAG\]\n$/);
  });
});

describe('the config file', { concurrency: 2 }, () => {
  test('a missing file says how to make one', async () => {
    const r = await daybrief(['run', '--config', join(dir, 'nope.json')]);
    assertOneLine(
      r,
      2,
      'CONFIG_NOT_FOUND',
      /nope\.json \(there is no such file\)/,
      /daybrief\.config\.example\.json/,
    );
  });

  test('bad JSON gives the line and column', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(file, '{\n  "topics": [{"name": "x", "query": "x"}]\n  "out": "site"\n}\n');
    const r = await daybrief(['run', '--config', file]);
    assertOneLine(r, 2, 'CONFIG_NOT_JSON', /bad\.json is not valid JSON at line 3, column 3/, /fix the file/);
  });

  test('a wrong key is named', async () => {
    const file = join(dir, 'wrong-key.json');
    await writeFile(file, JSON.stringify({ topics: [{ name: 'x', qeury: 'x' }] }));
    const r = await daybrief(['run', '--config', file]);
    assertOneLine(
      r,
      2,
      'CONFIG_INVALID',
      /wrong-key\.json is not valid: .*qeury/,
      /daybrief\.config\.example\.json/,
    );
  });
});

describe('the database', { concurrency: 2 }, () => {
  test('a file that is not SQLite is named as such, before any fetch', async () => {
    const file = join(dir, 'notes.txt');
    await writeFile(file, 'These are my notes, not a database. '.repeat(20));
    const r = await daybrief(runArgs('not-sqlite', { '--db': file }));
    assertOneLine(r, 1, 'STORE_NOT_SQLITE', /notes\.txt is not a SQLite database/, /pass --db/);
    assert.equal(fetched('not-sqlite'), 0);
  });

  test('a database another process holds locked says to wait for it', async () => {
    const file = join(dir, 'locked.sqlite');
    const holder = new Database(file);
    holder.pragma('journal_mode = DELETE');
    holder.exec('CREATE TABLE other (x)');
    holder.exec('BEGIN EXCLUSIVE');
    holder.exec('INSERT INTO other VALUES (1)');
    try {
      const r = await daybrief(['publish', '--db', file, '--out', join(dir, 'site')]);
      assertOneLine(r, 1, 'STORE_LOCKED', /locked by another process/, /wait for that run to finish/);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  });

  test('a read-only database says to make it writable', { skip: NO_MOUNT }, async () => {
    const seed = join(dir, 'seed.sqlite');
    const store = new SqliteStore(seed);
    await store.migrate();
    await store.close();
    const mnt = join(dir, 'ro-db');
    await mkdir(mnt);
    const wrap = inTmpfs(mnt, '1m', `cp "${seed}" "$M/db.sqlite" && mount -o remount,ro "$M"`);
    const r = await daybrief(['publish', '--db', join(mnt, 'db.sqlite'), '--out', join(dir, 'site')], {
      wrap,
    });
    assertOneLine(
      r,
      1,
      'STORE_READ_ONLY',
      /db\.sqlite is read-only/,
      /make the file and its folder writable/,
    );
  });

  test('a full disk under the database says so', { skip: NO_MOUNT }, async () => {
    const mnt = join(dir, 'full-db');
    await mkdir(mnt);
    const r = await daybrief(['publish', '--db', join(mnt, 'db.sqlite'), '--out', join(dir, 'site')], {
      wrap: inTmpfs(mnt, '8k'),
    });
    assertOneLine(r, 1, 'DISK_FULL', /the disk holding .*db\.sqlite is full/, /free some space/);
  });

  test('an unreachable Postgres names the server and the fix', async () => {
    const r = await daybrief(runArgs('pg-refused', { '--db': 'postgres://daybrief@127.0.0.1:1/daybrief' }));
    assertOneLine(
      r,
      1,
      'STORE_UNREACHABLE',
      /cannot reach Postgres at 127\.0\.0\.1:1 \(connection refused\)/,
      /start the server or fix the host and port/,
    );
    assert.equal(fetched('pg-refused'), 0);
  });

  const pgUrl = process.env.TEST_PG_URL;
  const NO_PG = pgUrl ? false : 'TEST_PG_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test)';

  test('a Postgres database that does not exist says how to create it', { skip: NO_PG }, async () => {
    const url = new URL(pgUrl as string);
    url.pathname = '/daybrief_no_such_db_9';
    const r = await daybrief(['publish', '--db', url.toString(), '--out', join(dir, 'site')]);
    assertOneLine(
      r,
      1,
      'STORE_DB_MISSING',
      /no database "daybrief_no_such_db_9"/,
      /createdb daybrief_no_such_db_9/,
    );
  });

  test('a Postgres user the server refuses says to fix the URL', { skip: NO_PG }, async () => {
    const url = new URL(pgUrl as string);
    url.username = 'daybrief_no_such_role_9';
    url.password = 'wrong';
    const r = await daybrief(['publish', '--db', url.toString(), '--out', join(dir, 'site')]);
    assertOneLine(
      r,
      1,
      'STORE_AUTH_FAILED',
      /refused user daybrief_no_such_role_9/,
      /fix the user name or password/,
    );
    assert.doesNotMatch(r.stderr, /wrong/, 'the password is not printed');
  });
});

describe('the site folder', { concurrency: 2 }, () => {
  test('a site folder under a file is refused before any fetch or database', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, 'x');
    const db = join(dir, 'never.sqlite');
    const r = await daybrief(runArgs('under-file', { '--out': join(file, 'site'), '--db': db }));
    assertOneLine(r, 1, 'OUT_NOT_WRITABLE', /is a file, not a folder/, /choose another folder with --out/);
    assert.equal(fetched('under-file'), 0);
    assert.equal(existsSync(db), false, 'the database is not even opened');
  });

  test('a site folder under /proc fails at once instead of hanging', {
    skip: !existsSync('/proc/self') && 'no /proc',
  }, async () => {
    const r = await daybrief(runArgs('proc', { '--out': `/proc/daybrief-site-${process.pid}` }));
    assertOneLine(r, 1, 'OUT_NOT_WRITABLE', /\/proc\/daybrief-site/, /choose another folder with --out/);
    assert.equal(fetched('proc'), 0);
  });

  test('a read-only site folder is refused before any fetch', { skip: NO_MOUNT }, async () => {
    const mnt = join(dir, 'ro-site');
    await mkdir(mnt);
    const r = await daybrief(runArgs('ro-site', { '--out': join(mnt, 'site') }), {
      wrap: inTmpfs(mnt, '1m', 'mount -o remount,ro "$M"'),
    });
    assertOneLine(r, 1, 'OUT_NOT_WRITABLE', /read-only/, /choose another folder with --out/);
    assert.equal(fetched('ro-site'), 0);
  });

  test('a disk that fills up while publishing says so', { skip: NO_MOUNT }, async () => {
    const db = join(dir, 'publish.sqlite');
    const store = new SqliteStore(db);
    await store.migrate();
    await store.close();
    const mnt = join(dir, 'full-site');
    await mkdir(mnt);
    const r = await daybrief(['publish', '--db', db, '--out', join(mnt, 'site')], {
      wrap: inTmpfs(mnt, '4k'),
    });
    assertOneLine(
      r,
      1,
      'DISK_FULL',
      /the disk holding the site folder .*full-site\/site is full/,
      /free some space/,
    );
  });
});

describe('a store failure during a run', () => {
  test('fails the article and the day visibly, exits 1 naming the code, and the next run retries', async () => {
    const db = join(dir, 'with-story.sqlite');
    let holder: Database.Database | undefined;
    onStory = () => {
      // Another process takes the database's write lock while the run fetches the article.
      holder = new Database(db);
      holder.exec('BEGIN IMMEDIATE');
    };
    let r: Result;
    try {
      r = await daybrief(runArgs('with-story'));
    } finally {
      onStory = () => {};
      holder?.exec('ROLLBACK');
      holder?.close();
    }
    assert.equal(r.code, 1, r.stderr);
    assert.match(
      r.stderr,
      /^done: .* 0 articles fetched, 0 reused, 1 failed \(1 could not be saved\), .*1 day\(s\) failed/m,
    );
    const last = r.stderr.trimEnd().split('\n').at(-1) ?? '';
    assert.match(
      last,
      /^daybrief: 1 article\(s\) and 1 day\(s\) could not be saved: .*locked by another process.*\[STORE_LOCKED\]$/,
    );
    assert.doesNotMatch(r.stderr, /\n\s+at /);

    const rerun = await daybrief(runArgs('with-story'));
    assert.equal(rerun.code, 0, rerun.stderr);
    assert.match(rerun.stderr, /^done: .* 1 articles fetched, 0 reused, 0 failed, /m);
    assert.equal(fetched('story'), 0, 'sanity: the story is counted under its own path');
    assert.equal(requests.get('/story'), 2, 'the article was fetched again on the rerun');
  });
});

test('a reader that closes the pipe early (`extract --jsonl | head`) ends the command quietly, exit 0', async () => {
  const page = (i: number) =>
    JSON.stringify({
      id: String(i),
      url: `https://news.example/${i}`,
      html: `<html><head><title>Story ${i}</title></head><body><article><p>${'A sentence of the story. '.repeat(40)}</p></article></body></html>`,
    });
  const input = `${Array.from({ length: 400 }, (_, i) => page(i)).join('\n')}\n`;
  const child = spawn(process.execPath, ['--import', TSX, MAIN, 'extract', '--jsonl'], {
    env: { ...process.env, DAYBRIEF_DEBUG: '' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (b) => {
    stderr += b;
  });
  child.stdin.on('error', () => undefined);
  child.stdin.end(input);
  // Like `head -1`: read the first line, then close the pipe.
  await new Promise<void>((done) => {
    child.stdout.once('data', () => {
      child.stdout.destroy();
      done();
    });
  });
  const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
  assert.equal(stderr, '', 'no stack trace, no message');
  assert.equal(code, 0);
});
