import assert from 'node:assert/strict';
import { test } from 'node:test';
import { urlKey } from './urls.js';

test('variants of one article share a key', () => {
  const base = urlKey('https://www.example.com/world/2023/01/30/turkey-finland-nato/');
  for (const variant of [
    'https://example.com/world/2023/01/30/turkey-finland-nato',
    'http://www.example.com/world/2023/01/30/turkey-finland-nato?utm_source=rss&utm_medium=feed',
    'https://m.example.com/world/2023/01/30/turkey-finland-nato#comments',
    'https://www.example.com/world/2023/01/30/turkey-finland-nato/amp/',
    'https://amp.example.com/world/2023/01/30/turkey-finland-nato?amp=1',
    'https://www.example.com:443/world/2023/01/30/turkey-finland-nato/index.html',
  ]) {
    assert.equal(urlKey(variant), base, variant);
  }
});

test('meaningful parameters and paths stay apart', () => {
  assert.notEqual(urlKey('https://a.com/story?id=1'), urlKey('https://a.com/story?id=2'));
  assert.notEqual(urlKey('https://a.com/x'), urlKey('https://b.com/x'));
  assert.equal(urlKey('https://a.com/s?b=2&a=1'), urlKey('https://a.com/s?a=1&b=2'));
  assert.equal(urlKey('not a url'), 'not a url');
});
