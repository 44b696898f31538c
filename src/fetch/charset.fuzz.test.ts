import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { formatFailures, fuzz } from '../../test/fuzz/runner.js';
import { decodeBody } from './charset.js';

describe('charset decoder, fuzzed', () => {
  test('mutated bench pages and feeds (flipped bytes, BOMs, invalid UTF-8, odd labels): always decodes', async () => {
    const report = await fuzz('charset', { cases: 800 });
    assert.equal(report.cases, 800);
    assert.deepEqual(report.failures, [], formatFailures(report));
  });

  test('property: any bytes under any Content-Type decode to text and a charset name', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 2000 }),
        fc.option(fc.string({ maxLength: 60 })),
        (bytes, ct) => {
          const d = decodeBody(bytes, ct ?? undefined);
          assert.equal(typeof d.text, 'string');
          assert.ok(d.charset.length > 0);
        },
      ),
      { numRuns: 1000 },
    );
  });

  test('property: UTF-8 text declared as UTF-8 (header, meta or nothing) decodes to itself', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 200 }).filter((s) => !s.startsWith('\uFEFF')),
        fc.constantFrom('text/html; charset=utf-8', 'text/html', undefined),
        (text, ct) => {
          assert.equal(decodeBody(new TextEncoder().encode(text), ct).text, text);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
