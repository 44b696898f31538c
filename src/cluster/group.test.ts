import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusterRecords } from './batch.js';
import { groupArticles } from './group.js';
import { lshPairs, signature } from './minhash.js';

const QUAKE_A = [
  'A magnitude 6.1 earthquake struck Aceh province in Indonesia on Tuesday, killing at least 22 people in the highland town of Takengon, officials said.',
  'Rescuers in Takengon searched collapsed houses for survivors as aftershocks rattled Aceh through the night.',
  'The Aceh disaster agency said 22 people died in Takengon and hundreds of homes were damaged by the 6.1 quake.',
  'Aceh governor visited Takengon on Wednesday as rescuers pulled two survivors from a collapsed mosque after the 6.1 earthquake.',
];
const QUAKE_B = [
  'A powerful 7.6 earthquake shook Papua province in Indonesia on Sunday, damaging buildings in Manokwari and killing four people, officials said.',
  'Residents of Manokwari fled to higher ground after the 7.6 quake in Papua, fearing a tsunami that never came.',
  'Hospitals in Manokwari treated dozens of injured after the Papua earthquake of magnitude 7.6 flattened shops near the port.',
];
const FOOTBALL = [
  'The Saints placed running back Reggie Bush on injured reserve, ending his season after a knee injury against Detroit.',
  'Reggie Bush will miss the rest of the season after the Saints moved the running back to injured reserve with a knee injury.',
];

/** Headlines as outlets write them (not the body's first words, which would double its lead). */
const HEADLINES = [
  'Earthquake kills 22 in Aceh',
  'Aftershocks hamper search in Takengon',
  'Aceh quake toll stands at 22',
  'Governor visits quake-hit Takengon',
  'Strong quake hits Papua',
  'Manokwari residents flee to higher ground',
  'Injured fill Manokwari hospitals',
  'Saints put Bush on injured reserve',
  'Bush out for the season',
];

test('two look-alike events on one subject become two stories; an unrelated one stays apart', () => {
  const texts = [...QUAKE_A, ...QUAKE_B, ...FOOTBALL];
  const { story, relevance } = groupArticles(
    texts.map((t, i) => ({ title: HEADLINES[i] as string, text: t })),
  );
  const a = new Set(story.slice(0, 4));
  const b = new Set(story.slice(4, 7));
  const c = new Set(story.slice(7));
  assert.equal(a.size, 1, 'the Aceh quake articles share a story');
  assert.equal(b.size, 1, 'the Papua quake articles share a story');
  assert.equal(c.size, 1, 'the football articles share a story');
  assert.equal(new Set([...a, ...b, ...c]).size, 3);
  for (const r of relevance) assert.ok(r >= 0 && r <= 1.0001);
});

test('articles days apart never share a story', () => {
  const docs = FOOTBALL.map((t, i) => ({
    title: t.slice(0, 50),
    text: t,
    published: `2026-11-${10 + i * 9}T10:00:00Z`,
  }));
  const { story } = groupArticles(docs);
  assert.notEqual(story[0], story[1]);
});

test('MinHash signatures of equal sets are equal, and LSH pairs them', () => {
  const set = Array.from({ length: 80 }, (_, i) => i * 7919);
  const other = Array.from({ length: 80 }, (_, i) => i * 104729 + 1);
  const sigs = [signature(set, 64), signature(set, 64), signature(other, 64)];
  assert.deepEqual(sigs[0], sigs[1]);
  const pairs = lshPairs(sigs, { bands: 32, rows: 2 });
  assert.deepEqual(pairs, [[0, 1]]);
});

test("batch: a syndicated copy under another headline gets duplicateOf and its original's story", () => {
  const body = [
    ...QUAKE_A,
    'Officials said the death toll could rise as rescuers reach remote villages.',
  ].join(' ');
  const out = clusterRecords([
    {
      id: 'orig',
      title: 'Quake kills 22 in Aceh',
      text: body,
      url: 'https://wire.example/a',
      source: 'Wire',
    },
    {
      id: 'copy',
      title: 'Deadly quake in Indonesia: what we know',
      text: `${body} This story was first published by Wire and is republished with permission.`,
      url: 'https://paper.example/b',
      source: 'Paper',
    },
    {
      id: 'other',
      title: 'Bush to injured reserve',
      text: FOOTBALL.join(' '),
      url: 'https://sport.example/c',
    },
  ]);
  assert.equal(out[1]?.duplicateOf, 'orig');
  assert.equal(out[1]?.story, out[0]?.story);
  assert.equal(out[0]?.duplicateOf, undefined);
  assert.notEqual(out[2]?.story, out[0]?.story);
});

test('shingles ignore case and punctuation, and tell word order apart', async () => {
  const { shingleHashes } = await import('./shingles.js');
  assert.deepEqual(
    [...shingleHashes('The cable was laid on Tuesday, officials said.')],
    [...shingleHashes('the CABLE was laid — on tuesday officials said')],
  );
  assert.notDeepEqual(
    [...shingleHashes('the cable was laid on Tuesday')],
    [...shingleHashes('on Tuesday the cable was laid')],
  );
});
