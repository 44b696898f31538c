import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DaybriefError } from '../model/errors.js';
import { natoSite } from './fixtures.test.js';
import { buildSite } from './site.js';
import { writeSite } from './write.js';

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
