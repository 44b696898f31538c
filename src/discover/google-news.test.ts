import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Topic } from '../model/types.js';
import { dayWindow } from './day.js';
import { parseFeed } from './feeds.js';
import {
  decodeGoogleNewsLink,
  googleNewsArticleId,
  googleNewsBatchBody,
  googleNewsEdition,
  googleNewsSearchUrl,
  parseGoogleNewsBatchResponse,
  readGoogleNewsPage,
  splitGoogleNewsTitle,
} from './google-news.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const SHARED = new URL('../../../shared/bench/feeds/google-news/', import.meta.url);
const FEED = 'https://news.google.com/rss/search?q=NATO&hl=en-US&gl=US&ceid=US:en';
const OLD =
  'https://news.google.com/rss/articles/CBMiO2h0dHBzOi8vbmV3cy5leGFtcGxlLm9yZy9uYXRvL3R1cmtleS1zd2VkZW4tdGFsa3MtcG9zdHBvbmVk0gEA?oc=5';
const NEW_ID = 'CBMiMUFVX3lxTE1mM2s5WnEwc2FtcGxlT3BhcXVlVG9rZW5Gb3JUZXN0c19hYmMxMjNYWVo';
const NEW = `https://news.google.com/rss/articles/${NEW_ID}?oc=5`;

function topic(over: Partial<Topic> = {}): Topic {
  return {
    name: 'NATO',
    slug: 'nato',
    query: 'NATO',
    feeds: [],
    language: 'en',
    region: 'US',
    timezone: 'UTC',
    maxArticles: 100,
    ...over,
  };
}

test('googleNewsSearchUrl: query with after:/before: dates covering the window, edition parameters', () => {
  assert.equal(
    googleNewsSearchUrl(topic(), dayWindow('2023-01-30', 'UTC')),
    'https://news.google.com/rss/search?q=NATO+after:2023-01-29+before:2023-01-31&hl=en-US&gl=US&ceid=US:en',
  );
  assert.equal(
    googleNewsSearchUrl(
      topic({ query: '"Bears Ears" monument -golf' }),
      dayWindow('2023-01-30', 'Europe/Helsinki'),
    ),
    'https://news.google.com/rss/search?q=%22Bears+Ears%22+monument+-golf+after:2023-01-28+before:2023-01-31&hl=en-US&gl=US&ceid=US:en',
  );
  const ja = googleNewsSearchUrl(
    topic({ language: 'ja', region: 'JP', query: '防衛' }),
    dayWindow('2024-02-05', 'Asia/Tokyo'),
  );
  assert.ok(ja.endsWith('&hl=ja&gl=JP&ceid=JP:ja'), ja);
  assert.ok(ja.includes(`q=${encodeURIComponent('防衛')}+after:2024-02-03+before:2024-02-06`), ja);
});

test('googleNewsEdition follows Google News edition spellings', () => {
  assert.deepEqual(googleNewsEdition('en', 'gb'), { hl: 'en-GB', gl: 'GB', ceid: 'GB:en' });
  assert.deepEqual(googleNewsEdition('de', 'DE'), { hl: 'de', gl: 'DE', ceid: 'DE:de' });
  assert.deepEqual(googleNewsEdition('pt-BR', 'BR'), { hl: 'pt-BR', gl: 'BR', ceid: 'BR:pt-419' });
  assert.deepEqual(googleNewsEdition('zh', 'TW'), { hl: 'zh-TW', gl: 'TW', ceid: 'TW:zh-Hant' });
});

test('decodeGoogleNewsLink decodes the old protobuf ids offline, incl. two-byte lengths and the /__i/rss/rd/ form', () => {
  assert.equal(decodeGoogleNewsLink(OLD), 'https://news.example.org/nato/turkey-sweden-talks-postponed');
  const long =
    'https://news.google.com/__i/rss/rd/articles/CBMitwFodHRwczovL3d3dy5leGFtcGxlLXdpcmUuY29tL2FydGljbGUvbmF0by1zdG9sdGVuYmVyZy1qYXBhbi12aXNpdC0wYTFiMmMzZDRlNWY2MDcxODI5M2E0YjVjNmQ3ZThmOS1hbmQtYS12ZXJ5LWxvbmctdGFpbC10by1uZWVkLXR3by1ieXRlLWxlbmd0aC12YXJpbnQtZW5jb2RpbmctZm9yLXRoaXMtdXJsLTEyMzQ1Njc4OTA?oc=5';
  assert.match(
    decodeGoogleNewsLink(long) ?? '',
    /^https:\/\/www\.example-wire\.com\/article\/nato-stoltenberg-japan-visit-.*-1234567890$/,
  );
  assert.equal(decodeGoogleNewsLink(NEW), undefined, 'the 2024+ opaque ids need the online decode');
  assert.equal(decodeGoogleNewsLink('https://example.com/rss/articles/CBMiO2h0dHBz'), undefined);
  assert.equal(decodeGoogleNewsLink('https://news.google.com/rss/articles/%%%'), undefined);
});

