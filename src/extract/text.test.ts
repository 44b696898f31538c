import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { anyOf, collapseWhitespace } from './text.js';

test('anyOf matches where any of its patterns does, with their flags', () => {
  const patterns = [/^read more\s*:/i, /(subscribers|members) only/i, /^(a|b)c$/i];
  const any = anyOf(patterns);
  for (const s of ['Read more: x', 'For MEMBERS only', 'bc', 'xbc', 'read more', 'ac ', '']) {
    assert.equal(
      any.test(s),
      patterns.some((re) => re.test(s)),
      s,
    );
  }
  // Anchors stay with their own pattern.
  assert.equal(any.test('x Read more:'), false);
});

test('anyOf refuses patterns it cannot join faithfully', () => {
  assert.throws(() => anyOf([/a/i, /b/]), SyntaxError);
  assert.throws(() => anyOf([/a/g, /b/g]), SyntaxError);
  assert.throws(() => anyOf([/(a)\1/]), SyntaxError);
  assert.equal(anyOf([]).test('x'), false);
});

test('collapseWhitespace turns every whitespace run into one space and trims', () => {
  const reference = (s: string) => s.replace(/[\s\u00a0\u200b\u2028\u2029\ufeff]+/g, ' ').trim();
  const piece = fc.constantFrom(
    ' ',
    '  ',
    '\t',
    '\n',
    '\u00a0',
    '\u200b',
    '\u2028',
    '\u3000',
    '\ufeff',
    'a',
    'bc',
  );
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
      const s = pieces.join('');
      assert.equal(collapseWhitespace(s), reference(s));
    }),
    { numRuns: 2_000 },
  );
  assert.equal(collapseWhitespace(' a  b\u00a0c \n d '), 'a b c d');
});
