/**
 * `npm run bench:reliability`: crash safety and robustness, measured (issue #9). Prints one line each:
 *
 *   kill-and-resume runs survived/total   SIGKILL at ≥ 20 points of a replayed run, mid-publish
 *                                         included, each rerun and checked (test/crash/harness.ts)
 *   fuzz cases/failures                   ≥ 100,000 mutation-fuzzer cases over eight stages, each under
 *                                         a 2 s watchdog with heap checks (test/fuzz/)
 *   hostile inputs tried/handled          attacker requests against a real serve, hostile pages
 *                                         through extract → publish (test/fuzz/hostile.ts)
 *   private-address attempts refused/total  loopback spellings through the live fetcher
 *
 * Options: --kills N (default 20), --scale F (fuzz cases × F, default 1), --seed S, --demo (the bundled
 * demo instead of ../shared/replay/realpages-dev.warc.gz), --only kills|fuzz|hostile.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  buildReference,
  killPoints,
  prepareScenario,
  type TrialResult,
  trial,
} from '../test/crash/harness.js';
import { hostileContent, hostileServe, privateAddresses } from '../test/fuzz/hostile.js';
import { type FuzzReport, formatFailures, fuzz } from '../test/fuzz/runner.js';

/** Cases per target: weighted by what a case costs, ≥ 100,000 in all at scale 1. */
const PLAN: Record<string, number> = {
  urls: 30_000,
  charset: 30_000,
  sentences: 15_000,
  config: 10_000,
  feeds: 7_000,
  serve: 5_000,
  extract: 2_500,
  summarize: 1_500,
};

const { values } = parseArgs({
  options: {
    kills: { type: 'string', default: '20' },
    scale: { type: 'string', default: '1' },
    seed: { type: 'string', default: '20261204' },
    demo: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
const started = performance.now();
const lines: string[] = [];
const details: string[] = [];
const wants = (part: string) => !values.only || values.only === part;
const s = (ms: number) => `${(ms / 1000).toFixed(0)} s`;

if (wants('kills')) {
  const t0 = performance.now();
  const work = await mkdtemp(join(tmpdir(), 'daybrief-bench-crash-'));
  try {
    const scenario = await prepareScenario(work, { demo: values.demo });
    const ref = await buildReference(scenario, work);
    const points = killPoints(ref, Number(values.kills));
    const results: TrialResult[] = [];
    for (const [i, point] of points.entries()) {
      const r = await trial(ref, point, work, i);
      results.push(r);
      const where = `${point.delayMs} ms after ${JSON.stringify(point.after ?? 'start')}`;
      const bad = [
        ...r.problems,
        ...r.temporariesAfterRerun.map((t) => `temporary left after the rerun: ${t}`),
      ];
      process.stderr.write(
        `kill ${i + 1}/${points.length} ${where}: ${r.killed ? `killed after ${JSON.stringify(r.killedAfter)}` : 'finished first'}${r.midWrite ? ', mid-write' : ''} → ${bad.length ? `FAILED: ${bad.join('; ')}` : 'ok'}\n`,
      );
      if (bad.length) details.push(`kill ${i + 1} (${where}): ${bad.join('; ')}`);
    }
    const survived = results.filter((r) => r.problems.length === 0 && r.temporariesAfterRerun.length === 0);
    const killed = results.filter((r) => r.killed).length;
    const inPublish = results.filter(
      (r) => r.killed && r.killedAfter !== undefined && /: publish$/.test(r.killedAfter),
    );
    const midWrite = results.filter((r) => r.midWrite).length;
    const temps = results.filter((r) => r.temporariesAfterKill.length > 0).length;
    lines.push(
      `kill-and-resume runs survived/total: ${survived.length}/${results.length} ` +
        `(${scenario.name}, ${ref.site.size} site files; ${killed} killed, ${inPublish.length} of them while publishing, ` +
        `${midWrite} with the site part old, part new; ${temps} left temporaries at the kill; ${s(performance.now() - t0)})`,
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

if (wants('fuzz')) {
  const t0 = performance.now();
  const reports: FuzzReport[] = [];
  for (const [target, n] of Object.entries(PLAN)) {
    const t1 = performance.now();
    const cases = Math.max(1, Math.round(n * Number(values.scale)));
    const report = await fuzz(target, { cases, seed: Number(values.seed) });
    reports.push(report);
    const heap = report.heapMb.length
      ? `heap ${Math.min(...report.heapMb).toFixed(0)}–${Math.max(...report.heapMb).toFixed(0)} MB`
      : '';
    process.stderr.write(
      `fuzz ${target}: ${report.cases} cases, ${report.handled} refused with a DaybriefError, ${report.failures.length} failures, ${heap}, ${s(performance.now() - t1)}\n`,
    );
    if (report.failures.length) details.push(formatFailures(report));
  }
  const cases = reports.reduce((n, r) => n + r.cases, 0);
  const failures = reports.flatMap((r) => r.failures);
  const kinds = (k: string) => failures.filter((f) => f.kind === k).length;
  lines.push(
    `fuzz cases/failures: ${cases}/${failures.length} (${reports.length} targets, seed ${values.seed}; ` +
      `${kinds('crash')} crashes, ${kinds('violation')} broken properties, ${kinds('hang')} hangs over 2 s, ` +
      `${kinds('memory')} heap blow-ups; ${s(performance.now() - t0)})`,
  );
}

if (wants('hostile')) {
  const t0 = performance.now();
  const content = hostileContent();
  const serve = await hostileServe();
  const tried = content.tried + serve.tried;
  const handled = content.handled + serve.handled;
  details.push(...content.notHandled, ...serve.notHandled);
  lines.push(
    `hostile inputs tried/handled: ${tried}/${handled} (${serve.tried} requests against a real serve: ${serve.handled} handled; ` +
      `${content.tried} hostile pages through extract → publish: ${content.handled} published without active content; ${s(performance.now() - t0)})`,
  );
  const priv = await privateAddresses();
  lines.push(
    priv.guard
      ? `private-address attempts refused/total: ${priv.refused}/${priv.total} (${priv.fetched} fetched)`
      : `private-address attempts refused/total: n/a until the guard lands (on this branch ${priv.refused}/${priv.total} refused, ${priv.fetched} fetched)`,
  );
}

if (details.length) process.stdout.write(`\nnot survived / not handled:\n  ${details.join('\n  ')}\n\n`);
process.stdout.write(`${lines.join('\n')}\nwall time: ${s(performance.now() - started)}\n`);
