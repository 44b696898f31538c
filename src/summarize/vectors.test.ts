import assert from 'node:assert/strict';
import { test } from 'node:test';
import { idfOf, pairwise, type Vocabulary, vectorOf } from './vectors.js';

function graphs(docs: string[][]) {
  const idf = idfOf(docs);
  const vocab: Vocabulary = new Map();
  const vs = docs.map((d) => vectorOf(d, idf, 1, vocab));
  return pairwise(
    vs,
    docs.map((d) => d.length),
  );
}

test('the overlap edge is shared terms over the geometric mean of the lengths', () => {
  const g = graphs([
    ['nato', 'finland', 'sweden', 'bid'],
    ['nato', 'finland', 'turkey', 'vote', 'delay', 'talks', 'ankara', 'summit', 'july'],
    ['weather', 'rain'],
  ]);
  assert.equal((g.overlap[0] as Float64Array)[1], 2 / Math.sqrt(4 * 9 + 1));
  assert.equal((g.overlap[0] as Float64Array)[2], 0);
  assert.equal((g.overlap[1] as Float64Array)[0], (g.overlap[0] as Float64Array)[1]);
});

test('a long sentence is not favoured for its length alone', () => {
  // The short sentence shares 2 of its 2 terms with the hub, the long one 2 of its 10.
  const g = graphs([
    ['nato', 'finland', 'sweden'],
    ['nato', 'finland'],
    ['nato', 'finland', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8'],
  ]);
  assert.ok(((g.overlap[0] as Float64Array)[1] as number) > ((g.overlap[0] as Float64Array)[2] as number));
});
