import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cleanByline } from './byline.js';
import { readMetadata } from './metadata.js';

const URL = 'https://news.example/story';

test('author links in a menu are not the byline', () => {
  const html = `<html><body><nav><ul class="dropdown"><li><a href="/author/pat-lee">Pat Lee</a></li></ul></nav>
    <article><h1>Council passes the budget</h1><span class="author">Ana Ruiz</span><p>Text.</p></article></body></html>`;
  assert.equal(readMetadata(html, URL).byline, 'Ana Ruiz');
});

test('a "By" line under the headline outranks an author-classed sidebar', () => {
  const html = `<html><body><aside><div class="author-box">Joe Column</div></aside>
    <h1>Council passes the budget</h1><p><span>By</span> <a href="/p/ana">Ana Ruiz</a></p><p>Text.</p></body></html>`;
  assert.equal(readMetadata(html, URL).byline, 'Ana Ruiz');
});

test('a "by" sentence in a comment is not a byline', () => {
  const html = `<html><body><h1>Council passes the budget</h1><p>Por sua causa, Carlos. Obrigado!</p></body></html>`;
  assert.equal(readMetadata(html, URL).byline, undefined);
});

test('a date with an ordinal day after the name is dropped', () => {
  assert.equal(cleanByline('By Lauren Jarvis, December 16th 2016'), 'Lauren Jarvis');
});

test('a dateline in plain text under the headline gives the date; dates in links do not', () => {
  const now = new Date('2023-02-01T00:00:00Z');
  const html = `<html><body><h1>Council passes the budget</h1><div>Published in Metro January 27, 2023 4:10 pm</div><p>Text.</p></body></html>`;
  assert.equal(readMetadata(html, URL, { now }).published, '2023-01-27T16:10:00');
  const linked = `<html><body><h1>Council passes the budget</h1><ul><li><a href="/x">Older story (January 3, 2023)</a></li></ul></body></html>`;
  assert.equal(readMetadata(linked, URL, { now }).published, undefined);
});
