import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findBody, isNoise } from './content.js';
import { parseLight } from './lightdom.js';

const P =
  '<p>The harbor board voted on Thursday, after a long debate, to run a night ferry to the island, which residents had asked for since the day service was cut back.</p>';

test('a heading named as a caption is the caption of a figure, not a subheading of the text', () => {
  const doc = parseLight(
    `<html><body><article>${P}<figure><img src="/f.jpg"><h2 class="figure__caption">The ferry at the pier on its first night</h2></figure>${P}<h2 id="schedule">The schedule</h2>${P}</article></body></html>`,
  );
  const found = findBody(doc.body);
  assert.ok(found);
  const [caption, heading] = doc.body.querySelectorAll('h2');
  assert.ok(caption && heading);
  assert.equal(isNoise(caption, found.stats), true);
  assert.equal(isNoise(heading, found.stats), false);
});
