import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHTML } from 'linkedom';
import { article, natoSite, story } from './fixtures.test.js';
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
  assert.equal(link?.getAttribute('rel'), 'noopener noreferrer');
  assert.equal(text(first?.querySelector('.outlet')), 'Reuters');
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
