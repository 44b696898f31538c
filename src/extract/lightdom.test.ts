import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_DEPTH, parseLight } from './lightdom.js';

test('a fragment gets html, head and body; head-only tags go to head', () => {
  const doc = parseLight('<title>T</title><meta name="a" content="b"><p>One &amp; two</p>');
  assert.equal(doc.documentElement.tagName, 'HTML');
  assert.equal(doc.head.querySelector('title')?.textContent, 'T');
  assert.equal(doc.querySelector('meta[name="a"]')?.getAttribute('content'), 'b');
  assert.equal(doc.body.textContent, 'One & two');
});

test('selectors: lists, descendant and child combinators, attribute tests, :not', () => {
  const doc = parseLight(
    '<body><article class="a b"><div itemprop="author"><span itemprop="name">Ann</span></div><time datetime="x">t</time></article><p id="p" class="z">p</p></body>',
  );
  assert.equal(doc.querySelector('[itemprop="author"] [itemprop="name"]')?.textContent, 'Ann');
  assert.equal(doc.querySelectorAll('article time, #p').length, 2);
  assert.equal(doc.querySelectorAll('article > time').length, 1);
  assert.equal(doc.querySelectorAll('body > time').length, 0);
  assert.equal(doc.querySelectorAll('[class*="b"]').length, 1);
  assert.equal(doc.querySelectorAll('p:not(.z), .a.b').length, 1);
  assert.throws(() => doc.querySelectorAll('p::before'), SyntaxError);
});

test('nesting beyond the cap flattens instead of growing the tree', () => {
  const doc = parseLight(`${'<div>'.repeat(MAX_DEPTH * 3)}deep${'</div>'.repeat(MAX_DEPTH * 3)}`);
  let depth = 0;
  for (let el = doc.body.firstElementChild; el; el = el.firstElementChild) depth++;
  assert.ok(depth <= MAX_DEPTH + 1, `depth ${depth}`);
  assert.equal(doc.body.textContent, 'deep');
});
