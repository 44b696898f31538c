import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DaybriefError } from '../model/errors.js';
import { parseConfig, parseTopic } from './load.js';

const topic = { name: 'Harbour', query: 'harbour' };

test('fetch.allowHosts defaults to empty and takes host and host:port entries', () => {
  assert.deepEqual(parseConfig({ topics: [topic] }).fetch, { allowHosts: [] });
  const config = parseConfig({
    fetch: { allowHosts: ['intranet.example', '127.0.0.1:8080', '[::1]:9000'] },
    topics: [topic],
  });
  assert.deepEqual(config.fetch.allowHosts, ['intranet.example', '127.0.0.1:8080', '[::1]:9000']);
});

test('a bad fetch.allowHosts entry or key names itself', () => {
  assert.throws(
    () => parseConfig({ fetch: { allowHosts: ['127.0.0.1', 'http://127.0.0.1/'] }, topics: [topic] }),
    (err: unknown) => {
      assert.ok(err instanceof DaybriefError);
      assert.equal(err.code, 'CONFIG_INVALID');
      assert.match(err.message, /fetch\.allowHosts\.1: expected a host or host:port/);
      return true;
    },
  );
  assert.throws(() => parseConfig({ fetch: { allowHost: ['x'] }, topics: [topic] }), /allowHost/);
});

test('credentials in feed URLs are dropped, so that they are never stored', () => {
  const config = parseConfig({
    topics: [
      { name: 'Private', feeds: ['https://alice:s3cret@feeds.example/rss?k=1', 'https://feeds.example/b'] },
    ],
  });
  assert.deepEqual(config.topics[0]?.feeds, ['https://feeds.example/rss?k=1', 'https://feeds.example/b']);
  assert.deepEqual(parseTopic({ name: 'x', feeds: ['http://u@feeds.example/'] }).feeds, [
    'http://feeds.example/',
  ]);
});
