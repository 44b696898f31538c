import { open } from 'node:fs/promises';
import { crc32, inflateRawSync } from 'node:zlib';

/** One gzip member of a file: where it lies and what it holds. */
export interface GzipMember {
  offset: number;
  length: number;
  plain: Buffer;
}

/** Bytes read at a time; a member longer than this makes the window grow to hold it. */
const WINDOW = 4 * 2 ** 20;
const FHCRC = 2;
const FEXTRA = 4;
const FNAME = 8;
const FCOMMENT = 16;
const TRAILER = 8;

/** A file that is not a clean series of gzip members (the caller falls back to a slower reader). */
export class NotGzipMembers extends Error {}

/** Where the deflate data of the member at `pos` starts, or undefined when the header runs past `buf`. */
function bodyStart(buf: Buffer, pos: number): number | undefined {
  if (buf.length - pos < 10) return undefined;
  if (buf[pos] !== 0x1f || buf[pos + 1] !== 0x8b || buf[pos + 2] !== 8)
    throw new NotGzipMembers(`no gzip member at offset ${pos}`);
  const flags = buf[pos + 3] ?? 0;
  let p = pos + 10;
  if (flags & FEXTRA) {
    if (p + 2 > buf.length) return undefined;
    p += 2 + buf.readUInt16LE(p);
  }
  for (const flag of [FNAME, FCOMMENT]) {
    if (!(flags & flag)) continue;
    const end = buf.indexOf(0, p);
    if (end < 0) return undefined;
    p = end + 1;
  }
  if (flags & FHCRC) p += 2;
  return p > buf.length ? undefined : p;
}

/** The member at `pos` of `buf`, or undefined when `buf` ends before it does. */
function memberAt(buf: Buffer, pos: number): { length: number; plain: Buffer } | undefined {
  const start = bodyStart(buf, pos);
  if (start === undefined) return undefined;
  let inflated: { buffer: Buffer; engine: { bytesWritten: number } };
  try {
    inflated = inflateRawSync(buf.subarray(start), { info: true }) as unknown as typeof inflated;
  } catch (err) {
    if ((err as { code?: string }).code === 'Z_BUF_ERROR') return undefined;
    throw new NotGzipMembers(`corrupt gzip member at offset ${pos}`, { cause: err });
  }
  const end = start + inflated.engine.bytesWritten + TRAILER;
  if (end > buf.length) return undefined;
  const plain = inflated.buffer;
  if (buf.readUInt32LE(end - 8) !== crc32(plain) || buf.readUInt32LE(end - 4) !== plain.length % 2 ** 32)
    throw new NotGzipMembers(`gzip member at offset ${pos} fails its checksum`);
  return { length: end - pos, plain };
}

/**
 * The gzip members of a file in order, decompressed with node:zlib, reading a window at a time so
 * that files larger than memory can be walked. Throws NotGzipMembers when the file is anything
 * else (trailing bytes, a damaged member).
 */
export async function* gzipMembers(path: string): AsyncGenerator<GzipMember> {
  const file = await open(path, 'r');
  try {
    let buf = Buffer.alloc(0);
    let bufAt = 0;
    let pos = 0;
    let eof = false;
    const readMore = async () => {
      const rest = buf.subarray(pos);
      const chunk = Buffer.allocUnsafe(Math.max(WINDOW, rest.length));
      const { bytesRead } = await file.read(chunk, 0, chunk.length, bufAt + buf.length);
      if (bytesRead === 0) eof = true;
      bufAt += pos;
      buf = Buffer.concat([rest, chunk.subarray(0, bytesRead)]);
      pos = 0;
    };
    for (;;) {
      if (pos >= buf.length) {
        if (eof) return;
        await readMore();
        continue;
      }
      const member = memberAt(buf, pos);
      if (!member) {
        if (eof) throw new NotGzipMembers(`gzip member at offset ${bufAt + pos} is cut short`);
        await readMore();
        continue;
      }
      yield { offset: bufAt + pos, ...member };
      pos += member.length;
    }
  } finally {
    await file.close();
  }
}
