/**
 * The node:http side of the server: turns each request into a fetch-style `Request` for a handler and
 * writes its `Response` back, inside one error boundary. Nothing a client sends can throw out of
 * here: a malformed request line or header gets a 4xx from `clientError`, a bad Host or target a 400,
 * an unsupported method a 405 or 501, a handler that throws a 500, and the server keeps running.
 */
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from 'node:http';
import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import { DaybriefError } from '../model/errors.js';
import { type Answer, type Ask, DIRECT, type SiteHandler } from './answer.js';
import { SECURITY_HEADERS } from './static.js';

/** Methods the site answers; OPTIONS only says which. */
const ALLOW = 'GET, HEAD, OPTIONS';
/** Methods HTTP defines that the site does not support (405); anything else is unknown (501). */
const KNOWN_METHODS = new Set(['POST', 'PUT', 'DELETE', 'PATCH', 'TRACE', 'CONNECT']);
/** Longest request target served; a longer one is a 414 (Node refuses over ~16 KiB of headers). */
export const MAX_TARGET_LENGTH = 8192;
/**
 * A Host header: a registered name, an IPv4 address or a bracketed IPv6 address, with an optional
 * port (RFC 9110 §7.2 / RFC 3986 §3.2.2). Empty is allowed (a target without authority).
 */
const HOST_RE =
  /^(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})*(?::\d{0,5})?$|^\[[0-9A-Fa-f:.]+\](?::\d{0,5})?$/;
const ABSOLUTE_TARGET_RE = /^https?:\/\//i;

/** Timeouts of the server, so a slow or silent client cannot hold a connection forever. */
export interface ServerTimeouts {
  /** Time to receive the request headers (slowloris), default 10 s. */
  headersTimeoutMs?: number;
  /** Time to receive the whole request, default 30 s. */
  requestTimeoutMs?: number;
  /** How long an idle keep-alive connection stays open, default 5 s. */
  keepAliveTimeoutMs?: number;
  /** A connection with no traffic either way for this long is closed (slow readers), default 60 s. */
  idleTimeoutMs?: number;
  /** How often headers and request timeouts are checked, default 1 s. */
  checkIntervalMs?: number;
}

/** Options of `listen`. */
export interface ListenOptions extends ServerTimeouts {
  port: number;
  host?: string;
  /** Where an unexpected error is reported, once per occurrence; default a line on stderr. */
  log?: (message: string) => void;
}

/** A listening server. */
export interface Listening {
  server: Server;
  /** The site's address, `http://127.0.0.1:PORT/`. */
  url: string;
  /** Requests being answered right now. */
  inFlight(): number;
  /**
   * Graceful stop: accepts no more connections, closes idle keep-alive connections at once, lets the
   * requests in flight finish for up to `graceMs` (default 10 s), then closes whatever is left.
   * Resolves once every connection is closed, with the number of requests that were cut off.
   */
  close(graceMs?: number): Promise<{ dropped: number }>;
}

/** How long `close` waits for requests in flight by default. */
export const DEFAULT_GRACE_MS = 10_000;

function stderrLog(message: string): void {
  process.stderr.write(`${new Date().toISOString()} ${message}\n`);
}

/**
 * Parses a --port value: a whole number from 0 (any free port) to 65535, else `SERVE_BAD_PORT`.
 */
export function parsePort(value: string | number): number {
  const text = String(value).trim();
  const port = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) {
    throw new DaybriefError(
      'cli',
      'SERVE_BAD_PORT',
      `--port must be a whole number from 0 to 65535, not ${JSON.stringify(String(value))}`,
    );
  }
  return port;
}

/** A listen failure as one sentence saying what to do. */
function listenError(err: unknown, host: string, port: number): DaybriefError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const where = `${host}:${port}`;
  if (code === 'EADDRINUSE') {
    return new DaybriefError(
      'cli',
      'SERVE_PORT_IN_USE',
      `port ${port} on ${host} is already in use: stop the other server or pass another --port`,
      { cause: err },
    );
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new DaybriefError(
      'cli',
      'SERVE_PORT_DENIED',
      `not allowed to listen on ${where}: pass a --port above 1023 or run with the right to bind it`,
      { cause: err },
    );
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EINVAL') {
    return new DaybriefError(
      'cli',
      'SERVE_BAD_HOST',
      `cannot listen on ${JSON.stringify(host)}: pass a --host this machine has, such as 127.0.0.1 or 0.0.0.0`,
      { cause: err },
    );
  }
  const message = err instanceof Error ? err.message : String(err);
  return new DaybriefError('cli', 'SERVE_LISTEN_FAILED', `cannot listen on ${where}: ${message}`, {
    cause: err,
  });
}

/**
 * A short plain-text answer of the adapter itself (errors, OPTIONS). After an error the connection is
 * closed: what else the client sends on it is not worth reading.
 */
