import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type LComment, LElement, type LNode, type LText, MAX_DEPTH, parseLight } from './lightdom.js';

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

/** The body as compact markup: elements with their children, text quoted, comments as `<!x>`. */
function shape(html: string): string {
  const out = (n: LNode): string => {
    if (n instanceof LElement) return `${n.localName}(${n.childNodes.map(out).join(',')})`;
    if (n.nodeType === 8) return `<!${(n as LComment).data}>`;
    return JSON.stringify((n as LText).data);
  };
  return parseLight(html).body.childNodes.map(out).join(',');
}

test('start tags close the elements they imply: p by blocks, li by li, cells, options, dd/dt', () => {
  assert.equal(shape('<p>a<div>b</div>'), 'p("a"),div("b")');
  assert.equal(shape('<p>a<h2>b</h2><p>c<p>d'), 'p("a"),h2("b"),p("c"),p("d")');
  assert.equal(shape('<p>a<span>b<div>c'), 'p("a",span("b")),div("c")');
  assert.equal(shape('<ul><li>a<li>b</ul>'), 'ul(li("a"),li("b"))');
  assert.equal(
    shape('<table><tr><td>a<td>b<tr><td>c</table>'),
    'table(tbody(tr(td("a"),td("b")),tr(td("c"))))',
  );
  assert.equal(shape('<select><option>a<option>b</select>'), 'select(option("a"),option("b"))');
  assert.equal(shape('<dl><dt>a<dd>b<dt>c</dl>'), 'dl(dt("a"),dd("b"),dt("c"))');
});

test('end tags close up to their match and are ignored without one; </p> and </br> make elements', () => {
  // The formatting element left open is reconstructed after the div, as HTML parsers do.
  assert.equal(shape('<div><span><b>a</div>b'), 'div(span(b("a"))),b("b")');
  assert.equal(shape('<div><span>a</div>b'), 'div(span("a")),"b"');
  assert.equal(shape('<div>a</span></nope>b</div>'), 'div("ab")');
  assert.equal(shape('<div>a</img>b</div>'), 'div("ab")');
  assert.equal(shape('a</p>b'), '"a",p(),"b"');
  assert.equal(shape('a</br>b'), '"a",br(),"b"');
});

test('names are lower-cased; entities decode in text and attributes; the first repeated attribute wins', () => {
  const doc = parseLight(
    '<DIV ID="x" Class="a" class="b" data-q="1 &lt; 2 &amp;&amp; &#x41;&#66;">Fish &amp; chips&nbsp;&copy; &#128512;</DIV>',
  );
  const div = doc.querySelector('div');
  assert.equal(div?.tagName, 'DIV');
  assert.deepEqual(div?.attribs, { id: 'x', class: 'a', 'data-q': '1 < 2 && AB' });
  assert.equal(div?.textContent, 'Fish & chips\u00a0© 😀');
  assert.equal(
    parseLight('<a href="?a=1&copy=2">x</a>').querySelector('a')?.getAttribute('href'),
    '?a=1&copy=2',
  );
});

test('void elements hold nothing; script, style and textarea keep raw text; comments kept, CDATA as comment', () => {
  assert.equal(shape('<p>a<br>b<img src=x>c<hr>d'), 'p("a",br(),"b",img(),"c"),hr(),"d"');
  assert.equal(shape('<p><script>if (a<b) f("</div>")</script>'), 'p(script("if (a<b) f(\\"</div>\\")"))');
  assert.equal(shape('<textarea><b>&amp;</b></textarea>'), 'textarea("<b>&amp;</b>")');
  assert.equal(shape('<div><!-- c --><![CDATA[x]]><?pi?></div>'), 'div(<! c >,<![CDATA[x]]>)');
});

test('self-closing syntax counts only inside svg and math', () => {
  assert.equal(shape('<div/>a'), 'div("a")');
  assert.equal(shape('<svg><path d="M0"/><g/></svg>a'), 'svg(path(),g()),"a"');
  assert.equal(shape('<math><mi/>x</math>'), 'math(mi(),"x")');
  assert.equal(shape('<svg><foreignObject><div/>a</foreignObject></svg>'), 'svg(foreignobject(div("a")))');
});

