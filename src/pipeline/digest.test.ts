import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Article, Topic } from '../model/types.js';
import type { StoredArticle } from '../store/store.js';
import { summarize } from '../summarize/index.js';
import { buildDigest } from './digest.js';

const TOPIC: Topic = {
  name: 'Coast',
  slug: 'coast',
  feeds: [],
  language: 'en',
  region: 'US',
  timezone: 'UTC',
  maxArticles: 10,
};
/**
 * The fixture outlet's template: a line its site prints at the top of every article body, worded as
 * plain fact so that nothing but its recurrence tells it apart (the boilerplate model passes it).
 */
const PROMO = 'The western coast has fourteen ports and about three thousand registered fishing boats.';

const STORIES: Record<string, string[]> = {
  ferry: [
    'The ferry Aurora Star ran aground on a shoal off Utö early on Monday morning.',
    'Coastguard vessels took 212 passengers off the listing ship within three hours.',
    'Divers found a two-metre breach in the hull later in the day.',
    'The operator said the route would stay closed for the rest of the week.',
  ],
  budget: [
    'The city council approved a budget that doubles spending on the harbour walls.',
    'The vote was 31 to 12 after a debate that ran late into the night.',
    'Opposition members said the money should go to schools instead.',
    'Work on the northern wall is due to start in the spring.',
  ],
  festival: [
    'The herring festival drew a record crowd of 40,000 visitors to the quay.',
    'Stalls ran out of smoked fish by mid-afternoon on Saturday.',
    'Organisers plan to extend the festival to three days next year.',
    'A brass band from Tallinn closed the weekend with a concert.',
  ],
};

let nextId = 1;

function row(host: string, slug: string, sentences: string[], date = '2026-03-02'): StoredArticle {
  const url = `https://${host}/${date}/${slug}`;
  const article: Article = {
    kind: 'article',
    url,
    title: `${slug} report from the coast`,
    siteName: host,
    published: `${date}T09:00:00Z`,
    text: sentences.join('\n\n'),
    paragraphs: sentences,
    paywalled: false,
  };
  return {
    id: nextId++,
    urlKey: url,
    url,
    status: 'ok',
    attempts: 1,
    candidate: { url, title: article.title, source: 'https://feed.example/rss' },
    article,
    summary: summarize(article, { sentences: 3 }),
  };
}

function summaries(rows: StoredArticle[], recent: StoredArticle[] = []): string[][] {
  const digest = buildDigest(TOPIC, '2026-03-02', rows, '2026-03-03T06:00:00Z', [], recent);
  return digest.stories.flatMap((s) => s.articles.map((a) => a.summary));
}

const gazette = (slug: string, date?: string) =>
  row('www.harbour-gazette.example', slug, [PROMO, ...(STORIES[slug] as string[])], date);

test('a sentence the outlet prints in its different articles is left out of their summaries', () => {
  const rows = Object.keys(STORIES).map((slug) => gazette(slug));
  assert.ok(
    rows.every((r) => r.summary?.sentences.includes(PROMO)),
    'summarised alone, each article opens with the template line',
  );
  const shown = summaries(rows);
  assert.equal(shown.length, 3);
  for (const s of shown) {
    assert.ok(!s.includes(PROMO), `the template line is not in ${JSON.stringify(s)}`);
    assert.ok(s.length >= 2, 'the summary is made of the article itself');
  }
});

test('the outlet’s articles of the days before show its template too; other outlets keep their text', () => {
  const today = gazette('ferry');
  const before = [gazette('budget', '2026-03-01'), gazette('festival', '2026-02-28')];
  assert.ok(!summaries([today], before)[0]?.includes(PROMO));
  assert.ok(summaries([today])[0]?.includes(PROMO), 'alone, nothing tells the line is a template');
  const other = row('other.example', 'ferry', [PROMO, ...(STORIES.ferry as string[])]);
  const mixed = buildDigest(
    TOPIC,
    '2026-03-02',
    [other, gazette('budget')],
    '2026-03-03T06:00:00Z',
    [],
    before,
  );
  const fromOther = mixed.stories.flatMap((s) => s.articles).find((a) => a.url === other.url);
  assert.ok(fromOther?.summary.includes(PROMO), 'a sentence of another outlet is not the gazette’s template');
});

/** The site's own blurb, which the gazette's pages carry as their meta description. */
const BLURB =
  'The Harbour Gazette brings you the latest news, sport and weather from the western coast every day.';

test('a description the outlet gives its different articles is its blurb: not shown, not a summary', () => {
  const withBlurb = (slug: string, sentences: string[]) => {
    const r = row('www.harbour-gazette.example', slug, sentences);
    (r.article as Article).description = BLURB;
    r.summary = summarize(r.article as Article, { sentences: 3 });
    return r;
  };
  // A paywall teaser: too little body, so the summary falls back to the description.
  const teaser = withBlurb('ferry', [
    'The ferry Aurora Star ran aground on a shoal off Utö early on Monday.',
  ]);
  (teaser.article as Article).paywalled = true;
  teaser.summary = summarize(teaser.article as Article, { sentences: 3 });
  assert.equal(teaser.summary?.source, 'description', 'summarised alone, the blurb is the summary');
  const rows = [teaser, withBlurb('budget', STORIES.budget as string[])];
  const digest = buildDigest(TOPIC, '2026-03-02', rows, '2026-03-03T06:00:00Z');
  const shown = digest.stories.flatMap((s) => s.articles);
  assert.equal(shown.length, 2);
  for (const a of shown) {
    assert.equal(a.description, undefined, `${a.url} shows no blurb`);
    assert.ok(!a.summary.join(' ').includes('brings you the latest'), `${a.url} has no blurb in its summary`);
  }
  assert.equal(shown.find((a) => a.url === teaser.url)?.summarySource, 'none');
  const own = withBlurb('festival', STORIES.festival as string[]);
  (own.article as Article).description = 'Record crowds at the herring festival on the quay.';
  const alone = buildDigest(TOPIC, '2026-03-02', [own, withBlurb('budget', STORIES.budget as string[])], 'x');
  const festival = alone.stories.flatMap((s) => s.articles).find((a) => a.url === own.url);
  assert.equal(
    festival?.description,
    'Record crowds at the herring festival on the quay.',
    'its own is kept',
  );
});
