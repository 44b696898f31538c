import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseLight } from './lightdom.js';
import { isListing } from './listing.js';

const BLURB = 'Work on the channel begins in March, the port authority said, and will last six weeks.';
const PAGE = 'https://echo.example/news/local/';

function listing(body: string, url = PAGE): boolean {
  const doc = parseLight(`<html><body>${body}</body></html>`);
  return isListing([doc.body], url);
}

function teasers(n: number, href: (i: number) => string): string {
  let out = '';
  for (let i = 0; i < n; i++)
    out += `<div><h2><a href="${href(i)}">Headline number ${i}</a></h2><p>${BLURB}</p></div>`;
  return out;
}

test('four or more headlines linking to other pages of the site, each over a teaser, are a listing', () => {
  assert.equal(listing(`<h1>Local news</h1>${teasers(4, (i) => `/news/story-${i}`)}`), true);
  assert.equal(listing(teasers(5, (i) => `https://echo.example/news/story-${i}`)), true);
});

test('an article with a related list under it, anchors, other sites and short lists are not listings', () => {
  const article = `<p>${BLURB.repeat(7)}</p>`;
  assert.equal(listing(article + teasers(6, (i) => `/news/story-${i}`)), false);
  assert.equal(listing(teasers(6, (i) => `#part-${i}`)), false);
  assert.equal(listing(teasers(6, (i) => `https://shop${i}.example/item`)), false);
  assert.equal(listing(teasers(3, (i) => `/news/story-${i}`)), false);
  // The same target four times is one item.
  assert.equal(listing(teasers(4, () => '/news/story')), false);
});
