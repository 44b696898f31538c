import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { DigestArticle, Story } from '../model/types.js';
import { summarize } from '../summarize/index.js';
import { linkRunningStories, markRunningStories } from './running.js';
import { buildStories, type StoryItem } from './stories.js';

const TOPIC = 'Baltic ferries';
const ECB = join(import.meta.dirname, '..', '..', '..', 'shared', 'bench', 'clustering', 'ecbplus');

function art(title: string, summary: string[]): DigestArticle {
  return {
    url: `https://news.example/${encodeURIComponent(title)}`,
    title,
    outlet: 'News',
    summary,
    summarySource: 'body',
    paywalled: false,
    alsoPublishedBy: [],
  };
}

function story(id: string, ...articles: DigestArticle[]): Story {
  return { id, title: articles[0]?.title ?? id, articles };
}

const AGROUND = story(
  'aground',
  art('Ferry Aurora Star runs aground off Utö; 212 passengers taken off', [
    'The passenger ferry Aurora Star ran aground on a rocky shoal off Utö early on Monday.',
    'Coastguard vessels and a helicopter took 212 passengers off the listing ship.',
  ]),
  art('Aurora Star grounding: hull breached, fuel leak contained', [
    'Divers found a two-metre breach in the hull of the Aurora Star after the grounding off Utö.',
    'A small fuel leak was contained with booms, the coastguard said.',
  ]),
);
const TERMINAL = story(
  'terminal',
  art('Turku opens its new cruise terminal with a record season ahead', [
    'The port of Turku opened its new glass cruise terminal on Monday.',
    'The city expects 90 cruise calls next summer, a record.',
  ]),
);
const SALVAGE = story(
  'salvage',
  art('Salvage tugs refloat Aurora Star off Utö as investigators board', [
    'Two salvage tugs refloated the grounded ferry Aurora Star off Utö on Tuesday.',
    'Accident investigators boarded the ship to examine the breached hull and the bridge records.',
  ]),
);
const STRIKE = story(
  'strike',
  art('Dock workers in Helsinki strike over night shifts', [
    'Stevedores at the port of Helsinki walked out on Tuesday over new night-shift rotas.',
    'The union said the strike would last 48 hours.',
  ]),
);

test('a story continuing an event of the day before links to it; another event on the topic does not', () => {
  const links = linkRunningStories(
    { date: '2026-03-03', stories: [SALVAGE, STRIKE] },
    [{ date: '2026-03-02', stories: [TERMINAL, AGROUND] }],
    { topic: TOPIC },
  );
  assert.equal(links[0]?.storyId, 'aground');
  assert.equal(links[0]?.date, '2026-03-02');
  assert.equal(links[0]?.title, AGROUND.title);
  assert.ok((links[0]?.score ?? 0) >= 0.095);
  assert.equal(links[1], undefined, 'the strike is a different event');
});

test('up to three days back links; four days back, the same day and later days do not', () => {
  const link = (date: string, earlierDate: string) =>
    linkRunningStories({ date, stories: [SALVAGE] }, [{ date: earlierDate, stories: [AGROUND, TERMINAL] }], {
      topic: TOPIC,
    })[0];
  assert.equal(link('2026-03-05', '2026-03-02')?.storyId, 'aground');
  assert.equal(link('2026-03-01', '2026-02-26')?.storyId, 'aground', 'across a month end');
  assert.equal(link('2026-03-06', '2026-03-02'), undefined);
  assert.equal(link('2026-03-02', '2026-03-02'), undefined);
  assert.equal(link('2026-03-02', '2026-03-03'), undefined);
});

test('the most similar earlier story wins, the more recent day on a tie', () => {
  const links = linkRunningStories(
    { date: '2026-03-04', stories: [SALVAGE, STRIKE] },
    [
      { date: '2026-03-02', stories: [AGROUND, TERMINAL] },
      { date: '2026-03-03', stories: [{ ...AGROUND, id: 'aground-again' }] },
    ],
    { topic: TOPIC },
  );
  assert.equal(links[0]?.storyId, 'aground-again');
  assert.equal(links[0]?.date, '2026-03-03');
});

