/**
 * Writes a built site to disk. Each file goes to a temporary name in its own directory and is then
 * renamed over the target, so a reader (or a web server) never sees a half-written page.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { DaybriefError } from '../model/errors.js';

/** Files written at once; enough to overlap I/O without exhausting file descriptors. */
const CONCURRENCY = 16;
const SEGMENT_RE = /^[A-Za-z0-9._-]+$/;

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
  const temp = join(dir, `.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, content);
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true });
    throw new DaybriefError('publish', 'PUBLISH_WRITE_FAILED', `cannot write ${rel}: ${String(err)}`, {
      cause: err,
      details: { path: rel },
    });
  }
}

/**
 * Writes every file of `files` (relative path → content, as from `buildSite`) under `outDir`, creating
 * directories; leaves other files alone. Returns the number of files written. Throws `PUBLISH_BAD_PATH`
 * for a path that is absolute, contains `..` or odd characters, and `PUBLISH_WRITE_FAILED` on I/O errors.
 */
export async function writeSite(
  files: ReadonlyMap<string, string | Uint8Array>,
  outDir: string,
): Promise<number> {
  const root = resolve(outDir);
  const entries = [...files];
  for (const [rel] of entries) checkRelative(rel);
  let written = 0;
  for (let i = 0; i < entries.length; i += CONCURRENCY) {
    const batch = entries.slice(i, i + CONCURRENCY);
    await Promise.all(batch.map(([rel, content]) => writeAtomically(root, rel, content)));
    written += batch.length;
  }
  return written;
}
