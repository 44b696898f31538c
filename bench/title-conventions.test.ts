import assert from 'node:assert/strict';
import { test } from 'node:test';
import { onlySiteSegment } from './title-conventions.js';

test('a miss is only a site segment when the expected title is ours plus a separated name', () => {
  assert.ok(onlySiteSegment('How to Build a Terrarium | eHow', 'How to Build a Terrarium'));
  assert.ok(onlySiteSegment('标题很严重_探索者_光明网', '标题很严重'));
  assert.ok(onlySiteSegment('Weekly Edition [LWN.net]', 'Weekly Edition'));
  assert.equal(onlySiteSegment('The seven secrets', 'Seven secrets'), false);
  assert.equal(onlySiteSegment('Harbor board votes', 'Harbor board votes'), false);
  assert.equal(onlySiteSegment('Harbor board votes again', 'Harbor board votes'), false);
});
