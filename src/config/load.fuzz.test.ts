import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { formatFailures, fuzz } from '../../test/fuzz/runner.js';
import { DaybriefError } from '../model/errors.js';
import { parseConfig } from './load.js';

describe('config loader, fuzzed', () => {
  test('mutated config objects and files: a valid config or CONFIG_*, never a crash', async () => {
    const report = await fuzz('config', { cases: 600 });
    assert.equal(report.cases, 600);
    assert.deepEqual(report.failures, [], formatFailures(report));
    assert.ok(report.handled > 0, 'some mutations are refused');
  });

  test('property: any JSON value is a config or a CONFIG_INVALID naming what is wrong', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          parseConfig(value);
        } catch (err) {
          assert.ok(err instanceof DaybriefError && err.code === 'CONFIG_INVALID', String(err));
          assert.match(err.message, /not valid|slug/);
        }
      }),
      { numRuns: 500 },
    );
  });

  test('property: any topic name gives a slug that is a safe path segment', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 80 }).filter((s) => s.trim().length > 0),
        (name) => {
          const config = parseConfig({ topics: [{ name, feeds: ['https://f.example/rss'] }] });
          const slug = config.topics[0]?.slug ?? '';
          assert.match(slug, /^[a-z0-9][a-z0-9-]*$/);
          assert.ok(slug.length <= 60);
        },
      ),
      { numRuns: 500 },
    );
  });
});
