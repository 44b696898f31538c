import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cleanByline } from './byline.js';
import { dateFromUrl, parseDate } from './dates.js';
import { readMetadata } from './metadata.js';
import { chooseTitle, cleanTitleTag } from './title.js';
import { isBadImageUrl, outletFromUrl } from './urls.js';

const NOW = new Date('2023-02-01T12:00:00Z');
const URL = 'https://www.northwind-herald.example/news/story';
const page = (head: string, body = '') =>
  `<!DOCTYPE html><html><head>${head}</head><body>${body}</body></html>`;

test('parseDate keeps the offset of ISO dates and normalises it', () => {
  assert.equal(parseDate('2023-01-30T07:45:00-05:00', NOW), '2023-01-30T07:45:00-05:00');
  assert.equal(parseDate('2023-01-30T07:45:00.123Z', NOW), '2023-01-30T07:45:00.123Z');
  assert.equal(parseDate('2023-01-30 07:45:00+0100', NOW), '2023-01-30T07:45:00+01:00');
  assert.equal(parseDate('2023-01-30', NOW), '2023-01-30');
});

test('parseDate reads RFC 2822, English and German prose, US zones, epochs and compact forms', () => {
  assert.equal(parseDate('Mon, 30 Jan 2023 14:05:00 -0800', NOW), '2023-01-30T14:05:00-08:00');
  assert.equal(parseDate('January 30, 2023 10:15 AM EST', NOW), '2023-01-30T10:15:00-05:00');
  assert.equal(parseDate('Published 6:20 p.m. ET July 4, 2022', NOW), '2022-07-04T18:20:00-04:00');
  assert.equal(parseDate('30. Januar 2023', NOW), '2023-01-30');
  assert.equal(parseDate('30.01.2023 16:40', NOW), '2023-01-30T16:40:00');
  assert.equal(parseDate('1675071900', NOW), '2023-01-30T09:45:00Z');
  assert.equal(parseDate('20230130', NOW), '2023-01-30');
  assert.equal(parseDate('2023/01/30', NOW), '2023-01-30');
});

test('parseDate reads Spanish, Portuguese, French and Dutch prose dates', () => {
  assert.equal(parseDate('29 de enero de 2023', NOW), '2023-01-29');
  assert.equal(parseDate('15 de septiembre de 2022', NOW), '2022-09-15');
  assert.equal(parseDate('Publicado em 12 de março de 2022, 14:05', NOW), '2022-03-12T14:05:00');
  assert.equal(parseDate('1er février 2022', NOW), '2022-02-01');
  assert.equal(parseDate('Gepubliceerd op 29 maart 2022', NOW), '2022-03-29');
});

test('parseDate rejects the future, impossible dates and noise', () => {
  assert.equal(parseDate('2023-03-01T00:00:00Z', NOW), undefined);
  assert.equal(parseDate('2023-02-02T10:00:00Z', NOW), '2023-02-02T10:00:00Z');
  assert.equal(parseDate('2023-02-30', NOW), undefined);
  assert.equal(parseDate('1899-01-01', NOW), undefined);
  assert.equal(parseDate('yesterday', NOW), undefined);
  assert.equal(parseDate('', NOW), undefined);
});

test('dateFromUrl finds dates in paths only', () => {
  assert.equal(dateFromUrl('https://x.example/news/2023/01/30/story', NOW), '2023-01-30');
  assert.equal(dateFromUrl('https://x.example/2023-01-30-story.html', NOW), '2023-01-30');
  assert.equal(dateFromUrl('https://x.example/story?d=2023/01/30', NOW), undefined);
  assert.equal(dateFromUrl('https://x.example/2099/01/30/story', NOW), undefined);
});

test('title: og:title wins over <title>, and a truncated one gives way to the full h1', () => {
  const full =
    'Harbor Authority approves six-month night ferry pilot between Gull Point and the cannery district';
  assert.equal(
    chooseTitle({ ogTitle: 'Harbor Authority approves six-month…', h1: full, titleTag: `${full} | NH` }),
    full,
  );
  assert.equal(chooseTitle({ ogTitle: full, titleTag: 'Ferry pilot | Northwind Herald' }), full);
});

test('title: site suffixes are stripped from <title> when it is the only source', () => {
  assert.equal(
    cleanTitleTag('Grain elevator fire contained after 14 hours | The Prairie Post'),
    'Grain elevator fire contained after 14 hours',
  );
  assert.equal(
    cleanTitleTag('Orchard growers brace for late frost - Valley Gazette'),
    'Orchard growers brace for late frost',
  );
  assert.equal(
    cleanTitleTag('Rebels advance - and the capital braces for a long siege'),
    'Rebels advance - and the capital braces for a long siege',
  );
  assert.equal(chooseTitle({ titleTag: 'Fire at elevator | Daily' }, 'Daily'), 'Fire at elevator');
});

