import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHTML } from 'linkedom';
import { natoSite } from './fixtures.test.js';
import { paths } from './paths.js';
import { buildSite, buildSiteFrame, buildTopicFiles } from './site.js';
import { minifyCss, STYLE_CSS } from './style.js';

function text(el: Element | null | undefined): string {
  return (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

test('buildSite produces the documented files for every topic and day', () => {
  const files = [...buildSite(natoSite()).keys()].sort();
  const perDay = (d: string) => [`nato/${d}/index.html`, `nato/${d}.json`, `nato/week/${d}/index.html`];
  const expected = [
    paths.style,
    'index.html',
    '404.html',
    'nato/index.html',
    'nato/feed.xml',
    'nato/rss.xml',
    'nato/feed.json',
    'empty/index.html',
    'empty/feed.xml',
    'empty/rss.xml',
    'empty/feed.json',
    ...['2023-01-30', '2023-01-29', '2023-01-27', '2023-01-20'].flatMap(perDay),
  ].sort();
  assert.deepEqual(files, expected);
});

test('buildSite is pure: same input gives the same output, and the input is not modified', () => {
  const data = natoSite();
  const before = structuredClone(data);
  const a = buildSite(data);
  const b = buildSite(data);
  assert.deepEqual([...a], [...b]);
  assert.deepEqual(data, before);
});

test('a site built topic by topic, the front page from each newest day only, is the same site', () => {
  const data = natoSite();
  const days = data.topics[0]?.days ?? [];
  data.topics.push({ name: 'Alpha', slug: 'alpha', days: days.slice(1, 3).map((d) => structuredClone(d)) });
  const whole = buildSite(data);
  const parts = new Map<string, string>();
  for (const t of data.topics) for (const [p, c] of buildTopicFiles(data, t)) parts.set(p, c);
  const newest = data.topics.map((t) => ({
    ...t,
    days: [...t.days].sort((a, b) => b.date.localeCompare(a.date)).slice(0, 1),
  }));
  for (const [p, c] of buildSiteFrame({ ...data, topics: newest })) parts.set(p, c);
  assert.deepEqual([...parts.keys()].sort(), [...whole.keys()].sort());
  for (const [p, c] of whole) assert.equal(parts.get(p), c, p);
});

test('site index lists topics with their latest day and its story count', () => {
  const doc = parseHTML(buildSite({ ...natoSite(), title: 'Desk <brief>' }).get('index.html') ?? '').document;
  assert.equal(text(doc.querySelector('h1')), 'Desk <brief>');
  const cards = Array.from(doc.querySelectorAll('.topic-card'));
  assert.equal(cards.length, 2);
  assert.equal(cards[0]?.querySelector('h2 a')?.getAttribute('href'), 'nato/index.html');
  const latest = cards[0]?.querySelector('p a');
  assert.equal(latest?.getAttribute('href'), 'nato/2023-01-30/index.html');
  assert.equal(text(cards[0]?.querySelector('p')), 'Latest: Monday, 30 January 2023 (4 stories)');
  assert.equal(text(cards[1]?.querySelector('.empty')), 'No days published yet.');
});

test('topic index lists every day newest first, grouped by month, with counts and feed links', () => {
  const data = natoSite();
  data.topics[0]?.days.push({ topic: { name: 'NATO', slug: 'nato' }, date: '2022-12-31', stories: [] });
  const doc = parseHTML(buildSite(data).get('nato/index.html') ?? '').document;
  const months = Array.from(doc.querySelectorAll('section.month'));
  assert.deepEqual(
    months.map((m) => text(m.querySelector('h2'))),
    ['January 2023', 'December 2022'],
  );
  assert.deepEqual(Array.from(months[0]?.querySelectorAll('li') ?? []).map(text), [
    'Monday, 30 January (4 stories)',
    'Sunday, 29 January (1 story)',
    'Friday, 27 January (1 story)',
    'Friday, 20 January (1 story)',
  ]);
  assert.equal(text(months[1]?.querySelector('li')), 'Saturday, 31 December (0 stories)');
  const hrefs = Array.from(doc.querySelectorAll('nav.day-nav a')).map((a) => a.getAttribute('href'));
  assert.deepEqual(hrefs, [
    '2023-01-30/index.html',
    'week/2023-01-30/index.html',
    'feed.xml',
    'rss.xml',
    'feed.json',
  ]);
  assert.equal(doc.querySelector('link[type="application/atom+xml"]')?.getAttribute('href'), 'feed.xml');
});

test('the topic entry decides name and slug of its days, and the site title and language apply', () => {
  const data = natoSite();
  const day = data.topics[0]?.days[1];
  assert.ok(day);
  day.topic = { name: 'Old name', slug: 'old-slug' };
  const site = buildSite({ ...data, lang: 'en-GB' });
  assert.equal(JSON.parse(site.get('nato/2023-01-30.json') ?? '').topic.slug, 'nato');
  const doc = parseHTML(site.get('nato/2023-01-30/index.html') ?? '').document;
  assert.equal(doc.documentElement.getAttribute('lang'), 'en-GB');
  assert.equal(text(doc.querySelector('.brand')), 'daybrief');
});

test('the stylesheet covers dark mode, focus, a narrow column and responsive items', () => {
  const css = buildSite(natoSite()).get(paths.style) ?? '';
  assert.match(css, /prefers-color-scheme:dark/);
  assert.match(css, /:focus-visible/);
  assert.match(css, /max-width:48rem/);
  assert.match(css, /@media \(min-width:40rem\)/);
  assert.match(css, /system-ui/);
  // Separators are drawn and silent: alt text "" where supported, after a fallback for older browsers.
  assert.match(css, /\.byline time::before[^{]*\{content:"· ";content:"· " \/ ""\}/);
});

test('minifyCss drops comments, spaces and leading zeros, and nothing else', () => {
  assert.equal(
    minifyCss(
      '/* a note */\n.a > b,\n.c:hover { margin: 0.5rem 10.05rem; color: #0a0b0c; }\n@media (min-width: 40rem) { .d { top: -0.5em; } }\n',
    ),
    '.a>b,.c:hover{margin:.5rem 10.05rem;color:#0a0b0c}@media (min-width:40rem){.d{top:-0.5em}}',
  );
  assert.equal(STYLE_CSS, minifyCss(STYLE_CSS), 'the stylesheet is minified');
  assert.ok(!STYLE_CSS.includes('/*'));
});
