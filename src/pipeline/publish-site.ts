import { randomBytes } from 'node:crypto';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { causeChain, DaybriefError, isDaybriefError, systemCode } from '../model/errors.js';
import type { Digest } from '../model/types.js';
import {
  buildSiteFrame,
  buildTopicFiles,
  type ImageVariant,
  paths,
  type SiteData,
  writeSite,
} from '../publish/index.js';
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
 * the number of files written. Topic by topic: one topic's digests and pages are in memory at a time
 * (a large archive does not have to fit), then the front page and 404 from each topic's newest day.
 */
export async function publishSite(store: Store, outDir: string, opts: { title?: string; now?: Date } = {}) {
  const topics = await store.listTopics();
  const media: Record<string, ImageVariant[]> = {};
  const data: SiteData = {
    title: opts.title ?? 'daybrief',
    generatedAt: (opts.now ?? new Date()).toISOString(),
    topics: [],
    media,
  };
  const asked = new Set<string>();
  const written = new Set<string>();
  const frame: SiteData['topics'] = [];
  let files = 0;
  // The first write removes the temporaries of a crashed earlier publish; the others do not look again.
  let clean = true;
  const write = async (part: Map<string, string | Uint8Array>) => {
    try {
      files += await writeSite(part, outDir, { clean });
    } catch (err) {
      throw publishError(err, resolve(outDir));
    }
    clean = false;
  };
  for (const t of topics) {
    const days = await store.listDigests(t.slug);
    if (days.length === 0) continue;
    const part = new Map<string, string | Uint8Array>();
    const urls = [...new Set(imageUrls(days))].filter((u) => !asked.has(u));
    for (const u of urls) asked.add(u);
    await addMedia(store, outDir, urls, media, written, part);
    // Checks the slug and the dates before any of the topic's files is written.
    const pages = buildTopicFiles(data, { name: t.name, slug: t.slug, days });
    for (const [path, content] of pages) part.set(path, content);
    await write(part);
    const newest = days.reduce((a, b) => (b.date > a.date ? b : a));
    frame.push({ name: t.name, slug: t.slug, days: [newest] });
  }
  await write(buildSiteFrame({ ...data, topics: frame }));
  return files;
}

/**
 * Adds the thumbnails of `urls` (each asked once per publish) to `media` (image URL → its sizes) and the files not on disk yet
 * (nor in `written`, the media paths of this publish so far) to `files`.
 */
async function addMedia(
  store: Store,
  outDir: string,
  urls: string[],
  media: Record<string, ImageVariant[]>,
  written: Set<string>,
  files: Map<string, string | Uint8Array>,
): Promise<void> {
  for (const record of await thumbnailsOf(store, urls)) {
    if (!('thumbnails' in record)) continue;
    const variants: ImageVariant[] = [];
    for (const t of record.thumbnails) {
      const path = paths.media(t);
      if (!written.has(path) && !(await exists(join(outDir, path)))) {
        const bytes = await store.getThumbnailBytes(t.sha256);
        if (bytes === undefined) continue;
        files.set(path, bytes);
      }
      written.add(path);
      variants.push({ path, width: t.width, height: t.height });
    }
    media[record.url] = variants;
  }
}
