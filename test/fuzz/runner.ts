/**
 * Runs a fuzz target in a worker thread under a watchdog: a case that runs longer than the budget
 * (default 2 s) is a hang, reported with its input, and the worker is restarted after it; a worker
 * that runs out of memory is reported likewise. The heap measured at each batch must not keep growing
 * (bounded memory). Results are counts and failures, not timings.
 */
import { Worker } from 'node:worker_threads';
import { caseRng, preview } from './mutate.js';
import { TARGETS } from './targets.js';
import type { WorkerJob, WorkerMessage } from './worker.js';

const BOOT = new URL('./boot.mjs', import.meta.url);

export interface FuzzFailure {
  case: number;
  kind: 'crash' | 'violation' | 'hang' | 'memory';
  message: string;
  input: string;
}

export interface FuzzReport {
  target: string;
  cases: number;
  /** Cases refused with a DaybriefError (bad input rejected the documented way). */
  handled: number;
  failures: FuzzFailure[];
  /** Heap after each batch, MB (per worker run). */
  heapMb: number[];
  /** Reproduce case i: `node --import tsx test/fuzz/repro.ts <target> <seed> <i>`. */
  seed: number;
}

export interface FuzzOptions {
  cases: number;
  seed?: number;
  /** Per-case budget before a case counts as a hang; default 2000 ms. */
  budgetMs?: number;
  /** Allowed heap growth from the first measured batch to the last; default 96 MB. */
  heapGrowthMb?: number;
  /** Heap measurements per run; default 10. */
  batches?: number;
  /** Setting up (loading seeds, building the demo) may take this long; default 120 s. */
  setupMs?: number;
  /** Run these inputs (regression cases) instead of generated ones; `cases` is then their number. */
  inputs?: unknown[];
}

/** The input of case `i`, for a report. */
async function describeCase(name: string, seed: number, i: number, inputs?: unknown[]): Promise<string> {
  const target = TARGETS[name];
  if (!target || i < 0) return '(setting up)';
  if (inputs) return preview(inputs[i]);
  return preview(target.input(caseRng(seed, i), await target.seeds()));
}

interface Segment {
  cases: number;
  handled: number;
  /** The case after the last one run (restart point), or undefined when the segment ended normally. */
  stoppedAt?: number;
}

function runSegment(
  name: string,
  job: Omit<WorkerJob, 'current'>,
  opts: Required<Omit<FuzzOptions, 'inputs'>>,
  report: FuzzReport,
): Promise<Segment> {
  const current = new Int32Array(new SharedArrayBuffer(4));
  Atomics.store(current, 0, -1);
  const worker = new Worker(BOOT, {
    workerData: { ...job, current },
    resourceLimits: { maxOldGenerationSizeMb: 2048 },
    stdout: true,
    stderr: true,
  });
  const heap: number[] = [];
  return new Promise((resolve) => {
    let settled = false;
    let last = -2;
    let since = performance.now();
    const finish = (segment: Segment) => {
      if (settled) return;
      settled = true;
      clearInterval(watchdog);
      report.heapMb.push(...heap);
      const growth = heap.length >= 3 ? (heap.at(-1) as number) - (heap[1] as number) : 0;
      if (growth > opts.heapGrowthMb) {
        report.failures.push({
          case: job.from,
          kind: 'memory',
          message: `heap grew by ${growth.toFixed(0)} MB over cases ${job.from}–${job.to} (${heap.map((h) => h.toFixed(0)).join(', ')} MB)`,
          input: '(many)',
        });
      }
      void worker.terminate();
      resolve(segment);
    };
    const stop = (kind: FuzzFailure['kind'], message: string) => {
      const i = Atomics.load(current, 0);
      void describeCase(name, job.seed, i, job.inputs).then((input) => {
        report.failures.push({ case: i, kind, message, input });
        finish({
          cases: Math.max(0, i - job.from + 1),
          handled: 0,
          stoppedAt: Math.max(i + 1, job.from + 1),
        });
      });
      clearInterval(watchdog);
      void worker.terminate();
    };
    const watchdog = setInterval(
      () => {
        const i = Atomics.load(current, 0);
        const now = performance.now();
        if (i !== last) {
          last = i;
          since = now;
        } else if (now - since > (i < 0 ? opts.setupMs : opts.budgetMs)) {
          stop('hang', i < 0 ? 'setting up took too long' : `case ran longer than ${opts.budgetMs} ms`);
        }
      },
      Math.max(20, Math.floor(opts.budgetMs / 8)),
    );
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'heap') heap.push(m.bytes / 2 ** 20);
      else if (m.type === 'failure') {
        void describeCase(name, job.seed, m.case, job.inputs).then((input) =>
          report.failures.push({ case: m.case, kind: m.kind, message: m.message, input }),
        );
      } else if (m.type === 'end') finish({ cases: m.cases, handled: m.handled });
    });
    worker.on('error', (err: Error & { code?: string }) => {
      if (settled) return;
      stop(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'crash', `${err.name}: ${err.message}`);
    });
  });
}

/** Runs `opts.cases` cases of the target `name`; restarts after a hang or a dead worker. */
export async function fuzz(name: string, options: FuzzOptions): Promise<FuzzReport> {
  const opts: Required<Omit<FuzzOptions, 'inputs'>> = {
    seed: 1,
    budgetMs: 2000,
    heapGrowthMb: 96,
    batches: 10,
    setupMs: 120_000,
    ...options,
    cases: options.inputs ? options.inputs.length : options.cases,
  };
  const report: FuzzReport = {
    target: name,
    cases: 0,
    handled: 0,
    failures: [],
    heapMb: [],
    seed: opts.seed,
  };
  const batch = Math.max(1, Math.ceil(opts.cases / opts.batches));
  let from = 0;
  while (from < opts.cases) {
    const job = { target: name, seed: opts.seed, from, to: opts.cases, batch };
    const seg = await runSegment(
      name,
      options.inputs ? { ...job, inputs: options.inputs } : job,
      opts,
      report,
    );
    report.cases += seg.cases;
    report.handled += seg.handled;
    if (seg.stoppedAt === undefined) break;
    from = seg.stoppedAt;
  }
  // Failure messages from the last batch may still be on their way through describeCase.
  await new Promise((r) => setTimeout(r, 50));
  report.failures.sort((a, b) => a.case - b.case);
  return report;
}

/** One line per failure, for assertion messages and the bench. */
export function formatFailures(report: FuzzReport): string {
  return report.failures
    .map(
      (f) =>
        `${report.target} case ${f.case} (seed ${report.seed}) ${f.kind}: ${f.message}\n  input: ${f.input}`,
    )
    .join('\n');
}
