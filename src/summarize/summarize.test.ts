import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Article } from '../model/types.js';
import { summarize, summarizeText } from './summarize.js';

const BODY = [
  'HELSINKI (Wire) — Finland will keep its membership bid tied to Sweden, the foreign minister said on Monday.',
  'The minister said both countries hoped to join the alliance before the summit in July. Register for free to Wire and know the full story [read on](/world/story-2023).',
  'Turkey has delayed approval of the Swedish bid for months. Ankara accuses Stockholm of harbouring groups it calls terrorists.',
  'Photo: Jane Roe/Example Agency',
  'The minister said a pause in the talks was needed. He added that no conclusions should be drawn yet.',
  'Finland and Sweden applied together last year. Both hope Turkey will approve the bids after its elections in May.',
  'Share this article',
  'Analysts said the delay reflected domestic politics in Turkey. Elections there are set for May.',
].join('\n\n');

function article(over: Partial<Article> = {}): Article {
  return {
    kind: 'article',
    url: 'https://news.example/finland',
    title: 'Finland to stick with Sweden in membership bid',
    description: 'Finland hopes to join with Sweden by July. The minister called for a pause in talks.',
    text: BODY,
    paragraphs: BODY.split('\n\n'),
    paywalled: false,
    lang: 'en',
    ...over,
  };
}

test('summary sentences come from the body, in reading order, with boilerplate and datelines removed', () => {
  const s = summarize(article(), { sentences: 4 });
  assert.equal(s.source, 'body');
  assert.equal(s.sentences.length, 4);
  const positions = s.sentences.map((x) => BODY.indexOf(x));
  assert.ok(
    positions.every((p) => p >= 0),
    'every sentence is verbatim from the body',
  );
  assert.deepEqual(
    [...positions].sort((a, b) => a - b),
    positions,
  );
  assert.ok(!s.sentences.some((x) => /Register|Photo:|Share this|\]\(|HELSINKI/.test(x)));
});

test('a short pick from a long article leads with the opening sentence, dateline stripped', () => {
  const [first] = summarizeText({ title: 'Finland to stick with Sweden', text: BODY }, 1);
  assert.equal(
    first,
    'Finland will keep its membership bid tied to Sweden, the foreign minister said on Monday.',
  );
});

test('k is respected and the default length is 3 to 5', () => {
  for (const k of [1, 2, 3, 5]) assert.equal(summarizeText({ text: BODY }, k).length, k);
  const n = summarizeText({ text: BODY }).length;
  assert.ok(n >= 3 && n <= 5, String(n));
});

test('asking for more sentences than there are returns them all, in order', () => {
  const text =
    'The first sentence is here now. The second sentence follows it.\n\nA third one ends the text.';
  assert.deepEqual(summarizeText({ text }, 10), [
    'The first sentence is here now.',
    'The second sentence follows it.',
    'A third one ends the text.',
  ]);
});

test('a paywall teaser falls back to the description', () => {
  const s = summarize(article({ paywalled: true }));
  assert.deepEqual(s, {
    source: 'description',
    sentences: ['Finland hopes to join with Sweden by July.', 'The minister called for a pause in talks.'],
  });
});

test('a paywalled page that ships its full text is summarised from the body', () => {
  const long = `${BODY}\n\n${BODY.replace(/Finland/g, 'The Nordic country')}`;
  assert.ok(long.length >= 1500);
  const s = summarize(article({ paywalled: true, text: long, paragraphs: long.split('\n\n') }));
  assert.equal(s.source, 'body');
  assert.ok(s.sentences.every((x) => long.includes(x)));
});

test('seed-ft: a body of pitches only falls back to the description', () => {
  const text = [
    'For a full comparison of Standard and Premium Digital, click here.',
    'You will enjoy access to several newsletters, including a daily briefing with the stories you need.',
    'Access our essential offering with over 500 journalists in 40 countries covering markets and more.',
  ].join('\n\n');
  const s = summarize(article({ text, paragraphs: [text] }));
  assert.equal(s.source, 'description');
});

test('no usable body and no description gives source none', () => {
  assert.deepEqual(
    summarize(article({ text: 'Share this article', paragraphs: [], description: undefined })),
    {
      sentences: [],
      source: 'none',
    },
  );
});

test('German text is segmented and summarised', () => {
  const text = [
    'Berlin (dpa) - Die Bundesregierung will das Heizungsgesetz bis zum 3. Oktober überarbeiten.',
    'Das sagte Dr. Anna Weber am Montag in Berlin. Jetzt kostenlos registrieren und weiterlesen.',
    'Die Opposition kritisierte den Zeitplan als zu knapp. Verbände forderten mehr Geld für Hausbesitzer.',
    'Das Gesetz soll Anfang nächsten Jahres in Kraft treten. Die Regierung rechnet mit breiter Zustimmung.',
  ].join('\n\n');
  const s = summarize(
    article({
      text,
      paragraphs: text.split('\n\n'),
      lang: 'de',
      title: 'Regierung will Heizungsgesetz überarbeiten',
    }),
    { sentences: 2 },
  );
  assert.equal(s.source, 'body');
  assert.equal(
    s.sentences[0],
    'Die Bundesregierung will das Heizungsgesetz bis zum 3. Oktober überarbeiten.',
  );
  assert.ok(!s.sentences.some((x) => x.includes('registrieren')));
});

test('Japanese: a body without spaces is summarised, not dropped', () => {
  const text = [
    '先日、不正に改造したスマートフォンを販売したとして、商標法違反の疑いで男性が逮捕されました。',
    '報道によると、販売されたのは機能制限を解除したスマートフォンです。',
    '商標には、商品の出所を表示する機能と品質を保証する機能があります。',
    '権利者の許諾を得ずに改造した商品を販売することは、商標権侵害と判断される場合があります。',
    '通常、正規のルートで販売された商品をそのまま転売する場合は、侵害にはなりません。',
  ].join('\n\n');
  const s = summarize(
    article({ text, paragraphs: text.split('\n\n'), lang: 'ja', title: '商品の改造が商標法違反に' }),
    {
      sentences: 2,
    },
  );
  assert.equal(s.source, 'body');
  assert.equal(s.sentences.length, 2);
  assert.equal(
    s.sentences[0],
    '先日、不正に改造したスマートフォンを販売したとして、商標法違反の疑いで男性が逮捕されました。',
  );
});

test('a German page declared as English is segmented with the German abbreviations', () => {
  const text = [
    'Die Digitalisierung zieht sich durch fast alle Branchen, sei es im Finanzbereich oder in der Industrie.',
    'Auch wenn nicht jedes Geschäftsmodell von Disruption bzw. Darwinismus bedroht ist, bieten neue Technologien mehr Effizienz.',
    'Im Bereich der Gesundheitsversorgung ist dieser Aspekt ein besonders wichtiger, denn es besteht ein hoher Kostendruck.',
    'Die Kliniken müssen mit den Pauschalen auskommen, und die Kosten steigen von Jahr zu Jahr weiter an.',
  ].join('\n\n');
  const s = summarizeText({ text, lang: 'en' }, 4);
  assert.ok(
    s.some((x) => x.includes('bzw. Darwinismus')),
    JSON.stringify(s),
  );
});
