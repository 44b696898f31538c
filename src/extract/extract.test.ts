import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { extract } from './extract.js';

const URL = 'https://news.example.com/a';
const paragraphs = Array.from(
  { length: 6 },
  (_, i) =>
    `<p>Paragraph ${i} of the story says something long enough to count as article text, with a few more words.</p>`,
);

test('non-HTML input is skipped with EXTRACT_NOT_HTML', () => {
  for (const input of [
    '{"a": 1}',
    '[1,2,3]',
    '\u0000\u0001\u0002binary\u0003\u0004garbage\u0005\u0006'.repeat(20),
    'plain words only',
    '',
  ]) {
    const r = extract(input, URL);
    assert.equal(r.kind, 'skipped');
    assert.equal(r.kind === 'skipped' && r.code, 'EXTRACT_NOT_HTML');
  }
});

test('a page with neither title nor text is skipped with EXTRACT_EMPTY', () => {
  const r = extract('<html><head></head><body><div></div></body></html>', URL);
  assert.equal(r.kind === 'skipped' && r.code, 'EXTRACT_EMPTY');
});

test('paragraphs are separate blocks and text joins them with blank lines', () => {
  const html = `<html><head><title>A story</title></head><body><article><h1>A story</h1>${paragraphs.join('')}<ul><li>one  item</li></ul></article></body></html>`;
  const r = extract(html, URL);
  assert.equal(r.kind, 'article');
  if (r.kind !== 'article') return;
  assert.equal(r.title, 'A story');
  assert.equal(r.paragraphs.length, 7);
  assert.equal(r.paragraphs[6], 'one item');
  assert.equal(r.text, r.paragraphs.join('\n\n'));
});

test('fragments without html/body still extract', () => {
  const r = extract(`<title>Loose</title>${paragraphs.join('')}`, URL);
  assert.equal(r.kind, 'article');
  assert.ok(r.kind === 'article' && r.paragraphs.length >= 6);
});

test('never throws, whatever the input', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (s) => {
      const r = extract(`<html><body>${s}<p>${s}</p></body></html>`, URL);
      assert.ok(r.kind === 'article' || r.kind === 'skipped');
    }),
    { numRuns: 200 },
  );
  const deep = `<html><body>${'<div>'.repeat(10_000)}<p>deep text</p>${'</div>'.repeat(10_000)}</body></html>`;
  assert.ok(['article', 'skipped'].includes(extract(deep, URL).kind));
  assert.ok(['article', 'skipped'].includes(extract(null as unknown as string, URL).kind));
});

const TAGS = ['div', 'p', 'span', 'a', 'article', 'section', 'ul', 'li', 'table', 'td', 'h2', 'br', 'script'];

test('random markup trees give an article or a clear skip', () => {
  const piece = fc.oneof(
    fc.constantFrom(...TAGS).map((t) => `<${t} class="content">`),
    fc.constantFrom(...TAGS).map((t) => `</${t}>`),
    fc.string({ maxLength: 40 }),
    fc.constantFrom('<!--', '-->', '<', '>', '&amp;', '&#x0;', '<![CDATA[', '"', "'"),
  );
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 120 }), (parts) => {
      const r = extract(parts.join(''), URL);
      if (r.kind === 'skipped') assert.match(r.code, /^EXTRACT_/);
      else assert.equal(r.text, r.paragraphs.join('\n\n'));
    }),
    { numRuns: 300 },
  );
});

test('pathological pages end with an article or a skip', () => {
  const text = '<p>Some words of a story, long enough to be read as article text by the scorer.</p>';
  const inputs = [
    `<html><body>${'<div>'.repeat(200_000)}${text}</body></html>`.slice(0, 10_000_000),
    `${'<div><span>'.repeat(10_000)}${text}`,
    `<html><head><title>Frames</title></head><frameset><frame src="a.html"></frameset></html>`,
    `<title>No body</title>${text}${text}`,
    '<html><body><p>unclosed <b><i>tags <table><tr><td>cell</p></div></span>',
    `<html><body>${'<div>x</div>'.repeat(100_000)}</body></html>`,
  ];
  for (const html of inputs) {
    const r = extract(html, URL);
    assert.ok(r.kind === 'article' || r.code.startsWith('EXTRACT_'));
  }
  const deep = extract(inputs[1] as string, URL);
  assert.ok(deep.kind === 'article' && deep.text.includes('Some words of a story'));
});

test('nesting depth and sibling count never stop extraction (property)', () => {
  const story = '<p>The harbour board approved the night ferry pilot on Monday, after a long debate.</p>';
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 3_000 }),
      fc.integer({ min: 0, max: 3_000 }),
      fc.constantFrom('div', 'span', 'section', 'li', 'td', 'a'),
      (depth, width, tag) => {
        const html = `<html><body>${`<${tag} class="c">`.repeat(depth)}${story}${'<i>x</i>'.repeat(width)}${`</${tag}>`.repeat(depth)}</body></html>`;
        const r = extract(html, URL);
        assert.ok(r.kind === 'article', r.kind === 'skipped' ? r.reason : '');
        assert.ok(r.text.includes('night ferry pilot'));
      },
    ),
    { numRuns: 25 },
  );
});

