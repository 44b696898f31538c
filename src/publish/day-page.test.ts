import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHTML } from 'linkedom';
import { article, natoDay, natoSite, story, XSS_TITLE } from './fixtures.test.js';
import { CONTENT_SECURITY_POLICY } from './layout.js';
import { paths } from './paths.js';
import { buildSite } from './site.js';

const DAY = 'nato/2023-01-30/index.html';

function dayDocument(): Document {
  const page = buildSite(natoSite()).get(DAY);
  assert.ok(page, 'day page is built');
  return parseHTML(page).document as unknown as Document;
}

function text(el: Element | null | undefined): string {
  return (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

test('day page: heading has the topic and the date in words; landmarks, lang and CSP are present', () => {
  const doc = dayDocument();
  assert.equal(text(doc.querySelector('h1')), 'NATO Monday, 30 January 2023');
  assert.equal(doc.documentElement.getAttribute('lang'), 'en');
  for (const landmark of ['header', 'main#main', 'nav', 'article', 'footer']) {
    assert.ok(doc.querySelector(landmark), landmark);
  }
  assert.equal(doc.querySelector('a.skip')?.getAttribute('href'), '#main');
  const csp = doc.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content');
  assert.equal(csp, CONTENT_SECURITY_POLICY);
  assert.equal(
    CONTENT_SECURITY_POLICY,
    "default-src 'none'; img-src 'self'; style-src 'self'; base-uri 'none'; form-action 'self'",
    'images only from the site: no outlet, no data: URL',
  );
  assert.equal(doc.querySelector('link[rel="stylesheet"]')?.getAttribute('href'), `../../${paths.style}`);
});

test('day page: each item shows image with credit, linked title, outlet, time, description and summary', () => {
  const doc = dayDocument();
  const items = Array.from(doc.querySelectorAll('.item'));
  assert.equal(items.length, 4, 'one full item per story');
  const first = items[0];
  assert.ok(first);
  const img = first.querySelector('figure.cover img');
  assert.equal(img?.getAttribute('src'), `../../media/${'b'.repeat(32)}.webp`);
  assert.equal(
    img?.getAttribute('srcset'),
    `../../media/${'a'.repeat(32)}.webp 320w, ../../media/${'b'.repeat(32)}.webp 640w, ../../media/${'c'.repeat(32)}.webp 960w`,
  );
  assert.equal(img?.getAttribute('sizes'), '(min-width: 40rem) 13rem, 100vw');
  assert.deepEqual([img?.getAttribute('width'), img?.getAttribute('height')], ['640', '336']);
  assert.equal(img?.getAttribute('alt'), '');
  assert.equal(img?.getAttribute('decoding'), 'async');
  assert.equal(text(first.querySelector('figcaption')), 'Image courtesy of Reuters');
  const link = first.querySelector('.title a');
  assert.equal(text(link), 'Finland to stick with Sweden in NATO bid, hopes for green light by July');
  assert.equal(
    link?.getAttribute('href'),
    'https://www.reuters.com/world/europe/finland-sticks-with-sweden-2023-01-30/',
  );
  // No policy of its own: the page's (meta and header) keeps the referrer from the outlet.
  assert.deepEqual([...(link?.getAttributeNames() ?? [])], ['href']);
  assert.equal(
    doc.querySelector('meta[name="referrer"]')?.getAttribute('content'),
    'no-referrer',
    'the page sends no referrer on any link',
  );
  assert.equal(text(first.querySelector('.byline b')), 'Reuters');
  // The digest's time zone is Europe/Brussels: 14:05 UTC is 15:05 CET.
  assert.equal(first.querySelector('time')?.getAttribute('datetime'), '2023-01-30T14:05Z');
  assert.match(text(first.querySelector('time')), /30 Jan 2023, 15:05/);
  assert.equal(
    text(first.querySelector('.description')),
    'Finland is sticking to its plan to join NATO at the same time as Sweden.',
  );
  assert.equal(
    text(first.querySelector('.summary')),
    'Finland hopes to join NATO no later than July. Haavisto said he still hoped both countries would become members in the next few months.',
  );
});

test('day page: the first image is eager with high priority, every other one lazy', () => {
  const images = Array.from(dayDocument().querySelectorAll('img'));
  assert.ok(images.length >= 2, `${images.length} images`);
  const [first, ...rest] = images;
  assert.deepEqual([first?.getAttribute('loading'), first?.getAttribute('fetchpriority')], ['eager', 'high']);
  for (const img of rest) {
    assert.equal(img.getAttribute('loading'), 'lazy');
    assert.equal(img.hasAttribute('fetchpriority'), false);
  }
  for (const img of images) {
    assert.ok(img.getAttribute('width') && img.getAttribute('height'), 'a size, so the page does not jump');
    assert.ok(img.getAttribute('srcset'));
  }
});

test('day page: only the site’s own thumbnails are shown; any other image is a placeholder', () => {
  const data = natoSite();
  data.media = {
    ...data.media,
    'https://img.example/evil.jpg': [{ path: 'https://img.example/evil.jpg', width: 320, height: 180 }],
    'https://img.example/up.jpg': [{ path: `media/../../${'d'.repeat(32)}.webp`, width: 320, height: 180 }],
    'https://img.example/raw.jpg': [{ path: `media/${'e'.repeat(32)}.svg`, width: 320, height: 180 }],
  };
  const day = data.topics[0]?.days.find((d) => d.date === '2023-01-30');
  assert.ok(day);
  for (const [i, image] of [
    'https://img.example/evil.jpg',
    'https://img.example/up.jpg',
    'https://img.example/raw.jpg',
    'https://img.example/unknown.jpg',
  ].entries())
    day.stories.push(story(`other-${i}`, [article({ image, url: `https://img.example/a/${i}` })]));
  const doc = parseHTML(buildSite(data).get(DAY) ?? '').document as unknown as Document;
  for (const img of Array.from(doc.querySelectorAll('img'))) {
    for (const src of [img.getAttribute('src') ?? '', ...(img.getAttribute('srcset') ?? '').split(', ')])
      assert.match(src, /^\.\.\/\.\.\/media\/[a-f0-9]{32}\.webp( \d+w)?$/, src);
  }
  for (let i = 0; i < 4; i++) assert.ok(doc.querySelector(`#s-other-${i} figure.cover-none`), `story ${i}`);
});

test('day page: a story with several articles has a heading, its lead, the first article in full and more coverage', () => {
  const doc = dayDocument();
  const group = doc.querySelector('article#s-turkey-finland');
  assert.ok(group);
  assert.equal(text(group.querySelector('h2')), 'Turkey signals it may approve Finland before Sweden');
  assert.equal(
    text(group.querySelector('.lead')),
    'Turkey said it could evaluate Finland’s bid separately from Sweden’s. (The Washington Post)',
  );
  const source = group.querySelector('.lead small a');
  assert.equal(
    source?.getAttribute('href'),
    'https://www.washingtonpost.com/world/2023/01/30/turkey-finland-nato/',
  );
  assert.deepEqual([...(source?.getAttributeNames() ?? [])], ['href']);
  assert.equal(group.querySelectorAll('.item').length, 1);
  assert.equal(group.querySelector('.item h3.title a')?.getAttribute('href')?.includes('reuters.com'), true);
  const more = group.querySelector('.more');
  assert.equal(text(more?.querySelector('h3')), 'More coverage');
  const others = Array.from(more?.querySelectorAll('li') ?? []).map(text);
  assert.deepEqual(others, [
    "Turkey favors approving Finland's NATO bid before Sweden's (The Washington Post)",
    'Erdogan suggests (CNBC)',
  ]);
  // A one-article story has no separate story heading: the article title is the h2.
  const single = doc.querySelector('article#s-no-image');
  assert.equal(single?.querySelectorAll('h2').length, 1);
  assert.equal(single?.querySelector('h2')?.classList.contains('title'), true);
});

function oneStoryPage(s: ReturnType<typeof story>): Document {
  const digest = { ...natoDay(), stories: [s] };
  const page = buildSite({
    generatedAt: '2023-01-31T06:00:00Z',
    topics: [{ name: 'NATO', slug: 'nato', days: [digest] }],
  }).get(DAY);
  assert.ok(page);
  return parseHTML(page).document as unknown as Document;
}

test('day page: a lead sentence names its outlet, escaped, and links only a safe URL', () => {
  const lead = 'Finland hopes to join NATO no later than July.';
  const doc = oneStoryPage(
    story(
      's',
      [article(), article({ url: 'https://b.example/x', title: 'Another headline here', outlet: 'B' })],
      {
        title: 'A story heading of its own',
        lead: [lead, 'A second line of the lead, from a hostile page.'],
        leadSources: [
          {
            url: 'https://www.reuters.com/world/europe/finland-sticks-with-sweden-2023-01-30/',
            outlet: 'Reuters',
          },
          { url: 'javascript:alert(1)', outlet: 'Bad <b>Outlet</b>' },
        ],
      },
    ),
  );
  assert.equal(
    text(doc.querySelector('.lead')),
    `${lead} (Reuters) A second line of the lead, from a hostile page. (Bad <b>Outlet</b>)`,
  );
  const sources = Array.from(doc.querySelectorAll('.lead small'));
  assert.equal(sources.length, 2);
  assert.equal(sources[0]?.querySelector('a')?.getAttribute('href')?.includes('reuters.com'), true);
  assert.equal(sources[1]?.querySelector('a'), null, 'the javascript: URL is not linked');
  assert.equal(text(sources[1]), '(Bad <b>Outlet</b>)');
  assert.equal(doc.querySelector('.lead b'), null, 'the outlet name is text, not markup');
  // The lead's first sentence is the article's: its summary goes on with the second only.
  assert.equal(
    text(doc.querySelector('.summary')),
    'Haavisto said he still hoped both countries would become members in the next few months.',
  );
});

test('day page: a description that repeats the summary is shown once; a cut-off one too', () => {
  const summary = [
    'Finland hopes to join NATO no later than July, the minister said.',
    'Talks go on in Ankara.',
  ];
  const repeat = oneStoryPage(
    story('s', [article({ summary, description: `  ${summary[0]?.toUpperCase()}` })]),
  );
  assert.equal(repeat.querySelector('.description'), null);
  assert.equal(text(repeat.querySelector('.summary')), summary.join(' '));
  const cut = oneStoryPage(
    story('s', [article({ summary, description: 'Finland hopes to join NATO no later…' })]),
  );
  assert.equal(cut.querySelector('.description'), null);
  const more = oneStoryPage(story('s', [article({ summary, description: `${summary[0]} Sweden waits.` })]));
  assert.equal(
    text(more.querySelector('.description')),
    'Sweden waits.',
    'only what the summary does not say',
  );
});

test('day page: a story heading that is its lead article’s title links to it and is not repeated', () => {
  const first = article();
  const doc = oneStoryPage(
    story('s', [first, article({ url: 'https://b.example/x', title: first.title, outlet: 'Other Outlet' })]),
  );
  const heading = doc.querySelector('.story-title a');
  assert.equal(text(heading), first.title);
  assert.equal(heading?.getAttribute('href'), first.url);
  assert.equal(doc.querySelector('.item .title'), null, 'the lead article does not print its title again');
  const more = doc.querySelector('.more li a');
  assert.equal(text(more), 'Other Outlet', 'the same headline from another outlet is its outlet');
  assert.equal(more?.getAttribute('href'), 'https://b.example/x');
});

test('day page: also published by links the syndicated copies with safe URLs only', () => {
  const doc = dayDocument();
  const also = doc.querySelector('#s-turkey-finland .also');
  assert.ok(also);
  assert.equal(text(also), 'Also published by: WOKV, Evil');
  const links = Array.from(also.querySelectorAll('a'));
  assert.equal(links.length, 1, 'the javascript: copy is plain text');
  assert.equal(links[0]?.getAttribute('href'), 'https://www.wokv.com/news/nato-finland');
});

test('day page: markers for paywalled and description-only summaries', () => {
  const doc = dayDocument();
  assert.equal(
    text(doc.querySelector('#s-bloomberg-1 .marker')),
    'Subscriber-only article: summary unavailable',
  );
  assert.equal(doc.querySelector('#s-bloomberg-1 .summary'), null);
  assert.equal(text(doc.querySelector('#s-hostile .marker-description')), "From the outlet's description");
  assert.equal(doc.querySelectorAll('.marker').length, 2, 'no marker on body summaries');
});

test('day page: a missing or unsafe image gives the initials placeholder', () => {
  const doc = dayDocument();
  const none = doc.querySelector('#s-no-image figure.cover-none');
  assert.ok(none);
  assert.equal(none.querySelector('img'), null);
  assert.equal(text(none.querySelector('.initials')), 'NH');
  const unsafe = doc.querySelector('#s-hostile figure.cover');
  assert.ok(unsafe?.classList.contains('cover-none'), 'data: image becomes the placeholder');
  assert.equal(unsafe?.querySelector('img'), null);
});

test('day page: hostile text is escaped and no javascript:/data: URL reaches the markup', () => {
  const site = buildSite(natoSite());
  const page = site.get(DAY) ?? '';
  const doc = parseHTML(page).document;
  assert.equal(doc.querySelectorAll('script').length, 0);
  assert.equal(text(doc.querySelector('#s-hostile .title')), XSS_TITLE);
  assert.equal(doc.querySelector('#s-hostile .title a'), null, 'javascript: link becomes plain text');
  assert.ok(page.includes('Allies meet &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;talk&quot;'));
  assert.equal(doc.querySelectorAll('[onerror], [onload]').length, 0);
  // The byline's own <b> holds the outlet's name as text; none comes from the page's markup.
  assert.equal(text(doc.querySelector('#s-hostile .byline b')), 'Bad <b>Outlet</b>');
  assert.equal(doc.querySelectorAll('#s-hostile b').length, 1);
  assert.equal(doc.querySelectorAll('#s-hostile b b, #s-hostile .description img').length, 0);
  for (const [path, content] of site) {
    assert.ok(
      !/javascript:|data:image/i.test(content) || path.endsWith('.json'),
      `${path} has no unsafe URL`,
    );
  }
  for (const el of Array.from(doc.querySelectorAll('[href], [src]'))) {
    const url = el.getAttribute('href') ?? el.getAttribute('src') ?? '';
    assert.ok(!/^\s*(javascript|data|vbscript):/i.test(url), url);
  }
});

test('day page: navigation links to neighbouring days, week view, topic index, JSON and feeds', () => {
  const doc = dayDocument();
  const nav = doc.querySelector('nav.day-nav');
  assert.equal(nav?.querySelector('a[rel="prev"]')?.getAttribute('href'), '../2023-01-29/index.html');
  assert.equal(nav?.querySelector('a[rel="next"]'), null, 'the newest day has no next');
  const hrefs = Array.from(nav?.querySelectorAll('a') ?? []).map((a) => a.getAttribute('href'));
  for (const h of [
    '../week/2023-01-30/index.html',
    '../index.html',
    '../2023-01-30.json',
    '../feed.xml',
    '../feed.json',
  ]) {
    assert.ok(hrefs.includes(h), h);
  }
  const older = parseHTML(buildSite(natoSite()).get('nato/2023-01-27/index.html') ?? '').document;
  assert.equal(
    older.querySelector('a[rel="prev"]')?.getAttribute('href'),
    '../2023-01-20/index.html',
    'gaps are skipped',
  );
  assert.equal(older.querySelector('a[rel="next"]')?.getAttribute('href'), '../2023-01-29/index.html');
});

test('day page: footer "Explore the last week" links the existing days of the 7 ending this date', () => {
  const doc = dayDocument();
  const footer = doc.querySelector('footer nav.last-week');
  assert.equal(text(footer?.querySelector('h2')), 'Explore the last week');
  const links = Array.from(footer?.querySelectorAll('li a') ?? []).map((a) => a.getAttribute('href'));
  // 2023-01-20 exists but is outside the week; 2023-01-28 does not exist.
  assert.deepEqual(links, ['index.html', '../2023-01-29/index.html', '../2023-01-27/index.html']);
});

test('day page: every relative link and anchor resolves to a file of the site', () => {
  const site = buildSite(natoSite());
  for (const [path, content] of site) {
    if (!path.endsWith('.html')) continue;
    const doc = parseHTML(content).document;
    for (const el of Array.from(doc.querySelectorAll('a[href], link[href]'))) {
      const href = el.getAttribute('href') ?? '';
      if (/^https?:/.test(href)) continue;
      // Relative links, and the 404 page's root-absolute ones (it is served at any address).
      const url = new URL(href, `http://site.test/${path}`);
      const target = decodeURIComponent(url.pathname.slice(1));
      assert.ok(site.has(target), `${path} links to missing ${href}`);
      if (url.hash && target.endsWith('.html')) {
        const targetDoc = parseHTML(site.get(target) ?? '').document;
        assert.ok(targetDoc.getElementById(url.hash.slice(1)), `${path} links to missing anchor ${href}`);
      }
    }
  }
});

test('day page: an empty day and a story without articles render without errors', () => {
  const data = natoSite();
  data.topics[0]?.days.push({ topic: { name: 'NATO', slug: 'nato' }, date: '2023-01-31', stories: [] });
  data.topics[0]?.days.push({
    ...natoDay('2023-02-01'),
    stories: [story('empty', [], { title: 'Orphan story' }), story('x', [article({ outlet: '' })])],
  });
  const site = buildSite(data);
  const empty = parseHTML(site.get('nato/2023-01-31/index.html') ?? '').document;
  assert.equal(text(empty.querySelector('main .empty')), 'No stories were found for this day.');
  const orphan = parseHTML(site.get('nato/2023-02-01/index.html') ?? '').document;
  assert.equal(text(orphan.querySelector('#s-empty h2')), 'Orphan story');
  assert.equal(text(orphan.querySelector('#s-x figcaption')), 'Image courtesy of the publisher');
});

test('day page: a running story links to the earlier story on its day page, relative and escaped', () => {
  const site = natoSite();
  const nato = site.topics[0];
  const day = nato?.days.find((d) => d.date === '2023-01-30');
  const [group, single] = day?.stories ?? [];
  assert.ok(group && single && group.articles.length > 1 && single.articles.length === 1);
  group.continues = { date: '2023-01-29', storyId: 's-2023-01-29', title: XSS_TITLE };
  single.continues = { date: '2023-01-28', storyId: 'gone', title: 'Not on the site' };
  const page = buildSite(site).get(DAY);
  assert.ok(page);
  assert.ok(!page.includes('<script>alert(1)</script>'), 'the earlier title is escaped');
  const doc = parseHTML(page).document as unknown as Document;
  const stories = Array.from(doc.querySelectorAll('article.story'));
  const note = stories[0]?.querySelector('.continues');
  assert.equal(
    text(note),
    'Developing story — earlier: Allies meet <script>alert(1)</script> & "talk" (Sunday, 29 January 2023)',
  );
  assert.equal(note?.querySelector('a')?.getAttribute('href'), '../2023-01-29/index.html#s-s-2023-01-29');
  assert.equal(note?.previousElementSibling?.tagName, 'H2', 'under the story heading');
  const earlier = buildSite(site).get('nato/2023-01-29/index.html') ?? '';
  assert.ok(earlier.includes('id="s-s-2023-01-29"'), 'the anchor exists on the earlier page');
  // A single-article story: the note comes before its item; an earlier day not on the site is not linked.
  const plain = stories[1]?.querySelector('.continues');
  assert.equal(text(plain), 'Developing story — earlier: Not on the site (Saturday, 28 January 2023)');
  assert.equal(plain?.querySelector('a'), null);
  assert.equal(plain?.nextElementSibling?.classList.contains('item'), true);
  assert.equal(stories[2]?.querySelector('.continues'), null, 'other stories have no note');
});
