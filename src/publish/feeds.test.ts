import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import { FEED_DAYS } from './feeds.js';
import { natoSite, smallDay } from './fixtures.test.js';
import { buildSite } from './site.js';

const TOKEN_RE = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<[^>]*>|[^<]+/g;
const NAME = '[A-Za-z_][\\w.:-]*';
const OPEN_RE = new RegExp(`^<(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*)\\s*(/?)>$`);
const CLOSE_RE = new RegExp(`^</(${NAME})\\s*>$`);
const BAD_AMP_RE = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;

/** A strict little XML well-formedness check: balanced tags, quoted attributes, valid entity use. */
function assertWellFormed(xml: string): void {
  const stack: string[] = [];
  let roots = 0;
  for (const token of xml.match(TOKEN_RE) ?? []) {
    if (token.startsWith('<![CDATA[')) {
      assert.ok(stack.length > 0, 'CDATA inside the root');
      continue;
    }
    if (token.startsWith('<!--') || token.startsWith('<?')) continue;
    if (!token.startsWith('<')) {
      assert.ok(!BAD_AMP_RE.test(token), `bad & in text: ${token}`);
      if (stack.length === 0) assert.equal(token.trim(), '', `text outside the root: ${token}`);
      continue;
    }
    const close = CLOSE_RE.exec(token);
    if (close) {
      assert.equal(stack.pop(), close[1], `mismatched ${token}`);
      continue;
    }
    const open = OPEN_RE.exec(token);
    assert.ok(open, `malformed tag ${token}`);
    assert.ok(!BAD_AMP_RE.test(open[2] ?? ''), `bad & in attributes: ${token}`);
    if (stack.length === 0) roots++;
    if (open[3] !== '/') stack.push(open[1] ?? '');
  }
  assert.deepEqual(stack, [], 'all elements closed');
  assert.equal(roots, 1, 'one root element');
}

test('atom feed is well-formed and parses as Atom with id, title, updated and self/alternate links', () => {
  const xml = buildSite(natoSite()).get('nato/feed.xml');
  assert.ok(xml);
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>'));
  assertWellFormed(xml);
  const feed = parseAtomFeed(xml);
  assert.equal(feed.id, 'urn:daybrief:nato');
  assert.equal(feed.title?.value ?? feed.title, 'NATO · daybrief');
  assert.equal(feed.updated, '2023-01-30T00:00:00.000Z');
  assert.deepEqual(
    feed.links?.map((l) => [l.rel, l.href]),
    [
      ['self', 'feed.xml'],
      ['alternate', './'],
    ],
  );
  assert.equal(feed.entries?.length, 4);
});

test('atom entries link to the day pages, newest first, with the story titles escaped in the content', () => {
  const site = buildSite(natoSite());
  const feed = parseAtomFeed(site.get('nato/feed.xml') ?? '');
  const entries = feed.entries ?? [];
  assert.deepEqual(
    entries.map((e) => e.id),
    ['2023-01-30', '2023-01-29', '2023-01-27', '2023-01-20'].map((d) => `urn:daybrief:nato:${d}`),
  );
  for (const e of entries) {
    const href = e.links?.find((l) => l.rel === 'alternate')?.href ?? '';
    const target = new URL(href, 'file:///site/nato/feed.xml').pathname.replace('/site/', '');
    assert.ok(site.has(`${target}index.html`), `${href} is a day page`);
    assert.match(e.updated ?? '', /^\d{4}-\d{2}-\d{2}T/);
  }
  const content = String(entries[0]?.content?.value ?? '');
  assert.ok(content.includes('Turkey signals it may approve Finland before Sweden'));
  assert.ok(content.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'hostile title stays escaped');
  assert.ok(!content.includes('javascript:'));
});

test('feeds use absolute links when the site has a base URL, and keep the same ids', () => {
  const data = { ...natoSite(), baseUrl: 'https://news.example/brief' };
  const site = buildSite(data);
  const atom = parseAtomFeed(site.get('nato/feed.xml') ?? '');
  assert.equal(atom.links?.find((l) => l.rel === 'self')?.href, 'https://news.example/brief/nato/feed.xml');
  assert.equal(atom.entries?.[0]?.links?.[0]?.href, 'https://news.example/brief/nato/2023-01-30/');
  assert.equal(atom.entries?.[0]?.id, 'urn:daybrief:nato:2023-01-30');
  const json = JSON.parse(site.get('nato/feed.json') ?? '');
  assert.equal(json.feed_url, 'https://news.example/brief/nato/feed.json');
  assert.equal(json.items[0].url, 'https://news.example/brief/nato/2023-01-30/');
});

test('feeds hold at most the latest FEED_DAYS days', () => {
  const dates = Array.from({ length: FEED_DAYS + 5 }, (_, i) =>
    new Date(Date.UTC(2023, 0, 1 + i)).toISOString().slice(0, 10),
  );
  const site = buildSite({
    generatedAt: '2023-03-01T00:00:00Z',
    topics: [{ name: 'NATO', slug: 'nato', days: dates.map((d) => smallDay(d)) }],
  });
  const atom = parseAtomFeed(site.get('nato/feed.xml') ?? '');
  assert.equal(atom.entries?.length, FEED_DAYS);
  assert.equal(atom.entries?.[0]?.id, `urn:daybrief:nato:${dates.at(-1)}`);
  assert.equal(JSON.parse(site.get('nato/feed.json') ?? '').items.length, FEED_DAYS);
});

