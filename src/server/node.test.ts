/**
 * The node:http adapter against hostile clients: raw TCP sockets send what a browser never would, and
 * after each the server must still answer a plain GET.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type Answer, fetchHandler } from './answer.js';
import { type Listening, listen, MAX_TARGET_LENGTH, parsePort } from './node.js';
import { raw } from './raw-client.test.js';
import { staticHandler } from './static.js';

let root = '';
let listening: Listening;
let port = 0;
/** The same site on the direct path (no fetch objects between the socket and the files). */
let direct: Listening;
let directPort = 0;
const logged: string[] = [];

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'daybrief-node-'));
  const site = join(root, 'site');
  await mkdir(join(site, 'nato'), { recursive: true });
  await writeFile(join(site, 'index.html'), '<h1>home</h1>');
  await writeFile(join(site, 'nato', 'feed.xml'), '<feed/>');
  await writeFile(join(site, '.env'), 'SECRET=1');
  await writeFile(join(site, 'nato', '.daybrief-1-0123456789ab.tmp'), 'half a page');
  await writeFile(join(root, 'secret.txt'), 'nope');
  const files = staticHandler(site);
  const handler = async (req: Request) => {
    const { pathname } = new URL(req.url);
    if (pathname === '/boom') throw new Error('the database said something private');
    return files(req);
  };
  listening = await listen(handler, { port: 0, log: (m) => logged.push(m) });
  port = Number(new URL(listening.url).port);
  direct = await listen(files, { port: 0, log: (m) => logged.push(m) });
  directPort = Number(new URL(direct.url).port);
});

after(() => Promise.all([listening.close(0), direct.close(0)]));

/** A normal GET still works: the server survived whatever came before. */
async function stillServes(url = listening.url): Promise<void> {
  const res = await fetch(url);
  assert.equal(res.status, 200);
  assert.equal(await res.text(), '<h1>home</h1>');
}

