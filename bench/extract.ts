/**
 * Extraction benchmark (npm run bench:extract): our extractor (dist/), Readability.js 0.6 on linkedom
 * and, on aeb only, Readability on jsdom (26: the last line that runs on Node 20), in the same run,
 * over every set of ../shared/bench/extraction:
 *
 * - body text, scored by score-extraction.mjs (4-word-shingle F1 / P / R, pages under F1 0.5 from its
 *   --per-page list): aeb, l3s-gn1, dragnet, and readability-pages, whose ground truth is the text of
 *   each page's expected.html (written to a temporary ground-truth.json in the scorer's format);
 * - snippet F1 on trafilatura-eval-dev, scored by score-trafeval.mjs (which runs the extractor);
 * - their macro average, and metadata (score-metadata.mjs) on postlight and readability-pages;
 * - trafilatura 2.2's figures as recorded in ../shared/bench/README.md, for reference (not measured).
 *
 * Each extractor runs in its own child process per set (clean peak RSS) and times parse + extract only,
 * after a warm-up on its first pages. A last line compares whole processes on aeb: `daybrief extract --jsonl`
 * against a Readability + linkedom batch process (bench/readability-jsonl.mjs), same input, same run.
 * Skips with a message when ../shared is absent. While iterating: `--sets=aeb,dragnet` runs only those
 * sets, `--ours-only` leaves the peers out (and the whole-process line, which needs one).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { htmlText } from './html-text.js';
import { titleConventionLine } from './title-conventions.js';

const ROOT = join(import.meta.dirname, '..');
const SHARED = join(ROOT, '..', 'shared', 'bench');
const SETS_DIR = join(SHARED, 'extraction');
const EXTRACTORS = ['ours', 'readability-linkedom', 'readability-jsdom'] as const;
type Name = (typeof EXTRACTORS)[number];
const LABEL: Record<Name, string> = {
  ours: 'ours',
  'readability-linkedom': 'Readability + linkedom',
  'readability-jsdom': 'Readability + jsdom',
};
/** jsdom is ~30× slower than our parser: run it on the speed reference set only. */
const JSDOM_SETS = new Set(['aeb']);
const BODY_SETS = ['aeb', 'l3s-gn1', 'dragnet', 'readability-pages'];
const SNIPPET_SET = 'trafilatura-eval-dev';
const META_SETS = ['postlight', 'readability-pages'];
const BIG = 1 << 30;
/** Pages extracted before the clock starts: enough for the JIT, without doubling the run. */
const WARM_UP = 40;

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

interface Stats {
  pages: number;
  perSecond: number;
  rssMb: number;
}

/**
 * The child: extracts the pages of `input` (a JSON-lines file, or '-' for stdin) with one extractor,
 * writes the predictions to `outPath` (and to stdout with `--stdout`, for score-trafeval.mjs) and its
 * timing and peak RSS to `statsPath`.
 */
async function child(name: Name, input: string, outPath: string, statsPath: string, echo: boolean) {
  const rows = readFileSync(input === '-' ? 0 : input, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Row);
  const run = await load(name);
  for (const r of rows.slice(0, WARM_UP)) run(r);
  const started = performance.now();
  const out = rows.map(run);
  const ms = performance.now() - started;
  const jsonl = `${out.map((o) => JSON.stringify(o)).join('\n')}\n`;
  writeFileSync(outPath, jsonl);
  if (echo) process.stdout.write(jsonl);
  const stats: Stats = {
    pages: rows.length,
    perSecond: (rows.length * 1000) / ms,
    rssMb: process.resourceUsage().maxRSS / 1024,
  };
  writeFileSync(statsPath, JSON.stringify(stats));
}

function childArgs(name: Name, input: string, out: string, stats: string): string[] {
  return ['--import', 'tsx', import.meta.filename, '--child', name, input, out, stats];
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const node = (args: string[], env: NodeJS.ProcessEnv = process.env): string =>
  execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: BIG, env });
