import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../test/fuzz/mutate.js';
import { bagAt, bagsOf } from './bags.js';

/** The per-sentence map the bags replace: term → count in order of first occurrence. */
function naive(doc: readonly string[]): Map<string, number> {
  const tf = new Map<string, number>();
  for (const t of doc) tf.set(t, (tf.get(t) ?? 0) + 1);
  return tf;
}

test('bags number terms in order of first occurrence and keep each sentence’s counts', () => {
  const b = bagsOf([['flood', 'wall', 'flood'], [], ['wall', 'river']]);
  assert.deepEqual(
    [...b.ids],
    [
      ['flood', 0],
      ['wall', 1],
      ['river', 2],
    ],
  );
  assert.deepEqual([...b.start], [0, 2, 2, 4]);
  assert.deepEqual([...b.term.subarray(0, 4)], [0, 1, 1, 2]);
  assert.deepEqual([...b.count.subarray(0, 4)], [2, 1, 1, 1]);
  assert.deepEqual([...b.lengths], [3, 0, 2]);
});

test('on random texts every bag equals the per-sentence count map, entry order included', () => {
  for (let seed = 1; seed <= 200; seed++) {
    const r = new Rng(seed);
    const words = Array.from({ length: 1 + r.int(30) }, (_, i) => `w${i}`);
    const docs = Array.from({ length: r.int(12) }, () =>
      Array.from({ length: r.int(15) }, () => words[r.int(words.length)] as string),
    );
    const b = bagsOf(docs);
    docs.forEach((doc, i) => {
      assert.deepEqual([...bagAt(b, i)], [...naive(doc)], `seed ${seed}, sentence ${i}`);
      assert.equal(b.lengths[i], doc.length);
    });
    assert.deepEqual([...b.ids.keys()], [...new Set(docs.flat())], `seed ${seed}`);
  }
});
