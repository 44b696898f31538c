import assert from 'node:assert/strict';
import { test } from 'node:test';
import { capText, collapse, htmlToText, parseDate } from './text.js';

test('htmlToText decodes entities, drops tags and scripts, spaces block boundaries', () => {
  assert.equal(
    htmlToText('<p>One&nbsp;&amp; two</p><p>three<br>four</p><script>x()</script>'),
    'One & two three four',
  );
  assert.equal(htmlToText('Caf&eacute; &#8217;quoted&#x2019; &hellip;'), 'Café ’quoted’ …');
  assert.equal(htmlToText('x < y and y > z'), 'x < y and y > z');
  assert.equal(htmlToText('  plain\n\ttext  '), 'plain text');
});

test('collapse maps stray C1 controls to their windows-1252 characters', () => {
  assert.equal(collapse('Allies\u0092 \u0093aid\u0094 \u0096 now'), 'Allies’ “aid” – now');
});

test('capText cuts on a word boundary with an ellipsis', () => {
  const long = 'word '.repeat(200).trim();
  const capped = capText(long, 100);
  assert.ok(capped.length <= 100);
  assert.ok(capped.endsWith('word…'));
  assert.equal(capText('short'), 'short');
});

test('parseDate reads RFC 822 with zone names and offsets, ISO 8601, and zone-less dates as UTC', () => {
  assert.equal(parseDate('Mon, 30 Jan 2023 10:00:00 GMT'), '2023-01-30T10:00:00.000Z');
  assert.equal(parseDate('Mon, 30 Jan 2023 10:00:00 EST'), '2023-01-30T15:00:00.000Z');
  assert.equal(parseDate('Mon, 30 Jan 2023 10:00:00 +0100'), '2023-01-30T09:00:00.000Z');
  assert.equal(parseDate('30 Jan 2023 10:00 GMT'), '2023-01-30T10:00:00.000Z');
  assert.equal(parseDate('2023-01-30T21:45:00-05:00'), '2023-01-31T02:45:00.000Z');
  assert.equal(parseDate('2023-01-30 10:00:00'), '2023-01-30T10:00:00.000Z');
  assert.equal(parseDate('\n   Mon, 05 Feb 2024 19:00:00 GMT\n  '), '2024-02-05T19:00:00.000Z');
});

test('parseDate rejects empty, garbage and implausible dates', () => {
  assert.equal(parseDate(undefined), undefined);
  assert.equal(parseDate('  '), undefined);
  assert.equal(parseDate('yesterday-ish'), undefined);
  assert.equal(parseDate('0001-01-01T00:00:00Z'), undefined);
});
