import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sentenceKey } from './sentences.js';
import { outletTemplates, sentenceKeys, withoutTemplate } from './template.js';

const PROMO = 'The Harbour Gazette is funded by readers like you along the whole coast.';

function body(...paragraphs: string[]): string {
  return paragraphs.join('\n\n');
}

const FERRY = body(
  PROMO,
  'The ferry Aurora Star ran aground on a shoal off Utö early on Monday morning.',
  'Coastguard vessels took 212 passengers off the listing ship within three hours.',
);
const BUDGET = body(
  'The city council approved a budget that doubles spending on the harbour walls.',
  PROMO,
  'The vote was 31 to 12 after a debate that ran late into the night.',
);

test('a sentence two different articles of one outlet share is its template', () => {
  const found = outletTemplates([
    { outlet: 'gazette.example', keys: sentenceKeys(FERRY) },
    { outlet: 'gazette.example', keys: sentenceKeys(BUDGET) },
  ]);
  assert.deepEqual([...(found.get('gazette.example') ?? [])], [sentenceKey(PROMO)]);
});

test('one article, other outlets, or two copies of one article show no template', () => {
  assert.equal(outletTemplates([{ outlet: 'gazette.example', keys: sentenceKeys(FERRY) }]).size, 0);
  assert.equal(
    outletTemplates([
      { outlet: 'gazette.example', keys: sentenceKeys(FERRY) },
      { outlet: 'other.example', keys: sentenceKeys(BUDGET) },
    ]).size,
    0,
    'a sentence shared across outlets (a quote, a wire copy) is not a template',
  );
  const updated = `${FERRY}\n\nDivers inspected the hull on Monday afternoon, the coastguard said.`;
  assert.equal(
    outletTemplates([
      { outlet: 'gazette.example', keys: sentenceKeys(FERRY) },
      { outlet: 'gazette.example', keys: sentenceKeys(updated) },
    ]).size,
    0,
    'an update of the same article under a new URL shares its sentences, not a template',
  );
});

test('sentences match whatever their spacing, case and punctuation', () => {
  const shouted = body(
    'The Harbour  Gazette is funded by Readers like you, along the whole coast!',
    'The council approved a budget that doubles spending on the harbour walls.',
    'The vote was 31 to 12 after a debate that ran late into the night.',
  );
  const found = outletTemplates([
    { outlet: 'gazette.example', keys: sentenceKeys(FERRY) },
    { outlet: 'gazette.example', keys: sentenceKeys(shouted) },
  ]);
  assert.ok(found.get('gazette.example')?.has(sentenceKey(PROMO)));
});

const BLURB = 'The Harbour Gazette brings you the latest news and weather from the whole coast.';

test('a description two different articles share is template; copies of one article and one article’s own are not', () => {
  const desc = sentenceKeys(BLURB);
  const found = outletTemplates([
    { outlet: 'gazette.example', keys: sentenceKeys(FERRY), descriptionKeys: desc },
    { outlet: 'gazette.example', keys: sentenceKeys(BUDGET), descriptionKeys: desc },
  ]);
  assert.ok(found.get('gazette.example')?.has(sentenceKey(BLURB)));
  const copies = outletTemplates([
    { outlet: 'gazette.example', keys: sentenceKeys(FERRY), descriptionKeys: desc },
    { outlet: 'gazette.example', keys: sentenceKeys(FERRY), descriptionKeys: desc },
  ]);
  assert.equal(copies.size, 0, 'two copies of one article share their description and say nothing');
  const ownLead = 'The ferry Aurora Star ran aground on a shoal off Utö early on Monday morning.';
  const own = outletTemplates([
    { outlet: 'gazette.example', keys: sentenceKeys(FERRY), descriptionKeys: sentenceKeys(ownLead) },
    { outlet: 'gazette.example', keys: sentenceKeys(BUDGET) },
  ]);
  assert.ok(!own.get('gazette.example')?.has(sentenceKey(ownLead)), 'a description repeating its own body');
});

test('withoutTemplate drops the template sentences of a description and keeps the rest', () => {
  const template = new Set([sentenceKey(BLURB)]);
  const own = 'Coastguard vessels took 212 passengers off the listing ship within three hours.';
  assert.equal(withoutTemplate(own, template), own, 'unchanged when none is template');
  assert.equal(withoutTemplate(`${own} ${BLURB}`, template), own);
  assert.equal(withoutTemplate(BLURB, template), undefined);
  assert.equal(withoutTemplate(BLURB, undefined), BLURB);
});
