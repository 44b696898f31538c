import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findBody } from './content.js';
import { parseLight } from './lightdom.js';
import { linkTail } from './tail.js';

const TEXT =
  'The harbor board voted on Thursday, after a long debate, to run a night ferry to the island, which residents had asked for since the day service was cut back.';

function tailTexts(body: string): string[] {
  const doc = parseLight(`<html><body><article>${body}</article></body></html>`);
  const found = findBody(doc.body);
  assert.ok(found);
  return [...linkTail(found.roots, found.stats)].map((el) => el.textContent.trim()).sort();
}

test('a run of linked headlines closing the article is a tail, with its lead-in line', () => {
  const body = `<p>${TEXT}</p><p>${TEXT}</p><p>More from the harbor…</p><p><a href="/a">Island clinic opens</a></p><p><a href="/b">Water taxis raise fares</a></p>`;
  assert.deepEqual(tailTexts(body), [
    'Island clinic opens',
    'More from the harbor…',
    'Water taxis raise fares',
  ]);
});

test('one link line, links inside sentences, and link lines followed by text are not a tail', () => {
  const one = `<p>${TEXT}</p><p>${TEXT}</p><p><a href="/a">Island clinic opens</a></p>`;
  assert.deepEqual(tailTexts(one), []);
  const inline = `<p>${TEXT}</p><p>The <a href="/plan">plan</a> and the <a href="/budget">budget</a> were approved.</p><p>Details are in <a href="/doc">the ruling</a> of the board.</p>`;
  assert.deepEqual(tailTexts(inline), []);
  const middle = `<p>${TEXT}</p><p><a href="/a">Island clinic opens</a></p><p><a href="/b">Water taxis raise fares</a></p><p>${TEXT}</p>`;
  assert.deepEqual(tailTexts(middle), []);
});
