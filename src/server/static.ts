import type { Stats } from 'node:fs';
import { statSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { basename, extname, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { isTemporaryName, siteWrites } from '../publish/write.js';
import { type Answer, type Ask, fetchHandler, type SiteHandler } from './answer.js';
import { SizedLru } from './lru.js';
import { isNotModified } from './negotiate.js';
import { answerFor, type Representation, represent } from './representation.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/atom+xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};
/** Files whose name says more than their extension: the topics' RSS feeds beside their Atom `feed.xml`. */
const NAMED_TYPES: Record<string, string> = { 'rss.xml': 'application/rss+xml; charset=utf-8' };

/**
 * Headers on every response: no sniffing, no referrer, a CSP that allows no script, images and styles
 * only from the site, and forms only to it.
 */
export const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'content-security-policy':
    "default-src 'none'; img-src 'self'; style-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
};

/** Pages, feeds and data: cached, but asked about every time (cheaply, with their validators). */
export const REVALIDATE = 'no-cache';
/** A file whose name carries its content's hash never changes: a year, without asking again. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/**
 * A name that carries a content hash: a run of 16 or more hex digits between separators, as publish
 * names the media copies (`media/<16 hex>.<ext>`) and the stylesheet (`assets/style.<16 hex>.css`).
 */
const HASHED_NAME_RE = /(?:^|[._-])[0-9a-f]{16,}(?=[._-])/;
/** Types a hashed name makes immutable: assets, never pages, feeds or data. */
const ASSET_EXT = new Set([
  '.css',
  '.js',
  '.svg',
  '.png',
  '.jpg',
  '.jpeg',
  '.gif',
  '.webp',
  '.avif',
  '.ico',
  '.woff2',
]);

/** Default bound of the memory the file cache takes (bodies and their compressed copies). */
export const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024;
/** Files up to this size are answered from memory; larger ones are streamed from disk. */
export const DEFAULT_MAX_CACHED_FILE = 1024 * 1024;
/**
 * How long a file found unchanged is answered from memory before it is looked at again (a stat
 * costs more than the rest of an answer). A rebuild in this process is seen at once; one by another
 * process (`daybrief run` beside `serve`) within this time.
 */
export const DEFAULT_REVALIDATE_MS = 1000;
/** Request paths remembered with the file they name. */
const ROUTES_MAX = 4096;

/** The cache-control of a file by its name. */
export function cacheControlOf(file: string): string {
  const name = basename(file);
  return ASSET_EXT.has(extname(name).toLowerCase()) && HASHED_NAME_RE.test(name) ? IMMUTABLE : REVALIDATE;
}

function typeOf(file: string): string {
  return NAMED_TYPES[basename(file)] ?? TYPES[extname(file)] ?? 'application/octet-stream';
}

function text(status: number, body: string, extra: Record<string, string> = {}): Answer {
  const bytes = Buffer.from(body);
  return {
    status,
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      'content-length': String(bytes.length),
      ...SECURITY_HEADERS,
      ...extra,
    },
    body: bytes,
  };
}

/** The site's own 404 page (`404.html` at the root, written at publish time). */
export const NOT_FOUND_FILE = '404.html';

/** True for a path with a hidden segment (`.git`, `.env`, a publish temporary) or a temporary's name. */
function hidden(decoded: string): boolean {
  return decoded.split('/').some((segment) => segment.startsWith('.') || isTemporaryName(segment));
}

/**
 * The file at `path`, or undefined. A stat on the server's own thread: a microsecond for a local
 * folder, where a trip through the thread pool costs more than the answer itself.
 */
function fileAt(path: string): Stats | undefined {
  try {
    const info = statSync(path, { throwIfNoEntry: false });
    return info?.isFile() ? info : undefined;
  } catch {
    return undefined;
  }
}

/** The file opened for reading with its stat, or undefined when it went away since the stat. */
async function openFile(path: string): Promise<{ handle: FileHandle; info: Stats } | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return undefined;
    throw err;
  }
  try {
    const info = await handle.stat();
    if (info.isFile()) return { handle, info };
  } catch (err) {
    await handle.close();
    throw err;
  }
  await handle.close();
  return undefined;
}

