/**
 * The SSRF guard against real undici and real servers on loopback: every hostile request must be
 * refused before any connection (the servers count what reaches them), and allow-listed hosts work.
 * Only 127.0.0.1 and ::1 are ever connected to; the "public" addresses in the resolvers below are
 * never reached, because the guard refuses before connecting or the test stops at the check.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { IncomingMessage, RequestListener } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { buildConnector } from 'undici';
import { DaybriefError } from '../model/errors.js';
import type { LookupFunction } from './address-guard.js';
import { AddressGuard } from './address-guard.js';
import type { FetcherConfig, LiveTransportOptions } from './index.js';
import { createLiveFetcher, loadWarc } from './index.js';

interface TestServer {
  port: number;
  /** http://127.0.0.1:PORT */
  url: string;
  requests: IncomingMessage[];
  close(): Promise<void>;
}

const servers: TestServer[] = [];
after(() => Promise.all(servers.map((s) => s.close())));

/** A server on 127.0.0.1 (and on ::1 with the same port when `v6`) that records what reaches it. */
async function serve(
  handler: RequestListener = (_req, res) => res.end('secret'),
  v6 = false,
): Promise<TestServer> {
  const requests: IncomingMessage[] = [];
  const listener: RequestListener = (req, res) => {
    requests.push(req);
    handler(req, res);
  };
  const v4 = createServer(listener);
  await new Promise<void>((ok) => v4.listen(0, '127.0.0.1', ok));
  const { port } = v4.address() as AddressInfo;
  const all = [v4];
  if (v6) {
    const s6 = createServer(listener);
    await new Promise<void>((ok, fail) => s6.once('error', fail).listen(port, '::1', ok)).catch(() => {});
    if (s6.listening) all.push(s6);
  }
  const s: TestServer = {
    port,
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      Promise.all(
        all.map(
          (srv) =>
            new Promise<void>((ok) => {
              srv.closeAllConnections();
              srv.close(() => ok());
            }),
        ),
      ).then(() => {}),
  };
  servers.push(s);
  return s;
}

/** A resolver from a table; each name may answer differently on each call (the last answer repeats). */
function resolver(table: Record<string, string[][]>) {
  const calls: string[] = [];
  const lookup: LookupFunction = (hostname, options, callback) => {
    calls.push(hostname);
    const answers = table[hostname];
    if (!answers) {
      const err: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
      err.code = 'ENOTFOUND';
      return callback(err, '');
    }
    const seen = calls.filter((c) => c === hostname).length;
    const addresses = answers[Math.min(seen, answers.length) - 1] ?? [];
    const list = addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    if (options.all) return callback(null, list);
    return callback(null, list[0]?.address ?? '', list[0]?.family);
  };
  return { lookup, calls };
}

function fetcher(opts: FetcherConfig & LiveTransportOptions = {}) {
  return createLiveFetcher({ perHostDelayMs: 0, backoffMs: 0, retries: 0, robots: false, ...opts });
}

/** Tallies of hostile attempts over this file; the last test prints and checks them. */
const tally = { tried: 0, refused: 0 };

async function mustRefuse(promise: Promise<unknown>, pattern?: RegExp): Promise<DaybriefError> {
  tally.tried++;
  let caught: unknown;
  try {
    await promise;
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof DaybriefError, `expected FETCH_PRIVATE_ADDRESS, got ${String(caught)}`);
  assert.equal(caught.code, 'FETCH_PRIVATE_ADDRESS', caught.message);
  if (pattern) assert.match(caught.message, pattern);
  tally.refused++;
  return caught;
}

