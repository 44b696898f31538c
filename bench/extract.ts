/**
 * Extraction benchmark (npm run bench:extract): our extractor (dist/) and Readability.js 0.6 on
 * linkedom over ../shared/bench/extraction/{aeb,postlight,readability-pages}, in the same run. Each
 * extractor runs in its own child process per set (clean peak RSS); it times parse + extract only
 * (after one warm-up pass) and writes JSON lines that score-extraction.mjs (aeb: body F1/P/R) and
 * score-metadata.mjs (the other sets) score. Readability on jsdom (26: the last line that runs on
 * Node 20) runs on aeb only, the speed reference of the issue (it takes about a minute).
 * Skips with a message when ../shared is absent.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { titleConventionLine } from './title-conventions.js';

const SHARED = join(import.meta.dirname, '..', '..', 'shared', 'bench');
const SETS = ['aeb', 'postlight', 'readability-pages'];
const EXTRACTORS = ['ours', 'readability-linkedom', 'readability-jsdom'] as const;
/** jsdom is ~30× slower than our parser: run it on the speed reference set only. */
const JSDOM_SETS = new Set(['aeb']);
type Name = (typeof EXTRACTORS)[number];

interface Row {
  id: string;
  url: string;
  html: string;
}

interface Out {
  id: string;
  text: string;
  title?: string;
  byline?: string;
  published?: string;
  image?: string;
  siteName?: string;
  lang?: string;
}

type Extractor = (row: Row) => Out;

async function load(name: Name): Promise<Extractor> {
  if (name === 'ours') {
    const { extract } = await import('../dist/extract/index.js');
    return (r) => {
      const a = extract(r.html, r.url);
      if (a.kind !== 'article') return { id: r.id, text: '' };
      const { title, byline, published, image, siteName, lang, text } = a;
      return { id: r.id, text, title, byline, published, image, siteName, lang };
    };
  }
  const { Readability } = await import('@mozilla/readability');
  const { DOMParser } = await import('linkedom');
  const { JSDOM, VirtualConsole } = await import('jsdom');
  const quiet = new VirtualConsole();
  const parse = (r: Row): { doc: Document; close: () => void } => {
    if (name === 'readability-linkedom') {
      return {
        doc: new DOMParser().parseFromString(r.html, 'text/html') as unknown as Document,
        close: () => {},
      };
    }
    const dom = new JSDOM(r.html, { url: r.url, virtualConsole: quiet });
    return { doc: dom.window.document, close: () => dom.window.close() };
  };
  return (r) => {
    const { doc, close } = parse(r);
    try {
      const a = new Readability(doc).parse();
      return {
        id: r.id,
        text: a?.textContent ?? '',
        title: a?.title ?? undefined,
        byline: a?.byline ?? undefined,
        published: a?.publishedTime ?? undefined,
        siteName: a?.siteName ?? undefined,
        lang: a?.lang ?? undefined,
      };
    } catch {
      return { id: r.id, text: '' };
    } finally {
      close();
    }
  };
}

/** The child: extracts one set with one extractor, writes predictions, prints timing and RSS. */
async function child(name: Name, set: string, outPath: string): Promise<void> {
  const rows = execFileSync('node', [join(SHARED, 'pages-jsonl.mjs'), join(SHARED, 'extraction', set)], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  })
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Row);
  const run = await load(name);
  for (const r of rows) run(r);
  const started = performance.now();
  const out = rows.map(run);
  const ms = performance.now() - started;
  writeFileSync(outPath, out.map((o) => JSON.stringify(o)).join('\n'));
  const rssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ pages: rows.length, perSecond: (rows.length * 1000) / ms, rssMb }));
}

function score(set: string, predictions: string): string {
  const dir = join(SHARED, 'extraction', set);
  const truth = join(dir, 'ground-truth.json');
  const args = existsSync(truth)
    ? [join(SHARED, 'score-extraction.mjs'), truth, predictions]
    : [join(SHARED, 'score-metadata.mjs'), dir, predictions];
  const lines = execFileSync('node', args, { encoding: 'utf8' }).trim().split('\n');
  return lines.filter((l) => /^(f1 |METADATA)/.test(l)).join('  ');
}

/** Worst-case inputs: the unit tests only require that they finish; their times are reported here. */
async function pathological(): Promise<void> {
  const { extract } = await import('../dist/extract/index.js');
  const text = '<p>Some words of a story, long enough to be read as article text by the scorer.</p>';
  const unit = '<div class="article-body story"><p>Words, more words, and a comma or two.';
  const cases: [string, string][] = [
    ['10 MB nested divs (cut to 5 MB)', `<html><body>${'<div>'.repeat(2_000_000)}${text}</body></html>`],
    ['10,000-deep div/span nesting', `${'<div><span>'.repeat(10_000)}${text}`],
    ['100k sibling divs', `<html><body>${'<div>x</div>'.repeat(100_000)}</body></html>`],
    ['10 MB unclosed content blocks', `<body>${unit.repeat(Math.ceil(10_000_000 / unit.length))}`],
  ];
  console.log('\n== pathological inputs (ours) ==');
  for (const [label, html] of cases) {
    const started = performance.now();
    const r = extract(html, 'https://bench.invalid/');
    console.log(`${label.padEnd(34)} ${(performance.now() - started).toFixed(0).padStart(6)} ms  ${r.kind}`);
  }
}

async function main(): Promise<void> {
  const [flag, name, set, outPath] = process.argv.slice(2);
  if (flag === '--child') return child(name as Name, set as string, outPath as string);
  if (flag === '--pathological') return pathological();
  if (!existsSync(SHARED)) {
    console.log('bench extract: ../shared/bench is absent, skipped');
    return;
  }
  const work = mkdtempSync(join(tmpdir(), 'bench-extract-'));
  for (const set of SETS) {
    console.log(`\n== ${set} ==`);
    for (const ext of EXTRACTORS) {
      if (ext === 'readability-jsdom' && !JSDOM_SETS.has(set)) continue;
      const out = join(work, `${set}-${ext}.jsonl`);
      const stats = JSON.parse(
        execFileSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--child', ext, set, out], {
          encoding: 'utf8',
          maxBuffer: 1 << 26,
        }),
      ) as { pages: number; perSecond: number; rssMb: number };
      console.log(
        `${ext.padEnd(22)} ${stats.perSecond.toFixed(0).padStart(4)} pages/s  peak RSS ${stats.rssMb.toFixed(0)} MB  ${score(set, out)}`,
      );
      if (set === 'readability-pages')
        console.log(`${''.padEnd(22)} ${titleConventionLine(join(SHARED, 'extraction', set), out)}`);
    }
  }
  await pathological();
}

await main();