function plain(res: ServerResponse, status: number, extra: Record<string, string> = {}): void {
  const body = status === 204 ? '' : `${STATUS_CODES[status] ?? 'Error'}\n`;
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    ...(status >= 400 ? { connection: 'close' } : {}),
    ...SECURITY_HEADERS,
    ...extra,
  });
  res.end(body);
}

/** How many Host headers the request carried (Node keeps only the first). */
function hostCount(req: IncomingMessage): number {
  let n = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i]?.toLowerCase() === 'host') n++;
  }
  return n;
}

/**
 * The path and query of a request target (origin form `/a?b`, or absolute form `http://h/a?b`), as
 * the WHATWG parser normalises them (dot segments, `%2e%2e` included, are resolved), or undefined
 * when it is not a target the site can answer. The Host header is never used to build the URL.
 */
function targetOf(target: string): { pathname: string; search: string } | undefined {
  try {
    if (target.startsWith('/')) {
      const url = new URL(`http://localhost${target}`);
      return { pathname: url.pathname, search: url.search };
    }
    if (ABSOLUTE_TARGET_RE.test(target)) {
      const url = new URL(target);
      return { pathname: url.pathname, search: url.search };
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** True when a GET or HEAD came with a body (which is ignored). */
function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

type Handler = SiteHandler;

/** The request headers a handler acts on (content coding and validators); the rest are not passed. */
const PASSED_HEADERS = ['accept-encoding', 'if-none-match', 'if-modified-since'] as const;

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Everything the request listener needs to know of its server. */
interface Context {
  handler: Handler;
  base: string;
  log: (message: string) => void;
  closing: () => boolean;
}

/** Writes `chunk` and waits until it is handed to the OS; false when the client went away first. */
function written(res: ServerResponse, chunk: Uint8Array): Promise<boolean> {
  return new Promise((ok) => {
    const gone = () => ok(false);
    res.once('close', gone);
    res.write(chunk, (err) => {
      res.off('close', gone);
      ok(!err);
    });
  });
}

/**
 * Writes the handler's response: status, headers, and (unless HEAD) the body, streamed with
 * backpressure. The response counts as finished only once its last byte is handed to the OS, so a
 * graceful close never cuts off an answer that is still being sent. While the server is closing, the
 * connection is not kept alive after it.
 */
async function send(ctx: Context, res: ServerResponse, response: Response, head: boolean): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    headers[key] = value;
  });
  if (ctx.closing()) headers.connection = 'close';
  const body = response.body;
  if (res.destroyed || head || !body) {
    await body?.cancel().catch(() => undefined);
    if (!res.destroyed) {
      res.writeHead(response.status, headers);
      res.end();
    }
    return;
  }
  res.writeHead(response.status, headers);
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!(await written(res, value))) return;
    }
    res.end();
  } finally {
    if (!res.writableEnded) await reader.cancel().catch(() => undefined);
  }
}

/**
 * Writes an answer of a direct path: a body in memory in one write, a stream chunk by chunk with
 * backpressure (as `send`).
 */
async function sendAnswer(ctx: Context, res: ServerResponse, answer: Answer, head: boolean): Promise<void> {
  const headers = ctx.closing() ? { ...answer.headers, connection: 'close' } : answer.headers;
  const body = answer.body;
  if (res.destroyed || head || !body) {
    if (body instanceof Readable) body.destroy();
    if (!res.destroyed) {
      res.writeHead(answer.status, headers);
      res.end();
    }
    return;
  }
  res.writeHead(answer.status, headers);
  if (!(body instanceof Readable)) {
    res.end(body);
    return;
  }
  try {
    for await (const chunk of body) {
      if (!(await written(res, chunk as Uint8Array))) return;
    }
    res.end();
  } finally {
    body.destroy();
  }
}

/** Answers one request; everything it throws is caught by `onRequest`. */
async function answer(ctx: Context, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (ctx.closing()) res.setHeader('connection', 'close');
  const method = req.method ?? '';
  const target = req.url ?? '';
  if (target.length > MAX_TARGET_LENGTH) return plain(res, 414);
  if (hostCount(req) > 1 || !HOST_RE.test(req.headers.host ?? '')) return plain(res, 400);
  if (method === 'OPTIONS') {
    if (target !== '*' && !targetOf(target)) return plain(res, 400);
    return plain(res, 204, { allow: ALLOW });
  }
  if (method !== 'GET' && method !== 'HEAD') {
    return KNOWN_METHODS.has(method) ? plain(res, 405, { allow: ALLOW }) : plain(res, 501);
  }
  const parsed = targetOf(target);
  if (!parsed) return plain(res, 400);
  // A GET with a body is answered, but the connection is not reused: its body is discarded.
  if (hasBody(req)) res.setHeader('connection', 'close');
  const direct = ctx.handler[DIRECT];
  if (direct) {
    const ask: Ask = {
      method,
      pathname: parsed.pathname,
      search: parsed.search,
      acceptEncoding: headerOf(req, 'accept-encoding'),
      ifNoneMatch: headerOf(req, 'if-none-match'),
      ifModifiedSince: headerOf(req, 'if-modified-since'),
    };
    const answered = await direct(ask);
    if (answered) return sendAnswer(ctx, res, answered, method === 'HEAD');
  }
  const url = new URL(ctx.base);
  url.pathname = parsed.pathname;
  url.search = parsed.search;
  const headers: Record<string, string> = {};
  for (const name of PASSED_HEADERS) {
    const value = headerOf(req, name);
    if (value !== undefined) headers[name] = value;
  }
  const response = await ctx.handler(new Request(url, { method, headers }));
  await send(ctx, res, response, method === 'HEAD');
}

