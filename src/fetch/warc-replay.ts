import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import type { WARCRecord } from 'warcio';
import { WARCParser } from 'warcio';
import { dechunk, decodeContentEncoding } from './content-encoding.js';
import { FETCH_CODES, fetchError } from './errors.js';
import type { Transport, TransportRequest, TransportResponse } from './transport.js';
import { headersForDecodedBody, normaliseHeaders } from './transport.js';

/** A response as stored in the archive: headers and payload still in their wire form. */
interface StoredResponse {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  payload: Uint8Array;
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

/** Reads a .warc or .warc.gz into memory and indexes its responses (latest capture wins). */
export async function loadWarc(path: string): Promise<WarcIndex> {
  await access(path).catch((err: unknown) => {
    throw fetchError('FETCH_ARCHIVE_MISSING', `cannot read WARC archive ${path}`, path, { cause: err });
  });
  const table = new UrlTable();
  const byDigest = new Map<string, StoredResponse>();
  const revisits: PendingRevisit[] = [];
  const stored: string[] = [];
  const counts: Record<string, number> = {};
  for await (const record of new WARCParser(createReadStream(path))) {
    const type = record.warcType ?? 'unknown';
    counts[type] = (counts[type] ?? 0) + 1;
    const uri = record.warcTargetURI;
    if (!uri) continue;
    if (type === 'revisit') revisits.push(pendingRevisit(record, uri));
    if (type !== 'response' && type !== 'resource') continue;
    const response = await storedResponse(record);
    table.set(uri, response);
    const digest = record.warcPayloadDigest;
    if (digest) byDigest.set(digest, response);
    stored.push(uri);
  }
  for (const revisit of revisits) {
    const original =
      (revisit.digest && byDigest.get(revisit.digest)) || (revisit.refersTo && table.get(revisit.refersTo));
    if (!original) continue;
    const response = { ...original, ...revisit.http, date: revisit.date ?? original.date };
    table.set(revisit.uri, response);
    stored.push(revisit.uri);
  }
  return {
    get: (url) => table.get(url),
    urls: () => [...new Set(stored)],
    counts,
  };
}

async function storedResponse(record: WARCRecord): Promise<StoredResponse> {
  const payload = new Uint8Array(await record.readFully(false));
  const date = record.warcDate ?? undefined;
  const http = record.httpHeaders;
  if (!http) {
    // A resource record: the WARC Content-Type describes the payload itself.
    const type = record.warcHeader('Content-Type') ?? 'application/octet-stream';
    return { status: 200, statusText: 'OK', headers: { 'content-type': type }, payload, date };
  }
  return { ...httpPart(record), payload, date };
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
    close: async () => undefined,
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
  const framed = te.includes('chunked') ? dechunk(hit.payload) : hit.payload;
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
