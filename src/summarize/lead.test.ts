import assert from 'node:assert/strict';
import { test } from 'node:test';
import { storyLead } from './lead.js';

const ARTICLES = [
  {
    title: 'Turkey open to Finland joining the alliance before Sweden',
    sentences: [
      'Turkey could approve Finland joining the alliance before Sweden, its foreign minister said on Monday.',
      'The minister spoke in Ankara after meeting his Hungarian counterpart.',
    ],
  },
  {
    title: 'Ankara signals separate approval for Finland',
    sentences: [
      'Turkey may approve the Finland bid separately from Sweden, the foreign minister said.',
      'Sweden has angered Ankara after a protest in Stockholm.',
    ],
  },
  {
    title: 'Finland prefers joining together with Sweden',
    sentences: [
      'Finland still wants to join together with Sweden, its foreign minister said.',
      'Protesters burned a book outside the embassy in Stockholm.',
    ],
  },
];

test('the lead is the sentence the articles agree on, and the second one does not repeat it', () => {
  const lead = storyLead(ARTICLES);
  assert.equal(lead.length, 2);
  assert.match(lead[0]?.text ?? '', /^Turkey (could|may) approve/);
  assert.doesNotMatch(lead[1]?.text ?? '', /^Turkey (could|may) approve/);
});

test('each lead sentence names the article it was taken from', () => {
  for (const { text, article } of storyLead(ARTICLES)) {
    assert.ok(ARTICLES[article]?.sentences.includes(text), `${text} is a sentence of article ${article}`);
  }
});

test('n limits the lead; a single article yields its opening sentence', () => {
  assert.equal(storyLead(ARTICLES, 1).length, 1);
  assert.deepEqual(storyLead([ARTICLES[0] as (typeof ARTICLES)[number]], 1), [
    { text: ARTICLES[0]?.sentences[0], article: 0 },
  ]);
  assert.deepEqual(storyLead([]), []);
});
