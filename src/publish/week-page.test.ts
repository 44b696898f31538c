import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHTML } from 'linkedom';
import { article, natoSite, story } from './fixtures.test.js';
import { Shown, sentenceKey } from './shown.js';
import { buildSite } from './site.js';
import { firstSentence } from './week-page.js';

function text(el: Element | null | undefined): string {
  return (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

test('week view: seven day sections ending the date, newest first; days without data say so', () => {
  const page = buildSite(natoSite()).get('nato/week/2023-01-30/index.html');
  assert.ok(page);
  const doc = parseHTML(page).document;
  assert.equal(text(doc.querySelector('h1 .date')), 'Explore the last week');
  const sections = Array.from(doc.querySelectorAll('section.week-day'));
  assert.equal(sections.length, 7);
  assert.deepEqual(
    sections.map((s) => s.querySelector('h2')?.getAttribute('id')),
    ['2023-01-30', '2023-01-29', '2023-01-28', '2023-01-27', '2023-01-26', '2023-01-25', '2023-01-24'].map(
      (d) => `d-${d}`,
    ),
  );
  const empty = sections.filter((s) => s.classList.contains('week-day-empty'));
  assert.equal(empty.length, 4);
  for (const s of empty) assert.equal(text(s.querySelector('.empty')), 'No briefing for this day.');
});

test('week view: each story has its title linked, the outlet and a first sentence', () => {
  const doc = parseHTML(buildSite(natoSite()).get('nato/week/2023-01-30/index.html') ?? '').document;
  const monday = doc.querySelector('section.week-day');
  assert.equal(monday?.querySelector('h2 a')?.getAttribute('href'), '../../2023-01-30/index.html');
  const briefs = Array.from(monday?.querySelectorAll('.briefs > li') ?? []);
  assert.equal(briefs.length, 4);
  const first = briefs[0];
  const link = first?.querySelector('.brief-title a');
  assert.equal(text(link), 'Turkey signals it may approve Finland before Sweden');
  // No policy of its own: the page's meta (and serve's header) sends no referrer on any link.
  assert.deepEqual([...(link?.getAttributeNames() ?? [])], ['href']);
  assert.equal(doc.querySelector('meta[name="referrer"]')?.getAttribute('content'), 'no-referrer');
  assert.equal(text(first?.querySelector('.byline b')), 'Reuters');
  assert.equal(
    text(first?.querySelector('.brief-sentence')),
    'Turkey said it could evaluate Finland’s bid separately from Sweden’s.',
  );
  assert.equal(
    first?.querySelector('.more-link')?.getAttribute('href'),
    '../../2023-01-30/index.html#s-turkey-finland',
  );
  assert.equal(briefs[2]?.querySelector('.brief-title a'), null, 'the javascript: story is not linked');
});

test('firstSentence prefers the story lead, then the summary, then the description', () => {
  assert.equal(firstSentence(story('a', [article()], { lead: ['Lead.'] })), 'Lead.');
  assert.equal(firstSentence(story('a', [article()])), 'Finland hopes to join NATO no later than July.');
  assert.equal(firstSentence(story('a', [article({ summary: [], description: 'Desc.' })])), 'Desc.');
  assert.equal(firstSentence(story('a', [article({ summary: [], description: undefined })])), undefined);
});

test('firstSentence skips what the page has shown: the next lead or summary sentence, else none', () => {
  const shown = new Shown();
  const s = story('a', [article()], { lead: ['Lead one.', 'Lead two.'] });
  assert.equal(firstSentence(s, shown), 'Lead one.');
  assert.equal(firstSentence(s, shown), 'Lead two.');
  assert.equal(firstSentence(s, shown), 'Finland hopes to join NATO no later than July.');
  shown.add('Haavisto said he still hoped both countries would become members in the next few months.');
  assert.equal(
    firstSentence(s, shown),
    'Finland is sticking to its plan to join NATO at the same time as Sweden.',
  );
  assert.equal(firstSentence(s, shown), undefined);
  const titled = new Shown();
  titled.add('Desc one.');
  assert.equal(
    firstSentence(story('b', [article({ summary: [], description: 'Desc one. Desc two.' })]), titled),
    'Desc two.',
  );
});

test('week view: no sentence is printed twice, nor a title again as a sentence', () => {
  const doc = parseHTML(buildSite(natoSite()).get('nato/week/2023-01-30/index.html') ?? '').document;
  const titles = new Set(Array.from(doc.querySelectorAll('.brief-title')).map((el) => sentenceKey(text(el))));
  const sentences = Array.from(doc.querySelectorAll('.brief-sentence')).map((el) => text(el));
  assert.ok(sentences.length >= 4, sentences.join(' | '));
  const keys = sentences.map(sentenceKey);
  assert.equal(new Set(keys).size, keys.length, sentences.join(' | '));
  for (const k of keys) assert.ok(!titles.has(k), k);
  // The filler days repeat the Monday article's summary: each shows the next sentence not seen yet.
  const sunday = doc.querySelectorAll('section.week-day')[1];
  assert.equal(
    text(sunday?.querySelector('.brief-sentence')),
    'Haavisto said he still hoped both countries would become members in the next few months.',
  );
});
