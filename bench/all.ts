/**
 * Runs every benchmark in turn (each skips with a message when ../shared/bench is absent). Long: keep
 * it out of `npm test`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
let failed = 0;
for (const name of ['extract', 'summarize', 'cluster']) {
  const file = `${here}${name}.ts`;
  if (!existsSync(file)) {
    process.stdout.write(`bench ${name}: not written yet, skipped\n`);
    continue;
  }
  process.stdout.write(`\n=== bench ${name} ===\n`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit' });
  if (run.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
