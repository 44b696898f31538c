/**
 * Reruns one fuzz case in this process and prints its input and outcome:
 * `node --import tsx test/fuzz/repro.ts <target> <seed> <case> [--dump FILE]`.
 */
import { writeFile } from 'node:fs/promises';
import { caseRng, preview } from './mutate.js';
import { TARGETS } from './targets.js';

const [name = '', seed = '1', index = '0'] = process.argv.slice(2);
const dump = process.argv.indexOf('--dump');
const target = TARGETS[name];
if (!target) throw new Error(`targets: ${Object.keys(TARGETS).join(', ')}`);
const input = target.input(caseRng(Number(seed), Number(index)), await target.seeds());
process.stdout.write(`input: ${preview(input, 2000)}\n`);
if (dump > 0) await writeFile(process.argv[dump + 1] as string, JSON.stringify(input));
const resources = target.setup ? await target.setup() : undefined;
const started = performance.now();
try {
  await target.run(input, resources);
  process.stdout.write(`passed in ${(performance.now() - started).toFixed(0)} ms\n`);
} catch (err) {
  process.stdout.write(
    `threw after ${(performance.now() - started).toFixed(0)} ms: ${(err as Error).stack}\n`,
  );
} finally {
  if (target.teardown) await target.teardown(resources);
}
