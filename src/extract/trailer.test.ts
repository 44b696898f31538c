import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isLabelLine, trimTrailingLabels } from './trailer.js';

const prose =
  'The council voted on Tuesday to close the old bridge for repairs, which will take most of the summer. ' +
  'Drivers are asked to use the ring road; buses keep their routes and stops until further notice.';

test('a trailing run of labels is trimmed, sentences are kept', () => {
  const out = trimTrailingLabels([
    prose,
    'It reopens in September.',
    'Kontakt:',
    'Weitere Informationen',
    'News',
  ]);
  assert.deepEqual(out, [prose, 'It reopens in September.']);
});

test('labels inside the text stay; only the end is trimmed', () => {
  const blocks = ['Background', prose, 'What happens next', prose];
  assert.deepEqual(trimTrailingLabels(blocks), blocks);
});

test('a short text keeps its last lines', () => {
  const blocks = ['Storm warning for the coast.', 'Updates follow', 'Share'];
  assert.deepEqual(trimTrailingLabels(blocks), blocks);
});

test('a label line is short and does not end like a sentence', () => {
  assert.equal(isLabelLine('Beitrag teilen:'), true);
  assert.equal(isLabelLine('It reopens in September.'), false);
  assert.equal(isLabelLine('„Wir machen weiter.“'), false);
  assert.equal(isLabelLine('Sunset: 18:54'), false);
});

test('a contact box after the last paragraph goes; a list of facts that reads as sentences stays', () => {
  const contact = [
    prose,
    prose,
    'Kontakt:',
    'Dana Brettschneider Telefon 0341 555 01 23',
    'presse@example.org',
  ];
  assert.deepEqual(trimTrailingLabels(contact), [prose, prose]);
  const facts = [prose, 'Opening hours:', 'Monday to Friday, 9 to 5.', 'Closed on holidays.'];
  assert.deepEqual(trimTrailingLabels(facts), facts);
  const long = [prose, 'Tour dates', ...Array.from({ length: 9 }, (_, i) => `June ${i + 1} – Hall ${i}`)];
  assert.deepEqual(trimTrailingLabels(long), long);
});
