import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseLight } from './lightdom.js';
import { otherArticles } from './scroll.js';

const TITLE = 'Ferry service to the island resumes on Monday';
const story = (id: string, headline: string) =>
  `<article id="${id}" class="story"><h1>${headline}</h1><p>Text of the story under its headline, long enough.</p></article>`;

test('the stories beside the one headed by the title, repeating its markup, are the other articles', () => {
  const doc = parseLight(
    `<html><body><div id="scroll">${story('a0', TITLE)}${story('a1', 'Storm closes the coast road')}<div class="ad">Ad</div>${story('a2', 'Council votes on the budget')}</div></body></html>`,
  );
  const second = doc.querySelector('#a1');
  const others = otherArticles(second ? [second] : [], doc.body, TITLE);
  assert.deepEqual(
    others.map((e) => e.getAttribute('id')),
    ['a1', 'a2'],
  );
  // All of them chosen at once: the same answer.
  const all = doc.querySelector('#scroll');
  assert.equal(otherArticles(all ? [all] : [], doc.body, TITLE).length, 2);
  // The titled story chosen: nothing to remove.
  const own = doc.querySelector('#a0');
  assert.deepEqual(otherArticles(own ? [own] : [], doc.body, TITLE), []);
});

test('an <h1> used as a subheading in the body column beside the header is no other article', () => {
  const doc = parseLight(
    `<html><body><section class="head"><h1>${TITLE}</h1><p>Lead.</p></section><section class="column"><p>Body text.</p><h1>WHAT COMES NEXT</h1><p>More body text.</p></section></body></html>`,
  );
  const column = doc.querySelector('.column');
  assert.deepEqual(otherArticles(column ? [column] : [], doc.body, TITLE), []);
  // No headline on the page is the title: nothing is known.
  assert.deepEqual(otherArticles(column ? [column] : [], doc.body, 'Another title, long enough'), []);
});
