/**
 * Differential tests of tree construction against parse5 (the reference, a devDependency): every
 * text character must sit under the same ancestor tags (html>body>div>p) in both trees. Inline
 * snippets cover each rule; when ../shared is present, a handful of bench pages of every set must
 * agree to at least 99.5% of their characters. Whitespace characters are left out of the counts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { benchPages, compare, lightPaths, referencePaths, SETS } from '../../scripts/tree-agreement.js';
import { LElement, type LNode, MAX_DEPTH, parseLight } from './lightdom.js';

/** Each snippet, with what it exercises. */
const SNIPPETS: [string, string][] = [
  ['unclosed head, no body tag', '<html><head><title>T</title><div><p>One</p><p>Two</p></div>'],
  [
    'unclosed head with head content first',
    '<head><meta charset=utf-8><link rel=x><script>s()</script>text<div>d</div>',
  ],
  ['whitespace then text in head', '<head>\n  <title>T</title>\n  Hello <b>world</b>'],
  ['no html, head or body tags', 'Just text<p>and a paragraph'],
  ['content after </body> and </html>', '<body><p>a</p></body></html><p>after</p>tail'],
  ['a second body and html merge', '<body class=a><div>x<body id=b><html lang=en>y</div>'],
  ['head content after the head', '<head></head><title>Late</title><body>b'],
  ['misnested b and p', '<b><p>x</b>y</p>'],
  ['a across a block', '<a href=1>one<div>two</a>three</div>'],
  ['nested formatting closed out of order', '<p><b><i>bi</b>i</i>plain</p>'],
  ['formatting reopened in the next paragraph', '<p><em>one<p>two</em>three'],
  ['a inside a', '<a href=1>x<a href=2>y</a>z'],
  ['implied tbody and tr', '<table><td>a<td>b<tr><td>c</table>'],
  ['stray text and elements foster-parented', '<table>lost<tr><td>in</td></tr><div>out</div>more</table>'],
  ['</table> closes open cells', '<table><tr><td><p>a<table><tr><td>b</table>c</table>d'],
  ['caption and colgroup', '<table><caption>Cap<td>x<colgroup><col></table>'],
  ['table in p, standards mode', '<!DOCTYPE html><p>a<table><tr><td>b</table>c'],
  ['table in p, quirks mode', '<p>a<table><tr><td>b</table>c'],
  ['formatting across cells', '<table><tr><td><b>x</td><td>y</b></td></tr></table>z'],
  ['select drops tags it cannot hold', '<select><div>a</div><option>o<optgroup><option>p</select>after'],
  ['select in a table', '<table><tr><td><select><option>a<td>b</table>'],
  ['template content', '<template><p>t</p><tr><td>c</td></tr></template><p>x'],
  ['noscript is raw text (scripting on)', '<noscript><p>enable js</p></noscript><p>x'],
  ['noscript in head', '<head><noscript><style>a{}</style></noscript></head><p>x'],
  ['iframe is raw text', '<p><iframe><b>x</b></iframe>y'],
  ['self-closed script still opens', '<head><script src=a.js /><script>b()</script><title>T</title>'],
  ['li closes li within list scope only', '<ul><li>a<div><li>b</div></ul><ul><li>c<ul><li>d</ul>e</ul>'],
  ['dd and dt', '<dl><dt>a<dd>b<div><dt>c</div></dl>'],
  ['headings close headings', '<h1>a<h2>b</h1>c'],
  ['p closed by blocks, not by inline', '<p>a<span>b<div>c</div>d'],
  ['button scope', '<button><p>a<button>b'],
  ['</p> and </br> without starts', 'a</p>b</br>c'],
  ['end tag blocked by special', '<div><span>a<p>b</span>c</p></div>'],
  ['misnested form', '<form><div>a</form>b</div>c'],
  ['svg with html breakout', '<svg><g><text>t</text><p>out</p></g></svg>after'],
  ['svg integration points', '<svg><foreignObject><div>in</div></foreignObject><desc>d</desc></svg>'],
  ['math text integration point', '<math><mi>x</mi><mtext><b>t</b></mtext></math>'],
  ['self-closing in foreign content', '<svg><path/><circle/>c</svg><div/>d'],
  ['nobr', '<nobr>a<nobr>b</nobr>c'],
  ['ruby', '<ruby>a<rb>b<rt>c<rp>d</ruby>'],
  ['object keeps formatting apart', '<b>x<object><i>y</object>z</b>'],
  ['comment and doctype', '<!doctype html><!-- c --><html><!-- d --><p>x</p></html><!-- e -->'],
];

