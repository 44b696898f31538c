/**
 * A response body held in memory with everything needed to answer for it quickly: its entity tag,
 * its headers, and its gzip and brotli copies, each made once (on first demand) and kept with it.
 * `answerFor` picks the coding the request accepts, answers 304 when the client's copy is current,
 * and leaves out the body for HEAD.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Answer, Ask } from './answer.js';
import { type Coding, chooseCoding, isNotModified } from './negotiate.js';

/** Bodies shorter than this are sent as they are: compressing them saves less than it costs. */
export const MIN_COMPRESS_BYTES = 1024;
/** Types worth compressing: text, JSON, XML feeds, SVG. Images and the like are compressed already. */
const COMPRESSIBLE_RE =
  /^(?:text\/|image\/svg\+xml|application\/(?:json|xml|atom\+xml|rss\+xml|feed\+json|manifest\+json|javascript))/;
/** Up to this size brotli runs at its best (slow) quality, once per version; larger bodies get a fast one. */
const BEST_BROTLI_BYTES = 128 * 1024;

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/** Headers of an answer with a body (first) and of its 304 (second). */
interface Variant {
  body: Buffer;
  full: Record<string, string>;
  notModified: Record<string, string>;
}

/** A body and its headers, ready to answer from. */
export interface Representation {
  status: number;
  /** Its opaque entity tag (without quotes); an encoded copy has the coding appended. */
  tag: string;
  lastModifiedMs?: number | undefined;
  /** True when the body is compressed on request (a compressible type, not tiny). */
  coded: boolean;
  identity: Variant;
  variants: Map<Coding, Variant | null>;
  pending: Map<Coding, Promise<void>>;
  /** How much memory it takes, bodies and copies together. */
  size: number;
  /** Brotli quality for its copy. */
  quality: number;
  headers: Record<string, string>;
}

/** True for a media type whose bodies compress well. */
export function isCompressible(type: string): boolean {
  return COMPRESSIBLE_RE.test(type.toLowerCase());
}

/** A short strong entity tag from a body's bytes. */
export function contentTag(body: Uint8Array): string {
  return createHash('sha1').update(body).digest('base64url').slice(0, 22);
}

function variant(rep: Omit<Representation, 'identity'>, body: Buffer, coding?: Coding): Variant {
  const validators: Record<string, string> = {};
  if (rep.status === 200)
    validators.etag = `"${rep.tag}${coding ? `-${coding === 'gzip' ? 'gz' : coding}` : ''}"`;
  if (rep.lastModifiedMs !== undefined)
    validators['last-modified'] = new Date(rep.lastModifiedMs).toUTCString();
  const vary: Record<string, string> = rep.coded ? { vary: 'Accept-Encoding' } : {};
  const { 'content-type': type, ...rest } = rep.headers;
  return {
    body,
    full: {
      ...(type ? { 'content-type': type } : {}),
      'content-length': String(body.length),
      ...(coding ? { 'content-encoding': coding } : {}),
      ...vary,
      ...validators,
      ...rest,
    },
    notModified: { ...vary, ...validators, ...rest },
  };
}

/** Options of `represent`. */
export interface RepresentOptions {
  status?: number;
  /** Content-type, cache-control and the like (not content-length, etag, vary or last-modified). */
  headers: Record<string, string>;
  /** The entity tag; default a hash of the body. */
  tag?: string;
  lastModifiedMs?: number;
  /** Brotli quality; default the best for small bodies, a fast one for large. */
  quality?: number;
}

/** A body ready to answer from. */
export function represent(body: Buffer, opts: RepresentOptions): Representation {
  const type = opts.headers['content-type'] ?? '';
  const base = {
    status: opts.status ?? 200,
    tag: opts.tag ?? contentTag(body),
    lastModifiedMs: opts.lastModifiedMs,
    coded: body.length >= MIN_COMPRESS_BYTES && isCompressible(type),
    variants: new Map<Coding, Variant | null>(),
    pending: new Map<Coding, Promise<void>>(),
    size: body.length + 512,
    quality: opts.quality ?? (body.length <= BEST_BROTLI_BYTES ? 11 : 5),
    headers: opts.headers,
  };
  return { ...base, identity: variant(base, body) };
}

async function encode(body: Buffer, coding: Coding, quality: number): Promise<Buffer> {
  if (coding === 'gzip') return gzipped(body, { level: 9 });
  return brotli(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: quality,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
    },
  });
}

/**
 * Makes the `coding` copy of `rep` (once, however many ask at the same time); a copy that is not
 * smaller, or fails, is not kept and the body goes as it is. `grew` hears the new size.
 */
function compress(rep: Representation, coding: Coding, grew?: (rep: Representation) => void): Promise<void> {
  let pending = rep.pending.get(coding);
  if (pending) return pending;
  pending = encode(rep.identity.body, coding, rep.quality).then(
    (body) => {
      const kept = body.length < rep.identity.body.length ? variant(rep, body, coding) : null;
      rep.variants.set(coding, kept);
      rep.pending.delete(coding);
      if (kept) {
        rep.size += body.length;
        grew?.(rep);
      }
    },
    () => {
      rep.variants.set(coding, null);
      rep.pending.delete(coding);
    },
  );
  rep.pending.set(coding, pending);
  return pending;
}

function finish(rep: Representation, v: Variant, ask: Ask): Answer {
  if (rep.status === 200 && isNotModified(ask, v.full.etag ?? '', rep.lastModifiedMs)) {
    return { status: 304, headers: v.notModified };
  }
  return { status: rep.status, headers: v.full, body: ask.method === 'HEAD' ? undefined : v.body };
}

/**
 * The answer to `ask` from `rep`: in the coding it accepts best (made now if it is the first to ask;
 * `grew` hears that the representation got larger), 304 when its validators match, no body for HEAD.
 */
export function answerFor(
  rep: Representation,
  ask: Ask,
  grew?: (rep: Representation) => void,
): Answer | Promise<Answer> {
  const coding = rep.coded ? chooseCoding(ask.acceptEncoding) : undefined;
  if (!coding) return finish(rep, rep.identity, ask);
  const made = rep.variants.get(coding);
  if (made === undefined) return compress(rep, coding, grew).then(() => answerFor(rep, ask, grew));
  return finish(rep, made ?? rep.identity, ask);
}
