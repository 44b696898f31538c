import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../test/fuzz/mutate.js';
import { langData } from './languages.js';
import { isCollapsedPlain, terms, wordCount } from './tokens.js';

test('wordCount counts runs of letters and digits in any script', () => {
  assert.equal(wordCount(''), 0);
  assert.equal(wordCount('The U.S. economy grew 2.5% in Q3.'), 9);
  assert.equal(wordCount('Ça va, señor? Übermäßig — naïve café'), 6);
  assert.equal(wordCount('“Quoted” words… and—dashes'), 4);
  assert.equal(wordCount('Ελληνικά και русский текст'), 4);
  // Astral letters (Mathematical Alphanumerics) are letters; an emoji between words is not.
  assert.equal(wordCount('𝐀𝐁 cd 😀 ef'), 3);
  // The same text twice in a row gets the same count.
  assert.equal(wordCount('one two'), 2);
  assert.equal(wordCount('one two'), 2);
});

test('wordCount counts a Han or kana run as one word per two characters', () => {
  assert.equal(wordCount('東京都'), 2);
  assert.equal(wordCount('Tokyo 東京 2024'), 3);
  assert.equal(wordCount('ひらがなとカタカナ'), 5);
});

test('isCollapsedPlain is true only when collapsing spaces, trimming and dropping format characters change nothing', () => {
  const cases = [
    'A plain sentence.',
    '“Curly quotes” and café.',
    ' leading space',
    'trailing space ',
    'two  spaces',
    'a\ttab',
    'a\nline',
    'no\u00a0break',
    'thin\u2009space',
    'zero\u200bwidth',
    'soft\u00adhyphen',
    'bom\ufeff',
    'emoji 😀 here',
    '',
  ];
  const slow = (s: string) =>
    s
      .replace(/[\p{Cf}]/gu, '')
      .replace(/\s+/g, ' ')
      .trim() === s && s !== '';
  for (const s of cases) {
    if (isCollapsedPlain(s)) assert.ok(slow(s), JSON.stringify(s));
  }
  assert.equal(isCollapsedPlain('A plain sentence.'), true);
  assert.equal(isCollapsedPlain('“Curly quotes” and café.'), true);
  assert.equal(isCollapsedPlain('two  spaces'), false);
  assert.equal(isCollapsedPlain('no\u00a0break'), false);
  assert.equal(isCollapsedPlain('zero\u200bwidth'), false);
  assert.equal(isCollapsedPlain(' leading space'), false);
  assert.equal(isCollapsedPlain('trailing space '), false);
});

test('terms scan the words a regex finds, possessives cut, on random texts', () => {
  // terms as first written, for English: regex words of the lower-cased text, possessive `'s` cut, stopwords out.
  const reference = (text: string) =>
    (text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? [])
      .map((w) => (/['’]s$/.test(w) ? w.slice(0, -2) : w))
      .filter((w) => w.length >= 2 && !langData('en').stopwords.has(w));
  const pieces = [
    "'",
    '’',
    's',
    "'s",
    'rock',
    "n'",
    'the',
    'Ünd',
    'İ',
    'x2',
    '3',
    '٣',
    'Ⅳ',
    '𝐀',
    '\ud800',
    'ß',
    ' ',
    '-',
    '.',
    'é',
    'ǅ',
    'a',
  ];
  const r = new Rng(3);
  for (let k = 0; k < 20000; k++) {
    let s = '';
    for (let j = r.int(10); j >= 0; j--) s += pieces[r.int(pieces.length)];
    assert.deepEqual(terms(s, langData('en'), 'en'), reference(s), JSON.stringify(s));
  }
});
