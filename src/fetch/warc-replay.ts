import { createReadStream } from 'node:fs';
import { access, type FileHandle, open, stat } from 'node:fs/promises';
import { createGunzip, gunzipSync } from 'node:zlib';
import type { WARCRecord } from 'warcio';
import { WARCParser } from 'warcio';
import { dechunk, decodeContentEncoding } from './content-encoding.js';
import { FETCH_CODES, fetchError } from './errors.js';
import { gzipMembers, NotGzipMembers } from './gzip-members.js';
import type { Transport, TransportRequest, TransportResponse } from './transport.js';
import { headersForDecodedBody, normaliseHeaders } from './transport.js';

/** Archives from this size on are indexed without their payloads, which are read back when asked for. */
const LAZY_FROM_BYTES = 32 * 2 ** 20;
const GZIP_EXT_RE = /\.gz$/i;

/**
 * A response as stored in the archive: headers and payload still in their wire form. The payload
 * is held in memory, or (`at`) read back from the file when asked for.
 */
interface StoredResponse {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  payload?: Uint8Array;
  /** Where the record's gzip member lies in the file. */
  at?: { offset: number; length: number };
  date?: string;
}

/** A revisit record waits for the response it points to, which may come later in the file. */
interface PendingRevisit {
  uri: string;
  refersTo?: string;
  digest?: string;
  http?: Pick<StoredResponse, 'status' | 'statusText' | 'headers'>;
  date?: string;
}

/** What an archive holds, by URL. */
export interface WarcIndex {
  /** Looks a URL up as given, without its fragment, and in its WHATWG-normalised form. */
  get(url: string): StoredResponse | undefined;
  /** Target URIs of the responses held, as stored. */
  urls(): string[];
  /** Counts by WARC-Type, for reports and tests. */
  counts: Record<string, number>;
  /** The payload of a response `get` returned (read from the file when the index does not hold it). */
  payload(response: StoredResponse): Promise<Uint8Array>;
  /** True when payloads are read from the file on demand. */
  lazy: boolean;
  /** Closes the file that lazy payloads are read from. */
  close(): Promise<void>;
}

/** Options of {@link loadWarc}. */
export interface LoadWarcOptions {
  /**
   * Keep only where each payload lies and read it back on demand, so an archive larger than memory
   * can be replayed. Needs a .warc.gz with one gzip member per record (as daybrief and most
   * crawlers write them); default: for such archives from 32 MB on.
   */
  lazy?: boolean;
}

/** The URL as given and in its WHATWG-normalised form. */
function exactKeys(url: string): string[] {
  try {
    return [...new Set([url, new URL(url).href])];
  } catch {
    return [url];
  }
}

function stripFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash < 0 ? url : url.slice(0, hash);
}

/**
 * URLs and captures, looked up exactly first and without fragment second, so that `x` finds a
 * capture stored as `x#comments` but never shadows a capture stored as `x` itself.
 */
class UrlTable {
  readonly #exact = new Map<string, StoredResponse>();
  readonly #loose = new Map<string, StoredResponse>();

  set(url: string, response: StoredResponse): void {
    for (const key of exactKeys(url)) {
      this.#exact.set(key, response);
      this.#loose.set(stripFragment(key), response);
    }
  }

  get(url: string): StoredResponse | undefined {
    const keys = exactKeys(url);
    for (const key of keys) {
      const hit = this.#exact.get(key);
      if (hit) return hit;
    }
    for (const key of keys) {
      const hit = this.#loose.get(stripFragment(key));
      if (hit) return hit;
    }
    return undefined;
  }
}

/** What loadWarc gathers while it reads an archive, before revisits are resolved. */
class Gathered {
  readonly table = new UrlTable();
  readonly byDigest = new Map<string, StoredResponse>();
  readonly revisits: PendingRevisit[] = [];
  readonly stored: string[] = [];
  readonly counts: Record<string, number> = {};