test('markRunningStories sets continues, keeps ids and order, and clears a stale link', () => {
  const stale = { ...STRIKE, continues: { date: '2026-03-01', storyId: 'x', title: 'x' } };
  const marked = markRunningStories(
    { date: '2026-03-03', stories: [SALVAGE, stale] },
    [{ date: '2026-03-02', stories: [AGROUND, TERMINAL] }],
    { topic: TOPIC },
  );
  assert.deepEqual(
    marked.map((s) => s.id),
    ['salvage', 'strike'],
  );
  assert.deepEqual(marked[0]?.continues, { date: '2026-03-02', storyId: 'aground', title: AGROUND.title });
  assert.equal('continues' in (marked[1] as Story), false);
  assert.deepEqual(markRunningStories({ date: '2026-03-03', stories: [SALVAGE] }, []), [SALVAGE]);
});

interface EcbRow {
  id: string;
  title: string;
  text: string;
}

function ecbItem(r: EcbRow, date: string): StoryItem {
  const url = `https://ecb.example/${r.id}`;
  const s = summarize({
    kind: 'article',
    url,
    title: r.title,
    text: r.text,
    paragraphs: [],
    paywalled: false,
  });
  const published = `${date}T12:00:00Z`;
  const entry: DigestArticle = {
    url,
    title: r.title,
    outlet: r.id,
    published,
    summary: s.sentences,
    summarySource: s.source,
    paywalled: false,
    alsoPublishedBy: [],
  };
  return { url, title: r.title, text: r.text, outlet: r.id, published, entry };
}

test('ECB+ split over two days: same events link, look-alike events of a topic rarely do', (t) => {
  if (!existsSync(join(ECB, 'articles.jsonl'))) {
    t.skip(`ECB+ not found at ${ECB}`);
    return;
  }
  const jsonl = <T>(f: string) =>
    readFileSync(join(ECB, f), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as T);
  const label = new Map(
    jsonl<{ id: string; story: string; topic: number }>('labels.jsonl').map((l) => [l.id, l]),
  );
  const byTopic = new Map<number, Map<string, EcbRow[]>>();
  for (const r of jsonl<EcbRow>('articles.jsonl')) {
    const l = label.get(r.id);
    if (!l) continue;
    const events = byTopic.get(l.topic) ?? new Map<string, EcbRow[]>();
    events.set(l.story, [...(events.get(l.story) ?? []), r]);
    byTopic.set(l.topic, events);
  }
  const eventOf = (s: Story) => {
    const n = new Map<string, number>();
    for (const a of s.articles) {
      const e = label.get(a.outlet)?.story ?? '';
      n.set(e, (n.get(e) ?? 0) + 1);
    }
    return [...n].sort((a, b) => b[1] - a[1])[0]?.[0];
  };
  let links = 0;
  let right = 0;
  let linkable = 0;
  let cross = 0;
  let crossLinked = 0;
  for (const events of byTopic.values()) {
    const lists = [...events.values()];
    // Each event's articles alternate between the two days.
    const day1 = buildStories(
      lists.flatMap((l) => l.filter((_, i) => i % 2 === 0).map((r) => ecbItem(r, '2026-01-01'))),
    );
    const day2 = buildStories(
      lists.flatMap((l) => l.filter((_, i) => i % 2 === 1).map((r) => ecbItem(r, '2026-01-02'))),
    );
    const before = new Set(day1.map(eventOf));
    const found = linkRunningStories({ date: '2026-01-02', stories: day2 }, [
      { date: '2026-01-01', stories: day1 },
    ]);
    day2.forEach((s, i) => {
      if (before.has(eventOf(s))) linkable++;
      const link = found[i];
      if (!link) return;
      links++;
      if (eventOf(day1.find((d) => d.id === link.storyId) as Story) === eventOf(s)) right++;
    });
    // Only one event the day before, only its look-alike on the day: every link is wrong.
    const [a, b] = lists;
    if (!a || !b) continue;
    const only1 = buildStories(a.filter((_, i) => i % 2 === 0).map((r) => ecbItem(r, '2026-01-01')));
    const only2 = buildStories(b.filter((_, i) => i % 2 === 1).map((r) => ecbItem(r, '2026-01-02')));
    cross += only2.length;
    crossLinked += linkRunningStories({ date: '2026-01-02', stories: only2 }, [
      { date: '2026-01-01', stories: only1 },
    ]).filter(Boolean).length;
  }
  t.diagnostic(
    `split: ${links} links, precision ${(right / links).toFixed(3)}, recall ${(right / linkable).toFixed(3)}; look-alikes linked ${crossLinked}/${cross}`,
  );
  assert.ok(right / links >= 0.95, `precision ${right / links}`);
  assert.ok(right / linkable >= 0.9, `recall ${right / linkable}`);
  assert.ok(crossLinked / cross <= 0.1, `look-alikes linked ${crossLinked}/${cross}`);
});
