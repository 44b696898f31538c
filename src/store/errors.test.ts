import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DaybriefError } from '../model/errors.js';
import { explainPostgres, postgresError, redactUrl, sqliteError } from './errors.js';
import { SqliteStore } from './sqlite.js';

const err = (code: string, message = code) => Object.assign(new Error(message), { code });

test('SQLite codes become the store codes a user can act on', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['SQLITE_NOTADB', 'STORE_NOT_SQLITE', /is not a SQLite database; pass --db/],
    ['SQLITE_BUSY', 'STORE_LOCKED', /locked by another process; wait/],
    ['SQLITE_LOCKED_SHAREDCACHE', 'STORE_LOCKED', /locked/],
    ['SQLITE_READONLY_DBMOVED', 'STORE_READ_ONLY', /read-only; make the file and its folder writable/],
    ['SQLITE_FULL', 'DISK_FULL', /is full; free some space/],
    ['SQLITE_CORRUPT', 'STORE_CORRUPT', /damaged .*restore it from a backup/],
    ['SQLITE_ERROR', 'STORE_QUERY', /failed: SQLITE_ERROR/],
  ];
  for (const [sqlite, code, message] of cases) {
    const e = sqliteError(err(sqlite), '/data/x.sqlite');
    assert.equal(e.code, code, sqlite);
    assert.equal(e.stage, 'store');
    assert.match(e.message, message);
  }
  const kept = new DaybriefError('store', 'STORE_BAD_SCHEMA', 'x');
  assert.equal(sqliteError(kept, 'f'), kept);
});

test('opening a file that is not SQLite throws STORE_NOT_SQLITE from the constructor', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'daybrief-store-errors-'));
  try {
    const file = join(dir, 'notes.txt');
    await writeFile(file, 'plain text, certainly not a database file header. '.repeat(10));
    assert.throws(
      () => new SqliteStore(file),
      (e: unknown) => e instanceof DaybriefError && e.code === 'STORE_NOT_SQLITE',
    );
    // A method failing later is mapped too: a closed database.
    const store = new SqliteStore(join(dir, 'ok.sqlite'));
    await store.migrate();
    await store.close();
    await assert.rejects(
      store.listTopics(),
      (e: unknown) => e instanceof DaybriefError && e.stage === 'store',
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('Postgres failures: unreachable, refused user, missing database, full disk; the password never shows', () => {
  const url = 'postgres://app:s3cret@db.internal:5433/news';
  const refused = Object.assign(new AggregateError([err('ECONNREFUSED')], ''), { code: 'ECONNREFUSED' });
  const cases: Array<[unknown, string, RegExp]> = [
    [refused, 'STORE_UNREACHABLE', /cannot reach Postgres at db\.internal:5433 \(connection refused\)/],
    [err('ENOTFOUND'), 'STORE_UNREACHABLE', /db\.internal:5433 \(ENOTFOUND\)/],
    [new Error('timeout expired'), 'STORE_UNREACHABLE', /cannot reach/],
    [err('28P01', 'password authentication failed for user "app"'), 'STORE_AUTH_FAILED', /refused user app/],
    [
      err('3D000', 'database "news" does not exist'),
      'STORE_DB_MISSING',
      /no database "news"; create it \(createdb news\)/,
    ],
    [err('53100', 'could not extend file'), 'DISK_FULL', /out of disk space/],
    [err('42P01', 'relation "x" does not exist'), 'STORE_QUERY', /Postgres query failed: relation/],
  ];
  for (const [e, code, message] of cases) {
    const mapped = postgresError(e, url);
    assert.equal(mapped.code, code);
    assert.match(mapped.message, message);
    assert.doesNotMatch(mapped.message, /s3cret/);
  }
  assert.equal(redactUrl(url), 'postgres://app:***@db.internal:5433/news');
});

test('explainPostgres digs the Postgres cause out of a wrapping error', () => {
  const url = 'postgres://u@127.0.0.1:1/q';
  const wrapped = new DaybriefError('pipeline', 'PIPELINE_QUEUE_UNAVAILABLE', 'cannot open the job queue', {
    cause: err('ECONNREFUSED'),
  });
  assert.equal((explainPostgres(wrapped, url) as DaybriefError).code, 'STORE_UNREACHABLE');
  const opaque = new DaybriefError('pipeline', 'PIPELINE_QUEUE_UNAVAILABLE', 'x', {
    cause: new Error('odd'),
  });
  assert.equal(explainPostgres(opaque, url), opaque);
});
