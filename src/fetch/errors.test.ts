import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ERROR_PERMANENCE, FETCH_CODES, isPermanent, permanenceOf } from './errors.js';

test('every fetch code has its permanence in the one table', () => {
  for (const code of Object.values(FETCH_CODES))
    assert.ok(ERROR_PERMANENCE[code], `${code} is not in the table`);
});

test('answers that will not change are permanent; the network, the server and budgets are transient', () => {
  for (const code of [
    'FETCH_HTTP_404',
    'FETCH_HTTP_410',
    'FETCH_HTTP_403',
    FETCH_CODES.tooLarge,
    FETCH_CODES.tooManyRedirects,
    FETCH_CODES.robotsDisallowed,
    FETCH_CODES.privateAddress,
    FETCH_CODES.badUrl,
    'EXTRACT_NOT_HTML',
    'EXTRACT_EMPTY',
  ])
    assert.equal(permanenceOf(code), 'permanent', code);
  for (const code of [
    'FETCH_HTTP_500',
    'FETCH_HTTP_503',
    'FETCH_HTTP_429',
    'FETCH_HTTP_408',
    FETCH_CODES.timeout,
    FETCH_CODES.connection,
    FETCH_CODES.dns,
    FETCH_CODES.budgetExceeded,
    FETCH_CODES.deadline,
    'STORE_FAILED',
    'DISK_FULL',
    'SOMETHING_NEW',
  ])
    assert.equal(permanenceOf(code), 'transient', code);
  assert.equal(isPermanent(undefined), false, 'a failure without a code is retried');
});
