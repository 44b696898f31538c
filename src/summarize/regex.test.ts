import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../test/fuzz/mutate.js';
import { factorAlternatives, topAlternatives } from './regex.js';

test('top-level alternatives leave groups, classes and escapes whole', () => {
  assert.deepEqual(topAlternatives(String.raw`a|b(?:c|d)|[|]|\||e`), [
    'a',
    'b(?:c|d)',
    '[|]',
    String.raw`\|`,
    'e',
  ]);
});

test('alternatives are merged on their leading literals', () => {
  assert.equal(factorAlternatives(/read|ready|rest|by\b/i).source, String.raw`(?:re(?:ad(?:|y)|st)|by\b)`);
  // A quantified character stays with the rest of its alternative.
  assert.equal(factorAlternatives(/log ?in|login/).source, 'log(?: ?in|in)');
  assert.equal(factorAlternatives(/(a)b|ac/).source, '(a)b|ac');
});

test('a factored pattern matches exactly the texts the pattern matches, at the same index', () => {
  const patterns = [
    /regist|sign|subscri|here\s*[.!]*$|log ?in|by\b|this (?:article|story|content)|\(c\)|\/|©|ver más|mis à jour|see|seen|sees/i,
    /ab|abc|a\.b|a+c|b{2}|(?:x|y)z|[ab]c|^ca|c$/u,
  ];
  const pieces = [
    're',
    'gist',
    'sign',
    'Sub',
    'scri',
    'here',
    ' ',
    '.',
    '!',
    'log',
    'in',
    'by',
    'bye',
    'this ',
    'article',
    'Story',
    '(c)',
    '/',
    '©',
    'ver ',
    'más',
    'MIS À ',
    'jour',
    'see',
    'n',
    's',
    'a',
    'b',
    'c',
    'x',
    'y',
    'z',
    '\n',
    '1',
  ];
  const r = new Rng(42);
  for (const re of patterns) {
    const f = factorAlternatives(re);
    assert.notEqual(f.source, re.source);
    for (let n = 0; n < 20000; n++) {
      let s = '';
      const len = r.int(8);
      for (let j = 0; j < len; j++) s += pieces[r.int(pieces.length)];
      assert.equal(f.test(s), re.test(s), `${re} on ${JSON.stringify(s)}`);
      assert.equal(s.search(f), s.search(re), `${re} on ${JSON.stringify(s)}`);
    }
  }
});
