/**
 * The fuzzing worker thread: runs cases `from` to `to` of one target and reports each failure; the
 * case in progress is published in shared memory so that the main thread's watchdog can tell a hang
 * apart and name the case. The heap is measured after a forced collection at every batch.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import { DaybriefError } from '../../src/model/errors.js';
import { caseRng } from './mutate.js';
import { TARGETS, Violation } from './targets.js';

export interface WorkerJob {
  target: string;
  seed: number;
  from: number;
  to: number;
  batch: number;
  /** Given inputs (regression cases) instead of generated ones: case i is inputs[i]. */
  inputs?: unknown[];
  /** [0]: the case in progress (-1 while setting up). */
  current: Int32Array;
}

export type WorkerMessage =
  | { type: 'failure'; case: number; kind: 'crash' | 'violation'; message: string }
  | { type: 'heap'; case: number; bytes: number }
  | { type: 'end'; cases: number; handled: number };

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const job = workerData as WorkerJob;
const post = (m: WorkerMessage) => parentPort?.postMessage(m);
const target = TARGETS[job.target];
if (!target) throw new Error(`no fuzz target ${job.target}`);
const seeds = await target.seeds();
Atomics.store(job.current, 0, -1);
const resources = target.setup ? await target.setup() : undefined;
let handled = 0;
let cases = 0;
const heap = (i: number) => {
  gc();
  post({ type: 'heap', case: i, bytes: getHeapStatistics().used_heap_size });
};
heap(job.from);
for (let i = job.from; i < job.to; i++) {
  Atomics.store(job.current, 0, i);
  try {
    const input = job.inputs ? job.inputs[i] : target.input(caseRng(job.seed, i), seeds);
    const result = target.run(input, resources);
    if (result instanceof Promise) await result;
  } catch (err) {
    if (err instanceof DaybriefError) handled++;
    else {
      const e = err instanceof Error ? err : new Error(String(err));
      const where = (e.stack ?? '').split('\n').slice(1, 4).join(' ').replace(/\s+/g, ' ');
      post({
        type: 'failure',
        case: i,
        kind: err instanceof Violation ? 'violation' : 'crash',
        message: `${e.name}: ${e.message.slice(0, 400)}${err instanceof Violation ? '' : ` ${where}`}`,
      });
    }
  }
  cases++;
  if ((i - job.from + 1) % job.batch === 0) heap(i + 1);
}
if (target.teardown) await target.teardown(resources);
post({ type: 'end', cases, handled });
