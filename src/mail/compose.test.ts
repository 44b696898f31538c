import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHTML } from 'linkedom';
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

/** The words a reader sees: the HTML part's body text, or the plain part, spacing made single. */
function visible(part: string, isHtml: boolean): string {
  const text = isHtml ? (parseHTML(part).document.querySelector('body')?.textContent ?? '') : part;
  return text.replace(/\s+/g, ' ');
}

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

const repeats: Digest = {
  topic: { name: 'NATO', slug: 'nato' },
  date: '2023-01-30',
  stories: [
    {
      id: 'r1',
      title: 'Summit opens in Brussels',
      lead: ['Leaders met in Brussels on Monday.', 'Talks on tanks began at noon.'],
      leadSources: [
        { outlet: 'Outlet 1', url: 'https://news1.example/a/1' },
        { outlet: 'Outlet <2>', url: 'https://news2.example/a/2' },
      ],
      articles: [
        article(1, {
          title: 'Summit opens in Brussels',
          summary: ['Leaders met in Brussels on Monday.', 'A third point was made.'],
        }),
        article(2, { title: 'Summit opens in Brussels', summary: ['Talks on tanks began at noon.'] }),
        article(5, { title: 'Tanks pledged at the summit' }),
      ],
    },
    {
      id: 'r2',
      title: 'Ministers arrive early',
      articles: [
        article(3, {
          title: 'Ministers arrive early',
          summary: ['Leaders met in Brussels on Monday.', 'Fresh news came later.'],
          description: 'Fresh news came later.',
        }),
      ],
    },
    {
      id: 'r3',
      title: 'Quiet day at the border',
      articles: [
        article(4, {
          summary: [],
          summarySource: 'none',
          description: 'Talks on tanks began at noon. The border stayed quiet all day.',
        }),
      ],
    },
  ],
};

test('each lead sentence names its outlet, linked in HTML and "(Outlet)" in text', () => {
  const { html, text } = composeDayEmail(repeats);
  assert.match(
    html,
    /Leaders met in Brussels on Monday\. <span class="db-muted"[^>]*>\(<a href="https:\/\/news1\.example\/a\/1"[^>]*>Outlet 1<\/a>\)<\/span> Talks on tanks began at noon\. <span class="db-muted"[^>]*>\(<a href="https:\/\/news2\.example\/a\/2"[^>]*>Outlet &lt;2&gt;<\/a>\)<\/span>/,
  );
  assert.ok(
    visible(text, false).includes(
      'Leaders met in Brussels on Monday. (Outlet 1) Talks on tanks began at noon. (Outlet <2>)',
    ),
    text,
  );
  // Without sources of the same length, no attribution is guessed.
  const [first] = repeats.stories;
  const unsourced = { ...repeats, stories: [{ ...first, leadSources: first?.leadSources?.slice(0, 1) }] };
  const plainPart = composeDayEmail(unsourced as Digest).text;
  assert.ok(visible(plainPart, false).includes('Leaders met in Brussels on Monday. Talks on tanks began'));
  assert.ok(!plainPart.includes('(Outlet 1)'));
});

test('no sentence or title is printed twice in either part', () => {
  const { html, text } = composeDayEmail(repeats);
  for (const [part, isHtml] of [
    [html, true],
    [text, false],
  ] as const) {
    const seen = visible(part, isHtml);
    for (const sentence of [
      'Leaders met in Brussels on Monday.',
      'Talks on tanks began at noon.',
      'Fresh news came later.',
      'The border stayed quiet all day.',
      'Summit opens in Brussels',
      'Ministers arrive early',
      'Tanks pledged at the summit',
    ]) {
      assert.equal(count(seen, sentence), 1, `${isHtml ? 'HTML' : 'text'}: ${sentence}\n${seen}`);
    }
    assert.equal(count(seen, 'A third point was made.'), 0, 'the lead stands for the story, not the summary');
  }
  // The heading's title repeated by another article: that article is listed by its outlet alone.
  assert.ok(html.includes('<li style="margin:0 0 4px;"><a href="https://news2.example/a/2"'));
  assert.ok(text.includes('   - Outlet 2\n     https://news2.example/a/2'));
  assert.ok(text.includes('   - Tanks pledged at the summit (Outlet 5)'));
});
