import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type DedupeItem, dedupe } from './dedupe.js';

const WIRE = [
  'TALLINN (Meridian Press) — Engineers on Tuesday finished laying the last section of the undersea power cable between the two coasts, the grid operator said, ending a project that ran two years behind schedule.',
  'The 170-kilometre link can carry 650 megawatts in either direction and is meant to let the region trade surplus wind power across the gulf during the long winter evenings.',
  'Operators expect test transmissions to begin in early December once the converter stations on both shores have been inspected by the national safety regulators.',
  'Fishermen along the southern coast had protested the route for months, saying trawling grounds would be closed during construction and that compensation offers were far too low.',
  'Copyright Meridian Press. All rights reserved.',
].join('\n\n');

function item(over: Partial<DedupeItem> & { url: string; outlet: string }): DedupeItem {
  return { title: 'Last section of undersea cable laid', text: WIRE, ...over };
}

test('exact repeats and URL variants fold into one article', () => {
  const groups = dedupe([
    item({ url: 'https://wire.example/cable-laid', outlet: 'Meridian Press' }),
    item({ url: 'https://wire.example/cable-laid?utm_source=rss', outlet: 'Meridian Press' }),
    item({ url: 'https://wire.example/cable-laid/amp/', outlet: 'Meridian Press' }),
  ]);
  assert.equal(groups.length, 1);
  assert.equal(groups[0]?.repeats.length, 2);
  assert.equal(groups[0]?.copies.length, 0);
});

test('syndicated copies with another headline and an added paragraph become copies of the wire original', () => {
  const edited = WIRE.replace('two years behind schedule', 'two years late').concat(
    '\n\nLocal councillors in the harbour town said they would hold a public meeting about the landing site next week.',
  );
  const groups = dedupe([
    item({
      url: 'https://herald.example/a',
      outlet: 'Northwind Herald',
      published: '2026-11-21T08:00:00Z',
      text: edited,
      title: 'Cable finished at last',
    }),
    item({
      url: 'https://wire.example/cable-laid',
      outlet: 'Meridian Press',
      published: '2026-11-21T09:00:00Z',
    }),
    item({ url: 'https://daily.example/b', outlet: 'Baltic Daily', published: '2026-11-21T07:00:00Z' }),
  ]);
  assert.equal(groups.length, 1);
  const [group] = groups;
  assert.equal(
    group?.canonical.outlet,
    'Meridian Press',
    'the wire that names itself in the dateline wins over earlier copies',
  );
  assert.deepEqual(group?.copies.map((c) => c.outlet).sort(), ['Baltic Daily', 'Northwind Herald']);
});

test('different articles about the same event stay apart', () => {
  const other = [
    'The government said on Tuesday that the new cable would lower winter electricity prices for households by a modest amount, though analysts were sceptical.',
    'Prices on the regional power exchange have swung sharply this autumn as low winds and a cold snap coincided with maintenance at two nuclear plants.',
    'An energy economist at the university said the link mattered more for security of supply than for prices, because both markets peak at the same hours.',
  ].join('\n\n');
  const groups = dedupe([
    item({ url: 'https://wire.example/cable-laid', outlet: 'Meridian Press' }),
    item({ url: 'https://energy.example/prices', outlet: 'Energy Journal', text: other }),
  ]);
  assert.equal(groups.length, 2);
});

test('short texts are compared by URL only, never merged on a few shared words', () => {
  const groups = dedupe([
    item({ url: 'https://a.example/1', outlet: 'A', text: 'Subscribe to continue reading.' }),
    item({ url: 'https://b.example/2', outlet: 'B', text: 'Subscribe to continue reading.' }),
  ]);
  assert.equal(groups.length, 2);
});

test('a short wire story under a rewritten headline, with edits and an added line, is still a copy', () => {
  const story = [
    'Police in the harbour town said on Friday that a 59-year-old woman was struck by a delivery van as she crossed the road near the ferry terminal late on Thursday evening.',
    'She was taken to the regional hospital, where she died of her injuries a few hours later.',
    'The driver stopped at the scene and was questioned by officers, who said no charges had been filed yet.',
  ].join(' ');
  const copy = `${story.replace('said on Friday', 'stated on Friday')} Readers can follow our live coverage for updates.`;
  const groups = dedupe([
    {
      url: 'https://wire.example/crash',
      outlet: 'Meridian Press',
      title: 'Woman killed by van near ferry terminal',
      text: story,
    },
    {
      url: 'https://coast.example/x',
      outlet: 'Coast News',
      title: 'Ferry terminal crash: what we know',
      text: copy,
    },
  ]);
  assert.equal(groups.length, 1);
  assert.equal(groups[0]?.copies.length, 1);
});

test('a teaser too short to compare alone is compared with its headline', () => {
  const title = 'Matt Smith named as the eleventh Doctor in the long-running science fiction series';
  const text =
    'On Saturday it was announced that the actor to play the eleventh Doctor was none other than Matt Smith.';
  const groups = dedupe([
    { url: 'https://a.example/doctor', outlet: 'A', title, text },
    {
      url: 'https://b.example/doctor-copy',
      outlet: 'B',
      title,
      text: `${text} Republished with permission.`,
    },
    {
      url: 'https://c.example/other',
      outlet: 'C',
      title: 'Casting news for the long-running science fiction series',
      text: 'Producers said on Saturday that filming of the new series would begin in the summer in Cardiff.',
    },
  ]);
  assert.deepEqual(
    groups.map((g) => [g.canonical, ...g.copies].map((m) => m.outlet).sort()),
    [['A', 'B'], ['C']],
  );
});