  /** Files one record; `response` makes its stored form (payload in memory or read back later). */
  async add(record: WARCRecord, response: () => Promise<StoredResponse>): Promise<void> {
    const type = record.warcType ?? 'unknown';
    this.counts[type] = (this.counts[type] ?? 0) + 1;
    const uri = record.warcTargetURI;
    if (!uri) return;
    if (type === 'revisit') this.revisits.push(pendingRevisit(record, uri));
    if (type !== 'response' && type !== 'resource') return;
    const stored = await response();
    this.table.set(uri, stored);
    const digest = record.warcPayloadDigest;
    if (digest) this.byDigest.set(digest, stored);
    this.stored.push(uri);
  }

  /** Points each revisit at the response it refers to. */
  resolveRevisits(): void {
    for (const revisit of this.revisits) {
      const original =
        (revisit.digest && this.byDigest.get(revisit.digest)) ||
        (revisit.refersTo && this.table.get(revisit.refersTo));
      if (!original) continue;
      const response = { ...original, ...revisit.http, date: revisit.date ?? original.date };
      this.table.set(revisit.uri, response);
      this.stored.push(revisit.uri);
    }
  }
}

/** Reads a .warc or .warc.gz and indexes its responses (latest capture wins); see LoadWarcOptions.lazy. */
export async function loadWarc(path: string, opts: LoadWarcOptions = {}): Promise<WarcIndex> {
  await access(path).catch((err: unknown) => {
    throw fetchError('FETCH_ARCHIVE_MISSING', `cannot read WARC archive ${path}`, path, { cause: err });
  });
  const lazy = GZIP_EXT_RE.test(path) && (opts.lazy ?? (await stat(path)).size >= LAZY_FROM_BYTES);
  const gathered = lazy ? await gatherByMember(path) : await gatherInMemory(path);
  if (!gathered) return loadWarc(path, { lazy: false });
  gathered.resolveRevisits();
  const file = lazy ? new MemberReader(path) : undefined;
  return {
    get: (url) => gathered.table.get(url),
    urls: () => [...new Set(gathered.stored)],
    counts: gathered.counts,
    lazy,
    payload: async (r) => r.payload ?? (file && r.at ? file.payload(r.at) : new Uint8Array(0)),
    close: async () => file?.close(),
  };
}

/**
 * Indexes a .warc.gz member by member (node:zlib inflates them; warcio only parses the plain
 * bytes), keeping where each record lies. Undefined when records share a member, or the file is
 * not a clean series of gzip members: such archives cannot be read back record by record.
 */
async function gatherByMember(path: string): Promise<Gathered | undefined> {
  const gathered = new Gathered();
  try {
    for await (const member of gzipMembers(path)) {
      const parser = new WARCParser([member.plain]);
      const record = await parser.parse();
      if (!record) continue;
      const at = { offset: member.offset, length: member.length };
      await gathered.add(record, async () => ({ ...storedHead(record), at }));
      await record.skipFully();
      if (await parser.parse()) return undefined;
    }
  } catch (err) {
    if (err instanceof NotGzipMembers) return undefined;
    throw err;
  }
  return gathered;
}

/** Indexes a whole archive with its payloads; a gzipped one is inflated by node:zlib on the way. */
async function gatherInMemory(path: string): Promise<Gathered> {
  const gathered = new Gathered();
  const parser = new WARCParser(await plainStream(path));
  for await (const record of parser) await gathered.add(record, () => storedResponse(record));
  return gathered;
}

/** The archive's bytes, inflated when it starts as gzip (warcio's own inflater is pure JavaScript). */
async function plainStream(path: string): Promise<AsyncIterable<Uint8Array>> {
  const head = Buffer.alloc(2);
  const file = await open(path, 'r');
  try {
    await file.read(head, 0, 2, 0);
  } finally {
    await file.close();
  }
  const raw = createReadStream(path);
  if (head[0] !== 0x1f || head[1] !== 0x8b) return raw;
  const plain = createGunzip();
  raw.on('error', (err) => plain.destroy(err));
  return raw.pipe(plain);
}

