/**
 * Writes a built site to disk. Each file goes to a temporary name in its own directory and is then
 * renamed over the target, so a reader (or a web server) never sees a half-written page. Temporaries
 * are named `.daybrief-<pid>-<12 hex>.tmp`; one left by a crashed earlier publish is removed by the
 * next, and `serve` never hands one out.
 */
import { randomBytes } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { DaybriefError } from '../model/errors.js';

/** Files written at once; enough to overlap I/O without exhausting file descriptors. */
const CONCURRENCY = 16;
const SEGMENT_RE = /^[A-Za-z0-9._-]+$/;
/** A temporary of `writeSite`: `.daybrief-<pid of the writer>-<random>.tmp`. */
const TEMP_RE = /^\.daybrief-(\d{1,10})-[0-9a-f]{12}\.tmp$/;
/** The name earlier versions gave their temporaries (`.<12 hex>.tmp`), removed on sight. */
const OLD_TEMP_RE = /^\.[0-9a-f]{12}\.tmp$/;
/** A temporary of a live writer older than this is taken for abandoned all the same (pid reused). */
const STALE_TEMP_MS = 60 * 60 * 1000;
/** Temporaries this process is writing right now, which the clean-up of a parallel publish keeps. */
const writing = new Set<string>();
/** Counts the starts and ends of `writeSite` calls in this process. */
let writes = 0;

/**
 * A number that changes when `writeSite` starts or finishes writing in this process: a server that
 * answers from memory looks at the files again at once after a rebuild of its own (`serve --schedule`).
 */
export function siteWrites(): number {
  return writes;
}

/** True for a file name `writeSite` uses for its temporaries (this version's or an earlier one's). */
export function isTemporaryName(name: string): boolean {
  return TEMP_RE.test(name) || OLD_TEMP_RE.test(name);
}

function temporaryName(): string {
  return `.daybrief-${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when the temporary at `path` (named `name`) belongs to no publish still going on. */
async function abandoned(path: string, name: string): Promise<boolean> {
  const pid = Number(TEMP_RE.exec(name)?.[1] ?? Number.NaN);
  if (Number.isNaN(pid)) return true;
  if (pid === process.pid) return !writing.has(path);
  if (!processAlive(pid)) return true;
  const mtime = await stat(path).then(
    (s) => s.mtimeMs,
    () => Date.now(),
  );
  return Date.now() - mtime > STALE_TEMP_MS;
}

/**
 * Removes the temporaries a crashed earlier publish left under `outDir` (a writer that is still
 * running keeps its own); returns their site-relative paths. A missing `outDir` has none.
 */
export async function removeStaleTemporaries(outDir: string): Promise<string[]> {
  const root = resolve(outDir);
  let entries: Dirent[];
  try {
    entries = await readdir(root, { recursive: true, withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new DaybriefError('publish', 'PUBLISH_WRITE_FAILED', `cannot read ${outDir}: ${String(err)}`, {
      cause: err,
    });
  }
  const removed: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || !isTemporaryName(entry.name)) continue;
    const path = join(entry.parentPath, entry.name);
    if (!(await abandoned(path, entry.name))) continue;
    await rm(path, { force: true });
    removed.push(path.slice(root.length + 1));
  }
  return removed.sort();
}

/** Throws `PUBLISH_BAD_PATH` unless `rel` is a plain relative path that stays inside the site. */
function checkRelative(rel: string): string[] {
  const segments = rel.split('/');
  const ok = segments.every((s) => SEGMENT_RE.test(s) && s !== '.' && s !== '..');
  if (!ok) {
    throw new DaybriefError('publish', 'PUBLISH_BAD_PATH', `refusing to write ${JSON.stringify(rel)}`, {
      details: { path: rel },
    });
  }
  return segments;
}

async function writeAtomically(outDir: string, rel: string, content: string | Uint8Array): Promise<void> {
  const target = join(outDir, ...checkRelative(rel));
  if (!target.startsWith(outDir + sep)) {
    throw new DaybriefError('publish', 'PUBLISH_BAD_PATH', `refusing to write outside the site: ${rel}`);
  }
  const dir = dirname(target);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, temporaryName());
  writing.add(temp);
  try {
    await writeFile(temp, content);
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true });
    throw new DaybriefError('publish', 'PUBLISH_WRITE_FAILED', `cannot write ${rel}: ${String(err)}`, {
      cause: err,
      details: { path: rel },
    });
  } finally {
    writing.delete(temp);
  }
}

/**
 * Writes every file of `files` (relative path → content, as from `buildSite`) under `outDir`, creating
 * directories; leaves other files alone, but first removes the temporaries an earlier publish that
 * crashed left behind (`clean: false` skips that, for a site written in several parts: the first
 * part cleans). Returns the number of files written. Throws `PUBLISH_BAD_PATH`
 * for a path that is absolute, contains `..` or odd characters, and `PUBLISH_WRITE_FAILED` on I/O errors.
 */
export async function writeSite(
  files: ReadonlyMap<string, string | Uint8Array>,
  outDir: string,
  opts: { clean?: boolean } = {},
): Promise<number> {
  const root = resolve(outDir);
  const entries = [...files];
  for (const [rel] of entries) checkRelative(rel);
  if (opts.clean !== false) await removeStaleTemporaries(root);
  let written = 0;
  writes++;
  try {
    for (let i = 0; i < entries.length; i += CONCURRENCY) {
      const batch = entries.slice(i, i + CONCURRENCY);
      await Promise.all(batch.map(([rel, content]) => writeAtomically(root, rel, content)));
      written += batch.length;
    }
  } finally {
    writes++;
  }
  return written;
}