test('outlet names come from the domain when the page names none', () => {
  assert.equal(outletFromUrl('https://www.northwind-herald.example/a'), 'Northwind Herald');
  assert.equal(outletFromUrl('https://news.bbc.co.uk/a'), 'BBC');
  assert.equal(outletFromUrl('https://fieldnotes.example.org/posts/1'), 'Fieldnotes');
  assert.equal(outletFromUrl('https://m.lakesideledger.example/a'), 'Lakesideledger');
  assert.equal(outletFromUrl('http://127.0.0.1:8080/a'), undefined);
});

test('image choice skips logos, icons, sprites, pixels and data URIs', () => {
  assert.ok(isBadImageUrl('https://x.example/brand/site-logo.png'));
  assert.ok(isBadImageUrl('https://x.example/img/sprite-icons.png'));
  assert.ok(isBadImageUrl('https://pixel.example/p.gif?id=1&pixel=1'));
  assert.ok(isBadImageUrl('https://x.example/favicon.ico'));
  assert.ok(isBadImageUrl('data:image/gif;base64,R0lGOD'));
  assert.ok(!isBadImageUrl('https://cdn.x.example/images/2023/01/ferry-dock-1600.jpg'));
  assert.ok(!isBadImageUrl('https://cdn.x.example/images/catalogue-cover.jpg'));

  const html = page(
    '<meta property="og:image" content="/brand/logo.png"><meta name="twitter:image" content="/img/cover.jpg">',
  );
  assert.equal(
    readMetadata(html, URL, { now: NOW }).image,
    'https://www.northwind-herald.example/img/cover.jpg',
  );
});

test('image falls back to the first large image in the article, resolved against <base href>', () => {
  const html = page(
    '<base href="https://cdn.example.net/a/">',
    '<article><img src="px.gif" width="1" height="1"><img src="thumb.jpg" width="120" height="80">' +
      '<img data-src="big.jpg" src="data:image/gif;base64,AA"><p>Text</p></article>',
  );
  assert.equal(readMetadata(html, URL, { now: NOW }).image, 'https://cdn.example.net/a/big.jpg');
  assert.equal(readMetadata(page('', '<div><img src="/x.jpg"></div>'), URL).image, undefined);
});

test('JSON-LD: @graph references, author arrays, publisher and isAccessibleForFree', () => {
  const ld = {
    '@context': 'https://schema.org',
    '@graph': [
      { '@type': 'Person', '@id': '#p1', name: 'Mara Lindqvist' },
      {
        '@type': ['NewsArticle'],
        headline: 'Ferry pilot approved',
        datePublished: '2023-01-30T07:45:00-05:00',
        author: [{ '@id': '#p1' }, { '@type': 'Person', name: 'By Ellis Okafor' }],
        publisher: { '@type': 'Organization', name: 'Northwind Herald' },
        image: { '@type': 'ImageObject', url: 'https://cdn.example.net/ferry.jpg' },
        isAccessibleForFree: 'False',
      },
    ],
  };
  const meta = readMetadata(page(`<script type="application/ld+json">${JSON.stringify(ld)}</script>`), URL, {
    now: NOW,
  });
  assert.equal(meta.title, 'Ferry pilot approved');
  assert.equal(meta.byline, 'Mara Lindqvist, Ellis Okafor');
  assert.equal(meta.published, '2023-01-30T07:45:00-05:00');
  assert.equal(meta.siteName, 'Northwind Herald');
  assert.equal(meta.image, 'https://cdn.example.net/ferry.jpg');
  assert.equal(meta.declaredPaywall, true);
});

test('bylines are cleaned and never URLs; language, canonical and description are read', () => {
  const html = page(
    '<meta name="author" content="https://facebook.com/someone"><meta property="og:locale" content="de_DE">' +
      '<link rel="canonical" href="/news/story"><meta name="description" content="A &lt;b&gt;bold&lt;/b&gt; claim">',
    '<p class="byline">By Jane Doe | Updated January 30, 2023</p>',
  );
  const meta = readMetadata(html, URL, { now: NOW });
  assert.equal(meta.byline, 'Jane Doe');
  assert.equal(meta.lang, 'de-DE');
  assert.equal(meta.canonicalUrl, 'https://www.northwind-herald.example/news/story');
  assert.equal(meta.description, 'A bold claim');
  assert.equal(meta.published, '2023-01-30');
  assert.equal(meta.siteName, 'Northwind Herald');
});