for (const [what, html] of SNIPPETS) {
  test(`tree agrees with parse5: ${what}`, () => {
    assert.deepEqual(sorted(lightPaths(html)), sorted(referencePaths(html)), html);
  });
}

function sorted(m: Map<string, number>): [string, number][] {
  return [...m].sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

test('the article of a page whose head is never closed lands in body', () => {
  const doc = parseLight(
    '<html><head><meta charset="utf-8"><title>T</title><div class="article"><p>First paragraph.</p></div>',
  );
  assert.equal(doc.head.textContent, 'T');
  assert.equal(doc.body.querySelector('div.article p')?.textContent, 'First paragraph.');
  assert.equal(doc.documentElement.childNodes.length, 2);
});

test('stray table content goes before the table, in document order', () => {
  const doc = parseLight('<div><table><tr><td>cell</td></tr><p>stray</p></table></div>');
  const div = doc.body.firstElementChild as LElement;
  assert.deepEqual(
    div.children.map((el) => el.localName),
    ['p', 'table'],
  );
});

test('a second body tag adds its attributes to the body', () => {
  const doc = parseLight('<body class="a"><p>x</p><body class="b" id="main"><p>y</p>');
  assert.equal(doc.body.getAttribute('class'), 'a');
  assert.equal(doc.body.getAttribute('id'), 'main');
  assert.equal(doc.querySelectorAll('body').length, 1);
});

test('character references: decoded in text, title and attributes, as written in script and style', () => {
  const doc = parseLight(
    '<head><title>A &amp; B &copy 2024</title><style>a::after{content:"&amp;"}</style></head>' +
      '<p title="x &lt; y">Fish &amp chips &#65;&#x42; &notit; &#128; &#0;</p>' +
      '<a href="/?a=1&copy=2&amp;b=3&lang">l</a><script>if (a &amp;&amp; b) {}</script>',
  );
  assert.equal(doc.title, 'A & B \u00a9 2024');
  assert.equal(doc.head.querySelector('style')?.textContent, 'a::after{content:"&amp;"}');
  const p = doc.body.querySelector('p');
  assert.equal(p?.getAttribute('title'), 'x < y');
  assert.equal(p?.textContent, 'Fish & chips AB \u00acit; \u20ac \ufffd');
  // In an attribute, a reference without `;` followed by `=` or a letter stays as written.
  assert.equal(doc.body.querySelector('a')?.getAttribute('href'), '/?a=1&copy=2&b=3&lang');
  assert.equal(doc.body.querySelector('script')?.textContent, 'if (a &amp;&amp; b) {}');
});

test('formatting elements left open are reconstructed at most a bounded number of times', () => {
  // Thousands of distinct open formatting elements, then paragraphs: each paragraph reopens only the
  // most recent ones.
  const open = Array.from({ length: 5000 }, (_, i) => `<b class="c${i}">`).join('');
  const doc = parseLight(`<div>${open}x</div>${'<p>y</p>'.repeat(50)}`);
  const p = doc.querySelectorAll('p').at(-1) as LElement;
  let depth = 0;
  for (let n: LNode | null = p.firstChild; n && n.nodeType === 1; n = (n as LElement).firstChild) depth++;
  assert.ok(depth <= 64, `depth ${depth}`);
  assert.equal(p.textContent, 'y');
});

test('deep nesting stays under the depth cap inside tables and formatting too', () => {
  const html = `<table><tr><td>${'<b><div>'.repeat(MAX_DEPTH)}deep${'</div></b>'.repeat(MAX_DEPTH)}</table>after`;
  const doc = parseLight(html);
  let depth = 0;
  const walk = (n: LNode, d: number) => {
    depth = Math.max(depth, d);
    if (n instanceof LElement) for (const k of n.childNodes) walk(k, d + 1);
  };
  walk(doc.documentElement, 1);
  assert.ok(depth <= MAX_DEPTH + 2, `depth ${depth}`);
  assert.ok(doc.body.textContent.includes('deep'));
  assert.ok(doc.body.textContent.endsWith('after'));
});

const SAMPLE_PER_SET = 4;

test('bench pages: tree agrees with parse5 on at least 99.5% of text characters', (t) => {
  const sets = SETS.map((s) => [s, benchPages(s).slice(0, SAMPLE_PER_SET)] as const).filter(
    ([, p]) => p.length,
  );
  if (!sets.length) {
    t.skip('../shared/bench/extraction is absent');
    return;
  }
  let total = 0;
  let agree = 0;
  for (const [, pages] of sets) {
    for (const [, html] of pages) {
      const r = compare(html);
      total += r.total;
      agree += r.agree;
    }
  }
  assert.ok(total > 0);
  assert.ok(agree / total >= 0.995, `agreement ${((100 * agree) / total).toFixed(3)}%`);
});
