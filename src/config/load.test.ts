import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { DaybriefError } from '../model/errors.js';
import { jsonErrorOffset, loadConfig, parseConfig, parseTopic, slugify } from './load.js';

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

test('a wrong time zone alone is CONFIG_BAD_TIMEZONE, in one line naming the key', () => {
  assert.throws(
    () => parseConfig({ topics: [{ name: 'x', query: 'x', timezone: 'Mars/Olympus' }] }, 'my.json'),
    (err: unknown) =>
      err instanceof DaybriefError &&
      err.code === 'CONFIG_BAD_TIMEZONE' &&
      !err.message.includes('\n') &&
      /my\.json is not valid: topics\.0\.timezone: expected an IANA time zone/.test(err.message),
  );
});

test('a bad JSON file is reported with its line and column', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'daybrief-config-'));
  try {
    const file = join(dir, 'c.json');
    await writeFile(file, '{\n  "topics": [\n    {"name": "x" "query": "y"}\n  ]\n}\n');
    await assert.rejects(loadConfig(file), (err: unknown) => {
      assert.ok(err instanceof DaybriefError);
      assert.equal(err.code, 'CONFIG_NOT_JSON');
      assert.match(err.message, /is not valid JSON at line 3, column 18: unexpected "\\""/);
      return true;
    });
    await writeFile(file, '');
    await assert.rejects(loadConfig(file), /the file is empty/);
    await assert.rejects(loadConfig(join(dir, 'none.json')), (err: unknown) => {
      assert.ok(err instanceof DaybriefError);
      assert.equal(err.code, 'CONFIG_NOT_FOUND');
      assert.match(err.message, /none\.json \(there is no such file\)/);
      return true;
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('jsonErrorOffset agrees with JSON.parse on what is valid, and points inside the text', () => {
  const pieces = [
    '{',
    '}',
    '[',
    ']',
    ',',
    ':',
    '"a"',
    '"b\\n"',
    '1',
    '-2.5e3',
    '01',
    'true',
    'nul',
    ' ',
    '\n',
    'x',
    '"\\u00e9"',
    '"\\q"',
  ];
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 12 }), (parts) => {
      const text = parts.join('');
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      const offset = jsonErrorOffset(text);
      assert.equal(offset === -1, valid, `${JSON.stringify(text)} → ${offset}`);
      assert.ok(offset <= text.length);
    }),
    { numRuns: 2000 },
  );
  fc.assert(
    fc.property(fc.json(), (text) => {
      assert.equal(jsonErrorOffset(text), -1);
    }),
    { numRuns: 300 },
  );
});
