/**
 * `daybrief serve` as a real process: graceful shutdown on SIGTERM (the request in flight completes,
 * the store is closed, exit 0), a second signal exits at once, and refusals in one sentence.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DaybriefError } from '../model/errors.js';
import { SqliteStore } from '../store/sqlite.js';
import { serveCli } from './serve.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = new URL('./main.ts', import.meta.url).href;
/** Large enough to outlast the kernel's socket buffers, so the answer is still being sent. */
const BIG = 32 * 1024 * 1024;

/** `daybrief …` from the TypeScript sources, as a child process. */
function daybrief(args: string[]): {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<[number | null, string | null]>;
} {
  const code = `import { main } from ${JSON.stringify(MAIN)}; main(process.argv.slice(1)).then((c) => { process.exitCode = c; }, (e) => { console.error(e); process.exitCode = 1; });`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code, ...args], {
    cwd: REPO,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (d) => {
    err += String(d);
  });
  const exited = new Promise<[number | null, string | null]>((ok) => child.on('exit', (c, s) => ok([c, s])));
  return { child, stderr: () => err, exited };
}

/** Resolves with the stderr so far once it matches `re` (or rejects when the process ends first). */
function waitFor(run: ReturnType<typeof daybrief>, re: RegExp): Promise<RegExpExecArray> {
  return new Promise((ok, fail) => {
    const check = () => {
      const m = re.exec(run.stderr());
      if (m) {
        run.child.stderr?.off('data', check);
        ok(m);
      }
    };
    run.child.stderr?.on('data', check);
    run.exited.then(() => fail(new Error(`exited before ${re}: ${run.stderr()}`)));
    check();
  });
}

async function siteWithBigFile(): Promise<{ dir: string; out: string; db: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'daybrief-serve-cli-'));
  const out = join(dir, 'site');
  await mkdir(join(out, 'media'), { recursive: true });
  await writeFile(join(out, 'index.html'), '<h1>home</h1>');
  await writeFile(join(out, 'media', 'big.png'), Buffer.alloc(BIG, 7));
  const db = join(dir, 'archive.sqlite');
  const store = new SqliteStore(db);
  await store.migrate();
  await store.close();
  return { dir, out, db };
}

/** Starts a GET of the big file and stops reading after the first bytes, so the answer stays in flight. */
function startSlowDownload(port: number): { socket: Socket; received: () => number; ended: Promise<Buffer> } {
  const chunks: Buffer[] = [];
  let n = 0;
  const socket = connect(port, '127.0.0.1', () =>
    socket.write('GET /media/big.png HTTP/1.1\r\nHost: localhost\r\n\r\n'),
  );
  socket.on('data', (d) => {
    chunks.push(d);
    n += d.length;
    if (chunks.length === 1) socket.pause();
  });
  const ended = new Promise<Buffer>((ok) => {
    socket.on('close', () => ok(Buffer.concat(chunks)));
    socket.on('error', () => undefined);
  });
  return { socket, received: () => n, ended };
}

const bodyOf = (reply: Buffer) => reply.subarray(reply.indexOf('\r\n\r\n') + 4);

test('SIGTERM lets the request in flight finish, closes the store and exits 0', async () => {
  const { out, db } = await siteWithBigFile();
  const run = daybrief(['serve', '--out', out, '--db', db, '--port', '0']);
  try {
    const [, port] = await waitFor(run, /at http:\/\/127\.0\.0\.1:(\d+)\//);
    assert.ok(existsSync(`${db}-wal`), 'the store is open (WAL file present)');
    const download = startSlowDownload(Number(port));
    await new Promise<void>((ok) => download.socket.once('data', () => ok()));
    run.child.kill('SIGTERM');
    await waitFor(run, /SIGTERM: shutting down, waiting up to 10 s for 1 request in flight/);
    assert.ok(download.received() < BIG, 'the answer was still being sent when the signal came');
    // No longer accepting: a new connection is refused.
    const refused = await new Promise<string>((ok) => {
      const s = connect(Number(port), '127.0.0.1');
      s.on('connect', () => ok('accepted'));
      s.on('error', (e: NodeJS.ErrnoException) => ok(e.code ?? 'error'));
    });
    assert.equal(refused, 'ECONNREFUSED');
    download.socket.resume();
    const reply = await download.ended;
    assert.match(reply.subarray(0, 200).toString('latin1'), /^HTTP\/1\.1 200 OK\r\n/);
    assert.equal(bodyOf(reply).length, BIG, 'the whole file arrived');
    assert.deepEqual(await run.exited, [0, null]);
    assert.match(run.stderr(), /stopped\n$/);
    assert.ok(!existsSync(`${db}-wal`), 'the store was closed cleanly (WAL checkpointed and removed)');
  } finally {
    run.child.kill('SIGKILL');
  }
});

test('a second signal exits at once, in-flight answers or not', async () => {
  const { out } = await siteWithBigFile();
  const run = daybrief(['serve', '--out', out, '--db', join(out, 'none.sqlite'), '--port', '0']);
  try {
    const [, port] = await waitFor(run, /at http:\/\/127\.0\.0\.1:(\d+)\//);
    const download = startSlowDownload(Number(port));
    await new Promise<void>((ok) => download.socket.once('data', () => ok()));
    run.child.kill('SIGINT');
    await waitFor(run, /SIGINT: shutting down/);
    run.child.kill('SIGTERM');
    assert.deepEqual(await run.exited, [143, null]);
    assert.match(run.stderr(), /SIGTERM again: exiting now/);
    download.socket.resume();
    assert.ok(bodyOf(await download.ended).length < BIG, 'the answer was cut off');
  } finally {
    run.child.kill('SIGKILL');
  }
});

test('serve refuses a folder with no site in one sentence, with a code and exit 2 (a usage mistake)', async () => {
  const empty = await mkdtemp(join(tmpdir(), 'daybrief-serve-empty-'));
  const run = daybrief(['serve', '--out', empty, '--port', '0']);
  const [code] = await run.exited;
  assert.equal(code, 2);
  const lines = run.stderr().trim().split('\n');
  assert.equal(lines.length, 1, run.stderr());
  assert.match(lines[0] ?? '', /there is no site in .* \(no index\.html\)/);
  assert.match(
    lines[0] ?? '',
    /run `daybrief run` or `daybrief demo --no-serve --out DIR` first, or pass --out/,
  );
  assert.match(lines[0] ?? '', /\[SERVE_NO_SITE\]$/);
});

/** Runs `serve` in this process and returns the DaybriefError code it fails with. */
async function failure(args: string[]): Promise<string> {
  try {
    await serveCli().exitOverride().parseAsync(args, { from: 'user' });
  } catch (err) {
    if (err instanceof DaybriefError) return err.code;
    throw err;
  }
  throw new Error(`serve ${args.join(' ')} started`);
}

test('serve refuses a missing --out, a bad --port and a port in use, each with its code', async () => {
  const { out } = await siteWithBigFile();
  assert.equal(await failure(['--out', join(out, 'nowhere')]), 'SERVE_NO_SITE');
  for (const port of ['abc', '70000', '-1']) {
    assert.equal(await failure(['--out', out, '--port', port]), 'SERVE_BAD_PORT', port);
  }
  const taken = createServer();
  await new Promise<void>((ok) => taken.listen(0, '127.0.0.1', ok));
  try {
    const address = taken.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const db = join(out, 'none.sqlite');
    assert.equal(await failure(['--out', out, '--db', db, '--port', String(port)]), 'SERVE_PORT_IN_USE');
  } finally {
    taken.close();
  }
});