test('deep nesting costs the same per tag, and content after it returns to where it belongs', () => {
  const n = 200_000;
  const started = performance.now();
  const doc = parseLight(`${'<div>'.repeat(n)}deep${'</div>'.repeat(n)}<p>after</p>`);
  assert.ok(performance.now() - started < 5_000);
  assert.ok(doc.querySelector('p')?.parentElement === doc.body);
  assert.equal(doc.body.textContent, 'deepafter');
  const unclosed = parseLight(`${'<span>'.repeat(MAX_DEPTH * 2)}x${'</b>'.repeat(10)}`);
  assert.equal(unclosed.body.textContent, 'x');
});

test('selector lists mixing tags, attributes, classes and universal parts match as each part would', () => {
  const doc = parseLight(
    '<html><body><a href="/author/x" class="Byline">A</a><span rel="author">B</span><p id="q">C</p><i title="t">D</i><em>E</em></body></html>',
  );
  const text = (sel: string) =>
    doc.body
      .querySelectorAll(sel)
      .map((el) => el.textContent)
      .join('');
  assert.equal(text('a[href*="/author/"], [rel="author"], #q'), 'ABC');
  assert.equal(text('[class*="byline" i], .Byline, [class*="byline"]'), 'A');
  assert.equal(text('*:not(a):not(span):not(p)'), 'DE');
  assert.equal(text('em, [title], :not(body):first-child'), 'ADE');
});

test('document queries answer in document order from the parsed lists, and after the tree changes', () => {
  // The second h1 is foster-parented before the table: made after the first, it comes first.
  const html =
    '<body><table><caption><h1 id="a">A</h1></caption><h1 id="b">B</h1></table><main role="main"><p itemprop="headline" id="c">C</p></main><h1 id="d">D</h1></body>';
  const doc = parseLight(html);
  const ids = (els: LElement[]) => els.map((el) => el.id).join(' ');
  const walked = (selector: string) => ids(doc.descendants().filter((el) => el.matches(selector)));
  for (const selector of ['h1, [itemprop="headline"]', 'h1', '[role="main"], main', 'main p, h1#d']) {
    assert.equal(ids(doc.querySelectorAll(selector)), walked(selector), selector);
  }
  assert.equal(ids(doc.querySelectorAll('h1, [itemprop="headline"]')), 'b a c d');
  assert.equal(ids(doc.selectFirst('h1, [itemprop="headline"]', 2)), 'b a');
  // A removal: queries walk the tree again, and the removed element is gone from their answers.
  doc.querySelector('#b')?.remove();
  assert.equal(ids(doc.querySelectorAll('h1, [itemprop="headline"]')), 'a c d');
  // An attribute set after the parse is seen too.
  doc.querySelector('#d')?.setAttribute('itemprop', 'headline');
  assert.equal(ids(doc.querySelectorAll('[itemprop="headline"]')), 'c d');
});

test('parsing another document leaves a parsed one as it was', () => {
  const doc = parseLight('<body><h1 id="a">A</h1><p itemprop="headline" id="b">B</p></body>');
  const found = () =>
    doc
      .querySelectorAll('h1, [itemprop]')
      .map((el) => el.id)
      .join(' ');
  assert.equal(found(), 'a b');
  parseLight('<body><h1>other</h1></body>');
  assert.equal(found(), 'a b');
  doc.querySelector('#a')?.remove();
  parseLight('<body><h1>other</h1></body>');
  assert.equal(found(), 'b');
});

test('attribute-filed selectors try only elements whose value holds what one of them asks', () => {
  const doc = parseLight(
    '<body><p class="Byline-X" id="a">1</p><p class="by line" id="b">2</p><a href="/Author/x" id="c">3</a><p class="ΑΣΑ" id="d">4</p><p class="aΣ" id="e">5</p><p id="x.y">6</p><p rel="author" id="f">7</p></body>',
  );
  const ids = (selector: string) =>
    doc
      .querySelectorAll(selector)
      .map((el) => el.id)
      .join(' ');
  assert.equal(ids('[class*="byline" i], .line'), 'a b');
  assert.equal(ids('.Byline-X'), 'a');
  assert.equal(ids('.byline-x'), '');
  assert.equal(ids('[href*="/author/" i], [href*="/author/"]'), 'c');
  // Values beyond ASCII are matched as before (no shortcut for them).
  assert.equal(ids('[class*="σ" i]'), 'd');
  assert.equal(ids('[class="ΑΣΑ"], [id="x.y"]'), 'd x.y');
  assert.equal(ids('[rel], [rel=""]'), 'f');
});
