/**
 * Where a process spent its time, by pipeline stage, from a V8 CPU profile (`node --cpu-prof`):
 * each sample goes to the nearest frame on its stack that lives in a stage's folder
 * (src|dist/<stage>/), or in a package that belongs to one (pg, better-sqlite3 → store; warcio →
 * fetch). Shared helpers (src/model) and libraries (htmlparser2, linkedom…) count for the stage
 * that called them.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Folders under src/ (or dist/) that are a stage of their own; others inherit their caller's. */
const STAGE_FOLDERS = new Set([
  'discover',
  'fetch',
  'extract',
  'summarize',
  'store',
  'cluster',
  'publish',
  'pipeline',
  'queue',
  'config',
  'cli',
  'server',
  'mail',
]);
const FOLDER = /\/(?:src|dist)\/([a-z-]+)\//;
const PACKAGES: Array<[RegExp, string]> = [
  [/node_modules\/(?:pg|pg-protocol|pg-pool|pg-types)\//, 'store'],
  [/node_modules\/better-sqlite3\//, 'store'],
  [/node_modules\/pg-boss\//, 'queue'],
  [/node_modules\/warcio\//, 'fetch'],
];
const SPECIAL: Record<string, string> = {
  '(garbage collector)': 'gc',
  '(idle)': 'idle',
  '(program)': 'other',
};

function ownStage(node: ProfileNode): string | undefined {
  // Own keys only: a frame named "toString" or "constructor" is not a special one.
  const name = node.callFrame.functionName;
  const special = Object.hasOwn(SPECIAL, name) ? SPECIAL[name] : undefined;
  if (special) return special;
  const url = node.callFrame.url;
  const folder = FOLDER.exec(url)?.[1];
  if (folder && STAGE_FOLDERS.has(folder)) return folder;
  for (const [re, stage] of PACKAGES) if (re.test(url)) return stage;
  return undefined;
}

/** Microseconds per stage in one profile. */
export function stageTimes(profile: CpuProfile): Map<string, number> {
  const parent = new Map<number, number>();
  const byId = new Map<number, ProfileNode>();
  for (const n of profile.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const memo = new Map<number, string>();
  const stageOf = (id: number): string => {
    const known = memo.get(id);
    if (known) return known;
    const path: number[] = [];
    let cur: number | undefined = id;
    let found = 'other';
    while (cur !== undefined) {
      const m = memo.get(cur);
      if (m) {
        found = m;
        break;
      }
      path.push(cur);
      const own = ownStage(byId.get(cur) as ProfileNode);
      if (own) {
        found = own;
        break;
      }
      cur = parent.get(cur);
    }
    for (const p of path) memo.set(p, found);
    return found;
  };
  const out = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const stage = stageOf(id);
    out.set(stage, (out.get(stage) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  return out;
}

/** The stage times of every profile in `dir`, added together. */
export async function dirStageTimes(dir: string): Promise<Map<string, number>> {
  const total = new Map<string, number>();
  const files = (await readdir(dir).catch(() => [])).filter((f) => f.endsWith('.cpuprofile'));
  for (const f of files) {
    const times = stageTimes(JSON.parse(await readFile(join(dir, f), 'utf8')) as CpuProfile);
    for (const [k, v] of times) total.set(k, (total.get(k) ?? 0) + v);
  }
  return total;
}

/** "extract 41%, fetch 12%, …" over busy time (idle left out and given apart), largest first. */
export function formatShares(times: Map<string, number>): string {
  const busy = [...times].filter(([k]) => k !== 'idle');
  const sum = busy.reduce((n, [, v]) => n + v, 0);
  if (sum === 0) return 'no profile';
  const idle = times.get('idle') ?? 0;
  const parts = busy
    .sort((a, b) => b[1] - a[1])
    .filter(([, v]) => v / sum >= 0.005)
    .map(([k, v]) => `${k} ${((v / sum) * 100).toFixed(0)}%`);
  return `${parts.join(', ')} (of ${(sum / 1e6).toFixed(1)} s CPU; idle ${(idle / 1e6).toFixed(1)} s)`;
}