test('worst case: 10 MB of unclosed content-named blocks with text still gives a result', () => {
  const unit = '<div class="article-body story"><p>Words, more words, and a comma or two, to be scored.';
  const html = `<html><head><title>Worst</title></head><body>${unit.repeat(Math.ceil(10_000_000 / unit.length))}`;
  const r = extract(html, URL);
  assert.ok(r.kind === 'article', r.kind === 'skipped' ? r.reason : '');
  assert.equal(r.title, 'Worst');
  assert.ok(r.text.includes('Words, more words'));
});

test('hidden paragraphs are not read; an article hidden until scripts reveal it is', () => {
  const hidden = `<html><body><article><h1>Harbor ferry</h1>${paragraphs.join('')}<p style="display: none">Secret template text that a reader never sees on the page at all.</p><p hidden>Another hidden paragraph that no reader sees, kept for a script.</p></article></body></html>`;
  const r = extract(hidden, URL);
  assert.ok(r.kind === 'article' && r.text.includes('Paragraph 5'));
  assert.ok(
    r.kind === 'article' && !r.text.includes('Secret template') && !r.text.includes('Another hidden'),
  );
  const revealed = `<html><body><nav><a href="/">Home</a></nav><article style="visibility:hidden">${paragraphs.join('')}</article></body></html>`;
  const s = extract(revealed, URL);
  assert.ok(s.kind === 'article' && s.text.includes('Paragraph 0') && s.text.includes('Paragraph 5'));
});

test('promotions set into the story are left out: shouted related links, newsletter and tip lines, time stamps', () => {
  const html = `<html><body><article><h1>Harbor ferry</h1>
    <p>Updated Nov 19, 9:41 AM; Posted Nov 18, 8:19 PM</p>
    ${paragraphs.slice(0, 3).join('')}
    <p><a href="/other">'HARBOR NIGHTS' STAR OPENS UP ABOUT LIFE ON THE FERRY</a></p>
    ${paragraphs.slice(3).join('')}
    <p>Advert</p>
    <p>SEE MORE: Ferry fares to rise in the spring</p>
    <p>Sharing is caring!</p>
    <p>You may also like:</p>
    <p>Like this story? Share it with a friend!</p>
    <p>Have a tip? Our harbor reporter may be reached at tips@news.example.com.</p>
    <p>Get the latest updates right in your inbox. Subscribe to Harbor News newsletters.</p>
    <div class="grid-container next-prev"><p class="btn"><a href="/n">- Next Harbor News</a></p>
      <div class="cell">Ferry fares rise in the spring, and the island clinic opens on Monday after years of delay</div>
      <p class="btn"><a href="/p">Previous Harbor News -</a></p></div>
  </article></body></html>`;
  const r = extract(html, URL);
  assert.ok(r.kind === 'article');
  assert.equal(r.paragraphs.length, 6, r.paragraphs.join('\n'));
  assert.ok(r.paragraphs.every((p) => p.startsWith('Paragraph')));
});

test('a JSON-LD articleBody that mentions markup as text is decoded once', () => {
  const body = Array.from(
    { length: 6 },
    (_, i) =>
      `Paragraph ${i} of the timetable story, long enough to count as article text for the reader here.`,
  );
  body.push('Embed the timetable with a &lt;script&gt; tag and the widget shows the next boats every day.');
  const ld = JSON.stringify({
    '@type': 'NewsArticle',
    headline: 'Timetable widget',
    articleBody: body.join('\n'),
  });
  const html = `<html><head><script type="application/ld+json">${ld}</script></head><body><main><h1>Timetable widget</h1><p>Loading…</p></main></body></html>`;
  const r = extract(html, URL);
  assert.ok(r.kind === 'article');
  assert.ok(r.text.includes('with a <script> tag and the widget shows the next boats'), r.text);
});

test('hidden story parts a script reveals, live updates and newsletter facts stay in the text', () => {
  const rest = paragraphs.map((p) => p.replace('Paragraph', 'Rest'));
  const html = `<html><body><article><h1>Harbor ferry</h1>
    <p>Updated 3:45 p.m.: Two people were hurt when the night ferry hit the quay in fog.</p>
    ${paragraphs.join('')}
    <p>More than 20,000 residents subscribe to the council's weekly newsletter, the mayor said.</p>
    <button>Continue reading</button><div class="rest" style="display:none">${rest.slice(0, 3).join('')}</div>
  </article></body></html>`;
  const r = extract(html, URL);
  assert.ok(r.kind === 'article');
  assert.ok(r.text.includes('Updated 3:45 p.m.: Two people were hurt'));
  assert.ok(r.text.includes('subscribe to the council'));
  assert.ok(r.text.includes('Rest 2 of the story'));
});