test('title: the visible h1 beats a rewritten social title, but not a masthead or site segment', () => {
  const html = page(
    '<title>Ferry pilot approved | Northwind Herald</title><meta property="og:title" content="You won\'t believe the new ferry">',
    '<header><h1 class="logo"><a href="/">Northwind Herald</a></h1></header><article><h1 class="headline">Harbor board approves night ferry pilot</h1></article>',
  );
  assert.equal(readMetadata(html, URL, { now: NOW }).title, 'Harbor board approves night ferry pilot');
  const siteH1 = page('<title>Outside the web: standalone binaries · V8</title>', '<h1>V8</h1>');
  assert.equal(readMetadata(siteH1, URL, { now: NOW }).title, 'Outside the web: standalone binaries');
});

test('title: JSON-LD name wins over a headline that only describes, and dc:title over og:title', () => {
  const ld = '{"@type":"Article","headline":"country in Oceania","name":"New Zealand"}';
  const html = page(
    `<title>New Zealand - Wikipedia</title><script type="application/ld+json">${ld}</script>`,
    '<h1>New Zealand</h1>',
  );
  assert.equal(readMetadata(html, URL, { now: NOW }).title, 'New Zealand');
  const dc = page(
    '<meta property="x:title dc:title" content="Preferred"><meta property="og:title" content="Other">',
  );
  assert.equal(readMetadata(dc, URL, { now: NOW }).title, 'Preferred');
});

test('byline: the publisher is skipped, glued spans are split, author links count', () => {
  const html = page(
    '<meta name="author" content="Northwind Media Group"><meta property="og:site_name" content="Northwind Media Group">',
    '<div class="byline"><span>By</span> <a href="/authors/jane-doe">Jane Doe</a><span>Staff Writer</span></div>',
  );
  assert.equal(readMetadata(html, URL, { now: NOW }).byline, 'Jane Doe');
  const link = page('', '<p>Story <a href="/author/ali-kaya">Ali Kaya</a></p>');
  assert.equal(readMetadata(link, URL, { now: NOW }).byline, 'Ali Kaya');
});

test('parseDate reads CJK dates and bylines lose trailing places and numeric dates', () => {
  assert.equal(parseDate('2019年3月5日 10:20', NOW), '2019-03-05T10:20:00');
  assert.equal(parseDate('공개 2022년 7월 4일', NOW), '2022-07-04');
  assert.equal(cleanByline('Cécile Dupont (Bruxelles, bureau européen)'), 'Cécile Dupont');
  assert.equal(cleanByline('Sam Stone 10/04/2016 05:07 AM EDT'), 'Sam Stone');
  assert.equal(cleanByline('ByTravis Hale'), 'Travis Hale');
});

test('byline: the copyright holder is the publisher; a "By" line under the headline names the author', () => {
  const html = page(
    '<meta name="author" content="Harbor Media"><meta name="copyright" content="© Harbor Media 2023">',
    '<h1>Ferry pilot approved</h1><div class="x1"><span>By </span><a href="/p/jane">Jane Doe</a></div><p>Text.</p>',
  );
  assert.equal(readMetadata(html, URL, { now: NOW }).byline, 'Jane Doe');
  const company = page('<meta name="author" content="Harbor Media Inc.">', '<h1>T</h1><p>Von Max Muster</p>');
  assert.equal(readMetadata(company, URL, { now: NOW }).byline, 'Max Muster');
  const wrapper = page('', `<div class="author-page"><p>${'Long text of the page. '.repeat(40)}</p></div>`);
  assert.equal(readMetadata(wrapper, URL, { now: NOW }).byline, undefined);
});

test('image: a wide banner the markup names as the post image is the cover; its thumbnails are not', () => {
  const html = page(
    '',
    '<aside><img class="wp-post-image" width="75" height="65" src="/thumb.jpg"></aside><article><img class="attachment-full wp-post-image" width="850" height="120" src="/banner.jpg"><p>Text</p></article>',
  );
  assert.equal(
    readMetadata(html, URL, { now: NOW }).image,
    'https://www.northwind-herald.example/banner.jpg',
  );
  const plain = page('', '<article><img width="850" height="120" src="/strip.jpg"><p>Text</p></article>');
  assert.equal(readMetadata(plain, URL, { now: NOW }).image, undefined);
});