describe('loopback spellings', () => {
  test('the six spellings (and more) are refused without a connection; allow-listed 127.0.0.1:PORT works', async () => {
    const s = await serve(undefined, true);
    const f = fetcher();
    const p = s.port;
    const spellings = [
      `http://127.0.0.1:${p}/`,
      `http://localhost:${p}/`,
      `http://[::1]:${p}/`,
      `http://127.1:${p}/`,
      `http://2130706433:${p}/`,
      `http://[::ffff:127.0.0.1]:${p}/`,
      `http://0x7f.1:${p}/`,
      `http://017700000001:${p}/`,
      `http://[::ffff:7f00:1]:${p}/`,
      `http://0.0.0.0:${p}/`,
      `http://0:${p}/`,
      `http://[::]:${p}/`,
      `http://user:pw@127.0.0.1:${p}/`,
    ];
    for (const url of spellings) await mustRefuse(f.fetch(url), /daybrief fetches only public addresses/);
    await f.close();
    assert.equal(s.requests.length, 0, 'no request reached the server');

    const allowed = fetcher({ allowHosts: [`127.0.0.1:${p}`] });
    const page = await allowed.fetch(`http://127.0.0.1:${p}/ok`);
    assert.equal(page.text, 'secret');
    // 127.1 is the same host once the URL parser has read it.
    assert.equal((await allowed.fetch(`http://127.1:${p}/ok`)).status, 200);
    // The entry names the host and port: other loopback names and ports stay refused.
    await mustRefuse(allowed.fetch(`http://localhost:${p}/`));
    await mustRefuse(allowed.fetch(`http://[::1]:${p}/`));
    await mustRefuse(allowed.fetch(`http://127.0.0.1:${p === 65535 ? p - 1 : p + 1}/`));
    await allowed.close();
    assert.equal(s.requests.length, 2);
  });
});

describe('names', () => {
  test('a name that resolves to 127.0.0.1 through the resolver is refused; allow-listed by name it works', async () => {
    const s = await serve();
    const { lookup } = resolver({
      'feeds.test': [['127.0.0.1']],
      'v6.test': [['::1']],
      'mapped.test': [['::ffff:127.0.0.1']],
    });
    const f = fetcher({ lookup });
    await mustRefuse(
      f.fetch(`http://feeds.test:${s.port}/feed.xml`),
      /feeds\.test resolves to 127\.0\.0\.1, a loopback address/,
    );
    await mustRefuse(f.fetch(`http://v6.test:${s.port}/`));
    await mustRefuse(f.fetch(`http://mapped.test:${s.port}/`));
    await f.close();
    assert.equal(s.requests.length, 0);

    const allowed = fetcher({ lookup, allowHosts: [`feeds.test:${s.port}`] });
    assert.equal((await allowed.fetch(`http://feeds.test:${s.port}/feed.xml`)).text, 'secret');
    await allowed.close();
    assert.equal(s.requests.length, 1);
    assert.equal(s.requests[0]?.headers.host, `feeds.test:${s.port}`);
  });

  test('DNS rebinding: a public answer at the check and 127.0.0.1 at connect time is refused at connect', async () => {
    const s = await serve();
    // First answer (the check before the request): public. Second (the socket's own lookup): loopback.
    const { lookup, calls } = resolver({ 'rebind.test': [['93.184.215.14'], ['127.0.0.1']] });
    const f = fetcher({ lookup });
    const err = await mustRefuse(f.fetch(`http://rebind.test:${s.port}/admin`), /resolves to 127\.0\.0\.1/);
    assert.equal(err.details.url, `http://rebind.test:${s.port}/admin`);
    assert.deepEqual(calls, ['rebind.test', 'rebind.test'], 'checked before the request, then at connect');
    await f.close();
    assert.equal(s.requests.length, 0);
  });

  test('a refusal is not retried', async () => {
    const s = await serve();
    const { lookup, calls } = resolver({ 'rebind.test': [['93.184.215.14'], ['127.0.0.1']] });
    const f = createLiveFetcher({ perHostDelayMs: 0, backoffMs: 0, retries: 3, robots: false, lookup });
    await mustRefuse(f.fetch(`http://rebind.test:${s.port}/`));
    await f.close();
    assert.equal(calls.length, 2, 'one check before the request, one at connect, no retry');
    assert.equal(s.requests.length, 0);
  });

  test('a resolver that never answers is bounded by the request timeouts', async () => {
    const silent: LookupFunction = () => {};
    const f = fetcher({ lookup: silent, headersTimeoutMs: 200, totalTimeoutMs: 300 });
    await assert.rejects(
      f.fetch('http://silent.test/'),
      (err: unknown) => err instanceof DaybriefError && err.code === 'FETCH_TIMEOUT',
    );
    await f.close();
  });

  test('an unknown name is still FETCH_DNS', async () => {
    const f = fetcher({ lookup: resolver({}).lookup });
    await assert.rejects(
      f.fetch('http://nowhere.test/'),
      (err: unknown) => err instanceof DaybriefError && err.code === 'FETCH_DNS',
    );
    await f.close();
  });
});

