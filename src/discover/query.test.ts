import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileQuery } from './query.js';

test('terms are ANDed, whole words, case- and accent-insensitive', () => {
  const m = compileQuery('NATO Turkey');
  assert.ok(m('Nato and turkey talks'));
  assert.ok(!m('NATO summit'));
  assert.ok(!compileQuery('nato')('A donation drive'));
  assert.ok(compileQuery('Turkiye')('Türkiye blocks bid'));
  assert.ok(compileQuery('Türkiye')('TURKIYE blocks bid'));
});

test('phrases match words in sequence', () => {
  const m = compileQuery('"Jens Stoltenberg"');
  assert.ok(m('Secretary General Jens  Stoltenberg said'));
  assert.ok(!m('Stoltenberg, Jens'));
  assert.ok(compileQuery('"Bears Ears"')('the Bears-Ears monument'));
});

test('OR (and |) join alternatives; AND binds the rest', () => {
  const m = compileQuery('NATO OR alliance Sweden');
  assert.ok(m('The alliance and Sweden'));
  assert.ok(m('NATO welcomes Sweden'));
  assert.ok(!m('NATO meets'));
  assert.ok(compileQuery('Finland | Sweden')('Finland applies'));
});

test('-exclusions win; ignored operators do not block matches', () => {
  const m = compileQuery('NATO -"ice hockey" -golf after:2023-01-01 site:example.com (summit)');
  assert.ok(m('NATO summit in Vilnius'));
  assert.ok(!m('NATO summit golf day'));
  assert.ok(!m('NATO summit ice hockey friendly'));
  assert.ok(compileQuery('intitle:NATO')('NATO news'));
});

test('scripts without spaces match by substring; an empty query matches all', () => {
  assert.ok(compileQuery('防衛')('政府は防衛費を増額'));
  assert.ok(compileQuery('')('anything'));
  assert.ok(!compileQuery('-spam')('spam here'));
});