/** The request listener: `answer` inside the error boundary. */
function onRequest(ctx: Context): (req: IncomingMessage, res: ServerResponse) => void {
  const fail = (req: IncomingMessage, res: ServerResponse, err: unknown) => {
    const what = err instanceof Error ? (err.stack ?? err.message) : String(err);
    ctx.log(`serve: internal error answering ${req.method} ${String(req.url).slice(0, 200)}: ${what}`);
    if (res.headersSent) res.destroy();
    else if (!res.destroyed) plain(res, 500);
  };
  return (req, res) => {
    try {
      answer(ctx, req, res).catch((err: unknown) => fail(req, res, err));
    } catch (err) {
      fail(req, res, err);
    }
  };
}

/** The answer to a request Node's parser refused, by its error code. */
function clientErrorStatus(code: string | undefined): number {
  if (code === 'HPE_HEADER_OVERFLOW') return 431;
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408;
  return 400;
}

/**
 * Serves a fetch-style handler over node:http on `host` (default 127.0.0.1) and `port` (0: any free
 * one). Resolves once listening; throws `SERVE_PORT_IN_USE`, `SERVE_PORT_DENIED`, `SERVE_BAD_HOST` or
 * `SERVE_LISTEN_FAILED` when it cannot.
 */
export async function listen(handler: Handler, opts: ListenOptions): Promise<Listening> {
  const host = opts.host ?? '127.0.0.1';
  const log = opts.log ?? stderrLog;
  const requestTimeout = opts.requestTimeoutMs ?? 30_000;
  let closing = false;
  const inFlight = new Set<ServerResponse>();
  /** The response being written on each socket, so a parse error after it never adds a status line. */
  const current = new WeakMap<Socket, ServerResponse>();
  const ctx: Context = { handler, base: 'http://127.0.0.1/', log, closing: () => closing };
  const listener = onRequest(ctx);

  const server = createServer(
    {
      headersTimeout: Math.min(opts.headersTimeoutMs ?? 10_000, requestTimeout),
      requestTimeout,
      keepAliveTimeout: opts.keepAliveTimeoutMs ?? 5_000,
      connectionsCheckingInterval: opts.checkIntervalMs ?? 1_000,
      requireHostHeader: true,
    },
    (req, res) => track(req, res),
  );
  const track = (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    // A client that goes away mid-request is no error of the server's (and must never be uncaught).
    req.on('error', () => undefined);
    res.on('error', () => undefined);
    inFlight.add(res);
    current.set(socket, res);
    res.once('close', () => {
      inFlight.delete(res);
      if (current.get(socket) === res) current.delete(socket);
      if (closing) server.closeIdleConnections();
    });
    listener(req, res);
  };
  // `Expect: 100-continue` gets the final answer straight away: the site never wants a request body.
  server.on('checkContinue', track);
  server.timeout = opts.idleTimeoutMs ?? 60_000;
  // A request line or header the parser refuses (or a timeout): a short answer, then the socket goes.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    const res = current.get(socket);
    if (err.code === 'ECONNRESET' || !socket.writable || res?.headersSent) {
      socket.destroy();
      return;
    }
    const status = clientErrorStatus(err.code);
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`,
      () => socket.destroy(),
    );
  });
  // CONNECT asks for a tunnel, which the site never gives.
  server.on('connect', (_req: IncomingMessage, socket: Socket) => {
    socket.on('error', () => socket.destroy());
    socket.end(
      `HTTP/1.1 405 Method Not Allowed\r\nallow: ${ALLOW}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`,
      () => socket.destroy(),
    );
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', (err) => fail(listenError(err, host, opts.port)));
    server.listen(opts.port, host, () => ok());
  });
  // After start-up a server error (an accept failing for lack of file descriptors) is reported, not fatal.
  server.on('error', (err) =>
    log(`serve: server error: ${err instanceof Error ? err.message : String(err)}`),
  );

  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${shown}:${port}/`;
  ctx.base = url;

  let closed: Promise<{ dropped: number }> | undefined;
  const close = (graceMs = DEFAULT_GRACE_MS) => {
    closed ??= new Promise((ok) => {
      closing = true;
      let dropped = 0;
      const timer = setTimeout(() => {
        dropped = inFlight.size;
        server.closeAllConnections();
      }, graceMs);
      server.close(() => {
        clearTimeout(timer);
        ok({ dropped });
      });
      server.closeIdleConnections();
    });
    return closed;
  };
  return { server, url, inFlight: () => inFlight.size, close };
}
