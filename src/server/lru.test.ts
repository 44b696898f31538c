import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SizedLru } from './lru.js';

test('drops the least recently used values past its size bound', () => {
  const lru = new SizedLru<string>(10);
  lru.set('a', 'A', 4);
  lru.set('b', 'B', 4);
  assert.equal(lru.get('a'), 'A', 'a is now the most recent');
  lru.set('c', 'C', 4);
  assert.equal(lru.get('b'), undefined, 'b went');
  assert.deepEqual([lru.get('a'), lru.get('c'), lru.total, lru.count], ['A', 'C', 8, 2]);
  assert.equal(lru.set('huge', 'H', 11), false, 'larger than the bound: not kept');
  assert.equal(lru.get('huge'), undefined);
  lru.resize('a', 9);
  assert.equal(lru.get('c'), undefined, 'growing a value drops the oldest others');
  assert.deepEqual([lru.get('a'), lru.total], ['A', 9]);
  lru.set('a', 'A2', 2);
  assert.deepEqual([lru.get('a'), lru.total], ['A2', 2], 'replacing counts the new size only');
  lru.delete('a');
  lru.clear();
  assert.deepEqual([lru.total, lru.count], [0, 0]);
});