test('batchexecute body and response helpers', () => {
  assert.match(googleNewsBatchBody('ID', '12', 'SG'), /^f\.req=%5B%5B%5B%22Fbv4je%22/);
  assert.equal(parseGoogleNewsBatchResponse(')]}\'\n\n[["er",null]]'), undefined);
  assert.equal(parseGoogleNewsBatchResponse('not json at all'), undefined);
  assert.deepEqual(readGoogleNewsPage(fixture('google-news-article.html')), {
    signature: 'AZ5r3eR_sampleSignature-xyz&42',
    timestamp: '1675087500',
  });
});

test('Google News items: " - Outlet" stripped, outlet from <source>, links decoded, no echo descriptions', () => {
  const items = parseFeed(fixture('google-news-search.xml'), FEED);
  assert.deepEqual(
    items.map((c) => [c.title, c.outlet]),
    [
      ['NATO chief arrives in Seoul for talks on security', 'The Example Times'],
      [
        'Turkey postpones talks with Sweden and Finland on NATO bids as protests continue in Stockholm and ...',
        'Example News Network',
      ],
      ['Stoltenberg: allies must step up support & ammunition output', 'Example Wire'],
      [
        "Japan and NATO pledge closer ties during secretary general's visit to Tokyo",
        'Example Daily | Tokyo',
      ],
      ['NATO summit preview from last week', 'Example Weekly'],
    ],
  );
  assert.equal(items[0]?.url, 'https://www.example-times.com/world/2023/01/30/nato-chief-seoul-visit.html');
  assert.equal(items[2]?.url, NEW, 'opaque links stay for the online decode');
  assert.equal(items[0]?.description, undefined, 'an <a>title</a> + outlet description is dropped');
  assert.equal(items[1]?.description, undefined, 'a story cluster <ol> is dropped');
  assert.equal(
    items[3]?.description,
    'Tokyo and the alliance agreed to deepen cooperation on cyber defence and space.',
  );
  assert.equal(items[0]?.published, '2023-01-30T02:15:00.000Z');
  assert.ok(items.every((c) => c.source === FEED));
});

test('current-format items keep the Google link for the online decode and the outlet site from <source url>', () => {
  const items = parseFeed(fixture('gnews-search-current.xml'), FEED);
  assert.deepEqual(
    items.map((c) => [c.title, c.outlet, c.outletUrl, googleNewsArticleId(c.url)?.slice(0, 4)]),
    [
      [
        'Alliance ministers weigh new ammunition contracts',
        'Example Wire',
        'https://www.example-wire.com/',
        'CBMi',
      ],
      [
        'NATO allies’ ministers meet in Brussels on Ukraine aid',
        'The Harbour Gazette',
        'https://www.harbour-gazette.example/',
        'CBMi',
      ],
      [
        'Nordic defence chiefs discuss NATO air policing rota',
        'Fjord Post',
        'https://fjordpost.example.no/',
        'CBMi',
      ],
    ],
  );
  assert.ok(
    items.every((c) => decodeGoogleNewsLink(c.url) === undefined),
    'none decodes offline',
  );
});

test('splitGoogleNewsTitle: source name, repeated suffix, fallback to a short last segment', () => {
  assert.deepEqual(splitGoogleNewsTitle('A - B - Yahoo!ニュース - Yahoo!ニュース', 'Yahoo!ニュース'), {
    title: 'A - B',
    outlet: 'Yahoo!ニュース',
  });
  assert.deepEqual(splitGoogleNewsTitle('Headline - Outlet', undefined), {
    title: 'Headline',
    outlet: 'Outlet',
  });
  assert.deepEqual(splitGoogleNewsTitle('Headline - Other', 'San Juan Record |'), {
    title: 'Headline - Other',
    outlet: 'San Juan Record',
  });
});

test('saved Google News responses in /work/shared parse with outlets and stripped titles', (t) => {
  if (!existsSync(SHARED)) {
    t.skip('../shared/bench/feeds/google-news not present');
    return;
  }
  const files = readdirSync(SHARED).filter((f) => f.endsWith('.xml'));
  assert.ok(files.length > 0);
  for (const file of files) {
    const items = parseFeed(readFileSync(new URL(file, SHARED), 'utf8'), FEED);
    assert.ok(items.length > 0, file);
    for (const c of items) {
      assert.ok(c.outlet, `${file}: outlet for ${c.title}`);
      assert.ok(c.title && !c.title.endsWith(` - ${c.outlet}`), `${file}: suffix left on ${c.title}`);
      assert.ok(c.published, `${file}: date for ${c.title}`);
      assert.match(c.url, /^https?:\/\//);
      assert.match(c.outletUrl ?? '', /^https?:\/\//, `${file}: outlet site for ${c.title}`);
    }
  }
});
