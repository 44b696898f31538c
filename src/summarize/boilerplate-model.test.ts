import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../test/fuzz/mutate.js';
import {
  type BoilerplateWeights,
  boilerplateProbabilities,
  contextOf,
  defaultWeights,
  FEATURE_NAMES,
  featuresOf,
} from './boilerplate-model.js';
import { langData } from './languages.js';
import { summarizeText } from './summarize.js';
import { terms } from './tokens.js';

const EN = langData('en');
const termsOf = (xs: string[]) => xs.map((s) => terms(s, EN, 'en'));

// A made-up river-flood report; the leaked lines are written for this test in shapes pages leak.
const ARTICLE = [
  'Flood water rose above the old harbour wall in Northam on Tuesday, forcing dozens of families from their homes.',
  'The river reached its highest level since records began, the regional water board said.',
  'Emergency crews used boats to reach residents trapped in the lower streets of the town.',
  'The water board said the harbour wall had been built to hold back a smaller flood.',
  'Families moved out of the lower streets are staying in the town hall until the water falls.',
  'Engineers will inspect the harbour wall once the river drops below its banks.',
];
const LEAKS = [
  'Turn on notifications in our app so you never miss a local alert.',
  'Want more stories like this in your inbox every Friday?',
  'Members can leave a comment below once signed in.',
];

function feature(name: string, s: string, context: string[] = [s]): number {
  const i = context.indexOf(s);
  return featuresOf(s, i, contextOf(termsOf(context)))[FEATURE_NAMES.indexOf(name)] as number;
}

test('the committed weights match the feature set and give a threshold in (0, 1)', () => {
  const w: BoilerplateWeights = defaultWeights();
  assert.deepEqual(w.features, [...FEATURE_NAMES]);
  assert.equal(w.weights.length, FEATURE_NAMES.length);
  assert.ok(w.threshold > 0 && w.threshold < 1);
});

test('features describe the reader being addressed, vocabulary, contact shapes and likeness to the text', () => {
  assert.equal(feature('you', LEAKS[0] as string), 1);
  assert.equal(feature('you', ARTICLE[0] as string), 0);
  assert.equal(feature('vocab:app', LEAKS[0] as string), 1);
  assert.equal(feature('vocab:newsletter', LEAKS[1] as string), 1);
  assert.equal(feature('vocab:comment', LEAKS[2] as string), 1);
  assert.equal(feature('imperativeStart', 'Read our guide to flood insurance.'), 1);
  assert.equal(feature('email', 'Write to desk@news.example with tips.'), 1);
  assert.equal(feature('price', 'It costs £4.99 a month.'), 1);
  assert.equal(feature('perPeriod', 'It costs £4.99 a month.'), 1);
  assert.equal(feature('noVerb', 'Picture: A. Reader / Example Agency'), 1);
  assert.equal(feature('verb', ARTICLE[1] as string), 1);
  const text = [...ARTICLE, LEAKS[0] as string];
  assert.ok(
    feature('centroid', ARTICLE[3] as string, text) > feature('centroid', LEAKS[0] as string, text),
    'an article sentence is closer to the rest of the text than a leaked one',
  );
});

test('leaked lines score higher than the article sentences around them', () => {
  const text = [
    ARTICLE[0],
    LEAKS[0],
    ...ARTICLE.slice(1, 4),
    LEAKS[1],
    ...ARTICLE.slice(4),
    LEAKS[2],
  ] as string[];
  const p = boilerplateProbabilities(text, termsOf(text));
  const leak = text.flatMap((s, i) => (LEAKS.includes(s) ? [p[i] as number] : []));
  const prose = text.flatMap((s, i) => (LEAKS.includes(s) ? [] : [p[i] as number]));
  assert.ok(Math.min(...leak) > Math.max(...prose), `leaks ${leak} vs prose ${prose}`);
});

test('a summary of an article with leaked lines after the headline and mid-way picks none of them', () => {
  const text = [LEAKS[0], ...ARTICLE.slice(0, 3), LEAKS[1], ...ARTICLE.slice(3)].join('\n\n');
  for (const k of [1, 2, 3]) {
    const s = summarizeText({ title: 'Flood water tops Northam harbour wall', text }, k);
    assert.equal(s.length, k);
    assert.ok(!s.some((x) => LEAKS.includes(x)), s.join(' | '));
  }
});

