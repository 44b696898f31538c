import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Digest, DigestArticle } from '../model/types.js';
import { composeDayEmail, emailSubject } from './compose.js';

function article(n: number, over: Partial<DigestArticle> = {}): DigestArticle {
  return {
    url: `https://news${n}.example/a/${n}`,
    title: `Article ${n}`,
    outlet: `Outlet ${n}`,
    summary: [`Summary of article ${n}.`],
    summarySource: 'body',
    paywalled: false,
    alsoPublishedBy: [],
    ...over,
  };
}

const digest: Digest = {
  topic: { name: 'NATO', slug: 'nato' },
  date: '2023-01-30',
  stories: [
    {
      id: 's1',
      title: 'Summit opens',
      lead: ['Leaders met.'],
      articles: [
        article(1, {
          image: 'https://cdn.example/1.jpg',
          alsoPublishedBy: [{ outlet: 'Copy Wire', url: 'https://copy.example/1' }],
        }),
        article(2, { outlet: 'Outlet 2', paywalled: true }),
      ],
    },
    {
      id: 's2',
      title: 'Hostile <b onmouseover=alert(1)>story</b>',
      articles: [
        article(3, {
          url: 'javascript:alert(1)',
          image: 'javascript:alert(2)',
          description: "It's <script>x</script>",
          summary: [],
        }),
      ],
    },
  ],
};

test('the subject names the topic, the day and the number of stories on one line', () => {
  assert.equal(emailSubject(digest), 'NATO — 30 January 2023: 2 stories');
  const one = {
    ...digest,
    topic: { name: 'Evil\r\nBcc: x@example.org', slug: 'evil' },
    stories: [digest.stories[0]],
  };
  assert.equal(emailSubject(one as Digest), 'Evil Bcc: x@example.org — 30 January 2023: 1 story');
});

test('the HTML part is self-contained, one column of 600 px, escaped, with http(s) links only', () => {
  const { html, text } = composeDayEmail(digest);
  assert.match(html, /^<!DOCTYPE html>/);
  assert.match(html, /max-width:600px/);
  assert.match(html, /<meta name="color-scheme" content="light dark">/);
  assert.ok(!/<script|<link|@import|url\(/i.test(html), 'no script, no external CSS');
  assert.ok(!/javascript:/i.test(html));
  assert.ok(html.includes('Hostile &lt;b onmouseover=alert(1)&gt;story&lt;/b&gt;'));
  assert.ok(
    html.includes('It&#39;s &lt;script&gt;x&lt;/script&gt;'),
    'the description stands in for a missing summary',
  );
  assert.ok(html.includes('<a href="https://news1.example/a/1"'));
  assert.ok(html.includes('Outlet 1 · 3 outlets'), 'outlets counted with syndicated copies');
  assert.ok(!html.includes('paywall'), 'only the lead article’s paywall is shown');
  assert.ok(!html.includes('<img'), 'no site address: no image at all (never the outlet’s)');
  assert.ok(!html.includes('Read on the site'));
  assert.ok(!html.includes(' lang="de"'));
  assert.ok(composeDayEmail(digest, { language: 'de' }).html.includes('<div lang="de">'));
  assert.ok(!composeDayEmail(digest, { language: '"><x' }).html.includes('<x'));
  assert.ok(
    text.startsWith(
      'NATO — Monday, 30 January 2023\n2 stories\n\n1. Summit opens\n   Outlet 1 · 3 outlets\n',
    ),
  );
  assert.ok(text.includes('   Leaders met.'));
  assert.ok(text.includes('   - Article 2 (Outlet 2)\n     https://news2.example/a/2'));
  assert.ok(
    text.includes("2. Hostile <b onmouseover=alert(1)>story</b>\n   Outlet 3\n\n   It's <script>x</script>"),
  );
  assert.ok(!text.includes('javascript:'));
});

test('with the site address: a link to the day page, and images only from the site’s own copies', () => {
  const { html, text, dayUrl } = composeDayEmail(digest, {
    siteUrl: 'https://news.example.org/brief',
    media: { 'https://cdn.example/1.jpg': 'media/abc.jpg', 'javascript:alert(2)': 'media/evil.jpg' },
    title: 'My <brief>',
  });
  assert.equal(dayUrl, 'https://news.example.org/brief/nato/2023-01-30/');
  assert.ok(html.includes('href="https://news.example.org/brief/nato/2023-01-30/"'));
  assert.ok(text.includes('2 stories · https://news.example.org/brief/nato/2023-01-30/'));
  const images = [...html.matchAll(/<img [^>]*src="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(images, ['https://news.example.org/brief/media/abc.jpg']);
  assert.ok(html.includes('My &lt;brief&gt; · Monday, 30 January 2023'));
  assert.ok(!composeDayEmail(digest, { siteUrl: 'javascript:alert(1)' }).html.includes('Read on the site'));
});
