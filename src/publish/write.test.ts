import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DaybriefError } from '../model/errors.js';
import { natoSite } from './fixtures.test.js';
import { buildSite } from './site.js';
import { isTemporaryName, removeStaleTemporaries, writeSite } from './write.js';

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'daybrief-publish-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('writeSite writes every file, creating directories, and leaves no temporary files', async () => {
  await withTempDir(async (dir) => {
    const files = buildSite(natoSite());
    assert.equal(await writeSite(files, dir), files.size);
    assert.deepEqual(await listFiles(dir), [...files.keys()].sort());
    for (const [path, content] of files) assert.equal(await readFile(join(dir, path), 'utf8'), content);
  });
});

test('rewriting is idempotent and unrelated files are kept', async () => {
  await withTempDir(async (dir) => {
    await writeFile(join(dir, 'CNAME'), 'news.example\n');
    const files = buildSite(natoSite());
    await writeSite(files, dir);
    const first = await listFiles(dir);
    assert.equal(await writeSite(files, dir), files.size);
    assert.deepEqual(await listFiles(dir), first);
    assert.equal(await readFile(join(dir, 'CNAME'), 'utf8'), 'news.example\n');
    assert.equal(await readFile(join(dir, 'index.html'), 'utf8'), files.get('index.html'));
  });
});

test('writeSite replaces changed files in place', async () => {
  await withTempDir(async (dir) => {
    await writeSite(new Map([['a/b.txt', 'one']]), dir);
    await writeSite(new Map([['a/b.txt', 'two']]), dir);
    assert.equal(await readFile(join(dir, 'a/b.txt'), 'utf8'), 'two');
    assert.deepEqual(await listFiles(dir), ['a/b.txt']);
  });
});

test('writeSite refuses paths that leave the site or are not plain', async () => {
  await withTempDir(async (dir) => {
    for (const bad of ['../evil.html', '/etc/passwd', 'a/../../b', 'a//b', '', 'a\\b', 'a/./b', 'a b']) {
      await assert.rejects(
        writeSite(new Map([[bad, 'x']]), join(dir, 'site')),
        (e) => e instanceof DaybriefError && e.code === 'PUBLISH_BAD_PATH',
        bad,
      );
    }
    assert.deepEqual(await listFiles(dir), [], 'nothing was written');
  });
});

/** The pid of a process that has exited: the writer of a temporary left by a crash. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((ok) => child.on('exit', ok));
  assert.ok(child.pid);
  return child.pid;
}

test('temporaries are named so they are easy to recognise', () => {
  assert.ok(isTemporaryName(`.daybrief-${process.pid}-0123456789ab.tmp`));
  assert.ok(isTemporaryName('.0123456789ab.tmp'), 'the name earlier versions used');
  for (const name of [
    'b.txt',
    '.env',
    'x.tmp',
    '.daybrief-1-xyz.tmp',
    'index.html',
    'daybrief-1-0123456789ab.tmp',
  ]) {
    assert.ok(!isTemporaryName(name), name);
  }
});

test('a publish first removes the temporaries a crashed publish left, keeping a live writer’s', async () => {
  await withTempDir(async (dir) => {
    await writeSite(new Map([['nato/index.html', 'old']]), dir);
    const dead = await deadPid();
    const crashed = `nato/.daybrief-${dead}-0123456789ab.tmp`;
    const old = 'nato/.00112233aabb.tmp';
    const mine = `.daybrief-${process.pid}-aaaaaaaaaaaa.tmp`;
    // pid 1 is always alive: a publish running in another process right now.
    const live = 'nato/.daybrief-1-bbbbbbbbbbbb.tmp';
    const liveButAncient = 'nato/.daybrief-1-cccccccccccc.tmp';
    for (const path of [crashed, old, mine, live, liveButAncient, 'nato/.keep']) {
      await writeFile(join(dir, path), 'half a page');
    }
    const longAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(join(dir, liveButAncient), longAgo, longAgo);
    await writeSite(new Map([['nato/index.html', 'new']]), dir);
    assert.deepEqual(await listFiles(dir), [
      'nato/.daybrief-1-bbbbbbbbbbbb.tmp',
      'nato/.keep',
      'nato/index.html',
    ]);
    assert.equal(await readFile(join(dir, 'nato/index.html'), 'utf8'), 'new');
  });
});

test('removeStaleTemporaries reports what it removed and takes a missing folder', async () => {
  await withTempDir(async (dir) => {
    assert.deepEqual(await removeStaleTemporaries(join(dir, 'missing')), []);
    await mkdir(join(dir, 'a', 'b'), { recursive: true });
    await writeFile(join(dir, 'a', 'b', `.daybrief-${await deadPid()}-0123456789ab.tmp`), 'x');
    const removed = await removeStaleTemporaries(dir);
    assert.equal(removed.length, 1);
    assert.match(removed[0] ?? '', /^a\/b\/\.daybrief-\d+-0123456789ab\.tmp$/);
  });
});

test('a clean-up during a publish in the same process leaves that publish’s temporaries alone', async () => {
  await withTempDir(async (dir) => {
    const files = new Map(Array.from({ length: 20 }, (_, i) => [`d/f${i}.bin`, new Uint8Array(4 << 20)]));
    let seen = false;
    for (let attempt = 0; attempt < 5 && !seen; attempt++) {
      const publish = writeSite(files, dir);
      let finished = false;
      publish.then(
        () => {
          finished = true;
        },
        () => undefined,
      );
      while (!finished && !seen) {
        const names = await readdir(join(dir, 'd')).catch(() => [] as string[]);
        if (names.some(isTemporaryName)) {
          seen = true;
          assert.deepEqual(await removeStaleTemporaries(dir), [], 'nothing of a running publish is stale');
        }
      }
      assert.equal(await publish, files.size);
    }
    assert.ok(seen, 'a temporary was caught in the act');
    assert.equal((await listFiles(dir)).length, files.size);
  });
});
