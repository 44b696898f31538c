import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cleanSentence, combinedScans, isBoilerplateSentence, stripDateline } from './boilerplate.js';

const boilerplate = (s: string, lang?: string) => assert.equal(isBoilerplateSentence(s, lang), true, s);
const prose = (s: string, lang?: string) => assert.equal(isBoilerplateSentence(s, lang), false, s);

test('seed-reuters: the registration pitch with a leaked link is boilerplate', () => {
  boilerplate(
    'Register for free to Reuters and know the full story [signalled on Sunday](/world/europe/some-story-2023-01-29/) that Ankara could agree.',
  );
});

test('seed-ft: subscription pitches are boilerplate', () => {
  boilerplate('For a full comparison of Standard and Premium Digital, click here.');
  boilerplate(
    'You will enjoy access to several newsletters, including a daily briefing with the stories you need.',
  );
  boilerplate(
    'Access our essential offering with over 500 journalists in 40 countries covering markets and more.',
  );
  boilerplate('Already a subscriber? Sign in');
  boilerplate('Subscribe to unlock this article.');
});

test('seed-links: a sentence that is mostly a markdown link, or starts mid-sentence after one, is dropped', () => {
  boilerplate(
    '[treaty obligations](https://example.org/a/very/long/path/to/a/document.pdf) and [more](https://example.org/b).',
  );
  boilerplate(
    '[angry at the government](https://example.com/2022/05/23/why-it-matters.html), is poised to decide the bid.',
  );
});

test('seed-cut: sentences cut mid-way are dropped, headings are not boilerplate', () => {
  boilerplate('presidential election — an outcome some allies would prefer to avoid.');
  boilerplate(
    'The ministry is adopting new measures to simplify the export of equipment to the region Against the',
  );
  prose('Markets react to the vote');
});

test('prompts, credits, bylines, datelines, copyright, kickers and fragments', () => {
  for (const s of [
    'Sign up for our morning newsletter.',
    'We use cookies to improve your experience.',
    'Read more: Why the alliance is divided',
    'Click here to see the full list.',
    'Share this article',
    'Follow us on Twitter and Facebook.',
    'Photo: Jane Roe/Example Agency',
    '(AP Photo/John Doe)',
    'The minister arrives in Ankara. Getty Images',
    'By Jane Doe',
    'Reporting by John Smith; Editing by Jane Doe',
    'HELSINKI (AP) —',
    '© 2023 Example News. All rights reserved.',
    'LIVE UPDATES FROM THE SUMMIT',
    'Yes.',
  ]) {
    boilerplate(s);
  }
});

test('German, French and Spanish pitches and bylines', () => {
  boilerplate('Jetzt kostenlos registrieren und weiterlesen.', 'de');
  boilerplate('Von Anna Schmidt', 'de');
  boilerplate('Déjà abonné ? Connectez-vous.', 'fr');
  boilerplate('Par Jean Martin', 'fr');
  boilerplate('¿Ya eres suscriptor? Inicia sesión.', 'es');
  boilerplate('Por Juan Pérez', 'es');
});

test('ordinary news sentences are not boilerplate, even with trigger words', () => {
  prose("Turkey's foreign minister said his country could approve Finland's bid first.");
  prose('Listeners can subscribe - for free - to the podcast feed, the company said.');
  prose('The court ruled the copyright claim was filed too late.');
  prose('Der Kanzler sagte am Montag, die Regierung werde das Gesetz ändern.', 'de');
  prose('Por eso, el gobierno decidió cambiar la ley.', 'es');
  prose('By the end of the week, both sides had agreed to resume talks.');
});

test('cleanSentence keeps link text, drops URLs, datelines and kickers', () => {
  assert.equal(
    cleanSentence(
      'Officials [said on Sunday](/world/story-1) that talks https://example.com/x would resume.',
    ),
    'Officials said on Sunday that talks would resume.',
  );
  assert.equal(
    cleanSentence('WASHINGTON (Reuters) - The Senate voted on Tuesday.'),
    'The Senate voted on Tuesday.',
  );
  assert.equal(cleanSentence('BREAKING: The Senate voted on Tuesday.'), 'The Senate voted on Tuesday.');
});

test('a photo credit glued onto the next sentence is cut off; the sentence stays', () => {
  assert.equal(
    cleanSentence(
      'Photograph: Kevork Djansezian/Getty Images The man accused of the shooting remained in hospital.',
    ),
    'The man accused of the shooting remained in hospital.',
  );
  assert.equal(cleanSentence('Photo: Anna Berg/Reuters Police said on Monday.'), 'Police said on Monday.');
  // Without a photographer/agency credit there is nothing to cut: the caption stays boilerplate.
  assert.ok(isBoilerplateSentence('Photograph: the scene outside the court on Monday.'));
  assert.ok(isBoilerplateSentence('Photograph: Kevork Djansezian/Getty Images'));
});