test('lastMark is the character before closing quotes, brackets and spaces, as the anchored regex read it', async () => {
  const fc = (await import('fast-check')).default;
  const { lastMark } = await import('./boilerplate-model.js');
  const regexForm = (s: string) =>
    s
      .trimEnd()
      .replace(/["'”’»)\]\s]+$/u, '')
      .slice(-1);
  const chars = fc.constantFrom(
    'a',
    '.',
    '!',
    '?',
    '"',
    "'",
    '”',
    '’',
    '»',
    ')',
    ']',
    ' ',
    '\n',
    '\u00a0',
    '…',
  );
  fc.assert(
    fc.property(
      fc.array(chars, { maxLength: 30 }),
      (parts) => lastMark(parts.join('')) === regexForm(parts.join('')),
    ),
    { numRuns: 2000 },
  );
  assert.equal(lastMark('He said "stop."» )'), '.');
  // A long run of closers that does not end the text: read from the end, not retried from each start.
  assert.equal(lastMark(`${')'.repeat(200_000)}x`), 'x');
});

test('the lexical score sums each distinct known word once and the opening word, as lexicalKeys lists them', async () => {
  const fc = (await import('fast-check')).default;
  const { compileLexicon, lexicalKeys, lexicalScore, wordsOf } = await import('./boilerplate-model.js');
  const entries: Record<string, number> = {
    tap: 0.5,
    here: 0.25,
    ta: 2,
    '^tap': 1,
    é: -1,
    été: 4,
    'tap here': 8,
  };
  const lex = compileLexicon(entries);
  assert.equal(lexicalScore(wordsOf('Tap here, tap HERE.'), lex), 1 + 0.5 + 0.25 + 8, 'the pair counts once');
  assert.equal(lexicalScore(wordsOf('Here we tap.'), lex), 0.25 + 0.5);
  assert.equal(lexicalScore(wordsOf('tapping taps t'), lex), 0, 'word starts are not words');
  assert.equal(lexicalScore([], lex), 0);
  const word = fc.constantFrom('tap', 'here', 'ta', 't', 'taps', 'é', 'été', 'et', 'x');
  fc.assert(
    fc.property(fc.array(word, { maxLength: 12 }), (ws) => {
      const byKeys = lexicalKeys(ws).reduce((z, k) => z + (entries[k] ?? 0), 0);
      return Math.abs(lexicalScore(ws, lex) - byKeys) < 1e-12;
    }),
    { numRuns: 500 },
  );
});

test('the committed word weights come with the model and move its score', () => {
  const w = defaultWeights();
  assert.ok(Object.keys(w.lexicon ?? {}).length > 0);
  const s = ARTICLE[1] as string;
  const ctx = contextOf(termsOf(ARTICLE));
  const withWords = featuresOf(s, 1, ctx)[FEATURE_NAMES.indexOf('lexical')] as number;
  const sum = Object.entries(w.lexicon ?? {}).reduce(
    (z, [k, v]) => z + (new Set(wordsOfForTest(s)).has(k) || k === `^${wordsOfForTest(s)[0]}` ? v : 0),
    0,
  );
  assert.ok(Math.abs(withWords - sum) < 1e-9, `${withWords} vs ${sum}`);
});

function wordsOfForTest(s: string): string[] {
  return (s.match(/[\p{L}\p{N}]+/gu) ?? []).map((x) => x.toLowerCase());
}

/** The marks featuresOf's scan sets, as the model's bits (AT, HASH, PAREN, SLASH, PIPE, QUOTE, DOT_OR_COLON). */
const MARK_BITS: Record<string, number> = {
  '@': 1,
  '#': 2,
  '(': 4,
  '/': 8,
  '|': 16,
  '"': 32,
  "'": 32,
  '.': 64,
  ':': 64,
};

test('the one-scan word reader gives what word-by-word regex matching gives, on random sentences', async () => {
  const { wordsRead } = await import('./boilerplate-model.js');
  // The reading as first written: regex words, each lower-cased on its own, then a pass over the characters.
  const reference = (s: string) => {
    const raw = s.match(/[\p{L}\p{N}]+/gu) ?? [];
    let caps = 0;
    let title = 0;
    let past = false;
    let byName = false;
    raw.forEach((w, j) => {
      const lower = w.toLowerCase();
      if (lower !== w) {
        const c = w.charCodeAt(0);
        if (w.length >= 2 && w === w.toUpperCase()) caps++;
        if ((c < 48 || c > 57) && w[0] !== lower[0]) title++;
      }
      if (lower.length >= 5 && lower.endsWith('ed')) past = true;
      if (!byName && ['by', 'von', 'par', 'por'].includes(w) && j + 1 < raw.length) {
        const next = raw[j + 1] as string;
        byName = next[0] !== next[0]?.toLowerCase();
      }
    });
    let digits = 0;
    let marks = 0;
    for (let j = 0; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (c >= 48 && c <= 57) digits++;
      else if (c < 128) marks |= MARK_BITS[s[j] as string] ?? 0;
      else marks |= c >= 0x2190 ? 128 : c === 0xab || c === 0xbb || c === 0xb7 ? 256 : 0;
      if (c === 0x201c || c === 0x201d || c === 0x201e || c === 0x2018) marks |= 32;
    }
    return { words: raw.map((w) => w.toLowerCase()), caps, title, past, byName, digits, marks };
  };
  const pieces = [
    'By ',
    'by',
    'von ',
    'Par',
    'Smith',
    'SIGNED',
    'Tap',
    'İstanbul',
    'ΣΟΦΙΑ',
    'ΟΔΟΣ',
    "ΑΣ'Β",
    'ς',
    'Éclair',
    'ǅ',
    '𝐀𝐁',
    '😀',
    '\ud800',
    '2024',
    '12:30',
    '£5',
    '@x',
    '#',
    '(AP)',
    '/',
    '|',
    '"',
    '“',
    '«',
    '•',
    '…',
    '.',
    ' ',
    'ed',
    'ß',
    'ﬀ',
    'Ⅳ',
    '٣',
    'ＡＢ',
    "'",
    '’',
  ];
  const r = new Rng(11);
  for (let k = 0; k < 20000; k++) {
    let s = '';
    for (let j = r.int(12); j >= 0; j--) s += pieces[r.int(pieces.length)] + (r.next() < 0.5 ? ' ' : '');
    const got = wordsRead(s);
    const want = reference(s);
    assert.deepEqual(got, want, JSON.stringify(s));
  }
});
