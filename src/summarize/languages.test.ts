import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../test/fuzz/mutate.js';
import { effectiveLang } from './languages.js';

/** effectiveLang as first written: the sample's words by regex, one match object each. */
function reference(text: string, declared?: string): string {
  const markers: Record<string, string[]> = {
    en: 'the and of to is that with for was are this have'.split(' '),
    de: 'der die und das ist nicht mit von den ein eine sich auch dem'.split(' '),
    fr: 'le les et des est une dans que pour pas du au sur'.split(' '),
    es: 'el los las y que del una por con para es se lo'.split(' '),
  };
  const counts: Record<string, number> = { en: 0, de: 0, fr: 0, es: 0 };
  let seen = 0;
  for (const m of text
    .slice(0, 2400)
    .toLowerCase()
    .matchAll(/[\p{L}]+/gu)) {
    if (++seen > 300) break;
    for (const lang of Object.keys(markers))
      if (markers[lang]?.includes(m[0])) counts[lang] = (counts[lang] ?? 0) + 1;
  }
  const base = (declared ?? 'en').toLowerCase().split(/[-_]/)[0] ?? 'en';
  const own = base in counts ? base : 'en';
  let best = own;
  for (const lang of Object.keys(counts))
    if ((counts[lang] as number) > (counts[best] as number)) best = lang;
  const b = counts[best] as number;
  if (best === own || b < 10 || b < 2 * (counts[own] as number)) return declared ?? 'en';
  return best;
}

test('a German text declared English is German; an English one stays as declared', () => {
  const de =
    'Die Regierung hat am Montag gesagt, dass sie die Steuern nicht erhöhen will, und der Minister sprach mit den Ländern über die Lage. '.repeat(
      3,
    );
  assert.equal(effectiveLang(de, 'en'), 'de');
  assert.equal(
    effectiveLang('The minister said that the plan was ready for the vote. '.repeat(4), 'en-GB'),
    'en-GB',
  );
});

test('on random texts the language is the one the regex-sampled reference gives', () => {
  const pieces = [
    'the ',
    'der ',
    'die ',
    'und ',
    'le ',
    'les ',
    'el ',
    'los ',
    'que ',
    'es ',
    'Ünd ',
    'İst ',
    'straße ',
    '𝐀bc ',
    'ǅ ',
    '日本 ',
    '\ud800 ',
    'x1 ',
    '—',
    ' ',
    'DIE ',
    'lo',
    's ',
    'é',
  ];
  const r = new Rng(99);
  for (let n = 0; n < 3000; n++) {
    let s = '';
    const len = r.int(700);
    for (let j = 0; j < len; j++) s += pieces[r.int(pieces.length)];
    for (const declared of [undefined, 'en', 'de-AT', 'fr', 'ja']) {
      assert.equal(
        effectiveLang(s, declared),
        reference(s, declared),
        `${JSON.stringify(s.slice(0, 80))} ${declared}`,
      );
    }
  }
});
