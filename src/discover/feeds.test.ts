import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { DaybriefError } from '../model/errors.js';
import { parseFeed } from './feeds.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

test('RSS 2.0: entity mix, CDATA, relative links, guid permalinks, dc fields; linkless items dropped', () => {
  const feedUrl = 'https://www.harbour-gazette.example/world/feed.xml';
  const items = parseFeed(fixture('rss2-entities.xml'), feedUrl);
  assert.deepEqual(
    items.map((c) => c.url),
    [
      'https://www.harbour-gazette.example/world/2023/01/30/allies-ministers-brussels?id=7',
      'https://www.harbour-gazette.example/business/att-nokia-nato',
      'https://www.harbour-gazette.example/world/guid-permalink',
      'https://wire.example.net/story/123',
      'https://www.harbour-gazette.example/world/undated',
    ],
  );
  const [first, second, third, wire, undated] = items;
  assert.deepEqual(first, {
    url: 'https://www.harbour-gazette.example/world/2023/01/30/allies-ministers-brussels?id=7',
    title: 'Allies’ ministers meet in Brussels – “no delay” on aid',
    outlet: 'The Harbour Gazette – World',
    published: '2023-01-30T08:15:00.000Z',
    description:
      'Ministers from the alliance met on Monday — and agreed on more aid. Café talks went on late.',
    source: feedUrl,
  });
  assert.equal(second?.title, 'AT&T and Nokia win NATO contract');
  assert.equal(second?.outlet, 'Harbour Gazette Business Desk');
  assert.equal(second?.published, '2023-01-31T02:45:00.000Z');
  assert.equal(second?.description, 'Defence & telecoms: a five-year deal.');
  assert.equal(third?.published, '2023-01-30T17:00:00.000Z');
  assert.equal(third?.description, 'Heading Body from content:encoded.');
  assert.equal(wire?.outlet, 'wire.example.net', 'an item on another site is not credited to the feed');
  assert.equal(undated?.published, undefined);
});

test('Atom: html and text titles, alternate link over self/enclosure, published over updated, source title', () => {
  const items = parseFeed(fixture('atom.xml'), 'https://review.example.fi/feed.atom');
  assert.equal(items.length, 3);
  assert.deepEqual(items[0], {
    url: 'https://review.example.fi/2023/01/road-to-membership',
    title: 'Finland & Sweden: the long road to membership',
    outlet: 'Northern Policy Review',
    published: '2023-01-29T23:30:00.000Z',
    description: 'An analysis of the accession process.',
    source: 'https://review.example.fi/feed.atom',
  });
  assert.equal(items[1]?.title, 'Why x < y in defence budgets');
  assert.equal(items[1]?.outlet, 'Budget Watch');
  assert.equal(items[1]?.published, '2023-01-30T08:00:00.000Z');
  assert.equal(items[1]?.description, 'Budgets grow slowly.');
  assert.equal(items[2]?.url, 'https://review.example.fi/2023/01/id-link');
});

test('RDF (RSS 1.0): dc:date and dc:publisher, feed title as the fallback outlet', () => {
  const items = parseFeed(fixture('rdf.xml'), 'https://ticker.example.de/news.rdf');
  assert.deepEqual(
    items.map((c) => [c.title, c.outlet, c.published]),
    [
      ['Nato-Generalsekretär besucht Südkorea', 'Ticker Example Redaktion', '2023-01-30T06:12:00.000Z'],
      ['Türkei setzt Gespräche aus', 'Ticker Example', '2023-01-30T17:40:00.000Z'],
    ],
  );
});

test('JSON Feed: relative url, external_url, plain-text titles and summaries, date_modified fallback', () => {
  const items = parseFeed(fixture('feed.json'), 'https://brief.example.lt/feed.json');
  assert.equal(items.length, 2);
  assert.equal(items[0]?.url, 'https://brief.example.lt/2023/01/30/tallinn-air-policing');
  assert.equal(items[0]?.title, 'Air policing mission <rotates> in Tallinn');
  assert.equal(items[0]?.description, 'The air policing mission changed hands.');
  assert.equal(items[0]?.outlet, 'Baltic Brief');
  assert.equal(items[1]?.url, 'https://elsewhere.example.com/riga-summit');
  assert.equal(items[1]?.description, 'A <plain> text summary & more.');
  assert.equal(items[1]?.published, '2023-01-30T15:00:00.000Z');
});

test('long descriptions are capped near 500 characters', () => {
  const body = 'Sentence of filler text. '.repeat(60);
  const xml = `<rss version="2.0"><channel><title>T</title><item><title>x</title><link>https://a.example/x</link><description>${body}</description></item></channel></rss>`;
  const [item] = parseFeed(xml, 'https://a.example/feed');
  assert.ok(item?.description && item.description.length <= 500 && item.description.endsWith('…'));
});

test('malformed, non-feed and empty documents throw DISCOVER_BAD_FEED naming the feed', () => {
  const cases: [string, RegExp][] = [
    [fixture('malformed.xml'), /malformed XML/],
    [
      '<!doctype html><html><head><title>Moved</title></head><body>Gone</body></html>',
      /not an RSS, Atom, RDF or JSON feed/,
    ],
    ['{"version": broken', /not an RSS, Atom, RDF or JSON feed/],
    ['   ', /empty document/],
  ];
  for (const [text, why] of cases) {
    assert.throws(
      () => parseFeed(text, 'https://broken.example/feed'),
      (e: unknown) =>
        e instanceof DaybriefError &&
        e.stage === 'discover' &&
        e.code === 'DISCOVER_BAD_FEED' &&
        e.message.includes('https://broken.example/feed') &&
        why.test(e.message),
    );
  }
});

test('a well-formed feed without items gives no candidates', () => {
  assert.deepEqual(parseFeed('<rss version="2.0"><channel></channel></rss>', 'https://a.example/feed'), []);
  assert.deepEqual(
    parseFeed('<rss version="2.0"><channel><title>T</title></channel></rss>', 'https://a.example/f'),
    [],
  );
});
