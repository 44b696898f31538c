import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { formatFailures, fuzz } from '../../test/fuzz/runner.js';
import { urlKey } from './urls.js';

describe('URL canonicaliser, fuzzed', () => {
  test('mutated and assembled URLs (odd schemes, ports, escapes, NULs, surrogates): a key, no hang', async () => {
    const report = await fuzz('urls', { cases: 1500 });
    assert.equal(report.cases, 1500);
    assert.deepEqual(report.failures, [], formatFailures(report));
  });

  test('property: a fragment, a tracking parameter or a www. prefix never changes the key', () => {
    const url = fc.webUrl({ validSchemes: ['http', 'https'], withQueryParameters: true });
    fc.assert(
      fc.property(url, (u) => {
        const base = u.split('#')[0] as string;
        const key = urlKey(base);
        assert.equal(urlKey(`${base}#section`), key);
        assert.equal(urlKey(`${base}${base.includes('?') ? '&' : '?'}utm_source=newsletter`), key);
        const parsed = new URL(base);
        if (!/^(www|m|mobile|amp)\./i.test(parsed.hostname)) {
          parsed.hostname = `www.${parsed.hostname}`;
          assert.equal(urlKey(parsed.href), key, parsed.href);
        }
      }),
      { numRuns: 1000 },
    );
  });

  test('property: any string gives a string key, the same each time', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        assert.equal(typeof urlKey(s), 'string');
        assert.equal(urlKey(s), urlKey(s));
      }),
      { numRuns: 1000 },
    );
  });
});