test('a label and a link set into the story ("En contexto: …") is left out; a label and a bare URL stays', () => {
  const text =
    'The harbor board voted on Thursday, after a long debate, to run a night ferry to the island, which residents had asked for since the day service was cut back.';
  const html = `<html><head><title>Night ferry</title></head><body><article><p>${text}</p><p><b>EN CONTEXTO: <a href="/x">La isla estrena un centro de salud nuevo</a></b></p><p>${text}</p><p>Dazu passend: <a href="/y">Wassertaxis werden teurer</a></p><p>${text}</p><p>Source: <a href="http://harbor.example/minutes">http://harbor.example/minutes</a></p></article></body></html>`;
  const r = extract(html, URL);
  assert.equal(r.kind, 'article');
  if (r.kind !== 'article') return;
  assert.ok(!r.text.includes('La isla estrena'));
  assert.ok(!r.text.includes('Wassertaxis'));
  assert.ok(r.text.includes('Source: http://harbor.example/minutes'));
  assert.equal(r.paragraphs.filter((p) => p === text).length, 3);
});

test('a lead-in line ending in a colon goes with the link list it introduces', () => {
  const text =
    'The harbor board voted on Thursday, after a long debate, to run a night ferry to the island, which residents had asked for since the day service was cut back.';
  const html = `<html><head><title>Night ferry</title></head><body><article><p>${text}</p><p>Dazu passend:</p><ul><li><a href="/a">Wassertaxis werden teurer</a></li><li><a href="/b">Neue Klinik auf der Insel</a></li></ul><p>${text}</p><p>The timetable:</p><p>${text}</p></article></body></html>`;
  const r = extract(html, URL);
  assert.equal(r.kind, 'article');
  if (r.kind !== 'article') return;
  assert.ok(!r.text.includes('Dazu passend'));
  assert.ok(!r.text.includes('Wassertaxis'));
  assert.ok(r.text.includes('The timetable:'));
});

test('share labels in the languages of the outlets we meet are left out; a sentence asking to share is kept', () => {
  const body = paragraphs.join('');
  const html = `<html><body><article>${body}<p>Beitrag teilen:</p><p>Mit Freunden teilen</p><p>Partager l'article</p><p>Compartir en Facebook</p><p>Bitte teilen Sie uns Ihre Erfahrungen mit, wenn Sie das Rezept schon probiert haben.</p></article></body></html>`;
  const r = extract(html, URL);
  assert.equal(r.kind, 'article');
  const text = r.kind === 'article' ? r.text : '';
  for (const label of ['Beitrag teilen', 'Mit Freunden teilen', 'Partager', 'Compartir'])
    assert.ok(!text.includes(label), label);
  assert.ok(text.includes('Bitte teilen Sie uns Ihre Erfahrungen mit'));
});

test("a readers' comment thread longer than a short post is never read as the post, a live ticker's entries are", () => {
  const reply = (i: number) =>
    `<li class="comment"><div class="comment-body"><p>Reader ${i} writes that the pictures look sharp enough, though the light was poor, and asks for more at the long end.</p></div></li>`;
  const thread = Array.from({ length: 8 }, (_, i) => reply(i)).join('');
  const post =
    '<div class="entry"><h1>More samples</h1><p>A second set of sample pictures has turned up online:</p></div>';
  const r = extract(`<html><body>${post}<div id="comments"><ol>${thread}</ol></div></body></html>`, URL);
  assert.equal(r.kind === 'article' && r.text.includes('Reader 3'), false);
  assert.equal(r.kind === 'article' && r.text.includes('A second set of sample pictures'), true);
  const ticker = Array.from(
    { length: 6 },
    (_, i) =>
      `<div class="live-match-comment"><p>Minute ${i * 10}: the home side press high, win a corner and the header goes just wide of the post.</p></div>`,
  ).join('');
  const live = extract(
    `<html><body><h1>Live</h1><div class="live-match-comments">${ticker}</div></body></html>`,
    URL,
  );
  assert.equal(live.kind === 'article' && live.text.includes('Minute 30'), true);
});

test('a block of several links and nothing else is navigation; a sentence with links in it is text', () => {
  const run = ['Park reopens', 'Court narrows inquiry', 'Strike vote set', 'Bravery award']
    .map((h, i) => `<a href="/n/${i}">${h}</a>`)
    .join('<br>');
  const linked =
    '<p>The <a href="/c">council</a> met the <a href="/t">towns</a> and the <a href="/b">bus company</a> on Tuesday, and agreed to meet again.</p>';
  const r = extract(`<html><body><td>${paragraphs.join('')}${linked}<hr>${run}</td></body></html>`, URL);
  assert.equal(r.kind === 'article' && r.text.includes('Court narrows inquiry'), false);
  assert.equal(r.kind === 'article' && r.text.includes('met the towns and the bus company'), true);
});
