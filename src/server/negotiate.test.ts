import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseCoding, isNotModified } from './negotiate.js';

test('Accept-Encoding: q-values decide, q=0 refuses, * covers the rest, br wins ties', () => {
  const cases: Array<[string | undefined, string | undefined]> = [
    [undefined, undefined],
    ['', undefined],
    ['gzip', 'gzip'],
    ['x-gzip', 'gzip'],
    ['gzip, deflate, br', 'br'],
    ['br;q=0, gzip', 'gzip'],
    ['br;q=0.5, gzip;q=0.8', 'gzip'],
    ['BR;Q=1, GZIP;q=1', 'br'],
    ['gzip;q=0, br;q=0', undefined],
    ['*', 'br'],
    ['*;q=0', undefined],
    ['*, br;q=0', 'gzip'],
    ['deflate', undefined],
    ['identity', undefined],
    ['gzip;q=0.3, identity;q=0.9', undefined],
    ['gzip;q=0.9, identity;q=0.3', 'gzip'],
    ['gzip;q=abc', undefined],
    ['gzip;q=2', undefined],
    [',,;q=1, gzip', 'gzip'],
  ];
  for (const [header, want] of cases) assert.equal(chooseCoding(header), want, String(header));
  assert.equal(chooseCoding('gzip, br', ['gzip']), 'gzip', 'only what is offered');
});

test('If-None-Match: weak comparison, lists and *; it wins over If-Modified-Since', () => {
  const etag = '"abc"';
  assert.equal(isNotModified({ ifNoneMatch: '"abc"' }, etag), true);
  assert.equal(isNotModified({ ifNoneMatch: 'W/"abc"' }, etag), true, 'weak comparison');
  assert.equal(isNotModified({ ifNoneMatch: '"abc"' }, 'W/"abc"'), true);
  assert.equal(isNotModified({ ifNoneMatch: '"x", "abc"' }, etag), true);
  assert.equal(isNotModified({ ifNoneMatch: '"x,y","z"' }, '"x,y"'), true, 'a comma inside a tag');
  assert.equal(isNotModified({ ifNoneMatch: '"abcd"' }, etag), false);
  assert.equal(isNotModified({ ifNoneMatch: 'abc' }, etag), false, 'unquoted is no tag');
  assert.equal(isNotModified({ ifNoneMatch: '*' }, etag), true);
  const mtime = Date.parse('2026-01-02T03:04:05.678Z');
  const later = 'Sat, 03 Jan 2026 00:00:00 GMT';
  assert.equal(
    isNotModified({ ifNoneMatch: '"other"', ifModifiedSince: later }, etag, mtime),
    false,
    'If-None-Match wins',
  );
  assert.equal(
    isNotModified({ ifNoneMatch: '"abc"', ifModifiedSince: 'Thu, 01 Jan 1970 00:00:00 GMT' }, etag, mtime),
    true,
  );
});

test('If-Modified-Since: to the second, only a valid HTTP-date', () => {
  const mtime = Date.parse('2026-01-02T03:04:05.678Z');
  const at = (ifModifiedSince: string) => isNotModified({ ifModifiedSince }, '"t"', mtime);
  assert.equal(at('Fri, 02 Jan 2026 03:04:05 GMT'), true, 'the same second (milliseconds dropped)');
  assert.equal(at('Fri, 02 Jan 2026 03:04:04 GMT'), false);
  assert.equal(at('Friday, 02-Jan-26 03:04:06 GMT'), true, 'RFC 850 form');
  assert.equal(at('Fri Jan  2 03:04:06 2026'), true, 'asctime form');
  assert.equal(at('2030-01-01'), false, 'not an HTTP-date');
  assert.equal(at('garbage'), false);
  assert.equal(
    isNotModified({ ifModifiedSince: 'Fri, 02 Jan 2026 03:04:05 GMT' }, '"t"'),
    false,
    'no date known',
  );
});
