import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHTML } from 'linkedom';
import type { Digest } from '../model/types.js';
import { article, natoDay, natoSite, story, XSS_TITLE } from './fixtures.test.js';
import { FRONT_STORIES } from './index-pages.js';
import { beforeBuild, outletCount } from './item.js';
import { SEARCH_BOX_HIDDEN } from './layout.js';
import { paths } from './paths.js';
import { buildSite } from './site.js';

function text(el: Element | null | undefined): string {
  return (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

function doc(html: string | undefined): Document {
  assert.ok(html, 'page exists');
  return parseHTML(html).document as unknown as Document;
}

test("front page: each topic's latest day with its top stories linked to the story on the day page", () => {
  const site = buildSite(natoSite());
  const home = doc(site.get('index.html'));
  const card = home.querySelector('.topic-card');
  const items = Array.from(card?.querySelectorAll('ol.top-stories > li') ?? []);
  assert.equal(items.length, 4);
  const first = items[0];
  const link = first?.querySelector('a.headline');
  assert.equal(text(link), 'Turkey signals it may approve Finland before Sweden');
  assert.equal(link?.getAttribute('href'), 'nato/2023-01-30/index.html#s-turkey-finland');
  const day = doc(site.get('nato/2023-01-30/index.html'));
  assert.ok(day.getElementById('s-turkey-finland'), 'the anchor is on the day page');
  // Outlets, not articles: Reuters, WOKV and Evil (copies), The Washington Post, CNBC.
  // The dot between the two is drawn by the stylesheet (`.story-meta span::before`), not read.
  assert.equal(
    text(first?.querySelector('.story-meta')),
    '5 outlets latest 30 Jan 2023, 15:05 CET (15 hours before this edition)',
  );
  assert.equal(
    text(first?.querySelector('.story-meta > span')),
    'latest 30 Jan 2023, 15:05 CET (15 hours before this edition)',
  );
  assert.equal(first?.querySelector('time')?.getAttribute('datetime'), '2023-01-30T14:05Z');
  // A story whose articles carry no time shows the outlets alone.
  assert.equal(text(items[3]?.querySelector('.story-meta')), '1 outlet');
  // The hostile headline is text.
  assert.equal(text(items[2]?.querySelector('a.headline')), XSS_TITLE);
  assert.equal(home.querySelectorAll('script').length, 0);
  assert.equal(
    text(home.querySelectorAll('.topic-card')[1]?.querySelector('.empty')),
    'No days published yet.',
  );
});

test('front page shows at most FRONT_STORIES stories and links the rest of the day', () => {
  const many: Digest = {
    ...natoDay('2023-02-01'),
    stories: Array.from({ length: FRONT_STORIES + 3 }, (_, i) =>
      story(`n${i}`, [article({ title: `Story ${i}`, url: `https://example.com/${i}` })]),
    ),
  };
  const data = natoSite();
  data.topics[0]?.days.push(many);
  const home = doc(buildSite(data).get('index.html'));
  const card = home.querySelector('.topic-card');
  assert.equal(card?.querySelectorAll('.top-stories li').length, FRONT_STORIES);
  const all = Array.from(card?.querySelectorAll('a') ?? []).find((a) => text(a).startsWith('All '));
  assert.equal(text(all), `All ${FRONT_STORIES + 3} stories of the day`);
  assert.equal(all?.getAttribute('href'), 'nato/2023-02-01/index.html');
});

test('day page story cards count outlets and show the latest time, absolute and relative', () => {
  const day = doc(buildSite(natoSite()).get('nato/2023-01-30/index.html'));
  const group = day.getElementById('s-turkey-finland');
  const meta = group?.querySelector('p.story-meta');
  assert.equal(text(meta), '5 outlets latest 30 Jan 2023, 15:05 CET (15 hours before this edition)');
  assert.equal(
    text(meta?.querySelector('span')),
    'latest 30 Jan 2023, 15:05 CET (15 hours before this edition)',
  );
  assert.equal(meta?.querySelector('time')?.getAttribute('datetime'), '2023-01-30T14:05Z');
  // A lone article without copies keeps its byline only.
  assert.equal(day.getElementById('s-bloomberg-1')?.querySelector('.story-meta'), null);
});

test('outletCount counts distinct outlets, copies included; beforeBuild words the gap', () => {
  const s = story('x', [
    article({ outlet: 'Reuters', alsoPublishedBy: [{ outlet: ' reuters ', url: 'https://a.example/' }] }),
    article({ outlet: 'AP' }),
    article({ outlet: 'AP', alsoPublishedBy: [{ outlet: 'WOKV', url: 'https://b.example/' }] }),
  ]);
  assert.equal(outletCount(s), 3);
  const built = '2023-01-31T06:00:00Z';
  assert.equal(beforeBuild('2023-01-31T05:59:30Z', built), '1 minute before this edition');
  assert.equal(beforeBuild('2023-01-31T05:15:00Z', built), '45 minutes before this edition');
  assert.equal(beforeBuild('2023-01-31T05:00:00Z', built), '1 hour before this edition');
  assert.equal(beforeBuild('2023-01-29T05:00:00Z', built), '2 days before this edition');
  assert.equal(beforeBuild('2023-01-20T05:00:00Z', built), undefined, 'more than a week: absolute only');
  assert.equal(beforeBuild('2023-02-01T00:00:00Z', built), undefined, 'after the build');
  assert.equal(beforeBuild(undefined, built), undefined);
});

test('articles and stories in another language than the page carry lang', () => {
  const german = article({
    url: 'https://www.tagesschau.de/ausland/nato-finnland.html',
    title: 'Türkei signalisiert Zustimmung zu Finnlands NATO-Beitritt',
    outlet: 'tagesschau.de',
    lang: 'de',
  });
  const english = article({ lang: 'en-GB' });
  const day: Digest = {
    ...natoDay('2023-02-02'),
    stories: [
      story('mixed', [english, { ...german, url: 'https://www.zeit.de/x' }]),
      story('de', [german, { ...german, url: 'https://www.spiegel.de/y', outlet: 'Spiegel', lang: 'de-DE' }]),
      story('bad', [article({ lang: '" onmouseover="x' })]),
    ],
  };
  const data = natoSite();
  data.topics[0]?.days.push(day);
  const site = buildSite(data);
  const page = doc(site.get('nato/2023-02-02/index.html'));
  assert.equal(page.documentElement.getAttribute('lang'), 'en');
  const mixed = page.getElementById('s-mixed');
  assert.equal(mixed?.getAttribute('lang'), null, 'an English story on an English page');
  assert.equal(mixed?.querySelector('.item')?.getAttribute('lang'), null, 'en-GB is English');
  assert.equal(mixed?.querySelector('.more li')?.getAttribute('lang'), 'de');
  const de = page.getElementById('s-de');
  assert.equal(de?.getAttribute('lang'), 'de', 'a German story says so');
  assert.equal(de?.querySelector('.item')?.getAttribute('lang'), null, 'inherited from the story');
  assert.equal(de?.querySelector('.more li')?.getAttribute('lang'), null, 'de-DE inside a de story');
  assert.equal(page.getElementById('s-bad')?.querySelector('[lang]'), null, 'an invalid tag is dropped');
  const home = doc(site.get('index.html'));
  const items = Array.from(home.querySelectorAll('.top-stories li'));
  assert.deepEqual(
    items.map((li) => li.getAttribute('lang')),
    [null, 'de', null],
  );
  const week = doc(site.get('nato/week/2023-02-02/index.html'));
  assert.equal(week.querySelectorAll('.briefs li[lang="de"]').length, 1);
});

test('the 404 page: site layout, root-absolute links (any address), a link home and the search box', () => {
  const site = buildSite(natoSite());
  const page = doc(site.get('404.html'));
  assert.equal(text(page.querySelector('main h1')), 'Page not found');
  assert.equal(page.querySelector('link[rel="stylesheet"]')?.getAttribute('href'), `/${paths.style}`);
  const home = Array.from(page.querySelectorAll('main a')).find((a) => text(a) === 'Go to the front page');
  assert.equal(home?.getAttribute('href'), '/index.html');
  assert.deepEqual(
    Array.from(page.querySelectorAll('main li a')).map((a) => a.getAttribute('href')),
    ['/nato/index.html', '/empty/index.html'],
  );
  assert.equal(page.querySelector('form.search-box')?.getAttribute('action'), '/search');
  assert.ok(page.querySelector('a.skip[href="#main"]'));
  const under = doc(buildSite({ ...natoSite(), baseUrl: 'https://news.example/brief' }).get('404.html'));
  assert.equal(under.querySelector('a.brand')?.getAttribute('href'), '/brief/index.html');
});

test('the search box is hidden unless the site is built with search, so a static host shows no dead end', () => {
  const off = buildSite(natoSite());
  for (const [path, content] of off) {
    if (!path.endsWith('.html')) continue;
    const box = doc(content).querySelector('form.search-box');
    assert.ok(box, `${path} has the box`);
    assert.ok(box.hasAttribute('hidden'), `${path} hides it`);
    assert.ok(content.includes(SEARCH_BOX_HIDDEN), `${path} carries the exact marker serve reveals`);
  }
  const on = buildSite({ ...natoSite(), search: true });
  for (const [path, content] of on) {
    if (!path.endsWith('.html')) continue;
    assert.equal(doc(content).querySelector('form.search-box')?.hasAttribute('hidden'), false, path);
  }
});
