import assert from 'node:assert/strict';
import { test } from 'node:test';
import { centrality, select, weightsFor } from './rank.js';

const row = (...xs: number[]) => Float64Array.from(xs);

test('centrality ranks the hub of the similarity graph first', () => {
  const graph = [row(0, 0.8, 0.8, 0.8), row(0.8, 0, 0, 0), row(0.8, 0, 0, 0), row(0.8, 0, 0, 0)];
  const c = centrality(graph);
  assert.equal(c[0], 1);
  assert.ok((c[1] as number) < 1);
});

test('the lead weighs much more for a short pick than for a large share', () => {
  assert.ok(weightsFor(3, 40).position > 5 * weightsFor(10, 20).position);
  assert.ok(weightsFor(10, 20).position < 0.1);
});

test('MMR skips a near-duplicate and returns reading order', () => {
  const similarity = [row(0, 0.95, 0.1), row(0.95, 0, 0.1), row(0.1, 0.1, 0)];
  const input = { graph: similarity, similarity, query: [0, 0, 0], position: [0, 1, 2] };
  const w = { position: 1, centrality: 0, query: 0, redundancy: 1, decay: 1, boilerplate: 0 };
  assert.deepEqual(select(input, 2, w), [0, 2]);
});

test('headline overlap and the MMR penalty fade with the lead as the share grows', () => {
  const short = weightsFor(3, 30);
  const half = weightsFor(10, 20);
  assert.ok(short.query > 0 && short.redundancy > 0);
  assert.ok(half.query < short.query / 100 && half.redundancy < short.redundancy / 100);
  assert.equal(half.centrality, 1);
});
