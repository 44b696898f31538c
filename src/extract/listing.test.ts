import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseLight } from './lightdom.js';
import { readListing } from './listing.js';

const BLURB = 'Work on the channel begins in March, the port authority said, and will last six weeks.';
const PAGE = 'https://echo.example/news/local/';

function verdict(body: string, url = PAGE): string {
  const doc = parseLight(`<html><body>${body}</body></html>`);
  return readListing([doc.body], url).kind;
}

function teasers(n: number, href: (i: number) => string): string {
  let out = '';
  for (let i = 0; i < n; i++)
    out += `<div><h2><a href="${href(i)}">Headline number ${i}</a></h2><p>${BLURB}</p></div>`;
  return out;
}

test('four or more headlines linking to other pages of the site, each over a teaser, are a listing', () => {
  assert.equal(
    verdict(
      `<h1>Local news</h1><p>The county's towns, updated all day.</p>${teasers(4, (i) => `/news/story-${i}`)}`,
    ),
    'listing',
  );
  assert.equal(verdict(teasers(5, (i) => `https://echo.example/news/story-${i}`)), 'listing');
});

test('a page’s own text above such a list makes the list its tail, from the first headline on', () => {
  const doc = parseLight(
    `<html><body><p>${BLURB} ${BLURB} ${BLURB}</p>${teasers(4, (i) => `/news/story-${i}`)}</body></html>`,
  );
  const v = readListing([doc.body], PAGE);
  assert.equal(v.kind, 'tail');
  const first = doc.querySelector('h2');
  assert.ok(v.kind === 'tail' && first && v.from.has(first) && !v.from.has(doc.querySelector('p') as never));
});

test('text under a headline longer than a teaser, anchors, other sites and short lists are no list', () => {
  const long = `<p>${BLURB.repeat(7)}</p>`;
  assert.equal(
    verdict(teasers(2, (i) => `/news/story-${i}`) + long + teasers(3, (i) => `/news/more-${i}`)),
    'none',
  );
  assert.equal(verdict(teasers(6, (i) => `#part-${i}`)), 'none');
  assert.equal(verdict(teasers(6, (i) => `https://shop${i}.example/item`)), 'none');
  assert.equal(verdict(teasers(3, (i) => `/news/story-${i}`)), 'none');
  // The same target four times is one item.
  assert.equal(verdict(teasers(4, () => '/news/story')), 'none');
});

test('the page’s own teaser inside a list of recent posts counts as an item, not as its headline above', () => {
  const story = 'https://echo.example/news/harbour-works/';
  const own = `<h1><a href="${story}">Harbour works start</a></h1><p>${BLURB} ${BLURB} ${BLURB}</p>`;
  const recent = teasers(3, (i) => `/news/story-${i}`);
  const self = `<div><h3><a href="${story}">Harbour works start</a></h3><p>${BLURB}</p></div>`;
  const doc = parseLight(`<html><body>${own}${recent}${self}</body></html>`);
  assert.equal(readListing([doc.body], story).kind, 'tail');
  // Three other posts alone are a related box at most.
  assert.equal(verdict(`${own}${recent}`, story), 'none');
});