test('JSON Feed 1.1 mirrors the Atom feed', () => {
  const raw = buildSite(natoSite()).get('nato/feed.json') ?? '';
  const json = JSON.parse(raw);
  assert.equal(json.version, 'https://jsonfeed.org/version/1.1');
  assert.equal(json.title, 'NATO · daybrief');
  assert.deepEqual(
    json.items.map((i: { url: string }) => i.url),
    ['2023-01-30/', '2023-01-29/', '2023-01-27/', '2023-01-20/'],
  );
  assert.equal(json.items[0].id, 'urn:daybrief:nato:2023-01-30');
  assert.ok(json.items[0].content_html.includes('&lt;script&gt;'));
  const parsed = parseJsonFeed(raw);
  assert.equal(parsed.items?.length, 4);
});

test('a topic without days still has valid, empty feeds', () => {
  const site = buildSite(natoSite());
  const xml = site.get('empty/feed.xml') ?? '';
  assertWellFormed(xml);
  const feed = parseAtomFeed(xml);
  assert.equal(feed.entries, undefined);
  assert.equal(feed.updated, '2023-01-31T06:00:00.000Z');
  assert.deepEqual(JSON.parse(site.get('empty/feed.json') ?? '').items, []);
});

test('the well-formedness check itself rejects broken XML', () => {
  assert.throws(() => assertWellFormed('<a><b></a></b>'));
  assert.throws(() => assertWellFormed('<a>Q&A</a>'));
  assert.throws(() => assertWellFormed('<a x=1></a>'));
  assert.throws(() => assertWellFormed('<a></a><b></b>'));
});

test('RSS 2.0 is built by feedsmith, well-formed, and parses back with one item per day', () => {
  const site = buildSite(natoSite());
  const xml = site.get('nato/rss.xml') ?? '';
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>'));
  assertWellFormed(xml);
  assert.match(xml, /<rss version="2\.0">/);
  const feed = parseRssFeed(xml);
  assert.equal(feed.title, 'NATO · daybrief');
  assert.equal(feed.language, 'en');
  assert.deepEqual(
    feed.items?.map((i) => [i.guid?.value, i.guid?.isPermaLink, i.link]),
    ['2023-01-30', '2023-01-29', '2023-01-27', '2023-01-20'].map((d) => [
      `urn:daybrief:nato:${d}`,
      false,
      `${d}/`,
    ]),
  );
  assert.equal(feed.items?.[0]?.pubDate, 'Mon, 30 Jan 2023 00:00:00 GMT');
  const description = String(feed.items?.[0]?.description ?? '');
  assert.ok(description.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'hostile title stays escaped');
  assert.ok(!description.includes('<script'));
  assert.ok(!description.includes('javascript:'), 'only http(s) links');
  const empty = parseRssFeed(site.get('empty/rss.xml') ?? '');
  assert.equal(empty.items, undefined);
});

test('RSS links are absolute under a base URL, and every feed is advertised by the pages', () => {
  const site = buildSite({ ...natoSite(), baseUrl: 'https://news.example/brief/' });
  const rss = parseRssFeed(site.get('nato/rss.xml') ?? '');
  assert.equal(rss.link, 'https://news.example/brief/nato/');
  assert.equal(rss.items?.[0]?.link, 'https://news.example/brief/nato/2023-01-30/');
  const day = site.get('nato/2023-01-30/index.html') ?? '';
  assert.ok(
    day.includes('<link rel="alternate" type="application/rss+xml" title="RSS feed" href="../rss.xml">'),
  );
  assert.ok(
    day.includes('<link rel="alternate" type="application/atom+xml" title="Atom feed" href="../feed.xml">'),
  );
});

test('a hostile topic name and site title stay text in all three feeds', () => {
  const hostile = '<b>NATO</b> ]]> & <script>x</script>';
  const data = natoSite();
  const site = buildSite({
    ...data,
    title: 'Brief <i>&</i>',
    topics: data.topics.map((t) => (t.slug === 'nato' ? { ...t, name: hostile } : t)),
  });
  const atomXml = site.get('nato/feed.xml') ?? '';
  const rssXml = site.get('nato/rss.xml') ?? '';
  assertWellFormed(atomXml);
  assertWellFormed(rssXml);
  const title = `${hostile} · Brief <i>&</i>`;
  const atom = parseAtomFeed(atomXml);
  assert.equal(atom.title?.value, title);
  assert.equal(atom.title?.type, 'text');
  assert.ok(String(atom.entries?.[0]?.title?.value).startsWith(`${hostile}: Monday, 30 January 2023`));
  assert.equal(parseRssFeed(rssXml).title, title);
  assert.equal(parseJsonFeed(site.get('nato/feed.json') ?? '').title, title);
  // Markup survives only as character data (CDATA, as feedsmith writes it), never as elements.
  for (const xml of [atomXml, rssXml]) {
    const outsideCdata = xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
    assert.ok(!outsideCdata.includes('<script') && !outsideCdata.includes('<b>'), 'no markup as elements');
  }
});
