/**
 * Builds the bundled demo and checks running stories on the built day pages and JSON: a story that
 * continues an event of the days before says so and links to it; a new event on the topic does not.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { parseHTML } from 'linkedom';
import { buildDemo } from '../src/cli/demo.js';

const NH = 'https://www.northwind-herald.example';
const GC = 'https://gridcable-review.example';
const MP = 'https://wire.example-press.example';
const BTD = 'https://baltictimes-daily.example';

const ROUTE_APPROVAL = `${NH}/energy/2026/11/20/nordlink-3-cable-to-estonia-wins-final-route-approval`;
const CABLE_FAILURE = `${MP}/news/2026/11/23/ship-suspected-of-dragging-anchor-across-finland-estonia-power-cable`;
const ANCHOR_SEIZED = `${NH}/finland/2026/11/24/border-guard-seizes-sable-horizon-anchor-as-cable-probe-widens`;
const SUMMIT_OPENS = `${NH}/politics/2026/11/25/baltic-grid-ministers-gather-in-tallinn-with-cable-security-top-of-agenda`;
const DECLARATION = `${BTD}/2026/11/26/baltic-grid-ministers-sign-tallinn-declaration-to-fast-track-nordlink-3`;
const REPAIR = `${GC}/news/interconnectors/repair-vessel-reaches-balticon-1-fault`;
const FINANCING = `${MP}/news/2026/11/22/nordic-bank-signs-620-million-euro-loan-for-baltic-grid-cable`;

interface StoryView {
  id: string;
  links: string[];
  note: string;
  noteHref: string | null;
}

interface JsonStory {
  id: string;
  continues: { date: string; storyId: string; title: string } | null;
  articles: { url: string }[];
}

let out = '';

before(async () => {
  out = await mkdtemp(join(tmpdir(), 'daybrief-demo-running-'));
  await buildDemo(out, { quiet: true });
});

async function stories(date: string): Promise<StoryView[]> {
  const { document } = parseHTML(await readFile(join(out, 'baltic-grid', date, 'index.html'), 'utf8'));
  return [...document.querySelectorAll('article.story')].map((s) => ({
    id: s.getAttribute('id') ?? '',
    links: [...s.querySelectorAll('.story-title a, .item .title a, .more li a')].map(
      (a) => a.getAttribute('href') ?? '',
    ),
    note: s.querySelector('.continues')?.textContent?.replace(/\s+/g, ' ').trim() ?? '',
    noteHref: s.querySelector('.continues a')?.getAttribute('href') ?? null,
  }));
}

async function storyWith(date: string, url: string): Promise<StoryView> {
  const found = (await stories(date)).find((s) => s.links.some((l) => l.startsWith(url)));
  assert.ok(found, `a story on ${date} holds ${url}`);
  return found;
}

async function jsonStories(date: string): Promise<JsonStory[]> {
  return JSON.parse(await readFile(join(out, 'baltic-grid', `${date}.json`), 'utf8')).stories;
}

/** Follows a note's relative link from a day page: the day and the story anchor it names. */
function target(from: string, href: string | null): { date: string; anchor: string } {
  assert.ok(href, 'the note is a link');
  const url = new URL(href, `https://site.example/baltic-grid/${from}/index.html`);
  assert.ok(!href.includes('://') && !href.startsWith('/'), `relative link ${href}`);
  const m = /^\/baltic-grid\/(\d{4}-\d{2}-\d{2})\/index\.html$/.exec(url.pathname);
  assert.ok(m, url.pathname);
  return { date: m[1] as string, anchor: url.hash.slice(1) };
}

test('demo: the anchor seizure on 24 Nov continues the Balticon-1 failure of 23 Nov', async () => {
  const seized = await storyWith('2026-11-24', ANCHOR_SEIZED);
  assert.match(seized.note, /^Developing story — earlier: .+ \(Monday, 23 November 2026\)$/);
  const { date, anchor } = target('2026-11-24', seized.noteHref);
  assert.equal(date, '2026-11-23');
  const failure = await storyWith('2026-11-23', CABLE_FAILURE);
  assert.equal(anchor, failure.id, 'the link lands on the failure story');
});

test('demo: the repair on 26 Nov links back to the Balticon-1 fault of 23 Nov', async () => {
  const repair = await storyWith('2026-11-26', REPAIR);
  assert.equal(target('2026-11-26', repair.noteHref).date, '2026-11-23');
});

test('demo: the Tallinn declaration continues the summit that opened the day before', async () => {
  const declaration = await storyWith('2026-11-26', DECLARATION);
  const { date, anchor } = target('2026-11-26', declaration.noteHref);
  assert.equal(date, '2026-11-25');
  assert.equal(anchor, (await storyWith('2026-11-25', SUMMIT_OPENS)).id);
});

test('demo: new events start afresh: route approval, financing, the cable failure, the summit', async () => {
  for (const [date, url] of [
    ['2026-11-20', ROUTE_APPROVAL],
    ['2026-11-22', FINANCING],
    ['2026-11-23', CABLE_FAILURE],
    ['2026-11-25', SUMMIT_OPENS],
  ] as const) {
    const s = await storyWith(date, url);
    assert.equal(s.note, '', `${date} ${url} has no earlier story`);
  }
  for (const s of await stories('2026-11-20')) assert.equal(s.note, '');
});

test('demo: the day JSON carries the link with the earlier story id, null elsewhere', async () => {
  const day = await jsonStories('2026-11-24');
  const seized = day.find((s) => s.articles.some((a) => a.url === ANCHOR_SEIZED));
  const earlier = (await jsonStories('2026-11-23')).find((s) =>
    s.articles.some((a) => a.url === CABLE_FAILURE),
  );
  assert.ok(seized && earlier);
  assert.equal(seized.continues?.date, '2026-11-23');
  assert.equal(seized.continues?.storyId, earlier.id);
  for (const s of await jsonStories('2026-11-20')) assert.equal(s.continues, null);
});
