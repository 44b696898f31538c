/**
 * Story clustering benchmark (npm run bench:cluster):
 * 1. quality on ../shared/bench/clustering/ecbplus: ours (dist/, through `daybrief cluster --jsonl`)
 *    and a TF-IDF + average-linkage baseline, same run, scored by score-clusters.mjs;
 * 1b. the same set in batches of one topic each, as the pipeline groups a topic-day;
 * 2. syndication: copies made here of ECB+ articles (other headline, edited words, an added and a
 *    dropped paragraph) among the originals; duplicate-pair precision and recall;
 * 3. scaling: 1k, 10k, 100k articles (ECB+ texts with a share of their words replaced, spread over
 *    three days), each size in its own process: wall time and peak RSS.
 * Skips with a message when ../shared is absent.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { averageLinkage } from '../src/cluster/agglomerative.js';
import { type ClusterRecord, clusterRecords } from '../src/cluster/index.js';
import { dot, type SparseVector } from '../src/cluster/vectors.js';

const SHARED = join(import.meta.dirname, '..', '..', 'shared', 'bench');
const SET = join(SHARED, 'clustering', 'ecbplus');
const BASELINE_THRESHOLD = 0.15; // cosine distance 0.85, as the peers table
const BASE_STOP = new Set(
  'a an the and or but of to in on at for with by from as is was were be been are it its this that he she they we you i his her their not said has have had will would who which'.split(
    ' ',
  ),
);

interface Row {
  id: string;
  title: string;
  text: string;
  url?: string | null;
}

function readJsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

function score(labels: string, predictions: string): string {
  return execFileSync('node', [join(SHARED, 'score-clusters.mjs'), labels, predictions], {
    encoding: 'utf8',
  }).trim();
}

/** The baseline: plain TF-IDF over words, cosine, average linkage, one threshold. */
function baseline(rows: Row[]): { id: string; story: string }[] {
  const docs = rows.map((r) => {
    const m = new Map<string, number>();
    for (const w of `${r.title} ${r.text}`.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
      if (!BASE_STOP.has(w)) m.set(w, (m.get(w) ?? 0) + 1);
    }
    return m;
  });
  const df = new Map<string, number>();
  for (const d of docs) for (const k of d.keys()) df.set(k, (df.get(k) ?? 0) + 1);
  const ids = new Map<string, number>();
  const vectors: SparseVector[] = docs.map((d) => {
    const pairs = [...d].map(([k, tf]): [number, number] => {
      if (!ids.has(k)) ids.set(k, ids.size);
      return [ids.get(k) as number, tf * Math.log((docs.length + 1) / ((df.get(k) as number) + 1)) + tf];
    });
    pairs.sort((a, b) => a[0] - b[0]);
    const norm = Math.sqrt(pairs.reduce((s, p) => s + p[1] * p[1], 0)) || 1;
    return { ids: Uint32Array.from(pairs, (p) => p[0]), w: Float32Array.from(pairs, (p) => p[1] / norm) };
  });
  const labels = averageLinkage(
    rows.length,
    (i, j) => dot(vectors[i] as SparseVector, vectors[j] as SparseVector),
    BASELINE_THRESHOLD,
  );
  return rows.map((r, i) => ({ id: r.id, story: `b${labels[i]}` }));
}

function quality(work: string): void {
  const input = join(SET, 'articles.jsonl');
  const labels = join(SET, 'labels.jsonl');
  const rows = readJsonl<Row>(input);
  const started = performance.now();
  const ours = execFileSync(
    'node',
    [join(import.meta.dirname, '..', 'bin', 'daybrief.js'), 'cluster', '--jsonl'],
    {
      input: readFileSync(input),
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    },
  );
  const oursMs = performance.now() - started;
  writeFileSync(join(work, 'ours.jsonl'), ours);
  const t0 = performance.now();
  const base = baseline(rows);
  const baseMs = performance.now() - t0;
  writeFileSync(join(work, 'baseline.jsonl'), base.map((b) => JSON.stringify(b)).join('\n'));
  console.log(`\n== ECB+ dev (${rows.length} articles) ==`);
  console.log(`-- ours (daybrief cluster --jsonl, ${(oursMs / 1000).toFixed(2)} s incl. node start)`);
  console.log(score(labels, join(work, 'ours.jsonl')));
  console.log(
    `-- baseline: TF-IDF + average linkage, cosine ≥ ${BASELINE_THRESHOLD} (${(baseMs / 1000).toFixed(2)} s)`,
  );
  console.log(score(labels, join(work, 'baseline.jsonl')));
}