const CASES: Array<{ name: string; request: string; status: number; closes?: boolean; check?: RegExp }> = [
  { name: 'a Host with a space', request: 'GET / HTTP/1.1\r\nHost: a b\r\n\r\n', status: 400 },
  { name: 'Host: [', request: 'GET / HTTP/1.1\r\nHost: [\r\n\r\n', status: 400 },
  { name: 'two Host headers', request: 'GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n', status: 400 },
  { name: 'HTTP/1.1 without Host', request: 'GET / HTTP/1.1\r\n\r\n', status: 400 },
  { name: 'HTTP/1.0 without Host', request: 'GET / HTTP/1.0\r\n\r\n', status: 200, check: /<h1>home/ },
  {
    name: 'a bracketed IPv6 Host',
    request: 'GET / HTTP/1.1\r\nHost: [::1]:8080\r\nConnection: close\r\n\r\n',
    status: 200,
  },
  {
    name: 'the target //[',
    request: 'GET //[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    status: 404,
  },
  {
    name: 'an absolute-form target (its host ignored)',
    request: 'GET http://elsewhere.example/nato/feed.xml HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    status: 200,
    check: /<feed\/>/,
  },
  {
    name: 'an absolute-form target that does not parse',
    request: 'GET http://[/ HTTP/1.1\r\nHost: x\r\n\r\n',
    status: 400,
  },
  { name: 'a target in no form at all', request: 'GET index.html HTTP/1.1\r\nHost: x\r\n\r\n', status: 400 },
  {
    name: 'TRACE',
    request: 'TRACE / HTTP/1.1\r\nHost: x\r\n\r\n',
    status: 405,
    check: /allow: GET, HEAD, OPTIONS/i,
  },
  {
    name: 'POST with a body',
    request: 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc',
    status: 405,
  },
  { name: 'DELETE', request: 'DELETE /index.html HTTP/1.1\r\nHost: x\r\n\r\n', status: 405 },
  {
    name: 'CONNECT',
    request: 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n',
    status: 405,
  },
  { name: 'PROPFIND (unknown here)', request: 'PROPFIND / HTTP/1.1\r\nHost: x\r\n\r\n', status: 501 },
  { name: 'a method the parser does not know', request: 'BREW / HTTP/1.1\r\nHost: x\r\n\r\n', status: 400 },
  {
    name: 'OPTIONS *',
    request: 'OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    status: 204,
    check: /allow: GET, HEAD, OPTIONS/i,
  },
  { name: 'a garbage request line', request: 'GARBAGE\r\n\r\n', status: 400 },
  { name: 'binary noise', request: '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n', status: 400 },
  { name: 'a raw NUL in the target', request: 'GET /a\0b HTTP/1.1\r\nHost: x\r\n\r\n', status: 400 },
  { name: 'a bad header name', request: 'GET / HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n', status: 400 },
  {
    name: 'a huge header',
    request: `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    status: 431,
  },
  {
    name: 'an absurdly long URL',
    request: `GET /${'a'.repeat(MAX_TARGET_LENGTH)} HTTP/1.1\r\nHost: x\r\n\r\n`,
    status: 414,
  },
  {
    name: 'a broken percent-encoding',
    request: 'GET /%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    status: 400,
  },
  {
    name: 'an encoded NUL',
    request: 'GET /index.html%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    status: 400,
  },
  {
    name: 'an encoded .. climbing out',
    request: 'GET /%2e%2e/secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    status: 404,
  },
  {
    name: '..%2f inside a segment',
    request: 'GET /nato/..%2f..%2fsecret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    status: 404,
  },
  {
    name: 'a backslash climbing out',
    request: 'GET /nato\\..\\..\\secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    status: 404,
  },
  { name: 'a dotfile', request: 'GET /.env HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', status: 404 },
  {
    name: 'an encoded dotfile',
    request: 'GET /%2eenv HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    status: 404,
  },
  {
    name: 'a publish temporary',
    request: 'GET /nato/.daybrief-1-0123456789ab.tmp HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    status: 404,
  },
  {
    name: 'a GET with a body (answered, connection closed)',
    request: 'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello',
    status: 200,
    check: /connection: close/i,
  },
  {
    name: 'a GET with a broken chunked body',
    request: 'GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
    status: 400,
  },
  {
    name: 'Expect: 100-continue (no interim answer: no body is wanted)',
    request: 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 9\r\nExpect: 100-continue\r\n\r\n',
    status: 405,
  },
  {
    name: 'both Content-Length and Transfer-Encoding (smuggling)',
    request: 'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    status: 400,
  },
];

for (const c of CASES) {
  for (const path of ['request', 'direct'] as const) {
    test(`raw request (${path} path): ${c.name} → ${c.status}, and the server lives on`, async () => {
      const reply = await raw(path === 'direct' ? directPort : port, c.request);
      assert.equal(reply.status, c.status, reply.text.slice(0, 300));
      if (c.check) assert.match(reply.text, c.check);
      // Every refused request ends its connection (keep-alive ones are closed by `Connection: close`).
      assert.ok(reply.closed, 'the server closed the connection');
      await stillServes(path === 'direct' ? direct.url : listening.url);
    });
  }
}

test('both paths pass the validators and Accept-Encoding to the site: 304 without a body, gzip', async () => {
  await writeFile(join(root, 'site', 'page.html'), `<p>${'a day of news '.repeat(300)}</p>`);
  for (const p of [port, directPort]) {
    const first = await raw(p, 'GET /page.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    const etag = /\r\netag: ("[^"]+")\r\n/i.exec(first.text)?.[1] ?? '';
    assert.ok(etag, first.text.slice(0, 300));
    const again = await raw(
      p,
      `GET /page.html HTTP/1.1\r\nHost: x\r\nIf-None-Match: ${etag}\r\nConnection: close\r\n\r\n`,
    );
    assert.equal(again.status, 304);
    assert.ok(again.text.endsWith('\r\n\r\n'), 'no body');
    assert.doesNotMatch(again.text, /transfer-encoding/i);
    const gz = await raw(
      p,
      'GET /page.html HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n',
    );
    assert.match(gz.text, /content-encoding: gzip\r\n/i);
    const head = await raw(p, 'HEAD /page.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    assert.match(head.text, /content-length: 4207\r\n/i);
    assert.ok(head.text.endsWith('\r\n\r\n'), 'no body');
  }
});

test('on the direct path too, close lets an answer in flight finish and ends its connection', async () => {
  let release: () => void = () => undefined;
  const released = new Promise<void>((ok) => {
    release = ok;
  });
  let entered: () => void = () => undefined;
  const inHandler = new Promise<void>((ok) => {
    entered = ok;
  });
  const answer = async (): Promise<Answer> => {
    entered();
    await released;
    return { status: 200, headers: { 'content-length': '8' }, body: Buffer.from('complete') };
  };
  const handler = fetchHandler(answer);
  const server = await listen(handler, { port: 0 });
  const reply = raw(Number(new URL(server.url).port), 'GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
  await inHandler;
  const closed = server.close(10_000);
  release();
  const r = await reply;
  assert.equal(r.status, 200);
  assert.match(r.text, /connection: close/i);
  assert.ok(r.text.endsWith('\r\n\r\ncomplete'));
  assert.deepEqual(await closed, { dropped: 0 });
});

test('no malformed request was taken for an internal error', () => {
  assert.deepEqual(logged, []);
});

test('a handler that throws gives a short 500, is logged once, and the server lives on', async () => {
  logged.length = 0;
  const reply = await raw(port, 'GET /boom HTTP/1.1\r\nHost: x\r\n\r\n');
  assert.equal(reply.status, 500);
  assert.doesNotMatch(reply.text, /private/, 'the error is not shown to the client');
  assert.equal(logged.length, 1);
  assert.match(logged[0] ?? '', /GET \/boom: Error: the database said something private/);
  await stillServes();
});

test('HEAD answers the headers of the GET without a body', async () => {
  const reply = await raw(port, 'HEAD /index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.equal(reply.status, 200);
  assert.match(reply.text, /content-length: 13\r\n/i);
  assert.ok(reply.text.endsWith('\r\n\r\n'), 'no body');
});

test('a client that sends its headers too slowly is cut off (slowloris)', async () => {
  const slow = await listen(staticHandler(root), {
    port: 0,
    headersTimeoutMs: 300,
    requestTimeoutMs: 300,
    checkIntervalMs: 100,
  });
  try {
    const slowPort = Number(new URL(slow.url).port);
    const reply = await raw(slowPort, 'GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n', { waitMs: 8000 });
    assert.ok(reply.closed, 'the server closed the connection');
    assert.equal(reply.status, 408);
  } finally {
    await slow.close(0);
  }
});

test('parsePort takes 0–65535 and refuses anything else in one sentence', () => {
  assert.equal(parsePort('8080'), 8080);
  assert.equal(parsePort('0'), 0);
  assert.equal(parsePort(' 65535 '), 65535);
  for (const bad of ['abc', '70000', '-1', '', '80.5', '1e3', '0x50', '65536']) {
    assert.throws(
      () => parsePort(bad),
      (e: Error & { code?: string }) =>
        e.code === 'SERVE_BAD_PORT' && /whole number from 0 to 65535/.test(e.message),
      bad,
    );
  }
});

test('a port already in use is one sentence', async () => {
  const second = listen(staticHandler(root), { port });
  await assert.rejects(second, (e: Error & { code?: string }) => {
    return (
      e.code === 'SERVE_PORT_IN_USE' && e.message.includes(`port ${port} on 127.0.0.1 is already in use`)
    );
  });
  await stillServes();
});

test('a host that cannot be listened on is one sentence', async () => {
  await assert.rejects(
    listen(staticHandler(root), { port: 0, host: '192.0.2.1' }),
    (e: Error & { code?: string }) => e.code === 'SERVE_BAD_HOST',
  );
});

/** A server whose `/slow` answers only when the test says so. */
async function slowServer() {
  let release: () => void = () => undefined;
  const released = new Promise<void>((ok) => {
    release = ok;
  });
  let entered: () => void = () => undefined;
  const inHandler = new Promise<void>((ok) => {
    entered = ok;
  });
  const server = await listen(
    async (req) => {
      if (new URL(req.url).pathname !== '/slow') return new Response('fast');
      entered();
      await released;
      return new Response('slow and complete');
    },
    { port: 0 },
  );
  return { server, port: Number(new URL(server.url).port), release, inHandler };
}

const refused = (p: number) =>
  new Promise<string>((ok) => {
    const s = connect(p, '127.0.0.1');
    s.on('connect', () => {
      s.destroy();
      ok('accepted');
    });
    s.on('error', (err: NodeJS.ErrnoException) => ok(err.code ?? 'error'));
  });

test('close lets a request in flight finish, refuses new connections, then resolves', async () => {
  const { server, port: p, release, inHandler } = await slowServer();
  // Keep-alive on purpose: the server must end this connection itself once the answer is out.
  const reply = raw(p, 'GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
  await inHandler;
  assert.equal(server.inFlight(), 1);
  const closed = server.close(10_000);
  assert.equal(await refused(p), 'ECONNREFUSED');
  release();
  const r = await reply;
  assert.equal(r.status, 200);
  assert.match(r.text, /connection: close/i);
  assert.match(r.text, /\r\n\r\n(11\r\n)?slow and complete(\r\n0\r\n\r\n)?$/, 'the whole answer arrived');
  assert.ok(r.closed);
  assert.deepEqual(await closed, { dropped: 0 });
});

test('close ends idle keep-alive connections at once', async () => {
  const { server, port: p } = await slowServer();
  const socket = connect(p, '127.0.0.1');
  const answered = new Promise<void>((ok) => socket.once('data', () => ok()));
  const socketClosed = new Promise<void>((ok) => socket.once('close', () => ok()));
  socket.write('GET /fast HTTP/1.1\r\nHost: x\r\n\r\n');
  await answered;
  assert.deepEqual(await server.close(60_000), { dropped: 0 });
  await socketClosed;
});

test('close cuts off what is still running when the grace time is over', async () => {
  const { server, port: p, inHandler } = await slowServer();
  const reply = raw(p, 'GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
  await inHandler;
  assert.deepEqual(await server.close(50), { dropped: 1 });
  const r = await reply;
  assert.ok(r.closed);
  assert.equal(r.status, undefined, 'no answer was sent');
});