/** The cache key of a file served with `status` (the 404 page is also a page of its own). */
const keyOf = (file: string, status: number) => (status === 200 ? file : `${status}\0${file}`);

/** What identifies one version of a file: a rename over it (as publish does) changes the inode. */
const versionOf = (info: Stats) => `${info.ino}-${info.size}-${info.mtimeMs}`;

/** Options of `staticHandler`. */
export interface StaticOptions {
  /** Rewrites each HTML page before it is served (once per version of the file). */
  html?: (page: string) => string;
  /** Bound of the memory the file cache takes, default 64 MiB. */
  cacheBytes?: number;
  /** Files up to this size are kept in memory, default 1 MiB. */
  maxCachedFile?: number;
  /** How long a file is answered from memory before it is looked at again, default 1 s (0: always). */
  revalidateMs?: number;
  /** The clock, in milliseconds (tests). */
  now?: () => number;
}

/** A request path answered from memory: the file it names, and when it was last found unchanged. */
interface Route {
  key: string;
  cached: Cached;
  checkedAt: number;
  writes: number;
}

interface Cached {
  version: string;
  rep: Representation;
}

/**
 * The answers of a built site from `root`: every file found fresh on disk by a stat, answered from
 * memory while it is unchanged (its body, a content-hash ETag, Last-Modified and compressed copies),
 * large files streamed. See `staticHandler`.
 */
