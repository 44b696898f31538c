import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFeedDate } from './feed-dates.js';
import { parseDate } from './text.js';

test('month and weekday names in the supported languages', () => {
  const cases: [string, string][] = [
    ['qua, 12 mar 2025 08:30:00 -0300', '2025-03-12T11:30:00.000Z'],
    ['12 de março de 2025 08:30', '2025-03-12T08:30:00.000Z'],
    ['miércoles, 12 de marzo de 2025 14:05 CET', '2025-03-12T13:05:00.000Z'],
    ['Mi, 12 Mär 2025 10:00:00 MEZ', '2025-03-12T09:00:00.000Z'],
    ['mer., 12 mars 2025 10:00:00 +0100', '2025-03-12T09:00:00.000Z'],
    ['mercoledì 12 marzo 2025 10:00 MET', '2025-03-12T09:00:00.000Z'],
    ['wo, 12 mrt 2025 10:00:00 +0100', '2025-03-12T09:00:00.000Z'],
    ['ons, 12 mars 2025 10:00:00 CET', '2025-03-12T09:00:00.000Z'],
    ['ons, 12 marts 2025 10:00:00 CET', '2025-03-12T09:00:00.000Z'],
    ['12. Dezember 2024 um 07:15', '2024-12-12T07:15:00.000Z'],
    ['Mar 12 2025 10:00 EST', '2025-03-12T15:00:00.000Z'],
    ['Sun Jan  4 16:29:06 2004', '2004-01-04T16:29:06.000Z'],
  ];
  for (const [raw, want] of cases) assert.equal(parseDate(raw), want, raw);
});

test('zone abbreviations, GMT offsets and RFC 822 military zones', () => {
  const at = (zone: string) => parseFeedDate(`Mon, 26 Jan 2004 16:31:00 ${zone}`);
  assert.equal(at('PT'), '2004-01-27T00:31:00.000Z');
  assert.equal(at('PST'), '2004-01-27T00:31:00.000Z');
  assert.equal(at('PDT'), '2004-01-26T23:31:00.000Z');
  assert.equal(at('ET'), '2004-01-26T21:31:00.000Z');
  assert.equal(at('CT'), '2004-01-26T22:31:00.000Z');
  assert.equal(at('MT'), '2004-01-26T23:31:00.000Z');
  assert.equal(at('MET'), '2004-01-26T15:31:00.000Z');
  assert.equal(at('MEST'), '2004-01-26T14:31:00.000Z');
  assert.equal(at('CEST'), '2004-01-26T14:31:00.000Z');
  assert.equal(at('BST'), '2004-01-26T15:31:00.000Z');
  assert.equal(at('JST'), '2004-01-26T07:31:00.000Z');
  assert.equal(at('AEDT'), '2004-01-26T05:31:00.000Z');
  assert.equal(at('Z'), '2004-01-26T16:31:00.000Z');
  assert.equal(at('GMT-01:01'), '2004-01-26T17:32:00.000Z');
  assert.equal(at('Etc/GMT'), '2004-01-26T16:31:00.000Z');
  assert.equal(at('A'), '2004-01-26T17:31:00.000Z');
  assert.equal(at('N'), '2004-01-26T15:31:00.000Z');
  assert.equal(at('(PDT)'), '2004-01-26T16:31:00.000Z', 'a comment is not a zone');
});

test('never an invented date: an unreadable part gives no date', () => {
  for (const raw of [
    'Sun, Dec x 2012 11:47:32 GMT',
    'Sun, Dec x 2012',
    'Sun, 16 zzz 2012 11:47:32 GMT',
    'Sun, 16 Dec zz 11:47:32 GMT',
    'Sun, 99 Jun 2009 12:00:00 GMT',
    'Thu, 31 Feb 2004 19:48:21 GMT',
    'Sun, 16 Dec 2012 11:47:32 +zz:00',
    '12.03.2025',
    'soon',
  ]) {
    assert.equal(parseDate(raw), undefined, raw);
  }
});
