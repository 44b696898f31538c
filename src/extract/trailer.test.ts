import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cutAtComments, isCallToFollow, isLabelLine, trimTrailingLabels } from './trailer.js';

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

test('a call to follow or subscribe to a channel is the outlet’s; advice inside the article is not', () => {
  assert.equal(isCallToFollow('Follow The Courier on Twitter and Instagram @TheCourier.'), true);
  assert.equal(isCallToFollow('Síguenos en Telegram, Instagram y Facebook.'), true);
  assert.equal(
    isCallToFollow('For breaking news alerts, download the Courier app for iOS and Android.'),
    true,
  );
  assert.equal(isCallToFollow('Keine Neuigkeiten verpassen: Abonnieren Sie unseren Newsletter.'), true);
  assert.equal(
    isCallToFollow('Now if you follow me on Twitter or Facebook then you know who I like.'),
    false,
  );
  assert.equal(
    isCallToFollow(
      'Download the guide at the hall for a map, and follow the festival on Facebook for the counts.',
    ),
    false,
  );
  assert.deepEqual(trimTrailingLabels([prose, prose, 'Follow us on Facebook']), [prose, prose]);
});

test('the body ends at the label of a comment section, not at a word in a sentence or a table column', () => {
  const reader = 'Great piece, thanks for writing it.';
  assert.deepEqual(cutAtComments([prose, prose, '12 Comments', reader]), [prose, prose]);
  assert.deepEqual(cutAtComments([prose, prose, 'Kommentare', reader]), [prose, prose]);
  assert.deepEqual(cutAtComments([prose, prose, 'Leave a reply', reader]), [prose, prose]);
  assert.deepEqual(cutAtComments([prose, prose, 'Comments are now closed for this story', reader]), [
    prose,
    prose,
  ]);
  assert.deepEqual(cutAtComments([prose, prose, 'Comments are closed.', reader]), [prose, prose]);
  const closing = [prose, prose, 'Comments are closed until the inquiry reports, the council said.'];
  assert.deepEqual(cutAtComments(closing), closing);
  const kept = [prose, prose, 'Comments from the council were brief.', 'Comment', reader];
  assert.deepEqual(cutAtComments(kept), kept);
  // Before a few sentences of article, a label is not taken for the end.
  assert.deepEqual(cutAtComments(['Comments', prose]), ['Comments', prose]);
});