test('stripDateline handles the common wire forms and leaves prose alone', () => {
  assert.equal(stripDateline('SEOUL, South Korea — (AP) — The visit began.'), 'The visit began.');
  assert.equal(
    stripDateline('Berlin (dpa) - Die Regierung hat beschlossen.'),
    'Die Regierung hat beschlossen.',
  );
  assert.equal(stripDateline('( CNN ) -- Turnout is down .'), 'Turnout is down .');
  assert.equal(stripDateline('NEW YORK -- The slide was dirty.'), 'The slide was dirty.');
  assert.equal(
    stripDateline('HELSINKI, Nov 23 (Meridian Press) — Finnish authorities are investigating.'),
    'Finnish authorities are investigating.',
  );
  assert.equal(stripDateline('LONDON, Jan. 30 (Reuters) - Prices rose.'), 'Prices rose.');
  assert.equal(
    stripDateline('NATO allies - including Turkey - agreed.'),
    'NATO allies - including Turkey - agreed.',
  );
});

test('realpages: disclosures, sponsor lines, link prompts, captions and dated bylines are boilerplate', () => {
  for (const s of [
    'This post may contain affiliate and/or referral links.',
    'Please see my disclosure page.',
    'This shop has been compensated by #CollectiveBias, Inc. and its advertiser.',
    'All opinions are mine alone.',
    "This week's Tennis Podcast is sponsored by the Davis Cup Finals, which takes place 18-24 November.",
    'Pro tip: Get more pre-workout meal ideas here!',
    "An artist's illustration of a plume of water vapor emanating from Jupiter's moon Europa.",
    'Mug shots of Ebony Rendon and Joshua Rendon provided by Jacksonville, Ark., Police Department.',
    'By Matthew Digby , Minh Do on Monday, November 18th, 2019 at 11:08 a.m.',
    'DL Larry Ogunjobi 63 85% 1 tackle (1 combined). 1 sack, 1 TFL, 2 QH.',
  ]) {
    boilerplate(s);
  }
});

test('prose that resembles those patterns is kept', () => {
  for (const s of [
    'The event was sponsored by the United Nations.',
    'The data was provided by the ministry.',
    'We moved here two years ago and love it.',
    'The FTSE 100 rose 0.5% to 4,852.3, while the Dow rose 1.2% to 10,783.',
    'Wales beat Hungary 2-0 to earn the 20th spot on Tuesday.',
  ]) {
    prose(s);
  }
});

test('a hover card glued to a name is cut back to the name', () => {
  assert.equal(
    cleanSentence(
      "Gov. Kristi NoemKristi Lynn NoemSouth Dakota governor doubles down on 'meth' campaign New law goes into effect MORE (R) is defending the launch.",
    ),
    'Gov. Kristi Noem (R) is defending the launch.',
  );
});

test('colon, dash and bracket datelines are stripped', () => {
  assert.equal(cleanSentence('NEW DELHI: Their dream was shattered.'), 'Their dream was shattered.');
  assert.equal(
    cleanSentence('Washington, DC, United States: Getting there is hard.'),
    'Getting there is hard.',
  );
  assert.equal(
    cleanSentence('Dekalb, Ill. — Mike Glass threw for three touchdowns.'),
    'Mike Glass threw for three touchdowns.',
  );
  assert.equal(cleanSentence('[서울=뉴시스] 주말 밤 9시에 시작한다.'), '주말 밤 9시에 시작한다.');
  assert.equal(cleanSentence('Pompeo said: We will act.'), 'Pompeo said: We will act.');
});

test('Japanese sentences end in 。 and count as words by characters', () => {
  prose('報道によると、今回販売されたのは、いわゆる「脱獄」したiPhone。');
  boilerplate('はい。');
});

test('combinedScans matches a text exactly when one of its patterns does', () => {
  const patterns = [/^read more\b/i, /\bclick here$/i, /(\w+) \1/i, /^.{0,3}$/iu, /caf\u00e9/i, /x/g];
  const scans = combinedScans(patterns);
  assert.ok(scans.length < patterns.length);
  const texts = [
    'Read more about it',
    'please click here',
    'so so',
    'ab',
    '😀😀😀',
    'a café',
    'text',
    'xx',
    'x',
    '',
  ];
  for (const t of texts) {
    for (const re of patterns) re.lastIndex = 0;
    const expected = patterns.some((re) => re.test(t));
    for (const re of scans) re.lastIndex = 0;
    assert.equal(
      scans.some((re) => re.test(t)),
      expected,
      t,
    );
  }
});
