import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { SQLITE_MIGRATIONS } from './migrations/sqlite.js';
import { ftsQuery, searchPaging, searchRows } from './search.js';
import { SqliteStore } from './sqlite.js';

test('ftsQuery quotes every term, keeps phrases and OR, drops operators', () => {
  assert.equal(ftsQuery('nato tanks'), '"nato" "tanks"');
  assert.equal(ftsQuery('"air defence" OR patriot'), '"air defence" OR "patriot"');
  assert.equal(ftsQuery('NEAR(a b) title:x tank* -y ^z'), '"NEAR a" "b" "title x" "tank" "y" "z"');
  assert.equal(ftsQuery('f-35 "unterminated'), '"f 35" "unterminated"');
  assert.equal(ftsQuery('OR tanks OR'), '"tanks"');
  assert.equal(ftsQuery('a OR OR b'), '"a" OR "b"');
  assert.equal(ftsQuery('tanks or jets'), '"tanks" "or" "jets"');
  assert.equal(ftsQuery('Zürich 北约'), '"Zürich" "北约"');
  for (const empty of ['', '   ', '"" *** ()', 'OR', '\u0000']) assert.equal(ftsQuery(empty), undefined);
  assert.equal(ftsQuery('w '.repeat(100))?.split(' ').length, 16);
});

test('searchPaging clamps limit and offset', () => {
  assert.deepEqual(searchPaging(), { limit: 20, offset: 0 });
  assert.deepEqual(searchPaging({ limit: 1000, offset: -5 }), { limit: 100, offset: 0 });
  assert.deepEqual(searchPaging({ limit: 0, offset: 3 }), { limit: 1, offset: 3 });
  assert.deepEqual(searchPaging({ limit: 2.5, offset: Number.NaN }), { limit: 20, offset: 0 });
});

test('searchRows indexes each article with its story, copies and cleaned text', () => {
  const rows = searchRows({
    topic: { name: 'NATO', slug: 'nato' },
    date: '2023-01-30',
    stories: [
      {
        id: 's9',
        title: 'Story',
        articles: [
          {
            url: 'https://a.example/1',
            title: 'Tanks\u0002 pledged',
            outlet: 'Alpha',
            description: 'Desc. One.',
            summary: ['One.', 'Two.', ''],
            summarySource: 'body',
            paywalled: false,
            alsoPublishedBy: [{ outlet: 'Beta', url: 'https://b.example/1' }],
          },
        ],
      },
    ],
  });
  assert.deepEqual(rows, [
    {
      topic: 'nato',
      date: '2023-01-30',
      storyId: 's9',
      url: 'https://a.example/1',
      title: 'Tanks pledged',
      outlet: 'Alpha, Beta',
      body: 'Desc. One. Two.',
    },
  ]);
});

test('upgrading a SQLite database indexes the digests it already holds', async () => {
  const file = join(await mkdtemp(join(tmpdir(), 'daybrief-search-')), 'old.db');
  const old = new Database(file);
  for (const sql of SQLITE_MIGRATIONS.slice(0, 2)) old.exec(sql);
  old.pragma('user_version = 2');
  const digest = {
    topic: { name: 'NATO', slug: 'nato' },
    date: '2023-01-30',
    stories: [
      {
        id: 's1',
        title: 'Old',
        articles: [
          {
            url: 'https://a.example/1',
            title: 'Archived walrus story',
            outlet: 'Alpha',
            summary: [],
            summarySource: 'none',
            paywalled: false,
            alsoPublishedBy: [],
          },
        ],
      },
    ],
  };
  old
    .prepare('INSERT INTO digests (topic_slug, date, digest) VALUES (?, ?, ?)')
    .run('nato', '2023-01-30', JSON.stringify(digest));
  old.close();
  const store = new SqliteStore(file);
  try {
    await store.migrate();
    assert.deepEqual(
      (await store.searchArticles('walrus')).map((h) => h.url),
      ['https://a.example/1'],
    );
  } finally {
    await store.close();
  }
});
