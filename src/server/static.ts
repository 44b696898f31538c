import { type FileHandle, open, readFile, stat } from 'node:fs/promises';
import { basename, extname, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { isTemporaryName } from '../publish/write.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/atom+xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
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

function text(status: number, body: string, extra: Record<string, string> = {}): Response {
  return new Response(body, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS, ...extra },
  });
}

/** The site's own 404 page (`404.html` at the root, written at publish time). */
export const NOT_FOUND_FILE = '404.html';

/**
 * The 404 answer: the site's 404 page in its layout (text/html) when the site has one, else a short
 * text. HEAD gets the headers only.
 */
async function notFound(base: string, req: Request): Promise<Response> {
  let body: Buffer;
  try {
    body = await readFile(resolve(base, NOT_FOUND_FILE));
  } catch {
    return text(404, 'Not found');
  }
  return new Response(req.method === 'HEAD' ? null : new Uint8Array(body), {
    status: 404,
    headers: {
      'content-type': TYPES['.html'] ?? 'text/html; charset=utf-8',
      'content-length': String(body.length),
      'cache-control': 'no-cache',
      ...SECURITY_HEADERS,
    },
  });
}

/** True for a path with a hidden segment (`.git`, `.env`, a publish temporary) or a temporary's name. */
function hidden(decoded: string): boolean {
  return decoded.split('/').some((segment) => segment.startsWith('.') || isTemporaryName(segment));
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** The file opened for reading with its size, or undefined when it went away since the stat. */
async function openFile(path: string): Promise<{ handle: FileHandle; size: number } | undefined> {
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
    if (info.isFile()) return { handle, size: info.size };
  } catch (err) {
    await handle.close();
    throw err;
  }
  await handle.close();
  return undefined;
}

/**
 * A `(Request) => Response` handler that serves a built site from `root`: GET and HEAD only, no
 * path may leave the root, a directory answers with its index.html (redirecting to the slash form),
 * and no dotfile, dot-directory or publish temporary is ever served (404).
 */
export function staticHandler(root: string): (req: Request) => Promise<Response> {
  const base = resolve(root);
  return async (req) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return text(405, 'Method not allowed', { allow: 'GET, HEAD, OPTIONS' });
    }
    const { pathname } = new URL(req.url);
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return text(400, 'Bad path');
    }
    if (decoded.includes('\0')) return text(400, 'Bad path');
    if (hidden(decoded)) return notFound(base, req);
    const target = resolve(base, `.${decoded}`);
    if (target !== base && !target.startsWith(base + sep)) return notFound(base, req);
    let file = target;
    if (!(await isFile(file))) {
      file = resolve(target, 'index.html');
      if (!(await isFile(file))) return notFound(base, req);
      if (!pathname.endsWith('/')) {
        return new Response(null, {
          status: 301,
          headers: { location: `${pathname}/`, ...SECURITY_HEADERS },
        });
      }
    }
    // Opened once: a publish that renames a new version over the file meanwhile does not mix the two.
    const opened = await openFile(file);
    if (!opened) return notFound(base, req);
    const headers = {
      'content-type': NAMED_TYPES[basename(file)] ?? TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': String(opened.size),
      'cache-control': 'no-cache',
      ...SECURITY_HEADERS,
    };
    if (req.method === 'HEAD' || opened.size === 0) {
      await opened.handle.close();
      return new Response(req.method === 'HEAD' ? null : '', { status: 200, headers });
    }
    // Streamed from the open file, which closes when the stream ends or is cancelled.
    const stream = opened.handle.createReadStream({ end: opened.size - 1 });
    return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, { status: 200, headers });
  };
}
