import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DaybriefError } from '../model/errors.js';
import { parseConfig, parseTopic } from './load.js';
import { queueTimingIssue } from './schema.js';

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

test('newsSearch takes true, false or a list of engines; gdelt settings are checked', () => {
  assert.equal(parseConfig({ topics: [topic] }).newsSearch, true);
  assert.equal(parseConfig({ newsSearch: false, topics: [topic] }).newsSearch, false);
  assert.deepEqual(parseConfig({ newsSearch: ['gdelt', 'google'], topics: [topic] }).newsSearch, [
    'gdelt',
    'google',
  ]);
  assert.throws(() => parseConfig({ newsSearch: ['gdelt', 'yahoo'], topics: [topic] }), /newsSearch/);
  assert.deepEqual(parseConfig({ topics: [topic] }).gdelt, {});
  const gdelt = { endpoint: 'http://127.0.0.1:8080/api/v2/doc/doc', intervalMs: 0, sourceCountry: true };
  assert.deepEqual(parseConfig({ gdelt, topics: [topic] }).gdelt, gdelt);
  assert.throws(() => parseConfig({ gdelt: { endpoint: 'ftp://x/' }, topics: [topic] }), /gdelt\.endpoint/);
  assert.throws(() => parseConfig({ gdelt: { interval: 5 }, topics: [topic] }), /interval/);
});

test('the queue section takes its timing keys and names a wrong one', () => {
  assert.deepEqual(parseConfig({ topics: [topic] }).queue, {});
  const config = parseConfig({
    queue: { expireSeconds: 5, pollSeconds: 0.5 },
    fetch: { requestTimeoutMs: 2000 },
    topics: [topic],
  });
  assert.deepEqual(config.queue, { expireSeconds: 5, pollSeconds: 0.5 });
  assert.throws(() => parseConfig({ queue: { pollSeconds: 0.1 }, topics: [topic] }), /queue\.pollSeconds/);
  assert.throws(() => parseConfig({ queue: { expireSecs: 5 }, topics: [topic] }), /expireSecs/);
});

test('an expiry no longer than one article request is refused, naming both keys and the fix', () => {
  // The default request limit is 20 s: 20 s would give up every slow article on every attempt.
  assert.throws(
    () => parseConfig({ queue: { expireSeconds: 20 }, topics: [topic] }),
    /queue\.expireSeconds.*20000 ms, the default fetch\.requestTimeoutMs.*above 20 s/,
  );
  assert.throws(
    () => parseConfig({ queue: { expireSeconds: 30 }, fetch: { requestTimeoutMs: 45_000 }, topics: [topic] }),
    /45000 ms, fetch\.requestTimeoutMs.*above 45 s/,
  );
  assert.equal(parseConfig({ queue: { expireSeconds: 21 }, topics: [topic] }).queue.expireSeconds, 21);
  assert.equal(queueTimingIssue({}, { requestTimeoutMs: 600_000 }), undefined);
});
