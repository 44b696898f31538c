import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { formatFailures, fuzz } from '../../test/fuzz/runner.js';
import { splitSentences } from './sentences.js';

const strip = (s: string) => s.replace(/[\s\u00a0]+/g, '');

describe('sentence segmenter, fuzzed', () => {
  test('mutated seeds (golden rules, inline texts): no crash, no hang, bounded memory', async () => {
    const report = await fuzz('sentences', { cases: 600 });
    assert.equal(report.cases, 600);
    assert.deepEqual(report.failures, [], formatFailures(report));
  });

  test('regression: a long run of quotes before the last word ends in time (was quadratic)', async () => {
    // Found by the fuzzer in a summarised description: the last-word regex backtracked over the run.
    const text = `Hello ${'"'.repeat(200_000)} end. Next one here.`;
    const report = await fuzz('sentences', { cases: 1, inputs: [{ text, lang: 'en' }], budgetMs: 2000 });
    assert.deepEqual(report.failures, [], formatFailures(report));
    assert.equal(report.cases, 1);
  });

  test('property: sentences are trimmed, non-empty, and together hold every non-space character in order', () => {
    const text = fc.array(
      fc.oneof(
        fc.string({ maxLength: 12 }),
        fc.constantFrom(
          '. ',
          '? ',
          '! ',
          '... ',
          'Mr. ',
          'U.S. ',
          '"',
          '» ',
          '\n\n',
          '\n',
          '1) ',
          'a. ',
          '• ',
          'E. ',
          '。',
        ),
      ),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(text, fc.constantFrom('en', 'de', 'fr', 'ja', 'xx'), (parts, lang) => {
        const input = parts.join('');
        const out = splitSentences(input, lang);
        for (const s of out) assert.ok(s.length > 0 && s === s.trim(), JSON.stringify(s));
        assert.equal(strip(out.join('')), strip(input));
      }),
      { numRuns: 1500 },
    );
  });
});
