import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { formatFailures, fuzz } from '../../test/fuzz/runner.js';
import { staticHandler } from './static.js';

describe('serve request handling, fuzzed', () => {
  test('mutated paths, queries and methods against the demo site and its search API: never a 5xx, nothing outside the site, no markup reflected', async () => {
    const report = await fuzz('serve', { cases: 400 });
    assert.equal(report.cases, 400);
    assert.deepEqual(report.failures, [], formatFailures(report));
  });

  describe('property over the static handler', () => {
    let work = '';
    let handler: (req: Request) => Promise<Response>;
    before(async () => {
      work = await mkdtemp(join(tmpdir(), 'daybrief-serve-prop-'));
      await writeFile(join(work, 'outside.txt'), 'OUTSIDE');
      const root = join(work, 'site');
      await import('node:fs/promises').then((fs) => fs.mkdir(join(root, 'a'), { recursive: true }));
      await writeFile(join(root, 'index.html'), '<p>home</p>');
      await writeFile(join(root, 'a', 'index.html'), '<p>a</p>');
      handler = staticHandler(root);
    });
    after(async () => {
      await rm(work, { recursive: true, force: true });
    });

    test('any path: 200, 301, 400, 404 or 405, and never the file beside the root', async () => {
      const part = fc.oneof(
        fc.string({ maxLength: 8 }),
        fc.constantFrom(
          '..',
          '%2e%2e',
          '%2f',
          '%5c',
          '%00',
          '%',
          'a',
          'index.html',
          '..%2f',
          '%c0%ae',
          'outside.txt',
        ),
      );
      await fc.assert(
        fc.asyncProperty(
          fc.array(part, { maxLength: 6 }),
          fc.constantFrom('GET', 'HEAD', 'POST'),
          async (parts, method) => {
            const res = await handler(new Request(`http://127.0.0.1/${parts.join('/')}`, { method }));
            assert.ok([200, 301, 400, 404, 405].includes(res.status), String(res.status));
            assert.ok(!(await res.text()).includes('OUTSIDE'));
          },
        ),
        { numRuns: 400 },
      );
    });
  });
});
