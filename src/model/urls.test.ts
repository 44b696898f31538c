import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isTrackingParam } from './urls.js';

test('tracking parameters are told from meaningful ones', () => {
  for (const key of ['utm_source', 'UTM_Medium', 'fbclid', 'gclid', 'ocid', 'guce_referrer_sig']) {
    assert.equal(isTrackingParam(key), true, key);
  }
  for (const key of ['id', 'page', 'q', 'story', 'amp', 'source'])
    assert.equal(isTrackingParam(key), false, key);
});
