/**
 * Regenerates what the page fixtures expect from what the extractor gives now, so a rule change shows
 * up as a reviewable diff: the metadata fields of test/pages/<slug>/expected.json, and the extracted
 * body in test/pages/<slug>/expected.txt (the article's text: its paragraphs, a blank line between
 * them). Text expectations in expected.json (textIncludes, textExcludes, paragraphsMin) are written by
 * hand and never touched; a fixture whose page is skipped has no expected.txt.
 *
 *   node --import tsx scripts/page-fixtures.ts           # print what would change (body: a paragraph diff)
 *   node --import tsx scripts/page-fixtures.ts --write   # write it; review with git diff
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extract } from '../src/extract/index.js';

const PAGES = fileURLToPath(new URL('../test/pages/', import.meta.url));
/** The same pinned "now" as test/pages.test.ts. */
const NOW = new Date('2023-02-01T12:00:00Z');
const FIELDS = ['title', 'byline', 'published', 'image', 'siteName', 'lang', 'canonicalUrl', 'paywalled'];
/** Long paragraphs are cut in the printed diff; the file itself holds them whole. */
const SHOWN = 200;

/** The expected.txt form of a body, and back: one trailing newline, so the file ends like a text file. */
export const bodyFile = (text: string): string => `${text}\n`;
export const bodyOfFile = (file: string): string => file.replace(/\n$/, '');

/** A paragraph-level diff (longest common subsequence): "- " lines removed, "+ " lines added. */
export function paragraphDiff(was: string[], now: string[]): string[] {
  const n = was.length;
  const m = now.length;
  // at(i, j): the length of the longest common subsequence of was[i..] and now[j..].
  const common = new Int32Array((n + 1) * (m + 1));
  const at = (i: number, j: number) => common[i * (m + 1) + j] ?? 0;
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      common[i * (m + 1) + j] =
        was[i] === now[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && was[i] === now[j]) {
      i++;
      j++;
    } else if (i < n && (j === m || at(i + 1, j) >= at(i, j + 1))) out.push(`- ${was[i++]}`);
    else out.push(`+ ${now[j++]}`);
  }
  return out;
}

const paragraphs = (text: string): string[] => (text ? text.split('\n\n') : []);
const cut = (line: string) => (line.length > SHOWN ? `${line.slice(0, SHOWN)}…` : line);

function main(): void {
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
      console.log(
        `${slug}: ${field}\n  was ${JSON.stringify(expected[field])}\n  now ${JSON.stringify(now)}`,
      );
      expected[field] = now;
    }
    if (write && differs) writeFileSync(file, `${JSON.stringify(expected, null, 2)}\n`);

    const textFile = join(PAGES, slug, 'expected.txt');
    const before = existsSync(textFile) ? bodyOfFile(readFileSync(textFile, 'utf8')) : undefined;
    if (before === result.text) continue;
    changed++;
    if (before === undefined)
      console.log(`${slug}: expected.txt is new (${result.paragraphs.length} paragraphs)`);
    else {
      console.log(`${slug}: body`);
      for (const line of paragraphDiff(paragraphs(before), paragraphs(result.text)))
        console.log(`  ${cut(line)}`);
    }
    if (write) writeFileSync(textFile, bodyFile(result.text));
  }
  console.log(
    changed ? `${changed} field(s) or bodies differ${write ? ', written' : ''}` : 'all fixtures agree',
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
