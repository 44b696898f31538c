/** Runs `bin/daybrief.js` as a child process with the probe (peak RSS) and, optionally, a CPU profile. */
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** The CLI the bench runs: `bin/daybrief.js`, or another build's (`--bin`, e.g. a baseline copy). */
let BIN = join(ROOT, 'bin', 'daybrief.js');

/** Runs `file` instead of this checkout's `bin/daybrief.js` (a baseline build, for same-run A/B). */
export function useBin(file: string): void {
  BIN = resolve(file);
}
const PROBE = join(ROOT, 'bench', 'e2e', 'probe.mjs');

/** A line the child wrote on stderr, with the time (ms since its start) it arrived. */
export interface TimedLine {
  at: number;
  text: string;
}

export interface ChildResult {
  code: number;
  ms: number;
  lines: TimedLine[];
}

export interface SpawnOptions {
  /** Where the probe writes <pid>.json. */
  probeDir: string;
  /** Where V8 writes the CPU profile; none when unset. */
  profileDir?: string;
  env?: NodeJS.ProcessEnv;
}

/** Runs `daybrief <args>` and settles when it exits, with its stderr lines timed. */
export function daybrief(args: string[], opts: SpawnOptions): Promise<ChildResult> {
  const node = ['--import', PROBE];
  if (opts.profileDir) node.push('--cpu-prof', `--cpu-prof-dir=${opts.profileDir}`);
  const started = performance.now();
  const child = spawn(process.execPath, [...node, BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...opts.env, DAYBRIEF_E2E_PROBE: opts.probeDir },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const lines: TimedLine[] = [];
  let partial = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    const at = performance.now() - started;
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    for (const text of parts) lines.push({ at, text });
  });
  return new Promise((ok, fail) => {
    child.on('error', fail);
    child.on('close', (code) => {
      if (partial) lines.push({ at: performance.now() - started, text: partial });
      ok({ code: code ?? 1, ms: performance.now() - started, lines });
    });
  });
}

/** Peak RSS (MB) of each process that wrote a probe file in `dir`. */
export async function peakRss(dir: string): Promise<number[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json'));
  const out: number[] = [];
  for (const f of files) {
    const stats = JSON.parse(await readFile(join(dir, f), 'utf8')) as { maxRssKb: number };
    out.push(stats.maxRssKb / 1024);
  }
  return out;
}

/** What the process with the highest RSS in `dir` held at that moment (MB): heap used and total, external, ArrayBuffers. */
export async function heldAtPeak(dir: string): Promise<string> {
  let best: { rss: number; heapUsed?: number; heapTotal?: number; external?: number; arrayBuffers?: number } =
    {
      rss: 0,
    };
  for (const f of (await readdir(dir)).filter((f) => f.endsWith('.json'))) {
    const at = (JSON.parse(await readFile(join(dir, f), 'utf8')) as { atPeak?: typeof best }).atPeak;
    if (at && at.rss > best.rss) best = at;
  }
  if (!best.rss) return 'not sampled';
  const mb = (n = 0) => (n / 2 ** 20).toFixed(0);
  const outside = best.rss - (best.heapTotal ?? 0) - (best.external ?? 0);
  return `at peak RSS ${mb(best.rss)} MB (sampled): V8 heap ${mb(best.heapUsed)} used of ${mb(best.heapTotal)}, external ${mb(best.external)} (ArrayBuffers ${mb(best.arrayBuffers)}), the rest ${mb(outside)} (code, native libraries, allocator)`;
}

/** CPU time (user + system, ms) of the processes that wrote a probe file in `dir`, summed. */
export async function cpuMs(dir: string): Promise<number> {
  let us = 0;
  for (const f of (await readdir(dir)).filter((f) => f.endsWith('.json'))) {
    us += (JSON.parse(await readFile(join(dir, f), 'utf8')) as { cpuUs: number }).cpuUs;
  }
  return us / 1000;
}

/** Round trips to Postgres of the processes that wrote a probe file in `dir`: in all, and by statement. */
export async function roundTrips(dir: string): Promise<{ total: number; byStatement: Map<string, number> }> {
  const byStatement = new Map<string, number>();
  let total = 0;
  for (const f of (await readdir(dir)).filter((f) => f.endsWith('.json'))) {
    const q = (JSON.parse(await readFile(join(dir, f), 'utf8')) as { queries?: Record<string, number> })
      .queries;
    for (const [k, n] of Object.entries(q ?? {})) {
      byStatement.set(k, (byStatement.get(k) ?? 0) + n);
      total += n;
    }
  }
  return { total, byStatement };
}

/** Throws with the child's last lines when it failed. */
export function check(what: string, r: ChildResult): ChildResult {
  if (r.code !== 0) {
    const tail = r.lines
      .slice(-8)
      .map((l) => `  ${l.text}`)
      .join('\n');
    throw new Error(`${what} exited with ${r.code}:\n${tail}`);
  }
  return r;
}

export { ROOT };
