import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { formatFailures, fuzz } from '../../test/fuzz/runner.js';
import type { Article } from '../model/types.js';
import { summarize } from './summarize.js';

const collapse = (s: string) => s.replace(/\s+/g, ' ');

describe('summariser, fuzzed', () => {
  test('mutated article texts and descriptions: a summary, no hang, bounded memory', async () => {
    const report = await fuzz('summarize', { cases: 150 });
    assert.equal(report.cases, 150);
    assert.deepEqual(report.failures, [], formatFailures(report));
  });

  test('property: at most k body sentences, each non-empty', () => {
    const sentence = fc
      .array(
        fc.constantFrom(
          'grid',
          'cable',
          'Mr.',
          'opened',
          'the',
          'U.S.',
          'said',
          '5.5%',
          '"quoted"',
          'Friday',
        ),
        {
          minLength: 3,
          maxLength: 14,
        },
      )
      .map((w) => `${w.join(' ')}.`);
    const paragraph = fc.array(sentence, { minLength: 1, maxLength: 6 }).map((s) => s.join(' '));
    fc.assert(
      fc.property(fc.array(paragraph, { maxLength: 8 }), fc.integer({ min: 1, max: 8 }), (paragraphs, k) => {
        const article: Article = {
          kind: 'article',
          url: 'https://e.example/a',
          title: 'Grid cable opens',
          text: paragraphs.join('\n\n'),
          paragraphs,
          paywalled: false,
        };
        const s = summarize(article, { sentences: k });
        if (s.source === 'body') assert.ok(s.sentences.length <= k);
        for (const x of s.sentences) {
          assert.ok(x.length > 0);
          assert.ok(collapse(article.text).includes(x.replace(/\.$/, '').slice(0, 20)), x);
        }
      }),
      { numRuns: 300 },
    );
  });
});