/**
 * ECB+ in batches of one topic each (16–39 articles), as the pipeline groups one topic-day: the
 * small-batch path (IDF prior, average linkage over batch-wide vectors). Stories never cross topics
 * in the labels, so the batches' answers are scored together.
 */
function perTopic(work: string): void {
  const rows = readJsonl<Row>(join(SET, 'articles.jsonl'));
  const topicOf = new Map(
    readJsonl<{ id: string; topic: number }>(join(SET, 'labels.jsonl')).map((l) => [l.id, l.topic]),
  );
  const batches = new Map<number, Row[]>();
  for (const r of rows) {
    const t = topicOf.get(r.id) ?? -1;
    batches.set(t, [...(batches.get(t) ?? []), r]);
  }
  const t0 = performance.now();
  const lines: string[] = [];
  for (const [topic, batch] of batches) {
    const records = batch.map((r) => ({ id: r.id, title: r.title, text: r.text, url: r.url ?? undefined }));
    for (const o of clusterRecords(records))
      lines.push(JSON.stringify({ id: o.id, story: `t${topic}-${o.story}` }));
  }
  const ms = performance.now() - t0;
  writeFileSync(join(work, 'per-topic.jsonl'), lines.join('\n'));
  const sizes = [...batches.values()].map((b) => b.length);
  console.log(
    `\n== ECB+ dev per topic (${batches.size} batches of ${Math.min(...sizes)}–${Math.max(...sizes)} articles, ${(ms / 1000).toFixed(2)} s) ==`,
  );
  console.log(score(join(SET, 'labels.jsonl'), join(work, 'per-topic.jsonl')));
}

/** A deterministic pseudo-random stream (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sentences(text: string): string[] {
  return text.split(/(?<=[.!?])\s+/).filter((s) => s.trim());
}

/** A syndicated copy: another headline, a few words edited, a paragraph added, sometimes the last one dropped. */
function copyOf(row: Row, rand: () => number, filler: string[]): Row {
  const parts = sentences(row.text);
  if (parts.length > 4 && rand() < 0.5) parts.pop();
  const edited = parts.map((s) =>
    rand() < 0.15
      ? s.replace(
          /\b(said|says|on|the)\b/,
          (w) => ({ said: 'stated', says: 'states', on: 'on', the: 'a' })[w] ?? w,
        )
      : s,
  );
  edited.push(filler[Math.floor(rand() * filler.length)] as string);
  const words = row.title.split(' ');
  return {
    id: `${row.id}~copy`,
    title: `${words.slice(0, Math.max(3, words.length >> 1)).join(' ')}: what we know`,
    text: edited.join(' '),
  };
}