describe('redirects', () => {
  test('a redirect from an allowed server to a private address is refused at that hop', async () => {
    const inside = await serve();
    const { lookup } = resolver({ 'internal.test': [['127.0.0.1']] });
    const targets: Record<string, string> = {
      '/to-ip': `http://127.0.0.1:${inside.port}/secret`,
      '/to-localhost': `http://localhost:${inside.port}/secret`,
      '/to-numeric': `http://2130706433:${inside.port}/secret`,
      '/to-mapped': `http://[::ffff:127.0.0.1]:${inside.port}/secret`,
      '/to-name': `http://internal.test:${inside.port}/secret`,
      '/to-metadata': 'http://169.254.169.254/latest/meta-data/',
      '/to-creds': `http://admin:hunter2@127.0.0.1:${inside.port}/secret`,
      '/twice': '/to-ip',
    };
    const outside = await serve((req, res) => {
      const to = targets[req.url ?? ''];
      if (to) res.writeHead(302, { location: to }).end();
      else res.end('public page');
    });
    const f = fetcher({ lookup, allowHosts: [`127.0.0.1:${outside.port}`] });
    for (const path of Object.keys(targets)) {
      const err = await mustRefuse(f.fetch(`${outside.url}${path}`));
      assert.ok(err.message.endsWith(`(redirected from ${outside.url}${path})`), err.message);
      assert.doesNotMatch(err.message, /hunter2/);
    }
    assert.equal((await f.fetch(`${outside.url}/page`)).text, 'public page');
    await f.close();
    assert.equal(inside.requests.length, 0);
  });
});

describe('robots.txt', () => {
  test('robots.txt of a private host is not fetched, neither directly nor after a redirect', async () => {
    const inside = await serve((req, res) =>
      res.end(req.url === '/robots.txt' ? 'User-agent: *\nAllow: /\n' : 'x'),
    );
    const outside = await serve((req, res) => {
      if (req.url === '/robots.txt') res.writeHead(404).end();
      else res.writeHead(301, { location: `http://localhost:${inside.port}/page` }).end();
    });
    const f = fetcher({ robots: true, allowHosts: [`127.0.0.1:${outside.port}`] });
    await mustRefuse(f.fetch(`${inside.url}/page`));
    await mustRefuse(f.fetch(`http://localhost:${inside.port}/page`));
    await mustRefuse(f.fetch(`${outside.url}/go`));
    await f.close();
    assert.equal(inside.requests.length, 0);
    assert.deepEqual(
      outside.requests.map((r) => r.url),
      ['/robots.txt', '/go'],
    );
  });
});

