import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../test/fuzz/mutate.js';
import { bagsOf } from './bags.js';
import { idfOf, numbering, pairwise, type Vocabulary, vectorOf, vectorOfBag } from './vectors.js';

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

test('a vector of an interned bag is the vector of its count map, bit for bit', () => {
  const r = new Rng(7);
  for (let round = 0; round < 100; round++) {
    const docs = Array.from({ length: 1 + r.int(8) }, () =>
      Array.from({ length: r.int(12) }, () => `t${r.int(20)}`),
    );
    const bags = bagsOf(docs);
    const idf = idfOf(docs);
    const idfById = new Float64Array(bags.ids.size);
    for (const [t, id] of bags.ids) idfById[id] = idf.get(t) as number;
    const vocab: Vocabulary = new Map();
    const ids = numbering(bags.ids.size);
    docs.forEach((doc, i) => {
      const a = vectorOf(doc, idf, 1, vocab);
      const b = vectorOfBag(
        bags.term,
        bags.count,
        bags.start[i] as number,
        bags.start[i + 1] as number,
        idfById,
        ids,
      );
      assert.deepEqual([...b.ids], [...a.ids], `round ${round}`);
      assert.deepEqual([...b.weights], [...a.weights], `round ${round}`);
    });
  }
});
