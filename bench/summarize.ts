/**
 * Summary benchmark: ours, Lead-k and plain TextRank in one run over ../shared/bench/summarization/{bbc,
 * newsroom,cnndm-dev} (k as the set asks: reference length on BBC, 3 on Newsroom and CNN/DM), scored by
 * the project's ROUGE scorer; how many junk-dev summaries pick an injected boilerplate sentence (the
 * set's own scorer); the English Golden Rules of sentence segmentation; and our speed in one process.
 * Skips with a message when ../shared/bench is absent. `npm run bench:summarize`; about half a minute.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { splitSentences, summarizeText } from '../src/summarize/index.js';
import { leadK, textRank } from './summarize-peers.js';

const SHARED = fileURLToPath(new URL('../../shared/bench/', import.meta.url));
const SETS = ['bbc', 'newsroom', 'cnndm-dev'] as const;
/** Timed passes over a set; the median is reported (these machines vary by ±15% run to run). */
const PASSES = 3;

interface Item {
  id: string;
  title: string;
  text: string;
  sentences: number;
}

type System = (a: Item) => string[];

const SYSTEMS: Record<string, System> = {
  ours: (a) => summarizeText({ title: a.title, text: a.text }, a.sentences),
  'lead-k': (a) => leadK(a.text, a.sentences),
  textrank: (a) => textRank(a.text, a.sentences),
};

function readJsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

/** ROUGE-1/2/Lsum as the scorer prints it (`r1/r2/rL`). */
function rouge(references: string, outputs: { id: string; sentences: string[] }[], dir: string): string {
  const file = join(dir, 'predictions.jsonl');
  writeFileSync(file, `${outputs.map((o) => JSON.stringify(o)).join('\n')}\n`);
  const printed = execFileSync(process.execPath, [join(SHARED, 'score-summaries.mjs'), references, file], {
    encoding: 'utf8',
  });
  return /ROUGE (\S+)/.exec(printed)?.[1] ?? '?';
}

/** `picked/total` as score-junk.mjs prints it: summaries that picked an injected sentence. */
function junkPicks(outputs: { id: string; sentences: string[] }[], dir: string): string {
  const file = join(dir, 'junk.jsonl');
  writeFileSync(file, `${outputs.map((o) => JSON.stringify(o)).join('\n')}\n`);
  const printed = execFileSync(
    process.execPath,
    [join(SHARED, 'score-junk.mjs'), join(SHARED, 'summarization/junk-dev/injected.jsonl'), file],
    { encoding: 'utf8' },
  );
  return /PICKED (\S+)/.exec(printed)?.[1] ?? '?';
}

/** Documents per second of `system` over `items`: median of PASSES passes, JSON already parsed. */
function speed(system: System, items: Item[]): number {
  const rates: number[] = [];
  for (let p = 0; p < PASSES; p++) {
    const t0 = performance.now();
    for (const a of items) system(a);
    rates.push(items.length / ((performance.now() - t0) / 1000));
  }
  rates.sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)] as number;
}

function goldenRules(): { passed: number; total: number; more: number; moreTotal: number } {
  const dir = join(SHARED, 'sentences/golden-rules');
  const rules = JSON.parse(readFileSync(join(dir, 'pysbd_english_golden_rules.json'), 'utf8')) as {
    text: string;
    expected: string[];
  }[];
  const same = (c: { text: string; expected: string[] }) =>
    JSON.stringify(splitSentences(c.text)) === JSON.stringify(c.expected);
  // pySBD's `clean` cases expect its own text cleaning first; the others are plain segmentation.
  const tests = (
    JSON.parse(readFileSync(join(dir, 'pysbd_english_tests.json'), 'utf8')) as {
      text: string;
      expected: string[];
      clean: boolean;
    }[]
  ).filter((c) => !c.clean);
  return {
    passed: rules.filter(same).length,
    total: rules.length,
    more: tests.filter(same).length,
    moreTotal: tests.length,
  };
}

function main(): void {
  if (!existsSync(join(SHARED, 'summarization'))) {
    process.stdout.write(`bench summarize: ${SHARED} not found, skipped\n`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'daybrief-bench-summarize-'));
  try {
    const names = Object.keys(SYSTEMS);
    process.stdout.write(
      `ROUGE-1/2/Lsum (F, x100)\n${'set'.padEnd(10)}${names.map((n) => n.padEnd(22)).join('')}\n`,
    );
    for (const set of SETS) {
      const items = readJsonl<Item>(join(SHARED, 'summarization', set, 'articles.jsonl'));
      const references = join(SHARED, 'summarization', set, 'references.jsonl');
      const cells = names.map((name) => {
        const system = SYSTEMS[name] as System;
        return rouge(
          references,
          items.map((a) => ({ id: a.id, sentences: system(a) })),
          dir,
        );
      });
      process.stdout.write(`${set.padEnd(10)}${cells.map((c) => c.padEnd(22)).join('')}\n`);
    }
    const junk = readJsonl<Item>(join(SHARED, 'summarization/junk-dev/articles.jsonl'));
    const picks = names.map((name) =>
      junkPicks(
        junk.map((a) => ({ id: a.id, sentences: (SYSTEMS[name] as System)(a) })),
        dir,
      ),
    );
    process.stdout.write(
      `${'junk-dev'.padEnd(10)}${picks.map((c) => `${c} picked`.padEnd(22)).join('')}(fewer is better)\n`,
    );
    const gr = goldenRules();
    process.stdout.write(
      `\nGolden Rules: ${gr.passed}/${gr.total} passed (pySBD English tests without cleaning: ${gr.more}/${gr.moreTotal})\n`,
    );
    const bbc = readJsonl<Item>(join(SHARED, 'summarization/bbc/articles.jsonl'));
    const rates = names.map((n) => `${n} ${speed(SYSTEMS[n] as System, bbc).toFixed(0)}`);
    process.stdout.write(
      `Speed on BBC, one process, documents/s (median of ${PASSES}): ${rates.join(', ')}\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
