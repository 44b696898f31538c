/**
 * Crash safety: a replayed run of the bundled demo's last day (on top of its first six days) is killed
 * with SIGKILL at a few points — during fetching and during publishing — and run again; after each,
 * the database and the site must be as a clean run leaves them (see `crash/harness.ts`).
 * `npm run bench:reliability` does the same at twenty and more points over the shared real-pages archive.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildReference, killPoints, prepareScenario, type Reference, trial } from './crash/harness.js';

describe('kill -9 and resume', () => {
  let work = '';
  let ref: Reference;
  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'daybrief-crash-'));
    ref = await buildReference(await prepareScenario(work, { demo: true }), work);
  });
  after(async () => {
    await rm(work, { recursive: true, force: true });
  });

  test('the reference run publishes a site that changes the base', () => {
    assert.ok(ref.site.size > ref.base.size, 'the trial day adds files');
    const changed = [...ref.base].filter(([rel, bytes]) => !ref.site.get(rel)?.equals(bytes));
    assert.ok(changed.length > 0, 'the index pages and feeds have an old and a new version');
  });

  test('three kill points, one of them in the publish phase, each resumed to the clean result', async () => {
    const points = killPoints(ref, 3);
    assert.ok(points.some((p) => p.publish));
    let id = 0;
    for (const point of points) {
      const r = await trial(ref, point, work, id++);
      const where = `killed ${point.delayMs} ms after ${JSON.stringify(point.after ?? 'the start')}`;
      assert.deepEqual(r.problems, [], where);
      // A kill between a temporary's write and its rename leaves one behind; the rerun's publish
      // clears it (src/publish/write.ts, removeStaleTemporaries).
      assert.deepEqual(r.temporariesAfterRerun, [], `temporaries left after the rerun (${where})`);
    }
  });
});