test('title: a newsletter title beats a sensational social one; itemprop=headline beats a classed h1', () => {
  const sailthru = page(
    '<meta property="og:title" content="You Will Not Believe What the Harbor Board Did!"><meta name="sailthru.title" content="Harbor board approves night ferry pilot">',
    '<header><h1>Northwind Herald</h1></header>',
  );
  assert.equal(readMetadata(sailthru, URL, { now: NOW }).title, 'Harbor board approves night ferry pilot');
  const declared = page(
    '<title>Ferry Pilot | Northwind Herald</title><meta property="og:title" content="Harbor board approves a night ferry pilot for the winter">',
    '<article><h1 class="post-alt-title">Ferry Pilot</h1><h2 class="post-title" itemprop="headline">Harbor board approves a night ferry pilot for the winter</h2></article>',
  );
  assert.equal(
    readMetadata(declared, URL, { now: NOW }).title,
    'Harbor board approves a night ferry pilot for the winter',
  );
});

test('title: an unmarked h1 that is a small piece of the social title names a product, not the story', () => {
  const html = page(
    '<title>harbor-tools/tidewatch: Tide tables and ferry alerts for the command line (beta)</title><meta property="og:title" content="harbor-tools/tidewatch: Tide tables and ferry alerts for the command line (beta)">',
    '<main><h1>tidewatch</h1><p>Readme text.</p></main>',
  );
  assert.equal(
    readMetadata(html, URL, { now: NOW }).title,
    'harbor-tools/tidewatch: Tide tables and ferry alerts for the command line (beta)',
  );
  const full = page(
    '<meta property="og:title" content="Harbor board approves night ferry pilot - and what it means for commuters">',
    '<article><h1>Harbor board approves night ferry pilot</h1></article>',
  );
  assert.equal(readMetadata(full, URL, { now: NOW }).title, 'Harbor board approves night ferry pilot');
  const runsOn = page(
    '<meta property="og:title" content="Storm hits coast as thousands lose power across the county and schools close for the rest of the week">',
    '<article><h1>Storm hits coast</h1></article>',
  );
  assert.equal(readMetadata(runsOn, URL, { now: NOW }).title, 'Storm hits coast');
});

test('byline: an "Author" label in any language is not the name; the name after it is', () => {
  assert.equal(cleanByline('著者 港みなと'), '港みなと');
  assert.equal(cleanByline('Autor: Jan Kowalski'), 'Jan Kowalski');
  assert.equal(cleanByline('Last Updated: January 7, 2025'), undefined);
  assert.equal(cleanByline('Jane Doe | Last updated 3 hours ago'), 'Jane Doe');
  const html = page(
    '<title>Harbor night ferry approved</title>',
    '<article><h1>Harbor night ferry approved</h1><div class="author"><span>投稿者</span> <span>Masafumi Negishi</span></div><p>Text.</p></article>',
  );
  assert.equal(readMetadata(html, URL, { now: NOW }).byline, 'Masafumi Negishi');
  const archive = page(
    '<title>Harbor night ferry approved</title>',
    '<article><h1>Harbor night ferry approved</h1><p>Text.</p><div class="author-box"><a href="/author/jane">Jane Doe</a><h4>Author Archive</h4></div></article>',
  );
  assert.equal(readMetadata(archive, URL, { now: NOW }).byline, 'Jane Doe');
  const bare = page(
    '<title>Ferry</title>',
    '<article><h1>Ferry</h1><div class="author"><span>Author</span> <span>Jane Doe</span></div><p>Text.</p></article>',
  );
  assert.equal(readMetadata(bare, URL, { now: NOW }).byline, 'Jane Doe');
});

test('image: a src that holds a srcset list gives its largest image, not the list as a URL', () => {
  const html = page(
    '<title>Ferry</title>',
    '<article><h1>Ferry</h1><figure><img class="wp-image-7" width="3500" height="2327" src="https://cdn.example.org/ferry.jpg%203500w,%20https://cdn.example.org/ferry.jpg?w=768%20768w"></figure><p>Text.</p></article>',
  );
  assert.equal(readMetadata(html, URL, { now: NOW }).image, 'https://cdn.example.org/ferry.jpg');
});

test('date: a date in the page text that the URL’s own y/m/d contradicts gives way to the URL', () => {
  const url = 'https://www.northwind-herald.example/2022/11/28/harbor-ferry-approved/';
  const sidebar = page(
    '<title>Ferry</title>',
    '<article><h1>Ferry</h1><time datetime="2023-01-08T09:57:00-07:00">Jan 8</time><p>Text.</p></article>',
  );
  assert.equal(readMetadata(sidebar, url, { now: NOW }).published, '2022-11-28');
  const agrees = page(
    '<title>Ferry</title>',
    '<article><h1>Ferry</h1><time datetime="2022-11-28T21:10:00-05:00">Nov 28</time><p>Text.</p></article>',
  );
  assert.equal(readMetadata(agrees, url, { now: NOW }).published, '2022-11-28T21:10:00-05:00');
});
