import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DaybriefError } from '../model/errors.js';
import { allowHosts, resolveAllowHosts, resolveConfig } from './topic-args.js';

test('--allow-host adds to fetch.allowHosts, resolved with the other settings', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'daybrief-args-'));
  try {
    const file = join(dir, 'daybrief.config.json');
    await writeFile(
      file,
      JSON.stringify({ fetch: { allowHosts: ['intranet.example'] }, topics: [{ name: 'x', query: 'x' }] }),
    );
    const config = await resolveConfig({ config: file, allowHost: ['127.0.0.1:8080', 'intranet.example'] });
    assert.deepEqual(config.fetch.allowHosts, ['intranet.example', '127.0.0.1:8080']);
    assert.deepEqual(await resolveAllowHosts({ config: file }), ['intranet.example']);
    const flagsOnly = await resolveConfig({ topic: 'T', query: 'q', allowHost: ['[::1]:9000'] });
    assert.deepEqual(flagsOnly.fetch.allowHosts, ['[::1]:9000']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a bad --allow-host says what it expects', () => {
  assert.throws(
    () => allowHosts([], ['127.0.0.1:80', 'http://127.0.0.1/']),
    (err: unknown) => {
      assert.ok(err instanceof DaybriefError);
      assert.equal(err.code, 'CLI_BAD_FLAG');
      assert.equal(
        err.message,
        'cli: --allow-host expects HOST or HOST:PORT (e.g. 127.0.0.1:8080 or [::1]:8080), got "http://127.0.0.1/"',
      );
      return true;
    },
  );
});
