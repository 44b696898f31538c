import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { splitSentences } from './sentences.js';

test('titles and prepositive abbreviations do not end sentences', () => {
  assert.deepEqual(
    splitSentences('Gen. Mark Ortiz met Sen. Alma Reyes and Dr. Chen on Friday. Mr. Ortiz left early.'),
    ['Gen. Mark Ortiz met Sen. Alma Reyes and Dr. Chen on Friday.', 'Mr. Ortiz left early.'],
  );
});

test('U.S. joins a following name but ends a sentence before a typical opener', () => {
  assert.deepEqual(splitSentences('The U.S. Navy sent two ships. Officials in the U.S. They said nothing.'), [
    'The U.S. Navy sent two ships.',
    'Officials in the U.S.',
    'They said nothing.',
  ]);
});

test('month abbreviations before a day number, and numeric abbreviations', () => {
  assert.deepEqual(splitSentences('The vote is set for Jan. 30 in Ankara. See No. 4 on the list.'), [
    'The vote is set for Jan. 30 in Ankara.',
    'See No. 4 on the list.',
  ]);
});

test('initials stay with the name', () => {
  assert.deepEqual(splitSentences('The report was written by Harriet K. Olsen. It runs to 40 pages.'), [
    'The report was written by Harriet K. Olsen.',
    'It runs to 40 pages.',
  ]);
});

test('decimals and money do not split', () => {
  assert.deepEqual(splitSentences('The deal is worth $1.5 billion, up 2.3%. Shares rose 0.4 points.'), [
    'The deal is worth $1.5 billion, up 2.3%.',
    'Shares rose 0.4 points.',
  ]);
});

test('quotes: an inner full stop does not split, a closing quote stays with its sentence', () => {
  assert.deepEqual(
    splitSentences('"We are ready." the minister said. "Talks resume soon." Nobody objected.'),
    ['"We are ready." the minister said.', '"Talks resume soon."', 'Nobody objected.'],
  );
});

test('a sentence continuing in lower case after ! or ? is not split', () => {
  assert.deepEqual(splitSentences('"Why now?" she asked. He works at Yahoo! in sales.'), [
    '"Why now?" she asked.',
    'He works at Yahoo! in sales.',
  ]);
});

test('a heading paragraph is its own unit, not glued to the next sentence', () => {
  const text = 'Talks stall in Brussels\n\nThe ministers left without a deal. They meet again in May.';
  assert.deepEqual(splitSentences(text), [
    'Talks stall in Brussels',
    'The ministers left without a deal.',
    'They meet again in May.',
  ]);
});

test('a heading line inside a block is kept apart; hard-wrapped lines are joined', () => {
  assert.deepEqual(
    splitSentences('What happens next\nThe court will rule\nin the spring. Both sides agree.'),
    ['What happens next', 'The court will rule in the spring.', 'Both sides agree.'],
  );
});

test('a dateline stays with its sentence', () => {
  assert.deepEqual(splitSentences('HELSINKI (AP) — Finland will wait for Sweden. The vote is later.'), [
    'HELSINKI (AP) — Finland will wait for Sweden.',
    'The vote is later.',
  ]);
});

test('inline numbered lists become items', () => {
  assert.deepEqual(splitSentences('1) raise the budget 2) buy ammunition 3) train crews'), [
    '1) raise the budget',
    '2) buy ammunition',
    '3) train crews',
  ]);
});

test('an omission ellipsis inside a sentence does not split it', () => {
  assert.deepEqual(splitSentences('The plan was . . . ambitious, he said. Others disagreed.'), [
    'The plan was . . . ambitious, he said.',
    'Others disagreed.',
  ]);
});

test('German: abbreviations and ordinals', () => {
  assert.deepEqual(
    splitSentences(
      'Am 3. Oktober sprach Dr. Weber u.a. über die Wahl. Die Partei verlor z.B. in Bayern. Sie will neu starten.',
      'de',
    ),
    [
      'Am 3. Oktober sprach Dr. Weber u.a. über die Wahl.',
      'Die Partei verlor z.B. in Bayern.',
      'Sie will neu starten.',
    ],
  );
});

test('French: M. before a name, guillemets close the sentence', () => {
  assert.deepEqual(splitSentences('M. Dupont a parlé. « C’est fini. » Il est parti.', 'fr'), [
    'M. Dupont a parlé.',
    '« C’est fini. »',
    'Il est parti.',
  ]);
});

test('Spanish: Sr. before a name, inverted question marks', () => {
  assert.deepEqual(splitSentences('El Sr. García llegó tarde. ¿Qué pasó? Nadie lo sabe.', 'es'), [
    'El Sr. García llegó tarde.',
    '¿Qué pasó?',
    'Nadie lo sabe.',
  ]);
});

const GOLDEN = fileURLToPath(
  new URL('../../../shared/bench/sentences/golden-rules/pysbd_english_golden_rules.json', import.meta.url),
);

test('Golden Rules benchmark: at least 45 of 48', {
  skip: !existsSync(GOLDEN) && 'no ../shared/bench',
}, () => {
  const cases = JSON.parse(readFileSync(GOLDEN, 'utf8')) as { text: string; expected: string[] }[];
  const passed = cases.filter((c) => JSON.stringify(splitSentences(c.text)) === JSON.stringify(c.expected));
  assert.ok(passed.length >= 45, `${passed.length}/${cases.length}`);
});

test('a title after a country abbreviation continues the name; other capitals after it start a sentence', () => {
  assert.deepEqual(
    splitSentences(
      'He threatened to kill U.S. Rep. Ilhan Omar in March. He lived in the U.S. Mr. Smith did not.',
    ),
    ['He threatened to kill U.S. Rep. Ilhan Omar in March.', 'He lived in the U.S.', 'Mr. Smith did not.'],
  );
});

test('Japanese is split at 。 and ！', () => {
  assert.deepEqual(splitSentences('先日、男性が逮捕されました。本当ですか！そうです。', 'ja'), [
    '先日、男性が逮捕されました。',
    '本当ですか！',
    'そうです。',
  ]);
});
