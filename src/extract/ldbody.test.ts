import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reconcileWithArticleBody } from './ldbody.js';

const P = [
  'The harbor board voted on Thursday to run a night ferry between Port Alto and the island from March, on Fridays to Sundays.',
  'Boats will leave every hour between eleven at night and three in the morning, answering a petition signed by island residents.',
  'Residents had relied on private water taxis charging up to 40 euros a trip, the petition said, and many of them work late shifts.',
  'A ticket will cost 3.50 euros, and 1.20 euros for registered residents, and the day operator will also run the night crossings.',
];
const BODY = P.join('\n');

test('edge paragraphs the publisher’s articleBody lacks are dropped; inner ones stay', () => {
  const found = [
    'Sign up for the morning briefing and get the day’s top stories from the harbor in your inbox every weekday',
    ...P,
    'More stories from the island: the new clinic opens, the winter regatta draws eighty boats to the bay',
  ];
  assert.deepEqual(reconcileWithArticleBody(found, BODY), P);
  const inner = [
    P[0] as string,
    'A short note the publisher left out of its structured data, inside the story text.',
    ...P.slice(1),
  ];
  assert.deepEqual(reconcileWithArticleBody(inner, BODY), inner);
});

test('a lead of two sentences above the text stays though articleBody lacks it; a headline goes', () => {
  const lead =
    'Island residents will no longer depend on water taxis at night. The harbor board approved the ferry after a year of petitions.';
  const headline = 'Night ferry to the island approved: "Finally!"';
  assert.deepEqual(reconcileWithArticleBody([lead, ...P], BODY), [lead, ...P]);
  assert.deepEqual(reconcileWithArticleBody([headline, ...P], BODY), P);
});

test('articleBody stands in when the markup holds next to nothing of it, decoded and split', () => {
  const escaped = BODY.replace(/'/g, '&apos;').replace('euros a trip', 'euros a trip &amp; more');
  const out = reconcileWithArticleBody(['Loading the story…'], escaped);
  assert.equal(out.length, 4);
  assert.ok(out[2]?.includes('euros a trip & more'));
});

test('a short or truncated articleBody is only an excerpt and changes nothing', () => {
  const found = ['Loading the story…'];
  assert.deepEqual(reconcileWithArticleBody(found, P[0]), found);
  assert.deepEqual(reconcileWithArticleBody(found, `${BODY} and sources of&hellip;`), found);
  assert.deepEqual(reconcileWithArticleBody(found, `${BODY} and sources of…`), found);
  assert.deepEqual(reconcileWithArticleBody(found, undefined), found);
});

test('a truncated articleBody never cuts the rest of the story', () => {
  const rest = [
    'Critics on the council said the budget for the night service had been drawn up in a hurry and asked for an audit.',
    'The mayor replied that the audit office would review the first six months, as it does for every new transport line.',
    'Island shop owners expect more visitors on weekend evenings, though some worry about noise on the quay at night.',
    'The first night crossing is planned for the second Friday of March, weather permitting, with a small ceremony.',
  ];
  const found = [...P, ...rest];
  assert.deepEqual(reconcileWithArticleBody(found, BODY), found);
});
