import assert from 'node:assert/strict';
import { test } from 'node:test';
import { storeContract } from '../../test/store-contract.js';
import type { Article } from '../model/types.js';
import { articleJson, parseArticle } from './article-json.js';
import { SqliteStore } from './sqlite.js';

storeContract('sqlite', async () => {
  const store = new SqliteStore(':memory:');
  await store.migrate();
  return store;
});

test('an article is read back as saved, its paragraphs stored only when the text does not give them', () => {
  const base: Article = {
    kind: 'article',
    url: 'https://a.example/1',
    title: 'T',
    text: '',
    paragraphs: [],
    paywalled: false,
  };
  const cases: Array<[string, string[], boolean]> = [
    ['', [], true],
    ['One.\n\nTwo.', ['One.', 'Two.'], true],
    ['One.', ['One.'], true],
    ['One.\n\nTwo.', ['One.\n\nTwo.'], false],
    ['One.\n\n', ['One.'], false],
    ['One.\n\nTwo.', ['One.', 'Two.', 'Three.'], false],
    ['One.', [], false],
  ];
  for (const [text, paragraphs, derived] of cases) {
    const article = { ...base, text, paragraphs };
    const json = articleJson(article);
    assert.equal('paragraphs' in JSON.parse(json), !derived, JSON.stringify([text, paragraphs]));
    assert.deepEqual(parseArticle(json), article);
  }
  // Rows saved before (paragraphs always stored) read as they were.
  const old = { ...base, text: 'A.\n\nB.', paragraphs: ['A.', 'B.'] };
  assert.deepEqual(parseArticle(JSON.stringify(old)), old);
});
