import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DaybriefError } from '../model/errors.js';
import { parseConfig, parseTopic, slugify } from './load.js';

test('fills defaults and derives the slug', () => {
  const config = parseConfig({ topics: [{ name: 'NATO Enlargement', query: 'NATO' }] });
  assert.equal(config.database, 'daybrief.sqlite');
  const [topic] = config.topics;
  assert.deepEqual(topic, {
    name: 'NATO Enlargement',
    slug: 'nato-enlargement',
    query: 'NATO',
    feeds: [],
    language: 'en',
    region: 'US',
    timezone: 'UTC',
    maxArticles: 1000,
  });
});

test('names the bad key and what is expected', () => {
  assert.throws(
    () => parseConfig({ topics: [{ name: 'x', query: 'x', timezone: 'Mars/Olympus', feeds: ['ftp://a'] }] }),
    (err: unknown) => {
      assert.ok(err instanceof DaybriefError);
      assert.equal(err.code, 'CONFIG_INVALID');
      assert.match(err.message, /topics\.0\.timezone: expected an IANA time zone/);
      assert.match(err.message, /topics\.0\.feeds\.0: expected an http\(s\) URL/);
      return true;
    },
  );
});

test('rejects unknown keys and topics with neither query nor feeds', () => {
  assert.throws(() => parseConfig({ topics: [{ name: 'x', query: 'x', qeury: 'y' }] }), /qeury/);
  assert.throws(() => parseTopic({ name: 'x' }), /needs a "query" or at least one entry in "feeds"/);
});

test('rejects duplicate slugs', () => {
  assert.throws(
    () =>
      parseConfig({
        topics: [
          { name: 'NATO', query: 'a' },
          { name: 'nato', query: 'b' },
        ],
      }),
    /share the slug "nato"/,
  );
});

test('slugify keeps it URL-safe', () => {
  assert.equal(slugify('Économie & Santé!'), 'economie-sante');
  assert.equal(slugify('***'), 'topic');
});
