/**
 * Page fixtures: every test/pages/<slug>/ holds source.html, expected.json and, unless the page is
 * skipped, expected.txt; extract runs on the source and must give the expected fields (a field set to
 * null must be absent) and exactly the expected body text, so a change to the body shows in the diff.
 * `node --import tsx scripts/page-fixtures.ts --write` rewrites both from the extractor.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { bodyOfFile, paragraphDiff } from '../scripts/page-fixtures.js';
import { extract } from '../src/extract/index.js';
import type { Article } from '../src/model/types.js';

interface Expected {
  url: string;
  skipped?: string;
  textIncludes?: string[];
  textExcludes?: string[];
  paragraphsMin?: number;
  [field: string]: unknown;
}

const PAGES = join(import.meta.dirname, 'pages');
/** Fixtures are dated late January 2023; "now" is pinned so the future-date rule is stable. */
const NOW = new Date('2023-02-01T12:00:00Z');
const FIELDS = [
  'title',
  'byline',
  'published',
  'image',
  'siteName',
  'lang',
  'canonicalUrl',
  'paywalled',
] as const;

const slugs = existsSync(PAGES)
  ? readdirSync(PAGES)
      .filter((s) => existsSync(join(PAGES, s, 'expected.json')))
      .sort()
  : [];

for (const slug of slugs) {
  test(`page ${slug}`, () => {
    const html = readFileSync(join(PAGES, slug, 'source.html'), 'utf8');
    const expected = JSON.parse(readFileSync(join(PAGES, slug, 'expected.json'), 'utf8')) as Expected;
    const result = extract(html, expected.url, { now: NOW });
    if (expected.skipped) {
      assert.equal(result.kind, 'skipped');
      assert.equal(result.kind === 'skipped' && result.code, expected.skipped);
      return;
    }
    assert.equal(result.kind, 'article', result.kind === 'skipped' ? result.reason : '');
    check(result as Article, expected);
    const textFile = join(PAGES, slug, 'expected.txt');
    assert.ok(
      existsSync(textFile),
      `${slug} has no expected.txt: write it with node --import tsx scripts/page-fixtures.ts --write`,
    );
    const want = bodyOfFile(readFileSync(textFile, 'utf8'));
    const got = (result as Article).text;
    if (got !== want) {
      const diff = paragraphDiff(want.split('\n\n'), got.split('\n\n')).join('\n');
      assert.fail(`body differs from expected.txt (- expected, + extracted):\n${diff}`);
    }
  });
}

test('paragraphDiff marks removed and added paragraphs, and keeps the common ones out', () => {
  assert.deepEqual(paragraphDiff(['a', 'b', 'c', 'd'], ['a', 'c', 'x', 'd', 'e']), ['- b', '+ x', '+ e']);
  assert.deepEqual(paragraphDiff([], ['a']), ['+ a']);
  assert.deepEqual(paragraphDiff(['a', 'b'], ['a', 'b']), []);
});

function check(article: Article, expected: Expected): void {
  for (const field of FIELDS) {
    if (!(field in expected)) continue;
    assert.equal(article[field] ?? null, expected[field], `${field}`);
  }
  for (const s of expected.textIncludes ?? [])
    assert.ok(article.text.includes(s), `text should include "${s}"`);
  for (const s of expected.textExcludes ?? [])
    assert.ok(!article.text.includes(s), `text should not include "${s}"`);
  if (expected.paragraphsMin !== undefined) {
    assert.ok(article.paragraphs.length >= expected.paragraphsMin, `paragraphs ${article.paragraphs.length}`);
  }
  assert.equal(article.text, article.paragraphs.join('\n\n'));
  assert.ok(article.paragraphs.every((p) => p.trim() === p && p.length > 0 && !/\s{2}/.test(p)));
}