export function staticFiles(root: string, opts: StaticOptions = {}): (ask: Ask) => Promise<Answer> {
  const base = resolve(root);
  const maxCached = opts.maxCachedFile ?? DEFAULT_MAX_CACHED_FILE;
  const cache = new SizedLru<Cached>(opts.cacheBytes ?? DEFAULT_CACHE_BYTES);
  const loading = new Map<string, Promise<Cached | undefined>>();
  const revalidateMs = opts.revalidateMs ?? DEFAULT_REVALIDATE_MS;
  const now = opts.now ?? Date.now;
  const routes = new SizedLru<Route>(ROUTES_MAX);

  /** The file read whole and kept, or undefined when it went away or grew too large meanwhile. */
  const load = async (file: string, status: number): Promise<Cached | undefined> => {
    const opened = await openFile(file);
    if (!opened) return undefined;
    const { handle, info } = opened;
    let bytes: Buffer;
    try {
      if (info.size > maxCached) return undefined;
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
    const type = typeOf(file);
    if (opts.html && type.startsWith('text/html')) bytes = Buffer.from(opts.html(bytes.toString('utf8')));
    const rep = represent(bytes, {
      status,
      headers: { 'content-type': type, 'cache-control': cacheControlOf(file), ...SECURITY_HEADERS },
      lastModifiedMs: status === 200 ? info.mtimeMs : undefined,
    });
    const cached = { version: versionOf(info), rep };
    cache.set(keyOf(file, status), cached, rep.size);
    return cached;
  };

  /** The version of `file` described by `info`, from memory or read once however many ask. */
  const fromMemory = async (file: string, info: Stats, status: number): Promise<Cached | undefined> => {
    const version = versionOf(info);
    const hit = cache.get(keyOf(file, status));
    if (hit?.version === version) return hit;
    const key = `${keyOf(file, status)}\0${version}`;
    let pending = loading.get(key);
    if (!pending) {
      pending = load(file, status).finally(() => loading.delete(key));
      loading.set(key, pending);
    }
    return pending;
  };

  const grew = (file: string, status: number) => (rep: Representation) => {
    const key = keyOf(file, status);
    if (cache.get(key)?.rep === rep) cache.resize(key, rep.size);
  };

  /** A file too large to keep in memory, streamed from its open handle. */
  const stream = async (file: string, ask: Ask): Promise<Answer | undefined> => {
    const opened = await openFile(file);
    if (!opened) return undefined;
    const { handle, info } = opened;
    const etag = `"${info.ino.toString(36)}-${info.size.toString(36)}-${Math.floor(info.mtimeMs).toString(36)}"`;
    const validators = { etag, 'last-modified': new Date(info.mtimeMs).toUTCString() };
    const common = { 'cache-control': cacheControlOf(file), ...validators, ...SECURITY_HEADERS };
    if (isNotModified(ask, etag, info.mtimeMs)) {
      await handle.close();
      return { status: 304, headers: common };
    }
    const headers = { 'content-type': typeOf(file), 'content-length': String(info.size), ...common };
    if (ask.method === 'HEAD' || info.size === 0) {
      await handle.close();
      return { status: 200, headers };
    }
    // Streamed from the open file, which closes when the stream ends or is destroyed.
    const body: Readable = handle.createReadStream({ end: info.size - 1 });
    return { status: 200, headers, body };
  };

  /** The answer from memory for a path found unchanged lately (and no rebuild here since), if any. */
  const remembered = (ask: Ask): Answer | Promise<Answer> | undefined => {
    const route = routes.get(ask.pathname);
    if (!route || now() - route.checkedAt >= revalidateMs || route.writes !== siteWrites()) return undefined;
    if (cache.get(route.key) !== route.cached) return undefined;
    return answerFor(route.cached.rep, ask, grew(route.key, 200));
  };

  const serveFile = async (
    file: string,
    info: Stats,
    ask: Ask,
    status = 200,
  ): Promise<Answer | undefined> => {
    if (info.size <= maxCached) {
      const writes = siteWrites();
      const checkedAt = now();
      const cached = await fromMemory(file, info, status);
      if (cached && status === 200 && revalidateMs > 0) {
        routes.set(ask.pathname, { key: keyOf(file, status), cached, checkedAt, writes }, 1);
      }
      if (cached) return answerFor(cached.rep, ask, grew(file, status));
      // Gone since the stat, or grown past the bound: look again.
      const fresh = fileAt(file);
      if (!fresh) return undefined;
      if (fresh.size <= maxCached) {
        const again = await fromMemory(file, fresh, status);
        return again ? answerFor(again.rep, ask, grew(file, status)) : undefined;
      }
    }
    if (status !== 200) return undefined;
    return stream(file, ask);
  };

  /** The site's 404 page (a 404 in its layout) when it has one, else a short text. */
  const notFound = async (ask: Ask): Promise<Answer> => {
    const page = resolve(base, NOT_FOUND_FILE);
    const info = fileAt(page);
    const answer = info ? await serveFile(page, info, ask, 404) : undefined;
    if (!answer) return text(404, 'Not found');
    return ask.method === 'HEAD' ? { status: 404, headers: answer.headers } : answer;
  };

  return async (ask) => {
    if (ask.method !== 'GET' && ask.method !== 'HEAD') {
      return text(405, 'Method not allowed', { allow: 'GET, HEAD, OPTIONS' });
    }
    const known = remembered(ask);
    if (known) return known;
    const { pathname } = ask;
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return text(400, 'Bad path');
    }
    if (decoded.includes('\0')) return text(400, 'Bad path');
    if (hidden(decoded)) return notFound(ask);
    const target = resolve(base, `.${decoded}`);
    if (target !== base && !target.startsWith(base + sep)) return notFound(ask);
    // A path ending in `/` names a folder: its index.html is the one file to look for.
    const folder = pathname.endsWith('/');
    const file = folder ? resolve(target, 'index.html') : target;
    const info = fileAt(file);
    if (!info) {
      // A folder named without its slash: redirected to the slash form, where its index.html is.
      if (folder || !fileAt(resolve(target, 'index.html'))) return notFound(ask);
      return {
        status: 301,
        headers: { location: `${pathname}/`, 'content-length': '0', ...SECURITY_HEADERS },
      };
    }
    // Read (or opened) once: a publish that renames a new version over the file meanwhile does not mix the two.
    return (await serveFile(file, info, ask)) ?? notFound(ask);
  };
}

/**
 * A `(Request) => Response` handler that serves a built site from `root`: GET and HEAD only, no
 * path may leave the root, a directory answers with its index.html (redirecting to the slash form),
 * and no dotfile, dot-directory or publish temporary is ever served (404). Every file has a strong
 * ETag and Last-Modified and answers 304 to a matching If-None-Match (or, without one,
 * If-Modified-Since); text types go gzip- or brotli-compressed to clients that accept it; files with
 * a content hash in their name are cached for a year, everything else revalidated (`no-cache`).
 */
export function staticHandler(root: string, opts: StaticOptions = {}): SiteHandler {
  return fetchHandler(staticFiles(root, opts));
}
