import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { DaybriefError } from '../model/errors.js';
import { natoSite } from './fixtures.test.js';
import { checkDate, checkSlug, paths, relative } from './paths.js';
import { buildSite } from './site.js';
import { STYLE_CSS } from './style.js';

function isBadPath(err: unknown): boolean {
  return (
    err instanceof DaybriefError && err.code === 'PUBLISH_BAD_PATH' && err.message.startsWith('publish:')
  );
}

test('checkSlug accepts lower-case slugs and rejects anything that could escape a path', () => {
  assert.equal(checkSlug('nato'), 'nato');
  assert.equal(checkSlug('eu-ai-act-2'), 'eu-ai-act-2');
  for (const bad of [
    '',
    '-nato',
    'NATO',
    'na to',
    '../etc',
    'a/b',
    'a\\b',
    'nato.',
    'é',
    'assets',
    'a'.repeat(101),
  ]) {
    assert.throws(() => checkSlug(bad), isBadPath, bad);
  }
});

test('checkDate accepts real calendar dates only', () => {
  assert.equal(checkDate('2024-02-29'), '2024-02-29');
  for (const bad of ['2023-1-30', '2023-02-30', '2023-13-01', '20230130', '../2023-01-30', '2023-01-30/x']) {
    assert.throws(() => checkDate(bad), isBadPath, bad);
  }
});

test('paths follow the permalink layout', () => {
  assert.equal(paths.day('nato', '2023-01-30'), 'nato/2023-01-30/index.html');
  assert.equal(paths.dayJson('nato', '2023-01-30'), 'nato/2023-01-30.json');
  assert.equal(paths.week('nato', '2023-01-30'), 'nato/week/2023-01-30/index.html');
  assert.equal(paths.atom('nato'), 'nato/feed.xml');
  assert.throws(() => paths.day('../x', '2023-01-30'), isBadPath);
});

test('the stylesheet is named by its content: the first 16 hex of its SHA-256', () => {
  const hex = createHash('sha256').update(STYLE_CSS).digest('hex').slice(0, 16);
  assert.equal(paths.style, `assets/style.${hex}.css`);
  assert.equal(buildSite(natoSite()).get(paths.style), STYLE_CSS);
});

test('relative links between site files', () => {
  assert.equal(
    relative('nato/2023-01-30/index.html', 'nato/2023-01-29/index.html'),
    '../2023-01-29/index.html',
  );
  assert.equal(relative('nato/2023-01-30/index.html', 'assets/style.css'), '../../assets/style.css');
  assert.equal(relative('nato/week/2023-01-30/index.html', 'nato/feed.xml'), '../../feed.xml');
  assert.equal(relative('index.html', 'nato/index.html'), 'nato/index.html');
  assert.equal(relative('nato/index.html', 'nato/index.html'), 'index.html');
});

test('buildSite rejects bad slugs and dates with PUBLISH_BAD_PATH', () => {
  const badSlug = natoSite();
  badSlug.topics[0] = { name: 'x', slug: '../../etc', days: [] };
  assert.throws(() => buildSite(badSlug), isBadPath);
  const badDate = natoSite();
  const day = badDate.topics[0]?.days[0];
  assert.ok(day);
  day.date = '2023-01-30/../../x';
  assert.throws(() => buildSite(badDate), isBadPath);
});

test('buildSite rejects duplicate topics and duplicate days', () => {
  const dupTopic = natoSite();
  dupTopic.topics.push({ name: 'Again', slug: 'nato', days: [] });
  assert.throws(
    () => buildSite(dupTopic),
    (e) => e instanceof DaybriefError && e.code === 'PUBLISH_DUPLICATE_TOPIC',
  );
  const dupDay = natoSite();
  const topic = dupDay.topics[0];
  assert.ok(topic?.days[0]);
  topic.days.push(structuredClone(topic.days[0]));
  assert.throws(
    () => buildSite(dupDay),
    (e) => e instanceof DaybriefError && e.code === 'PUBLISH_DUPLICATE_DAY',
  );
});