describe('the connector', () => {
  function connect(guard: AddressGuard, hostname: string, port: number) {
    const connector = guard.connector((lookup) => buildConnector({ timeout: 2000, lookup }));
    return new Promise<void>((resolve, reject) =>
      connector({ hostname, protocol: 'http:', port: String(port) }, (err, socket) => {
        socket?.destroy();
        if (err) reject(err);
        else resolve();
      }),
    );
  }

  test('refuses IP literals itself, since net.connect does no lookup for them', async () => {
    const s = await serve();
    let connections = 0;
    const probe = createServer();
    probe.on('connection', (sock) => {
      connections++;
      sock.destroy();
    });
    await new Promise<void>((ok) => probe.listen(0, '127.0.0.1', ok));
    const { port } = probe.address() as AddressInfo;
    const guard = new AddressGuard();
    await mustRefuse(connect(guard, '127.0.0.1', port));
    await mustRefuse(connect(guard, '::ffff:127.0.0.1', port));
    await mustRefuse(connect(guard, 'localhost', port));
    await connect(new AddressGuard({ allowHosts: [`127.0.0.1:${port}`] }), '127.0.0.1', port);
    await new Promise<void>((ok) => probe.close(() => ok()));
    assert.equal(connections, 1, 'only the allowed connection was made');
    assert.equal(s.requests.length, 0);
  });

  test('checks the connected peer too, should a lookup ever bypass the guard', async () => {
    const s = await serve();
    const sneaky: LookupFunction = (_host, options, callback) =>
      options.all ? callback(null, [{ address: '127.0.0.1', family: 4 }]) : callback(null, '127.0.0.1', 4);
    const guard = new AddressGuard();
    // A build that ignores the guarded lookup it is given: only the peer check remains.
    const connector = guard.connector(() => buildConnector({ timeout: 2000, lookup: sneaky }));
    await mustRefuse(
      new Promise<void>((resolve, reject) =>
        connector({ hostname: 'sneaky.test', protocol: 'http:', port: String(s.port) }, (err, socket) => {
          socket?.destroy();
          if (err) reject(err);
          else resolve();
        }),
      ),
      /sneaky\.test resolves to 127\.0\.0\.1/,
    );
    assert.equal(s.requests.length, 0, 'no request was sent on the refused socket');
  });
});

describe('credentials in URLs', () => {
  test('are dropped before the request, from the page, the redirect target, errors and the WARC', async () => {
    const s = await serve((req, res) => {
      if (req.url === '/go')
        res.writeHead(302, { location: `http://bob:hunter2@127.0.0.1:${s.port}/landed` }).end();
      else if (req.url === '/missing') res.writeHead(404).end();
      else res.end(`auth=${req.headers.authorization ?? 'none'}`);
    });
    const dir = await mkdtemp(join(tmpdir(), 'daybrief-ssrf-'));
    const record = join(dir, 'r.warc');
    try {
      const f = fetcher({ allowHosts: [`127.0.0.1:${s.port}`], record });
      const page = await f.fetch(`http://alice:s3cret@127.0.0.1:${s.port}/go`);
      assert.equal(page.url, `http://127.0.0.1:${s.port}/go`);
      assert.equal(page.finalUrl, `http://127.0.0.1:${s.port}/landed`);
      assert.equal(page.text, 'auth=none');
      await assert.rejects(f.fetch(`http://alice:s3cret@127.0.0.1:${s.port}/missing`), (err: unknown) => {
        assert.ok(err instanceof DaybriefError);
        assert.equal(err.code, 'FETCH_HTTP_404');
        assert.doesNotMatch(`${err.message} ${JSON.stringify(err.details)}`, /s3cret|alice/);
        return true;
      });
      await f.close();
      // The archive keeps what the server sent (its Location header), but no URL of ours has credentials.
      const warc = await readFile(record, 'latin1');
      assert.doesNotMatch(warc, /s3cret|alice/);
      const targets = warc.split('\r\n').filter((line) => line.startsWith('WARC-Target-URI:'));
      assert.equal(targets.length, 6);
      for (const line of targets) assert.doesNotMatch(line, /@/);
      assert.equal((await loadWarc(record)).counts.response, 3);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

test('every hostile attempt in this file was refused', (t) => {
  t.diagnostic(`private-address attempts refused ${tally.refused}/${tally.tried}`);
  assert.ok(tally.tried >= 30);
  assert.equal(tally.refused, tally.tried);
});
