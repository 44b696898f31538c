import assert from 'node:assert/strict';
import { test } from 'node:test';
import { htmlText } from './html-text.js';

test('blocks and <br> end lines, so adjacent paragraphs keep their words apart', () => {
  const html = '<div><p>First <b>bold</b> end.</p><p>Next line<br>after&nbsp;break &amp; more</p></div>';
  assert.equal(htmlText(html), 'First bold end.\nNext line\nafter break & more');
});

test('inline elements join without a break; script and style are left out', () => {
  const html =
    '<p>a<a href="#">b</a>c<script>var x = 1;</script><style>p{}</style> d</p><ul><li>one</li><li>two</li></ul>';
  assert.equal(htmlText(html), 'abc d\none\ntwo');
});
