import { randomBytes } from 'node:crypto';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { causeChain, DaybriefError, isDaybriefError, systemCode } from '../model/errors.js';
import type { Digest } from '../model/types.js';
import { buildSite, type ImageVariant, paths, writeSite } from '../publish/index.js';
import type { Store, ThumbnailInfo } from '../store/store.js';
import { prepareCover } from './media.js';

function imageUrls(digests: Digest[]): string[] {
  return digests
    .flatMap((d) => d.stories.flatMap((s) => s.articles.map((a) => a.image ?? '')))
    .filter(Boolean);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** How long the output-folder check may take before the folder counts as unusable (a hung mount, /proc). */
export const OUT_CHECK_TIMEOUT_MS = 5000;

/** What is wrong with writing under `dir`, as one sentence with its code. */
function outError(err: unknown, dir: string): DaybriefError {
  if (isDaybriefError(err)) return err;
  const code = systemCode(err);
  const fix = 'choose another folder with --out (or "out" in the config)';
  const fail = (c: string, message: string) =>
    new DaybriefError('publish', c, message, {
      cause: err,
      details: { out: dir, ...(code ? { code } : {}) },
    });
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return fail(
        'DISK_FULL',
        `the disk holding the site folder ${dir} is full; free some space and run again`,
      );
    case 'EACCES':
    case 'EPERM':
      return fail(
        'OUT_NOT_WRITABLE',
        `cannot write the site folder ${dir}: permission denied; ${fix}, or make it writable`,
      );
    case 'EROFS':
      return fail(
        'OUT_NOT_WRITABLE',
        `cannot write the site folder ${dir}: the file system is read-only; ${fix}`,
      );
    case 'ENOTDIR':
    case 'EEXIST':
      return fail(
        'OUT_NOT_WRITABLE',
        `the site folder ${dir} (or a folder above it) is a file, not a folder; ${fix}`,
      );
    case 'ENOENT':
      return fail(
        'OUT_NOT_WRITABLE',
        `cannot create the site folder ${dir}: the file system there does not allow it; ${fix}`,
      );
    default:
      return fail(
        'OUT_NOT_WRITABLE',
        `cannot write the site folder ${dir} (${code ?? (err as Error)?.message}); ${fix}`,
      );
  }
}

/**
 * Creates the missing folders of `dir` one level at a time (`mkdir(…, { recursive })` spins forever
 * on file systems such as /proc that refuse new entries with ENOENT).
 */
async function makeDirs(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let d = dir; ; d = dirname(d)) {
    const found = await stat(d).then(
      (s) => s,
      (err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return undefined;
        throw err;
      },
    );
    if (found) {
      if (!found.isDirectory()) throw Object.assign(new Error(`${d} is not a folder`), { code: 'ENOTDIR' });
      break;
    }
    missing.push(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing.reverse()) await mkdir(d);
}

/**
 * Checks, before any work, that the site can be written to `outDir`: creates it when missing and
 * writes and removes a probe file, all within `timeoutMs` so that a hung or special file system
 * cannot hang the run. Throws `OUT_NOT_WRITABLE` (or `DISK_FULL`) in one sentence.
 */
export async function checkOutDir(outDir: string, timeoutMs = OUT_CHECK_TIMEOUT_MS): Promise<void> {
  const dir = resolve(outDir);
  const probe = join(dir, `.daybrief-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new DaybriefError(
            'publish',
            'OUT_NOT_WRITABLE',
            `the site folder ${dir} did not answer within ${timeoutMs / 1000} s (a hung or special file system?); choose another folder with --out`,
            { details: { out: dir } },
          ),
        ),
      timeoutMs,
    );
  });
  const work = (async () => {
    await makeDirs(dir);
    await writeFile(probe, 'daybrief\n');
    await rm(probe, { force: true });
  })();
  try {
    await Promise.race([work, timeout]);
  } catch (err) {
    throw outError(err, dir);
  } finally {
    clearTimeout(timer);
  }
}

/** A failure while writing the site, as one sentence: disk full and permissions in words. */
function publishError(err: unknown, dir: string): unknown {
  const code = systemCode(err);
  if (code && ['ENOSPC', 'EDQUOT', 'EACCES', 'EPERM', 'EROFS'].includes(code))
    return outError(causeChain(err).at(-1), dir);
  return err;
}

/**
 * The thumbnails of `urls` as the store has them, made now for any image whose original is stored
 * but whose thumbnails are not (a database from before thumbnails, or a run stopped between the two).
 */
async function thumbnailsOf(store: Store, urls: string[]): Promise<ThumbnailInfo[]> {
  const known = await store.getThumbnails(urls);
  const done = new Set(known.map((t) => t.url));
  const missing = urls.filter((u) => !done.has(u));
  if (missing.length === 0) return known;
  // A store that refuses the record leaves the image out of this build (its placeholder shows).
  for (const m of await store.getMedia(missing))
    await prepareCover(m.url, store, undefined).catch(() => undefined);
  return [...known, ...(await store.getThumbnails(missing))];
}

/**
 * Rebuilds the whole static site from the store's digests, with the stored thumbnails of cover images
 * under `media/` (named by their content, so a file already on disk is not written again). Returns
 * the number of files written.
 */
export async function publishSite(store: Store, outDir: string, opts: { title?: string; now?: Date } = {}) {
  const topics = await store.listTopics();
  const withDays = await Promise.all(
    topics.map(async (t) => ({ name: t.name, slug: t.slug, days: await store.listDigests(t.slug) })),
  );
  const media: Record<string, ImageVariant[]> = {};
  const files = new Map<string, string | Uint8Array>();
  const urls = [...new Set(imageUrls(withDays.flatMap((t) => t.days)))];
  for (const record of await thumbnailsOf(store, urls)) {
    if (!('thumbnails' in record)) continue;
    const variants: ImageVariant[] = [];
    for (const t of record.thumbnails) {
      const path = paths.media(t);
      if (!files.has(path) && !(await exists(join(outDir, path)))) {
        const bytes = await store.getThumbnailBytes(t.sha256);
        if (bytes === undefined) continue;
        files.set(path, bytes);
      }
      variants.push({ path, width: t.width, height: t.height });
    }
    media[record.url] = variants;
  }
  const pages = buildSite({
    title: opts.title ?? 'daybrief',
    generatedAt: (opts.now ?? new Date()).toISOString(),
    topics: withDays.filter((t) => t.days.length > 0),
    media,
  });
  for (const [path, content] of pages) files.set(path, content);
  try {
    return await writeSite(files, outDir);
  } catch (err) {
    throw publishError(err, resolve(outDir));
  }
}