function syndication(): void {
  const rows = readJsonl<Row>(join(SET, 'articles.jsonl')).filter((r) => r.text.split(' ').length >= 60);
  // Originals only when ECB+ itself holds no near-copy of them, so that the truth is known.
  const probe = clusterRecords(rows.map((r) => ({ id: r.id, title: r.title, text: r.text })));
  const twins = new Set(probe.filter((p) => p.duplicateOf).flatMap((p) => [p.id, p.duplicateOf as string]));
  const originals = rows.filter((r) => !twins.has(r.id));
  const rand = rng(7);
  const filler = [
    'Readers can follow our live coverage for further updates throughout the day.',
    'This article was first published by the wire and is republished here with permission.',
    'Additional reporting by our regional desk. Contact the newsroom with tips.',
  ];
  const copies = originals.filter(() => rand() < 0.5).map((r) => copyOf(r, rand, filler));
  const records: ClusterRecord[] = [...originals, ...copies].map((r, i) => ({
    id: r.id,
    title: r.title,
    text: r.text,
    url: `https://outlet${i % 30}.example/${encodeURIComponent(r.id)}`,
    source: `Outlet ${i % 30}`,
  }));
  const out = clusterRecords(records);
  // Pairs: every record folded into the same canonical is a pair with it and with each other.
  const byHead = new Map<string, string[]>();
  for (const o of out)
    if (o.duplicateOf) byHead.set(o.duplicateOf, [...(byHead.get(o.duplicateOf) ?? []), o.id]);
  const root = (id: string) => id.replace(/~copy$/, '');
  let predicted = 0;
  let correct = 0;
  for (const [head, members] of byHead) {
    const all = [head, ...members];
    for (let i = 0; i < all.length; i++) {
      for (let j = i + 1; j < all.length; j++) {
        predicted++;
        if (root(all[i] as string) === root(all[j] as string)) correct++;
      }
    }
  }
  const truth = copies.length;
  console.log(
    `\n== Syndication (${originals.length} ECB+ originals, ${copies.length} edited copies under other headlines) ==`,
  );
  console.log(
    `duplicate pairs: predicted ${predicted}, true ${truth}, precision ${(correct / (predicted || 1)).toFixed(3)}, recall ${(correct / truth).toFixed(3)}`,
  );
}

/** Builds `n` articles from ECB+ texts with 35% of their words replaced, over three days. */
function synthetic(n: number): ClusterRecord[] {
  const rows = readJsonl<Row>(join(SET, 'articles.jsonl'));
  const vocab = rows.flatMap((r) => r.text.split(' ')).filter((w) => /^[a-z]{4,}$/.test(w));
  const rand = rng(n);
  const base = Date.parse('2019-11-20T00:00:00Z');
  return Array.from({ length: n }, (_, i) => {
    const r = rows[i % rows.length] as Row;
    const swap = (s: string) =>
      s
        .split(' ')
        .map((w) => (rand() < 0.35 ? (vocab[Math.floor(rand() * vocab.length)] as string) : w))
        .join(' ');
    return {
      id: `${i}`,
      title: swap(r.title),
      text: swap(r.text),
      url: `https://site${i % 50}.example/a/${i}`,
      source: `Site ${i % 50}`,
      published: new Date(base + Math.floor(rand() * 3 * 86_400_000)).toISOString(),
    };
  });
}

function scaleChild(n: number): void {
  const records = synthetic(n);
  const t0 = performance.now();
  const out = clusterRecords(records);
  const ms = performance.now() - t0;
  const stories = new Set(out.map((o) => o.story)).size;
  const copies = out.filter((o) => o.duplicateOf).length;
  const rss = process.resourceUsage().maxRSS / 1024;
  console.log(
    JSON.stringify({ n, seconds: +(ms / 1000).toFixed(2), peakRssMB: Math.round(rss), stories, copies }),
  );
}

function scaling(): void {
  console.log('\n== Scaling (one process per size; time of clusterRecords; peak RSS of the process) ==');
  for (const n of [1000, 10_000, 100_000]) {
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', import.meta.filename, '--scale', String(n)],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 24,
      },
    );
    const line = child.stdout.trim().split('\n').pop() ?? '';
    console.log(line || `size ${n} failed: ${child.stderr.slice(0, 500)}`);
  }
}

const scaleArg = process.argv.indexOf('--scale');
if (scaleArg >= 0) {
  scaleChild(Number(process.argv[scaleArg + 1]));
} else if (!existsSync(SET)) {
  console.log(`bench:cluster skipped: ${SET} is absent`);
} else {
  const work = mkdtempSync(join(tmpdir(), 'bench-cluster-'));
  quality(work);
  perTopic(work);
  syndication();
  if (!process.argv.includes('--no-scale')) scaling();
}
