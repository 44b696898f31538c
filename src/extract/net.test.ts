import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extract } from './extract.js';
import { parseLight } from './lightdom.js';
import { isConsentDialog, looksWrong, prefer, proseChars, proseMass } from './net.js';

const SENTENCE =
  'The harbor board voted on Thursday, after a long debate, to run a night ferry to the island, which residents had asked for.';
const CONSENT =
  'We and our partners use cookies and process personal data such as identifiers for personalised advertising.';

test('prose is sentences of eight words or more; headlines, labels and consent text are not', () => {
  assert.equal(proseChars([SENTENCE]), SENTENCE.length);
  assert.equal(
    proseChars(['Island clinic opens next week', 'Share this story', 'Signed in as Guest Sign in or Join']),
    0,
  );
  assert.equal(proseChars([CONSENT]), 0);
});

test('a first result with no prose, mostly links, or far shorter than articleBody looks wrong', () => {
  const page = { articleBodyChars: 0 };
  assert.equal(looksWrong({ blocks: [SENTENCE, SENTENCE], linkShare: 0.1 }, page), false);
  assert.equal(looksWrong({ blocks: ['SPEAK YOUR MIND', 'Signed in as Guest'], linkShare: 0 }, page), true);
  assert.equal(looksWrong({ blocks: [SENTENCE, SENTENCE], linkShare: 0.7 }, page), true);
  assert.equal(looksWrong({ blocks: [SENTENCE, SENTENCE], linkShare: 0 }, { articleBodyChars: 2000 }), true);
});

test('another candidate wins only with more than twice the first one’s text as prose, not as links', () => {
  const first = { blocks: ['Posted by the editor', 'Share'], linkShare: 0 };
  const article = { blocks: [SENTENCE, SENTENCE], linkShare: 0.1 };
  const links = { blocks: [SENTENCE, SENTENCE, SENTENCE], linkShare: 0.8 };
  assert.equal(prefer(first, [links, article]), article);
  // Non-prose text that is the whole article (credits, a photo list) keeps its place.
  const credits = {
    blocks: ['Photographer: Ann Lee, Design: Bo Chen, Editor: Cy Dahl, Producer: Di Ek, Stylist: Ed Fox'],
    linkShare: 0,
  };
  assert.equal(prefer(credits, [{ blocks: [SENTENCE], linkShare: 0 }]), credits);
});

test('a block set that is mostly consent paragraphs is a dialog; one consent sentence in a story is not', () => {
  assert.equal(isConsentDialog(['Your choices', CONSENT, CONSENT]), true);
  assert.equal(isConsentDialog([SENTENCE, SENTENCE, CONSENT]), false);
  assert.equal(isConsentDialog([CONSENT, SENTENCE, SENTENCE, SENTENCE]), false);
});

test('an article the first pass cannot see (wrapped in an aside) is found by the relaxed pass', () => {
  const html = `<html><head><title>Mill reopens</title></head><body><aside class="post"><h1>Mill reopens</h1>
    <div><p>${SENTENCE}</p><p>${SENTENCE}</p></div></aside>
    <div id="respond"><h3>SPEAK YOUR MIND</h3><p>Signed in as Guest <a href="/in">Sign in</a></p></div></body></html>`;
  const a = extract(html, 'https://notes.example/mill');
  assert.equal(a.kind, 'article');
  assert.deepEqual(a.kind === 'article' && a.paragraphs, [SENTENCE, SENTENCE]);
});

test('a cookie banner taken along beside a short article is left out, and the article is no wall', () => {
  const html = `<html><head><title>Frost spares the harvest</title></head><body>
    <div class="lyr"><h2>Your choices</h2><p>${CONSENT}</p><p>${CONSENT} You can withdraw your consent in the privacy settings.</p><p>${CONSENT}</p></div>
    <div class="page"><p>${SENTENCE}</p><p>${SENTENCE}</p></div></body></html>`;
  const a = extract(html, 'https://vintners.example/frost');
  assert.equal(a.kind, 'article');
  assert.ok(a.kind === 'article' && !a.paywalled);
  assert.deepEqual(a.kind === 'article' && a.paragraphs, [SENTENCE, SENTENCE]);
});

test('text whose wrapper is named like a caption is read when the first pass found nothing else', () => {
  const html = `<html><head><title>Magic art show</title></head><body><div class="slide"><div class="image"><img src="/a.jpg"></div>
    <div class="caption">${SENTENCE} <span class="credit">(Photo Agency)</span></div></div></body></html>`;
  const a = extract(html, 'https://news.example/slideshow/magic-art');
  assert.equal(a.kind, 'article');
  assert.ok(a.kind === 'article' && a.text.includes(SENTENCE));
});

test('a result that reads like teasers looks wrong when the page holds three times more prose elsewhere', () => {
  const teasers = {
    blocks: ['Ferry timetable changes', SENTENCE, 'Island clinic opens', SENTENCE],
    linkShare: 0.3,
  };
  const own = teasers.blocks.join('').length;
  assert.equal(looksWrong(teasers, { articleBodyChars: 0, proseMassChars: 3 * own + 1 }), true);
  assert.equal(looksWrong(teasers, { articleBodyChars: 0, proseMassChars: 3 * own }), false);
  // A short article beside a longer column of prose is no sign of a miss.
  const brief = { blocks: [SENTENCE, SENTENCE], linkShare: 0.05 };
  assert.equal(looksWrong(brief, { articleBodyChars: 0, proseMassChars: 10_000 }), false);
});

test('the text mass is the most prose in the paragraphs of one element; comments and headlines do not count', () => {
  const doc = parseLight(
    `<body><div id="a"><p>${SENTENCE}</p><p>${SENTENCE}</p><p>Short line</p></div>` +
      `<div class="comments"><p>${SENTENCE}</p><p>${SENTENCE}</p><p>${SENTENCE}</p></div>` +
      `<div><p>${SENTENCE}</p></div></body>`,
  );
  assert.equal(proseMass(doc.body), 2 * SENTENCE.length);
});
