import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRobots } from './robots.js';

test('our own group is used instead of *, matched case-insensitively and without version', () => {
  const robots = parseRobots(
    ['User-agent: *', 'Disallow: /', '', 'User-Agent: DayBrief/2.0', 'Disallow: /drafts'].join('\n'),
    'daybrief',
  );
  assert.equal(robots.isAllowed('/news/today'), true);
  assert.equal(robots.isAllowed('/drafts/x'), false);
});

test('the * group applies when no group names us', () => {
  const robots = parseRobots(
    'User-agent: googlebot\nDisallow: /\n\nUser-agent: *\nDisallow: /admin\n',
    'daybrief',
  );
  assert.equal(robots.isAllowed('/admin/login'), false);
  assert.equal(robots.isAllowed('/article'), true);
});

test('consecutive user-agent lines share one group; groups naming us are merged', () => {
  const text = [
    'User-agent: a',
    'User-agent: daybrief',
    'Disallow: /one',
    '',
    'User-agent: daybrief',
    'Disallow: /two',
  ].join('\r\n');
  const robots = parseRobots(text, 'daybrief');
  assert.equal(robots.isAllowed('/one'), false);
  assert.equal(robots.isAllowed('/two'), false);
  assert.equal(robots.isAllowed('/three'), true);
});

test('the longest match wins and allow wins a tie', () => {
  const robots = parseRobots(
    ['User-agent: *', 'Disallow: /news/', 'Allow: /news/public/', 'Disallow: /same', 'Allow: /same'].join(
      '\n',
    ),
    'daybrief',
  );
  assert.equal(robots.isAllowed('/news/secret'), false);
  assert.equal(robots.isAllowed('/news/public/story'), true);
  assert.equal(robots.isAllowed('/same'), true);
});

test('* matches any run of characters and $ anchors the end', () => {
  const robots = parseRobots(
    ['User-agent: *', 'Disallow: /*.pdf$', 'Disallow: /search*q=', 'Disallow: /a.b'].join('\n'),
    'daybrief',
  );
  assert.equal(robots.isAllowed('/files/report.pdf'), false);
  assert.equal(robots.isAllowed('/files/report.pdf?download=1'), true);
  assert.equal(robots.isAllowed('/search?x=1&q=nato'), false);
  assert.equal(robots.isAllowed('/search'), true);
  assert.equal(robots.isAllowed('/aXb'), true, 'a dot is literal, not a regex wildcard');
});

test('comments, blank values, unknown keys and rules before any group are ignored', () => {
  const robots = parseRobots(
    [
      'Disallow: /orphan',
      '# full-line comment',
      'User-agent: * # everyone',
      'Disallow:',
      'Sitemap: https://x/s.xml',
      'Disallow: /tmp # scratch',
    ].join('\n'),
    'daybrief',
  );
  assert.equal(robots.isAllowed('/orphan'), true);
  assert.equal(robots.isAllowed('/tmp/file'), false);
  assert.equal(robots.isAllowed('/'), true);
});

test('non-ASCII patterns match percent-encoded paths', () => {
  const robots = parseRobots('User-agent: *\nDisallow: /café\nDisallow: /%e2%82%ac', 'daybrief');
  assert.equal(robots.isAllowed(new URL('https://x/café/menu').pathname), false);
  assert.equal(robots.isAllowed('/%E2%82%AC/prices'), false);
});

test('/robots.txt itself is always allowed; an empty file allows everything', () => {
  assert.equal(parseRobots('User-agent: *\nDisallow: /', 'daybrief').isAllowed('/robots.txt'), true);
  assert.equal(parseRobots('', 'daybrief').isAllowed('/anything'), true);
});

test('crawl-delay is read for our group, in ms, capped at 30 s', () => {
  assert.equal(parseRobots('User-agent: *\nCrawl-delay: 2.5', 'daybrief').crawlDelayMs, 2500);
  assert.equal(parseRobots('User-agent: *\nCrawl-delay: 600', 'daybrief').crawlDelayMs, 30_000);
  assert.equal(parseRobots('User-agent: *\nCrawl-delay: soon', 'daybrief').crawlDelayMs, undefined);
});
