import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { FETCH_CODES, fetchError } from './errors.js';

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);
const brotli = promisify(zlib.brotliDecompress);

const GZIP_MAGIC = [0x1f, 0x8b];
const IDENTITY = new Set(['', 'identity', 'none']);
const CRLF = '\r\n';
/** Chunk-size line: hex digits, then optional extensions. */
const CHUNK_SIZE_RE = /^([0-9a-fA-F]+)(?:;.*)?$/;

type Decoder = (bytes: Uint8Array, maxOutputLength: number) => Promise<Uint8Array>;

/** With a sync flush, a truncated body still yields what arrived instead of an error. */
const ZLIB_LENIENT = { finishFlush: zlib.constants.Z_SYNC_FLUSH };

const DECODERS: Record<string, Decoder> = {
  gzip: (b, max) => gunzip(b, { ...ZLIB_LENIENT, maxOutputLength: max }),
  'x-gzip': (b, max) => gunzip(b, { ...ZLIB_LENIENT, maxOutputLength: max }),
  // "deflate" should be zlib-wrapped, but some servers send raw deflate.
  deflate: async (b, max) => {
    try {
      return await inflate(b, { ...ZLIB_LENIENT, maxOutputLength: max });
    } catch (err) {
      if (isTooLarge(err)) throw err;
      return inflateRaw(b, { ...ZLIB_LENIENT, maxOutputLength: max });
    }
  },
  br: (b, max) => brotli(b, { maxOutputLength: max }),
};

function isTooLarge(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError;
}

/**
 * Undoes a Content-Encoding header (`gzip`, `deflate`, `br`, or a list applied in order), with the
 * decoded size capped at `maxBytes` so that a small compressed body cannot expand without bound.
 * Unknown codings leave the body as it is. A body labelled gzip that is not gzip at all (servers
 * do lie) is returned as it is; a corrupt one throws FETCH_BAD_ENCODING.
 */
export async function decodeContentEncoding(
  body: Uint8Array,
  header: string | undefined,
  maxBytes: number,
  url: string,
): Promise<Uint8Array> {
  const codings = (header ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => !IDENTITY.has(c));
  let out = body;
  for (const coding of codings.reverse()) {
    const decode = DECODERS[coding];
    if (!decode) continue;
    if (coding.endsWith('gzip') && !startsWith(out, GZIP_MAGIC)) continue;
    out = await runDecoder(decode, out, maxBytes, coding, url);
  }
  return out;
}

async function runDecoder(
  decode: Decoder,
  bytes: Uint8Array,
  maxBytes: number,
  coding: string,
  url: string,
): Promise<Uint8Array> {
  try {
    return new Uint8Array(await decode(bytes, maxBytes));
  } catch (err) {
    if (isTooLarge(err)) {
      throw fetchError(FETCH_CODES.tooLarge, `body of ${url} exceeds ${maxBytes} bytes once decoded`, url, {
        cause: err,
        details: { maxBytes },
      });
    }
    throw fetchError(FETCH_CODES.badEncoding, `cannot decode ${coding} body of ${url}`, url, { cause: err });
  }
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/**
 * Removes HTTP/1.1 chunked framing, as stored in WARC records that kept the wire form. A body that
 * does not parse as chunks is returned as it is (archives often say chunked of a body already
 * de-chunked).
 */
export function dechunk(body: Uint8Array): Uint8Array {
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const parts: Buffer[] = [];
  let pos = 0;
  while (pos < text.length) {
    const lineEnd = text.indexOf(CRLF, pos, 'latin1');
    if (lineEnd < 0) return body;
    const match = CHUNK_SIZE_RE.exec(text.toString('latin1', pos, lineEnd).trim());
    if (!match?.[1]) return body;
    const size = Number.parseInt(match[1], 16);
    if (size === 0) return new Uint8Array(Buffer.concat(parts));
    const start = lineEnd + CRLF.length;
    if (start + size > text.length) return body;
    parts.push(text.subarray(start, start + size));
    pos = start + size + CRLF.length;
  }
  return new Uint8Array(Buffer.concat(parts));
}
