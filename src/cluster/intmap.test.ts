import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IntFloatMap } from './intmap.js';
import { f32Slab, u32Slab } from './slab.js';

test('IntFloatMap adds and reads like a Map, through growth', () => {
  const m = new IntFloatMap(4);
  const ref = new Map<number, number>();
  for (let i = 0; i < 5000; i++) {
    const key = (i * 7919) % 1543;
    const before = m.add(key, i % 3 === 0 ? -0.5 : 1.25);
    assert.equal(before, ref.get(key) ?? 0);
    ref.set(key, (ref.get(key) ?? 0) + (i % 3 === 0 ? -0.5 : 1.25));
  }
  for (let key = 0; key < 1600; key++) assert.equal(m.get(key), ref.get(key) ?? 0);
  let seen = 0;
  m.forEach((value, key) => {
    seen++;
    assert.equal(value, ref.get(key));
  });
  assert.equal(seen, ref.size);
});

test('slabs hand out separate zero-filled views that keep their values across chunks', () => {
  const ids = u32Slab(8);
  const a = ids.copy([1, 2, 3]);
  const b = ids.alloc(4);
  const c = ids.copy([9, 9, 9, 9, 9, 9, 9, 9, 9, 9]); // larger than a chunk
  const d = ids.copy([5, 6]); // a new chunk: a and b stay where they were
  b[0] = 7;
  assert.deepEqual([...a], [1, 2, 3]);
  assert.deepEqual([...b], [7, 0, 0, 0]);
  assert.equal(c.length, 10);
  assert.deepEqual([...d], [5, 6]);
  const w = f32Slab(4).copy([0.5, 1.5]);
  assert.deepEqual([...w], [0.5, 1.5]);
});
