import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadConfig } from './load.js';

test('the example configuration in the repository is valid', async () => {
  const config = await loadConfig(
    fileURLToPath(new URL('../../daybrief.config.example.json', import.meta.url)),
  );
  assert.deepEqual(
    config.topics.map((t) => t.slug),
    ['nato', 'baltic-energy'],
  );
  assert.equal(config.topics[1]?.maxArticles, 1000);
});
