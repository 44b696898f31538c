import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { STATUS_CODES } from 'node:http';
import { gzipSync } from 'node:zlib';
import { WARCRecord, WARCSerializer } from 'warcio';
import { fetchError } from './errors.js';
import type { Transport, TransportRequest, TransportResponse } from './transport.js';

const WARC_VERSION = 'WARC/1.1';
const SOFTWARE = 'daybrief/0.1';
const GZIP_EXT_RE = /\.gz$/i;
const DEFAULT_CONTENT_TYPE = 'text/html; charset=utf-8';

/** One response to put in an archive. */
export interface WarcEntry {
  url: string;
  /** Default 200. */
  status?: number;
  /** Default: the standard reason phrase. */
  statusText?: string;
  /** Response headers; default `content-type: text/html; charset=utf-8`. Content-Length is set. */
  headers?: Record<string, string>;
  /** Strings are stored as UTF-8. */
  body: Uint8Array | string;
  /** ISO 8601 capture time; default now. */
  date?: string;
}

/** Appends WARC records to a file, one gzip member per record when the name ends in `.gz`. */
export class WarcWriter {
  readonly #file: FileHandle;
  readonly #gzip: boolean;
  /** Writes happen one after another, in call order, so records never interleave. */
  #tail: Promise<void> = Promise.resolve();

  private constructor(file: FileHandle, gzip: boolean) {
    this.#file = file;
    this.#gzip = gzip;
  }

  /** Creates (or truncates) `path` and writes the warcinfo record. */
  static async create(path: string): Promise<WarcWriter> {
    const writer = new WarcWriter(await open(path, 'w'), GZIP_EXT_RE.test(path));
    const info = await WARCRecord.createWARCInfo(
      { filename: path.split('/').pop() ?? path, warcVersion: WARC_VERSION },
      { software: SOFTWARE, format: 'WARC File Format 1.1' },
    );
    await writer.#append(info);
    return writer;
  }

  /** Writes a response record. */
  writeResponse(entry: WarcEntry): Promise<void> {
    return this.#enqueue(() => responseRecord(entry));
  }

  /** Writes the request record and the response record of one exchange. */
  writeExchange(req: TransportRequest, res: TransportResponse): Promise<void> {
    return this.#enqueue(async () => {
      const date = res.fetchedAt ?? new Date().toISOString();
      const response = responseRecord({ ...res, date });
      const id = response.warcHeaders.headers.get('WARC-Record-ID') ?? '';
      return [requestRecord(req, date, id), response];
    });
  }

  /** Waits for pending writes and closes the file. */
  async close(): Promise<void> {
    await this.#tail;
    await this.#file.close();
  }

  #enqueue(make: () => WARCRecord | Promise<WARCRecord | WARCRecord[]>): Promise<void> {
    const run = async () => {
      const made = await make();
      for (const record of Array.isArray(made) ? made : [made]) await this.#append(record);
    };
    const next = this.#tail.then(run);
    // A failed write must not wedge later ones; the caller still sees its own failure.
    this.#tail = next.catch(() => undefined);
    return next;
  }

  async #append(record: WARCRecord): Promise<void> {
    // One gzip member per record, compressed by node's zlib (warcio's own gzip is pure JS and slow).
    const bytes = await WARCSerializer.serialize(record, { gzip: false });
    await this.#file.write(this.#gzip ? gzipSync(bytes) : bytes);
  }
}

function toBytes(body: Uint8Array | string): Uint8Array {
  return typeof body === 'string' ? new TextEncoder().encode(body) : body;
}

function responseRecord(entry: WarcEntry): WARCRecord {
  const status = entry.status ?? 200;
  const reason = entry.statusText || STATUS_CODES[status] || '';
  const body = toBytes(entry.body);
  const headers: Record<string, string> = { 'content-type': DEFAULT_CONTENT_TYPE, ...entry.headers };
  headers['content-length'] = String(body.length);
  return WARCRecord.create(
    {
      url: entry.url,
      date: entry.date ?? new Date().toISOString(),
      type: 'response',
      warcVersion: WARC_VERSION,
      statusline: `HTTP/1.1 ${status} ${reason}`.trimEnd(),
      httpHeaders: headers,
    },
    [body],
  );
}

function requestRecord(req: TransportRequest, date: string, concurrentTo: string): WARCRecord {
  const url = new URL(req.url);
  return WARCRecord.create(
    {
      url: req.url,
      date,
      type: 'request',
      warcVersion: WARC_VERSION,
      warcHeaders: concurrentTo ? { 'WARC-Concurrent-To': concurrentTo } : {},
      statusline: `${req.method ?? 'GET'} ${url.pathname}${url.search} HTTP/1.1`,
      httpHeaders: { host: url.host, ...req.headers },
    },
    req.body === undefined ? undefined : [new TextEncoder().encode(req.body)],
  );
}

/** Writes `entries` as a WARC (gzip-compressed when `path` ends in `.gz`), in order. */
export async function buildWarc(entries: Iterable<WarcEntry>, path: string): Promise<void> {
  const writer = await WarcWriter.create(path);
  try {
    for (const entry of entries) await writer.writeResponse(entry);
  } finally {
    await writer.close();
  }
}

/**
 * Wraps a transport so that every exchange it answers (any status) is appended to a WARC at
 * `path`, which the replay transport can answer from later. Failures (timeouts, refused
 * connections) are not recorded: they have no response to store. The file is created at once;
 * an error creating it surfaces on the first request and on close.
 */
export function createRecordingTransport(inner: Transport, path: string): Transport {
  const writer = WarcWriter.create(path);
  // Observed here so that a failure is not "unhandled" before anyone awaits it.
  writer.catch(() => undefined);
  return {
    async request(req) {
      const res = await inner.request(req);
      try {
        await (await writer).writeExchange(req, res);
      } catch (err) {
        throw fetchError('FETCH_RECORD_FAILED', `cannot record ${req.url} to ${path}`, req.url, {
          cause: err,
        });
      }
      return res;
    },
    async close() {
      const results = await Promise.allSettled([inner.close(), writer.then((w) => w.close())]);
      const failed = results.find((r) => r.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
}
