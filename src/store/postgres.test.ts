import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import pg from 'pg';
import { storeContract } from '../../test/store-contract.js';
import { PostgresStore } from './postgres.js';

const url = process.env.TEST_PG_URL;

if (!url) {
  test('postgres store contract', {
    skip: 'TEST_PG_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test)',
  }, () => {});
} else {
  const schemas: string[] = [];
  storeContract('postgres', async () => {
    const schema = `daybrief_test_${randomBytes(4).toString('hex')}`;
    schemas.push(schema);
    const store = new PostgresStore({ url, schema, max: 2 });
    await store.migrate();
    return store;
  });
  test.after(async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });
}