const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function emptyOutputs(predictions: string): number {
  return readFileSync(predictions, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .filter((l) => !(JSON.parse(l) as Out).text?.trim()).length;
}

interface Body {
  f1: number;
  p: number;
  r: number;
  pages: number;
  /** Pages under F1 0.5; undefined where the scorer gives no per-page figure. */
  under?: number;
  empty: number;
}

/** score-extraction.mjs GT PRED --per-page: its summary line, and its per-page lines under 0.5. */
function scoreBody(truth: string, predictions: string): Body {
  const lines = node([join(SHARED, 'score-extraction.mjs'), truth, predictions, '--per-page'])
    .trim()
    .split('\n');
  const m = /^f1 ([\d.]+) P ([\d.]+) R ([\d.]+) pages (\d+)/m.exec(lines.join('\n'));
  if (!m) throw new Error(`score-extraction.mjs printed no summary: ${lines.slice(-2).join(' / ')}`);
  const under = lines.filter((l) => /^\d\.\d+ {2}P /.test(l) && Number.parseFloat(l) < 0.5).length;
  return {
    f1: Number(m[1]),
    p: Number(m[2]),
    r: Number(m[3]),
    pages: Number(m[4]),
    under,
    empty: emptyOutputs(predictions),
  };
}

/** score-trafeval.mjs DIR CMD runs the extractor itself: the command is our child, echoing to stdout. */
function scoreSnippets(name: Name, out: string, stats: string, work: string): Body {
  const cmd = [process.execPath, ...childArgs(name, '-', out, stats), '--stdout'].map(shellQuote).join(' ');
  // The scorer leaves its input and output (~120 MB) in a temporary folder: make it one under ours.
  const env = { ...process.env, TMPDIR: work };
  const text = node([join(SHARED, 'score-trafeval.mjs'), join(SETS_DIR, SNIPPET_SET), cmd], env);
  const pr = /^P ([\d.]+) R ([\d.]+)/m.exec(text);
  const f1 = /^TRAFEVAL F1 ([\d.]+)/m.exec(text);
  const pages = /^pages (\d+)/m.exec(text);
  if (!pr || !f1 || !pages) throw new Error(`score-trafeval.mjs printed no score: ${text}`);
  return {
    f1: Number(f1[1]),
    p: Number(pr[1]),
    r: Number(pr[2]),
    pages: Number(pages[1]),
    empty: emptyOutputs(out),
  };
}

const META_FIELDS = ['title', 'author', 'date', 'dateExact', 'image', 'siteName', 'lang'] as const;
type Meta = Partial<Record<(typeof META_FIELDS)[number], string>>;

/** score-metadata.mjs SET PRED: each field's accuracy line ("title      0.951  (145/153)"). */
function scoreMeta(setDir: string, predictions: string): Meta {
  const text = node([join(SHARED, 'score-metadata.mjs'), setDir, predictions]);
  const meta: Meta = {};
  for (const f of META_FIELDS) {
    const m = new RegExp(`^${f} +([\\d.]+) +\\((\\d+)/(\\d+)\\)`, 'm').exec(text);
    if (m) meta[f] = `${m[1]} (${m[2]}/${m[3]})`;
  }
  return meta;
}

/** readability-pages as a ground truth in score-extraction.mjs's format: the text of expected.html. */
function readabilityPagesTruth(inputJsonl: string, path: string): void {
  const truth: Record<string, { articleBody: string; url: string }> = {};
  for (const line of readFileSync(inputJsonl, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const { id, url } = JSON.parse(line) as Row;
    const file = join(SETS_DIR, 'readability-pages', 'pages', id, 'expected.html');
    if (existsSync(file)) truth[id] = { articleBody: htmlText(readFileSync(file, 'utf8')), url };
  }
  writeFileSync(path, JSON.stringify(truth));
}

interface Recorded {
  /** As bodyCell prints it. */
  body: string;
  f1: number;
}

/**
 * trafilatura 2.2's figures as ../shared/bench/README.md records them ("Extraction on the new sets"),
 * by set: its rows read `| aeb (dev) | <Readability F1 / P / R> | <under> | <trafilatura F1 / P / R> | <under> |`.
 */
function recordedTrafilatura(): Map<string, Recorded> {
  const found = new Map<string, Recorded>();
  const readme = join(SHARED, 'README.md');
  if (!existsSync(readme)) return found;
  for (const line of readFileSync(readme, 'utf8').split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 6) continue;
    const set = cells[1]?.split(' ')[0] ?? '';
    const body = cells[4]?.match(/^([\d.]+) \/ ([\d.]+) \/ ([\d.]+)/);
    if (!body || ![...BODY_SETS, SNIPPET_SET].includes(set)) continue;
    const under = cells[5]?.match(/^\d+/)?.[0] ?? '–';
    found.set(set, { body: `${body.slice(1, 4).join(' / ')} · ${under}`, f1: Number(body[1]) });
  }
  return found;
}

/** A Markdown table with padded columns: readable in a terminal, pasteable into a note. */
function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

const f3 = (x: number) => x.toFixed(3);
/** "0.904 / 0.914 / 0.895 · 32 (25 empty)": F1 / P / R, pages under F1 0.5 and, of all, empty outputs. */
const bodyCell = (b: Body | undefined) =>
  b
    ? `${f3(b.f1)} / ${f3(b.p)} / ${f3(b.r)} · ${b.under ?? '–'}${b.empty ? ` (${b.empty} empty)` : ''}`
    : '–';
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** Whole processes on the same input: `daybrief extract --jsonl` and the Readability batch process. */
function wholeProcess(input: string, work: string, truth: string): string {
  const commands: [string, string[]][] = [
    ['daybrief extract --jsonl', [join(ROOT, 'bin', 'daybrief.js'), 'extract', '--jsonl']],
    ['Readability + linkedom jsonl', [join(ROOT, 'bench', 'readability-jsonl.mjs')]],
  ];
  const best = commands.map(() => Number.POSITIVE_INFINITY);
  const f1s: string[] = [];
  // Two rounds, alternating, best of each: the machine is shared, so one run is noisy.
  for (let round = 0; round < 2; round++) {
    commands.forEach(([, args], i) => {
      const out = join(work, `whole-${i}.jsonl`);
      const stdin = openSync(input, 'r');
      const stdout = openSync(out, 'w');
      const started = performance.now();
      const run = spawnSync(process.execPath, args, { cwd: ROOT, stdio: [stdin, stdout, 'inherit'] });
      const ms = performance.now() - started;
      closeSync(stdin);
      closeSync(stdout);
      if (run.status !== 0) throw new Error(`${args.join(' ')} exited with ${run.status}`);
      best[i] = Math.min(best[i] ?? ms, ms);
      if (round === 0) f1s.push(f3(scoreBody(truth, out).f1));
    });
  }
  const [ours = 0, peer = 0] = best;
  const pages = readFileSync(input, 'utf8')
    .split('\n')
    .filter((l) => l.trim()).length;
  return (
    `whole process, aeb (${pages} pages, wall time, best of 2): ${commands[0]?.[0]} ${(ours / 1000).toFixed(2)} s ` +
    `(F1 ${f1s[0]}), ${commands[1]?.[0]} ${(peer / 1000).toFixed(2)} s (F1 ${f1s[1]}): ` +
    `ours ${(peer / ours).toFixed(1)}× faster`
  );
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
  console.log('\npathological inputs (ours):');
  for (const [label, html] of cases) {
    const started = performance.now();
    const r = extract(html, 'https://bench.invalid/');
    console.log(
      `  ${label.padEnd(34)} ${(performance.now() - started).toFixed(0).padStart(6)} ms  ${r.kind}`,
    );
  }
}

const progress = (s: string) => process.stderr.write(`bench extract: ${s}\n`);

async function main(): Promise<void> {
  const [flag, name, input, outPath, statsPath, echo] = process.argv.slice(2);
  if (flag === '--child')
    return child(name as Name, input as string, outPath as string, statsPath as string, echo === '--stdout');
  if (flag === '--pathological') return pathological();
  if (!existsSync(SETS_DIR)) {
    console.log('bench extract: ../shared/bench is absent, skipped');
    return;
  }
  const started = performance.now();
  const loadAtStart = loadavg()[0]?.toFixed(1);
  const work = mkdtempSync(join(tmpdir(), 'bench-extract-'));
  const argv = process.argv.slice(2);
  const only = argv
    .find((a) => a.startsWith('--sets='))
    ?.slice('--sets='.length)
    .split(',');
  const oursOnly = argv.includes('--ours-only');
  const present = new Set(readdirSync(SETS_DIR));
  const wanted = [...new Set([...BODY_SETS, SNIPPET_SET, ...META_SETS])].filter(
    (s) => !only || only.includes(s),
  );
  const sets = wanted.filter((s) => {
    if (!present.has(s)) console.log(`bench extract: ../shared/bench/extraction/${s} is absent, skipped`);
    return present.has(s);
  });
  const body = new Map<string, Map<Name, Body>>();
  const meta = new Map<string, Map<Name, Meta>>();
  const speed = new Map<string, Map<Name, Stats>>();
  const titleNotes: string[] = [];
  const inputs = new Map<string, string>();
  const truths = new Map<string, string>();

  for (const set of sets) {
    body.set(set, new Map());
    meta.set(set, new Map());
    speed.set(set, new Map());
    let input = '-';
    if (set !== SNIPPET_SET) {
      input = join(work, `${set}.input.jsonl`);
      writeFileSync(input, node([join(SHARED, 'pages-jsonl.mjs'), join(SETS_DIR, set)]));
      inputs.set(set, input);
      const truth = join(SETS_DIR, set, 'ground-truth.json');
      if (existsSync(truth)) truths.set(set, truth);
      else if (set === 'readability-pages') {
        truths.set(set, join(work, 'readability-pages.ground-truth.json'));
        readabilityPagesTruth(input, join(work, 'readability-pages.ground-truth.json'));
      }
    }
    for (const ext of EXTRACTORS) {
      if (ext === 'readability-jsdom' && !JSDOM_SETS.has(set)) continue;
      if (oursOnly && ext !== 'ours') continue;
      progress(`${set}, ${LABEL[ext]}`);
      const out = join(work, `${set}-${ext}.jsonl`);
      const stats = join(work, `${set}-${ext}.stats.json`);
      if (set === SNIPPET_SET) body.get(set)?.set(ext, scoreSnippets(ext, out, stats, work));
      else {
        node(childArgs(ext, input, out, stats));
        const truth = truths.get(set);
        if (truth && BODY_SETS.includes(set)) body.get(set)?.set(ext, scoreBody(truth, out));
        if (META_SETS.includes(set)) meta.get(set)?.set(ext, scoreMeta(join(SETS_DIR, set), out));
        if (set === 'readability-pages')
          titleNotes.push(`${LABEL[ext]}: ${titleConventionLine(join(SETS_DIR, set), out)}`);
      }
      speed.get(set)?.set(ext, readJson<Stats>(stats));
    }
  }

  console.log(
    `\nextraction bench, ${new Date().toISOString().slice(0, 16)}Z, node ${process.version}, ` +
      `${cpus().length} cores, load average ${loadAtStart} at start and ${loadavg()[0]?.toFixed(1)} at the end ` +
      '(a shared machine: speeds vary by ±15% or more between runs)',
  );

  // Body quality.
  const recorded = recordedTrafilatura();
  const bodySets = [...BODY_SETS, SNIPPET_SET].filter((s) => body.has(s));
  const names = EXTRACTORS.filter((e) => bodySets.some((s) => body.get(s)?.has(e)));
  const rows = bodySets.map((set) => {
    const pages = [...(body.get(set)?.values() ?? [])][0]?.pages ?? 0;
    const label = `${set} (${pages}${set === SNIPPET_SET ? ', snippet F1' : ''})`;
    const cells = names.map((e) => bodyCell(body.get(set)?.get(e)));
    return [label, ...cells, recorded.get(set)?.body ?? '–'];
  });
  const macro = (subset: string[], label: string) => {
    const average = (f1s: (number | undefined)[]) =>
      f1s.every((f) => f !== undefined) ? f3(mean(f1s as number[])) : '–';
    const cells = names.map((e) => average(subset.map((s) => body.get(s)?.get(e)?.f1)));
    return [label, ...cells, average(subset.map((s) => recorded.get(s)?.f1))];
  };
  rows.push(macro(bodySets, `macro F1, ${bodySets.length} sets`));
  const comparable = bodySets.filter((s) => recorded.has(s));
  if (comparable.length < bodySets.length)
    rows.push(
      macro(
        comparable,
        `macro F1, ${comparable.length} sets (no ${bodySets.filter((s) => !recorded.has(s)).join(', ')})`,
      ),
    );
  console.log(
    '\nbody text: F1 / P / R (4-word shingles; trafilatura-eval-dev: snippets) · pages under F1 0.5 (empty outputs; – where the scorer gives no per-page F1)',
  );
  console.log(
    table(['set (pages)', ...names.map((e) => LABEL[e]), 'trafilatura 2.2 (recorded, not measured)'], rows),
  );

  // Metadata.
  const metaRows: string[][] = [];
  for (const set of META_SETS.filter((s) => meta.has(s)))
    for (const [e, m] of meta.get(set) ?? [])
      metaRows.push([set, LABEL[e], ...META_FIELDS.map((f) => m[f] ?? '–')]);
  console.log('\nmetadata accuracy (score-metadata.mjs; date within 24 h, dateExact within a minute)');
  console.log(table(['set', 'extractor', ...META_FIELDS], metaRows));
  for (const note of titleNotes) console.log(`readability-pages titles, ${note}`);

  // Speed.
  const speedNames = EXTRACTORS.filter((e) => sets.some((s) => speed.get(s)?.has(e)));
  console.log(
    `\nspeed: pages/s, parse + extract in one process after a warm-up on ${WARM_UP} pages; peak RSS of that process`,
  );
  console.log(
    table(
      ['set', ...speedNames.map((e) => LABEL[e])],
      sets.map((set) => [
        set,
        ...speedNames.map((e) => {
          const s = speed.get(set)?.get(e);
          return s ? `${s.perSecond.toFixed(0)} pages/s, ${s.rssMb.toFixed(0)} MB` : '–';
        }),
      ]),
    ),
  );
  const aebInput = inputs.get('aeb');
  const aebTruth = truths.get('aeb');
  if (aebInput && aebTruth && !oursOnly) {
    progress('whole process, aeb');
    console.log(`\n${wholeProcess(aebInput, work, aebTruth)}`);
  }
  await pathological();
  rmSync(work, { recursive: true, force: true });
  console.log(`\nbench extract took ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

await main();
