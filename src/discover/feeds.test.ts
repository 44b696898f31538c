import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createLiveFetcher } from '../fetch/index.js';
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

test('CDF: nested channels, BASE-relative hrefs, LASTMOD dates, mixed-case tags; the outer channel names the outlet', () => {
  const items = parseFeed(fixture('channel.cdf'), 'http://lakeside-herald.example/channel.cdf');
  assert.deepEqual(
    items.map((c) => [c.url, c.title, c.published, c.outlet]),
    [
      [
        'http://lakeside-herald.example/news/ferry-timetable.html',
        'Ferry timetable changes for the summer',
        '2004-04-06T13:00:00.000Z',
        'The Lakeside Herald',
      ],
      [
        'http://sport.lakeside-herald.example/regatta.html',
        'Regatta postponed after storm',
        '2004-04-05T18:30:00.000Z',
        'The Lakeside Herald',
      ],
    ],
  );
  assert.equal(items[0]?.description, 'Two extra crossings on Saturdays.');
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
      /not an RSS, Atom, RDF, CDF or JSON feed/,
    ],
    ['{"version": broken', /not an RSS, Atom, RDF, CDF or JSON feed/],
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

const fixtureBytes = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

/** Serves fixtures from a real HTTP server on 127.0.0.1, each with the Content-Type given. */
async function serveFixtures(types: Record<string, string>): Promise<{ base: string; close: () => void }> {
  const server = createServer((req, res) => {
    const name = (req.url ?? '/').slice(1);
    const type = types[name];
    if (!type) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': type }).end(fixtureBytes(name));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

test('feeds served as charset=utf-8 in other charsets, fetched and parsed, keep their titles', async () => {
  const lying = 'application/rss+xml; charset=utf-8';
  const { base, close } = await serveFixtures({
    'charset-latin1.xml': lying,
    'charset-cp1251.xml': lying,
    'charset-sjis.xml': 'application/rss+xml',
    'charset-lying-declaration.xml': 'application/xml',
  });
  const fetcher = createLiveFetcher({
    allowHosts: ['127.0.0.1'],
    robots: false,
    perHostDelayMs: 0,
    retries: 0,
  });
  try {
    const titles = async (name: string): Promise<string[]> => {
      const page = await fetcher.fetch(`${base}/${name}`);
      return parseFeed(page.text, page.finalUrl).map((c) => c.title);
    };
    assert.deepEqual(await titles('charset-latin1.xml'), [
      'Élections à Montréal : les électeurs déçus',
      'Le maïs coûte plus cher cet été',
    ]);
    assert.deepEqual(await titles('charset-cp1251.xml'), [
      'Правительство утвердило бюджет на следующий год',
      'Погода: в столице ожидается снегопад',
    ]);
    assert.deepEqual(await titles('charset-sjis.xml'), [
      '東京の天気は晴れ、明日は雨が降るでしょう',
      '新しい駅が来月開業します',
    ]);
    assert.deepEqual(await titles('charset-lying-declaration.xml'), [
      'Bürger fordern „Übergangsfrist“ für Gebühren',
    ]);
  } finally {
    await fetcher.close();
    close();
  }
});

test('malformed XML costs only what is broken: bare &, undefined entity, stray <, open CDATA, misspelt end tag', () => {
  const items = parseFeed(fixture('one-bad-item.xml'), 'https://gazette.example/feed.xml');
  assert.deepEqual(
    items.map((c) => c.url),
    [
      'https://gazette.example/ferry?route=1&day=mon',
      'https://gazette.example/budget',
      'https://gazette.example/lighthouse',
      'https://gazette.example/festival',
    ],
  );
  assert.equal(items[0]?.description, "Tom & Jerry's café opens early for commuters.");
  assert.equal(items[1]?.description, 'The vote was close');
  assert.equal(items[2]?.published, '2025-03-04T09:30:00.000Z');
  assert.equal(items[3]?.description, 'Music, food and boats');
});

test('an item that cannot be mended is dropped and the others are kept', () => {
  const items = parseFeed(fixture('one-lost-item.xml'), 'https://mill.example/rss');
  assert.deepEqual(
    items.map((c) => [c.title, c.url]),
    [
      ['Bakery wins award', 'https://mill.example/bakery'],
      ['Library extends opening hours', 'https://mill.example/library'],
    ],
  );
});

test('a truncated Atom feed keeps its complete entries', () => {
  const items = parseFeed(fixture('truncated-atom.xml'), 'https://radio.example/atom');
  assert.deepEqual(
    items.map((c) => c.url),
    ['https://radio.example/bridge', 'https://radio.example/choir'],
  );
});

test('JSON Feed 1.0 and 1.1 in every spelling of the version', () => {
  const doc = JSON.parse(fixture('jsonfeed-11.json')) as Record<string, unknown>;
  for (const version of [
    '1.1',
    '1',
    '1.0',
    'https://jsonfeed.org/version/1.1',
    'https://jsonfeed.org/version/1',
    'http://jsonfeed.org/version/1/',
    'http://jsonfeed.org/version/1.1/',
    'https://jsonfeed.org/version/1.0',
  ]) {
    const items = parseFeed(JSON.stringify({ ...doc, version }), 'https://orchard.example/feed.json');
    assert.deepEqual(
      items.map((c) => [c.title, c.url, c.published]),
      [
        ['Blossom arrives a week early', 'https://orchard.example/blossom', '2025-03-04T09:00:00.000Z'],
        ['Cider press open day', 'https://orchard.example/cider', '2025-03-05T12:00:00.000Z'],
      ],
      version,
    );
  }
  assert.throws(
    () =>
      parseFeed(JSON.stringify({ ...doc, version: '2.0', title: undefined }), 'https://orchard.example/f'),
    DaybriefError,
  );
});

test('item dates in several languages and zones; an unreadable date leaves the item undated', () => {
  const items = parseFeed(fixture('dates-multilingual.xml'), 'https://dates.example/rss');
  const published = Object.fromEntries(items.map((c) => [c.title, c.published]));
  const sameInstant = '2025-03-05T17:30:00.000Z';
  for (const lang of ['Portuguese', 'Spanish', 'German', 'French', 'Italian', 'Dutch', 'Swedish', 'Pacific'])
    assert.equal(published[lang], sameInstant, lang);
  assert.equal(published['Summer in Europe'], '2025-06-05T17:30:00.000Z');
  assert.ok('Unreadable' in published, 'the item stays');
  assert.equal(published.Unreadable, undefined, 'no invented 1 December');
});
