import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectParagraphs } from './body.js';
import { findBody } from './content.js';
import { parseLight } from './lightdom.js';

const P =
  '<p>The harbor board voted on Thursday, after a long debate, to run a night ferry to the island, which residents had asked for since the day service was cut back.</p>';
const BODY = `<div class="story">${P}${P}${P}</div>`;
const LEAD = 'A night ferry will run from May. The board says the island has waited long enough for it.';

function texts(html: string): string[] {
  const doc = parseLight(`<html><body>${html}</body></html>`);
  const found = findBody(doc.body);
  assert.ok(found);
  return found.roots.flatMap((r) => collectParagraphs(r as unknown as Element));
}

test('a standfirst between the headline and the body column is the article text it opens', () => {
  const got = texts(`<main><h1>Night ferry approved</h1><div class="intro"><p>${LEAD}</p></div>
    <div class="meta">By Ana Ruiz</div>${BODY}</main>`);
  assert.equal(got[0], LEAD);
  assert.equal(got.length, 4);
  assert.ok(!got.some((t) => t.includes('Ana Ruiz')));
});

test('a dek in the header element, a caption and a link-only line are not the lead', () => {
  const got = texts(`<main><header><h1>Night ferry approved</h1><p class="dek">${LEAD}</p></header>
    <figure><img src="/f.jpg"><figcaption><p>The ferry on a test run on the river, seen from the pier on Sunday.</p></figcaption></figure>
    <p><a href="/other">Other ferries in the region have been running at night for years now, see our survey.</a></p>${BODY}</main>`);
  assert.equal(got.length, 3);
});

test("a linked headline is the site's name: its tagline is not a lead", () => {
  const got = texts(
    `<div class="brand"><h1><a href="/">The Island Log</a></h1><div class="claim">${LEAD}</div></div>${BODY}`,
  );
  assert.ok(!got.includes(LEAD));
});

test('a stretch holding more text than the body is not read for a lead', () => {
  const fact = `<li>${P.slice(3, -4)}</li>`;
  const facts = `<ul class="facts">${fact.repeat(4)}</ul>`;
  const got = texts(
    `<main><h1>Night ferry approved</h1><div class="intro"><p>${LEAD}</p></div>${facts}${BODY}</main>`,
  );
  assert.ok(!got.includes(LEAD));
});
