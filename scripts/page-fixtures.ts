/**
 * Regenerates the metadata fields of the page fixtures (test/pages/<slug>/expected.json) from what
 * the extractor gives now, so a rule change shows up as a reviewable diff. Text expectations
 * (textIncludes, textExcludes, paragraphsMin) are written by hand and never touched.
 *
 *   node --import tsx scripts/page-fixtures.ts           # print the fields that would change
 *   node --import tsx scripts/page-fixtures.ts --write   # write them; review with git diff
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extract } from '../src/extract/index.js';

const PAGES = fileURLToPath(new URL('../test/pages/', import.meta.url));
/** The same pinned "now" as test/pages.test.ts. */
const NOW = new Date('2023-02-01T12:00:00Z');
const FIELDS = ['title', 'byline', 'published', 'image', 'siteName', 'lang', 'canonicalUrl', 'paywalled'];

const write = process.argv.includes('--write');
let changed = 0;
for (const slug of readdirSync(PAGES).sort()) {
  const file = join(PAGES, slug, 'expected.json');
  if (!existsSync(file)) continue;
  const expected = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const result = extract(readFileSync(join(PAGES, slug, 'source.html'), 'utf8'), String(expected.url), {
    now: NOW,
  });
  if (result.kind !== 'article') {
    console.log(`${slug}: ${result.kind} ${result.code}${expected.skipped ? ' (expected)' : ''}`);
    continue;
  }
  const got = result as unknown as Record<string, unknown>;
  let differs = false;
  for (const field of FIELDS) {
    if (!(field in expected)) continue;
    const now = got[field] ?? null;
    if (JSON.stringify(now) === JSON.stringify(expected[field])) continue;
    changed++;
    differs = true;
    console.log(`${slug}: ${field}\n  was ${JSON.stringify(expected[field])}\n  now ${JSON.stringify(now)}`);
    expected[field] = now;
  }
  if (write && differs) writeFileSync(file, `${JSON.stringify(expected, null, 2)}\n`);
}
console.log(changed ? `${changed} field(s) differ${write ? ', written' : ''}` : 'all fixtures agree');
