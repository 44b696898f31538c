import assert from 'node:assert/strict';
import { mkdtemp, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeSite } from '../publish/write.js';
import { siteGeneration } from './site.js';

test('the generation changes with each rebuild: at once for one here, within the window for another process', async () => {
  const root = await mkdtemp(join(tmpdir(), 'daybrief-generation-'));
  let clock = 0;
  const generation = siteGeneration(root, { revalidateMs: 1000, now: () => clock });
  assert.equal(generation(), undefined, 'no site yet');
  await writeSite(new Map([['index.html', '<h1>1</h1>']]), root);
  const first = generation();
  assert.ok(first, 'a publish here is seen at once');
  // Another process replaces the home page: seen once the window is over.
  await writeFile(join(root, 'next.html'), '<h1>2</h1>');
  await rename(join(root, 'next.html'), join(root, 'index.html'));
  clock += 999;
  assert.equal(generation(), first);
  clock += 1;
  const second = generation();
  assert.notEqual(second, first);
  await writeSite(new Map([['index.html', '<h1>3</h1>']]), root);
  assert.notEqual(generation(), second);
});