/** Reads single records back from a .warc.gz: one gzip member at a known offset each. */
class MemberReader {
  #file: Promise<FileHandle> | undefined;

  constructor(private readonly path: string) {}

  async payload(at: { offset: number; length: number }): Promise<Uint8Array> {
    this.#file ??= open(this.path, 'r');
    const bytes = Buffer.allocUnsafe(at.length);
    const { bytesRead } = await (await this.#file).read(bytes, 0, at.length, at.offset);
    const record = await new WARCParser([gunzipSync(bytes.subarray(0, bytesRead))]).parse();
    if (!record) throw new Error(`no WARC record at offset ${at.offset} of ${this.path}`);
    return new Uint8Array(await record.readFully(false));
  }

  async close(): Promise<void> {
    const file = this.#file;
    this.#file = undefined;
    if (file) await (await file).close();
  }
}

/** A response's status, headers and date, without its payload. */
function storedHead(record: WARCRecord): Omit<StoredResponse, 'payload'> {
  const date = record.warcDate ?? undefined;
  if (!record.httpHeaders) {
    // A resource record: the WARC Content-Type describes the payload itself.
    const type = record.warcHeader('Content-Type') ?? 'application/octet-stream';
    return { status: 200, statusText: 'OK', headers: { 'content-type': type }, date };
  }
  return { ...httpPart(record), date };
}

async function storedResponse(record: WARCRecord): Promise<StoredResponse> {
  const payload = new Uint8Array(await record.readFully(false));
  return { ...storedHead(record), payload };
}

function httpPart(record: WARCRecord): Pick<StoredResponse, 'status' | 'statusText' | 'headers'> {
  const http = record.httpHeaders;
  return {
    status: Number(http?.statusCode) || 200,
    statusText: http?.statusText ?? '',
    headers: normaliseHeaders(http ? headerEntries(http.headers) : []),
  };
}

/** Both header classes warcio may hand back have forEach; only one is typed iterable here. */
function headerEntries(headers: {
  forEach(cb: (value: string, name: string) => void): void;
}): [string, string][] {
  const entries: [string, string][] = [];
  headers.forEach((value, name) => {
    entries.push([name, value]);
  });
  return entries;
}

function pendingRevisit(record: WARCRecord, uri: string): PendingRevisit {
  return {
    uri,
    refersTo: record.warcRefersToTargetURI ?? undefined,
    digest: record.warcPayloadDigest ?? undefined,
    http: record.httpHeaders ? httpPart(record) : undefined,
    date: record.warcDate ?? undefined,
  };
}

/** A transport that answers from an archive index; a URL it does not hold is FETCH_NOT_IN_ARCHIVE. */
export function createReplayTransport(index: WarcIndex): Transport {
  return {
    request: (req) => replay(index, req),
    close: () => index.close(),
  };
}

/** Loads `path` and returns a replay transport over it. */
export async function openReplayTransport(path: string): Promise<Transport> {
  return createReplayTransport(await loadWarc(path));
}

async function replay(index: WarcIndex, req: TransportRequest): Promise<TransportResponse> {
  const hit = index.get(req.url);
  if (!hit) {
    throw fetchError(FETCH_CODES.notInArchive, `${req.url} is not in the archive`, req.url);
  }
  const te = hit.headers['transfer-encoding']?.toLowerCase() ?? '';
  const payload = await index.payload(hit);
  const framed = te.includes('chunked') ? dechunk(payload) : payload;
  const body = await decodeContentEncoding(framed, hit.headers['content-encoding'], req.maxBytes, req.url);
  if (body.length > req.maxBytes) {
    throw fetchError(FETCH_CODES.tooLarge, `body of ${req.url} exceeds ${req.maxBytes} bytes`, req.url, {
      details: { maxBytes: req.maxBytes },
    });
  }
  return {
    url: req.url,
    status: hit.status,
    statusText: hit.statusText,
    headers: headersForDecodedBody(hit.headers, body.length),
    body,
    fetchedAt: hit.date,
  };
}
