/**
 * Differential check of the light DOM's tree construction against parse5 (the reference only, a
 * devDependency): for each page, every text node's ancestor-tag path (html>body>div>p) in both trees.
 * Agreement is the share of parse5's text characters whose path our tree also gives: per path, the
 * characters both trees hold under it (the smaller count), summed, over parse5's total. Whitespace
 * characters are left out of every count (so whitespace-only text nodes count for nothing in either
 * tree). Tag names compare lower-cased (svg's foreignObject is foreignobject), and a template's
 * content counts as its children.
 *
 * usage: node --import tsx scripts/tree-agreement.ts [--worst N] [--set NAME]
 * Reads every page of every set in ../shared/bench/extraction; prints per set and overall agreement,
 * the worst pages and the paths that lose the most characters.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { parse } from 'parse5';
import { type LElement, type LNode, parseLight } from '../src/extract/lightdom.js';

/** Non-whitespace character counts by ancestor path. */
export type PathChars = Map<string, number>;

const WS = /\s+/g;
const chars = (s: string): number => s.replace(WS, '').length;

function add(out: PathChars, path: string, n: number): void {
  if (n > 0) out.set(path, (out.get(path) ?? 0) + n);
}

interface P5Node {
  nodeName: string;
  tagName?: string;
  value?: string;
  childNodes?: P5Node[];
  content?: P5Node;
}

/** parse5's tree as path → characters. */
export function referencePaths(html: string): PathChars {
  const out: PathChars = new Map();
  const doc = parse(html) as unknown as P5Node;
  const stack: [P5Node, string][] = [[doc, '']];
  while (stack.length) {
    const [node, path] = stack.pop() as [P5Node, string];
    if (node.nodeName === '#text') {
      add(out, path, chars(node.value ?? ''));
      continue;
    }
    const here = node.tagName
      ? path
        ? `${path}>${node.tagName.toLowerCase()}`
        : node.tagName.toLowerCase()
      : path;
    const kids = node.tagName === 'template' && node.content ? node.content.childNodes : node.childNodes;
    for (const k of kids ?? []) stack.push([k, here]);
  }
  return out;
}

/** Our light DOM as path → characters. */
export function lightPaths(html: string): PathChars {
  const out: PathChars = new Map();
  const doc = parseLight(html);
  const stack: [LNode, string][] = doc.childNodes.map((n) => [n, '']);
  while (stack.length) {
    const [node, path] = stack.pop() as [LNode, string];
    if (node.nodeType === 3) add(out, path, chars(node.textContent ?? ''));
    else if (node.nodeType === 1) {
      const el = node as LElement;
      const here = path ? `${path}>${el.localName.toLowerCase()}` : el.localName.toLowerCase();
      for (const k of el.childNodes) stack.push([k, here]);
    }
  }
  return out;
}

export interface Agreement {
  /** parse5's non-whitespace text characters. */
  total: number;
  /** Those our tree places under the same path. */
  agree: number;
  /** Per parse5 path, the characters our tree does not place there. */
  lost: PathChars;
}

export function compare(html: string): Agreement {
  const ref = referencePaths(html);
  const ours = lightPaths(html);
  let total = 0;
  let agree = 0;
  const lost: PathChars = new Map();
  for (const [path, n] of ref) {
    total += n;
    const m = Math.min(n, ours.get(path) ?? 0);
    agree += m;
    if (m < n) lost.set(path, n - m);
  }
  return { total, agree, lost };
}

const SHARED = join(import.meta.dirname, '..', '..', 'shared', 'bench', 'extraction');

