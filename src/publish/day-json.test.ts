import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dayJson } from './day-json.js';
import { natoDay, natoSite, XSS_TITLE } from './fixtures.test.js';
import { buildSite } from './site.js';

const ARTICLE_KEYS = [
  'url',
  'title',
  'outlet',
  'published',
  'image',
  'description',
  'summary',
  'summarySource',
  'paywalled',
  'headlineOnly',
  'alsoPublishedBy',
];

test('dayJson has exactly the documented schema, keys in order, null for missing optional values', () => {
  const day = JSON.parse(dayJson(natoDay()));
  assert.deepEqual(Object.keys(day), ['topic', 'date', 'stories']);
  assert.deepEqual(day.topic, { name: 'NATO', slug: 'nato' });
  assert.equal(day.date, '2023-01-30');
  assert.equal(day.stories.length, 4);
  for (const s of day.stories) {
    assert.deepEqual(Object.keys(s), ['id', 'title', 'lead', 'leadSources', 'continues', 'articles']);
    assert.equal(s.continues, null);
    assert.ok(
      s.lead === null || (Array.isArray(s.lead) && s.lead.every((l: unknown) => typeof l === 'string')),
    );
    for (const a of s.articles) {
      assert.deepEqual(Object.keys(a), ARTICLE_KEYS);
      for (const k of ['url', 'title', 'outlet', 'summarySource']) assert.equal(typeof a[k], 'string', k);
      for (const k of ['published', 'image', 'description'])
        assert.ok(a[k] === null || typeof a[k] === 'string', k);
      assert.ok(['body', 'description', 'none'].includes(a.summarySource));
      assert.equal(typeof a.paywalled, 'boolean');
      assert.equal(typeof a.headlineOnly, 'boolean');
      assert.ok(Array.isArray(a.summary));
      for (const c of a.alsoPublishedBy) assert.deepEqual(Object.keys(c), ['outlet', 'url']);
    }
  }
  const noImage = day.stories[3].articles[0];
  assert.equal(noImage.image, null);
  assert.equal(noImage.published, null);
  assert.equal(day.stories[1].lead, null);
  assert.deepEqual(day.stories[0].lead, [
    'Turkey said it could evaluate Finland’s bid separately from Sweden’s.',
  ]);
  assert.deepEqual(day.stories[0].leadSources, [
    {
      url: 'https://www.washingtonpost.com/world/2023/01/30/turkey-finland-nato/',
      outlet: 'The Washington Post',
    },
  ]);
  assert.equal(day.stories[1].leadSources, null);
});

test('dayJson gives no sources for a lead stored without them (a digest from before they were kept)', () => {
  const digest = natoDay();
  const first = digest.stories[0];
  assert.ok(first);
  delete first.leadSources;
  const day = JSON.parse(dayJson(digest));
  assert.deepEqual(day.stories[0].lead, first.lead);
  assert.equal(day.stories[0].leadSources, null);
});

test('dayJson keeps the data faithfully (JSON-escaped, not HTML-escaped) and drops extra fields', () => {
  const digest = natoDay();
  const text = dayJson(digest);
  const day = JSON.parse(text);
  assert.equal(day.stories[2].articles[0].title, XSS_TITLE);
  assert.equal('timezone' in day, false);
  assert.deepEqual(day.stories[0].articles[0].alsoPublishedBy[0], {
    outlet: 'WOKV',
    url: 'https://www.wokv.com/news/nato-finland',
  });
  assert.ok(text.endsWith('}\n'));
});

test('the site writes dayJson next to the day page', () => {
  const site = buildSite(natoSite());
  assert.equal(site.get('nato/2023-01-30.json'), dayJson(natoDay()));
});

test('dayJson gives a running story its earlier story, keys in order', () => {
  const digest = natoDay();
  const first = digest.stories[0];
  assert.ok(first);
  first.continues = { date: '2023-01-29', storyId: 'abc1234', title: 'Turkey <signals> a split' };
  const day = JSON.parse(dayJson(digest));
  assert.deepEqual(Object.keys(day.stories[0].continues), ['date', 'storyId', 'title']);
  assert.deepEqual(day.stories[0].continues, {
    date: '2023-01-29',
    storyId: 'abc1234',
    title: 'Turkey <signals> a split',
  });
  assert.equal(day.stories[1].continues, null);
});

test('a headline-only article says so in the JSON and on the page instead of a missing summary', async () => {
  const { articleItem } = await import('./item.js');
  const digest = natoDay();
  const story = digest.stories[0];
  const first = story?.articles[0];
  assert.ok(story && first);
  const headline = { ...first, headlineOnly: true, summary: [], summarySource: 'none' as const };
  const day = JSON.parse(dayJson({ ...digest, stories: [{ ...story, articles: [headline] }] }));
  assert.equal(day.stories[0].articles[0].headlineOnly, true);
  assert.equal(JSON.parse(dayJson(digest)).stories[0].articles[0].headlineOnly, false);
  assert.match(String(articleItem(headline, 2)), /Headline only/);
});