/** Decodes a page as the bench runners do: UTF-8, else the declared charset, else windows-1252. */
function decode(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {}
  const cs = bytes
    .subarray(0, 4096)
    .toString('latin1')
    .match(/charset=["']?([\w-]+)/i)?.[1];
  try {
    return new TextDecoder(cs || 'windows-1252').decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

const gz = (file: string): Buffer =>
  file.endsWith('.gz') ? gunzipSync(readFileSync(file)) : readFileSync(file);

/** The pages of one bench set as [id, html], or none when the set is absent. */
export function benchPages(set: string): [string, string][] {
  const dir = join(SHARED, set);
  if (!existsSync(dir)) return [];
  if (existsSync(join(dir, 'ground-truth.json'))) {
    const truth = JSON.parse(readFileSync(join(dir, 'ground-truth.json'), 'utf8')) as Record<string, unknown>;
    return Object.keys(truth).map((id) => [id, gz(join(dir, 'html', `${id}.html.gz`)).toString('utf8')]);
  }
  if (existsSync(join(dir, 'expected.json'))) {
    const rows = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as { fixture: string }[];
    return rows.map((r) => [r.fixture, gz(join(dir, r.fixture)).toString('utf8')]);
  }
  if (existsSync(join(dir, 'evaldata.json'))) {
    const data = JSON.parse(readFileSync(join(dir, 'evaldata.json'), 'utf8')) as Record<
      string,
      { file: string }
    >;
    return Object.values(data).map((v) => {
      const f = join(dir, 'eval', v.file);
      return [v.file, decode(existsSync(f) ? readFileSync(f) : gunzipSync(readFileSync(`${f}.gz`)))];
    });
  }
  if (existsSync(join(dir, 'pages'))) {
    return readdirSync(join(dir, 'pages'))
      .sort()
      .map((slug) => [slug, readFileSync(join(dir, 'pages', slug, 'source.html'), 'utf8')]);
  }
  return [];
}

export const SETS = ['aeb', 'l3s-gn1', 'dragnet', 'trafilatura-eval-dev', 'postlight', 'readability-pages'];

/** The last few segments of a path, enough to name a divergence kind. */
const tail = (path: string, n = 4): string => path.split('>').slice(-n).join('>');

function main(): void {
  const args = process.argv.slice(2);
  const worstN = Number(args[args.indexOf('--worst') + 1]) || 15;
  const only = args.includes('--set') ? [args[args.indexOf('--set') + 1] as string] : SETS;
  if (!existsSync(SHARED)) {
    console.log(`tree-agreement: ${SHARED} is absent; nothing to compare`);
    return;
  }
  let total = 0;
  let agree = 0;
  const pages: { set: string; id: string; total: number; agree: number }[] = [];
  const kinds = new Map<string, number>();
  for (const set of only) {
    let st = 0;
    let sa = 0;
    const list = benchPages(set);
    for (const [id, html] of list) {
      const r = compare(html);
      st += r.total;
      sa += r.agree;
      pages.push({ set, id, total: r.total, agree: r.agree });
      for (const [p, n] of r.lost) kinds.set(tail(p), (kinds.get(tail(p)) ?? 0) + n);
    }
    total += st;
    agree += sa;
    console.log(
      `${set.padEnd(22)} pages ${String(list.length).padStart(4)}  agreement ${((100 * sa) / (st || 1)).toFixed(4)}%`,
    );
  }
  console.log(
    `${'overall'.padEnd(22)} pages ${String(pages.length).padStart(4)}  agreement ${((100 * agree) / (total || 1)).toFixed(4)}%`,
  );
  console.log('\nworst pages (characters lost):');
  for (const p of [...pages].sort((a, b) => b.total - b.agree - (a.total - a.agree)).slice(0, worstN)) {
    console.log(
      `  ${p.total - p.agree}\t${((100 * p.agree) / (p.total || 1)).toFixed(1)}%\t${p.set}/${p.id}`,
    );
  }
  console.log('\nparse5 paths (last 4 tags) whose characters our tree puts elsewhere:');
  for (const [k, n] of [...kinds].sort((a, b) => b[1] - a[1]).slice(0, worstN)) console.log(`  ${n}\t${k}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
