import assert from 'node:assert/strict';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import zlib from 'node:zlib';
import iconv from 'iconv-lite';
import { DaybriefError } from '../model/errors.js';
import type { FetcherConfig, LiveTransportOptions } from './index.js';
import { createLiveFetcher, DEFAULT_USER_AGENT, retryAfterMs } from './index.js';

interface TestServer {
  url: string;
  host: string;
  requests: IncomingMessage[];
  close(): Promise<void>;
}

const servers: TestServer[] = [];
after(() => Promise.all(servers.map((s) => s.close())));

/** A node:http server on 127.0.0.1:0 that records every request it sees. */
async function serve(handler: RequestListener): Promise<TestServer> {
  const requests: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    requests.push(req);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const s: TestServer = {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(s);
  return s;
}

/** Fast settings for tests: no spacing, no robots unless asked, tiny backoff, the test servers allowed. */
function fetcher(opts: FetcherConfig & LiveTransportOptions = {}) {
  return createLiveFetcher({
    perHostDelayMs: 0,
    backoffMs: 5,
    robots: false,
    allowHosts: ['127.0.0.1'],
    ...opts,
  });
}

async function rejectsWith(promise: Promise<unknown>, code: string, message?: RegExp) {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof DaybriefError, `expected DaybriefError, got ${String(err)}`);
    assert.equal(err.stage, 'fetch');
    assert.equal(err.code, code);
    if (message) assert.match(err.message, message);
    return true;
  });
}

function html(res: ServerResponse, body: string | Uint8Array, headers: Record<string, string> = {}) {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers });
  res.end(body);
}

describe('redirects', () => {
  test('follows a chain of redirects and reports the final URL', async () => {
    const s = await serve((req, res) => {
      if (req.url === '/a') res.writeHead(302, { location: '/b' }).end();
      else if (req.url === '/b') res.writeHead(301, { location: `${s.url}/c` }).end();
      else html(res, '<p>landed</p>');
    });
    const f = fetcher();
    const page = await f.fetch(`${s.url}/a`);
    assert.equal(page.url, `${s.url}/a`);
    assert.equal(page.finalUrl, `${s.url}/c`);
    assert.equal(page.status, 200);
    assert.equal(page.text, '<p>landed</p>');
    await f.close();
  });

  test('stops after the redirect cap with FETCH_TOO_MANY_REDIRECTS', async () => {
    const s = await serve((req, res) => {
      const n = Number(req.url?.split('/').pop());
      res.writeHead(307, { location: `/loop/${n + 1}` }).end();
    });
    const f = fetcher({ maxRedirects: 3 });
    await rejectsWith(f.fetch(`${s.url}/loop/0`), 'FETCH_TOO_MANY_REDIRECTS', /more than 3 redirects/);
    assert.equal(s.requests.length, 4);
    await f.close();
  });

  test('sameHostRedirects: follows redirects on the host, never requests another host', async () => {
    const elsewhere = await serve((_req, res) => html(res, '<p>a bot check</p>'));
    const s = await serve((req, res) => {
      if (req.url === '/a') res.writeHead(302, { location: '/b' }).end();
      else if (req.url === '/b') res.writeHead(302, { location: `${elsewhere.url}/sorry/index` }).end();
      else html(res, '<p>never</p>');
    });
    const f = fetcher();
    await assert.rejects(f.fetch(`${s.url}/a`, { sameHostRedirects: true }), (err: unknown) => {
      assert.ok(err instanceof DaybriefError);
      assert.equal(err.code, 'FETCH_REDIRECT_OFF_HOST');
      assert.equal(err.details.location, `${elsewhere.url}/sorry/index`);
      return true;
    });
    assert.deepEqual(
      s.requests.map((r) => r.url),
      ['/a', '/b'],
    );
    assert.equal(elsewhere.requests.length, 0, 'the other host was never asked');
    const followed = await f.fetch(`${s.url}/a`);
    assert.equal(followed.finalUrl, `${elsewhere.url}/sorry/index`, 'without the option it is followed');
    await f.close();
  });

  test('refuses a redirect to a non-http scheme', async () => {
    const s = await serve((_req, res) => res.writeHead(302, { location: 'ftp://files.example/x' }).end());
    const f = fetcher();
    await rejectsWith(f.fetch(`${s.url}/x`), 'FETCH_BAD_URL', /ftp:\/\/files\.example\/x/);
    await f.close();
  });
});

describe('errors', () => {
  test('404 and 500 become FETCH_HTTP_<status> with the URL in the message', async () => {
    const s = await serve((req, res) => res.writeHead(req.url === '/gone' ? 404 : 500).end('no'));
    const f = fetcher();
    await rejectsWith(
      f.fetch(`${s.url}/gone`),
      'FETCH_HTTP_404',
      /^fetch: HTTP 404 Not Found for http:\/\/127/,
    );
    await rejectsWith(
      f.fetch(`${s.url}/boom`),
      'FETCH_HTTP_500',
      /HTTP 500 Internal Server Error for .*\/boom/,
    );
    assert.equal(s.requests.length, 2, 'HTTP errors other than 429/503 are not retried');
    await f.close();
  });

  test('a server that never answers times out with FETCH_TIMEOUT', async () => {
    const s = await serve(() => {});
    const f = fetcher({ headersTimeoutMs: 200, retries: 0 });
    await rejectsWith(f.fetch(`${s.url}/slow`), 'FETCH_TIMEOUT', /timed out fetching .*\/slow/);
    await f.close();
  });

  test('a body that stalls times out with FETCH_TIMEOUT', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<p>start');
    });
    const f = fetcher({ bodyTimeoutMs: 200, retries: 0 });
    await rejectsWith(f.fetch(`${s.url}/stall`), 'FETCH_TIMEOUT');
    await f.close();
  });

  test('timeouts are retried, then the error is thrown', async () => {
    const s = await serve(() => {});
    const f = fetcher({ headersTimeoutMs: 100, retries: 2 });
    await rejectsWith(f.fetch(`${s.url}/slow`), 'FETCH_TIMEOUT');
    assert.equal(s.requests.length, 3);
    await f.close();
  });

  test('a dropped connection is retried and the retry succeeds', async () => {
    let calls = 0;
    const s = await serve((req, res) => {
      calls++;
      if (calls === 1) req.socket.destroy();
      else html(res, 'second time lucky');
    });
    const f = fetcher({ retries: 2 });
    const page = await f.fetch(`${s.url}/flaky`);
    assert.equal(page.text, 'second time lucky');
    assert.equal(calls, 2);
    await f.close();
  });

  test('a refused connection is FETCH_CONNECTION', async () => {
    const s = await serve(() => {});
    await s.close();
    const f = fetcher({ retries: 0 });
    await rejectsWith(f.fetch(`${s.url}/`), 'FETCH_CONNECTION', /ECONNREFUSED/);
    await f.close();
  });

  test('an unknown host is FETCH_DNS', async () => {
    const f = fetcher({ retries: 0 });
    await rejectsWith(f.fetch('http://no-such-host.invalid/'), 'FETCH_DNS', /no-such-host\.invalid/);
    await f.close();
  });

  test('malformed and non-http URLs are FETCH_BAD_URL', async () => {
    const f = fetcher();
    await rejectsWith(f.fetch('not a url'), 'FETCH_BAD_URL');
    await rejectsWith(f.fetch('file:///etc/passwd'), 'FETCH_BAD_URL');
    await f.close();
  });

  test('an aborted signal is FETCH_ABORTED', async () => {
    const s = await serve(() => {});
    const f = fetcher({ retries: 0 });
    const controller = new AbortController();
    const pending = f.fetch(`${s.url}/wait`, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await rejectsWith(pending, 'FETCH_ABORTED');
    await f.close();
  });
});

test('an abort while waiting for the host slot is FETCH_ABORTED', async () => {
  const s = await serve((_req, res) => html(res, 'ok'));
  const f = fetcher({ perHostDelayMs: 60_000 });
  await f.fetch(`${s.url}/first`);
  const controller = new AbortController();
  const pending = f.fetch(`${s.url}/second`, { signal: controller.signal });
  setTimeout(() => controller.abort(), 20);
  await rejectsWith(pending, 'FETCH_ABORTED', /aborted fetching .*\/second/);
  assert.equal(s.requests.length, 1);
  await f.close();
});

describe('size cap', () => {
  const chunk = Buffer.alloc(64 * 1024, 'a');

  test('a streamed body past the cap is FETCH_TOO_LARGE', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      let sent = 0;
      const more = () => {
        while (sent < 64 && res.write(chunk)) sent++;
        if (sent < 64) res.once('drain', more);
        else res.end();
      };
      more();
    });
    const f = fetcher({ maxBytes: 200_000 });
    await rejectsWith(f.fetch(`${s.url}/huge`), 'FETCH_TOO_LARGE', /exceeds 200000 bytes/);
    await f.close();
  });

  test('a Content-Length past the cap is refused before reading', async () => {
    const s = await serve((_req, res) => html(res, chunk));
    const f = fetcher();
    await rejectsWith(f.fetch(`${s.url}/big`, { maxBytes: 1000 }), 'FETCH_TOO_LARGE');
    await f.close();
  });

  test('a small gzip body that inflates past the cap is FETCH_TOO_LARGE', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(8 * 1024 * 1024));
    const s = await serve((_req, res) => html(res, bomb, { 'content-encoding': 'gzip' }));
    const f = fetcher({ maxBytes: 1024 * 1024 });
    await rejectsWith(f.fetch(`${s.url}/bomb`), 'FETCH_TOO_LARGE', /once decoded/);
    await f.close();
  });
});

describe('content encoding', () => {
  const text = '<p>Ünïcödé text repeated </p>'.repeat(50);
  const encoders: Record<string, (b: Buffer) => Buffer> = {
    gzip: zlib.gzipSync,
    br: zlib.brotliCompressSync,
    deflate: zlib.deflateSync,
  };

  for (const [name, encode] of Object.entries(encoders)) {
    test(`decodes a ${name} body and drops the content-encoding header`, async () => {
      const s = await serve((_req, res) =>
        html(res, encode(Buffer.from(text)), { 'content-encoding': name }),
      );
      const f = fetcher();
      const page = await f.fetch(`${s.url}/${name}`);
      assert.equal(page.text, text);
      assert.equal(page.headers['content-encoding'], undefined);
      assert.equal(page.headers['content-length'], String(Buffer.byteLength(text)));
      assert.equal(s.requests[0]?.headers['accept-encoding'], 'gzip, deflate, br');
      assert.equal(s.requests[0]?.headers['user-agent'], DEFAULT_USER_AGENT);
      await f.close();
    });
  }

  test('a body labelled gzip that is plain text is passed through', async () => {
    const s = await serve((_req, res) => html(res, 'plain after all', { 'content-encoding': 'gzip' }));
    const f = fetcher();
    assert.equal((await f.fetch(`${s.url}/liar`)).text, 'plain after all');
    await f.close();
  });
});

describe('charsets over HTTP', () => {
  const sample = 'Café – “naïve” déjà vu €';

  test('windows-1252 declared in the header', async () => {
    const s = await serve((_req, res) =>
      html(res, iconv.encode(`<p>${sample}</p>`, 'windows-1252'), {
        'content-type': 'text/html; charset=windows-1252',
      }),
    );
    const f = fetcher();
    const page = await f.fetch(`${s.url}/`);
    assert.equal(page.text, `<p>${sample}</p>`);
    assert.equal(page.charset, 'windows-1252');
    assert.equal(page.contentType, 'text/html');
    await f.close();
  });

  test('iso-8859-1 declared in a meta http-equiv is decoded (as its WHATWG superset)', async () => {
    const doc =
      '<html><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"></head><body>Zürich à Genève</body></html>';
    const s = await serve((_req, res) =>
      html(res, iconv.encode(doc, 'latin1'), { 'content-type': 'text/html' }),
    );
    const f = fetcher();
    const page = await f.fetch(`${s.url}/`);
    assert.equal(page.text, doc);
    assert.equal(page.charset, 'windows-1252');
    await f.close();
  });

  test('a UTF-8 BOM beats a wrong header', async () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(sample)]);
    const s = await serve((_req, res) =>
      html(res, body, { 'content-type': 'text/html; charset=iso-8859-1' }),
    );
    const f = fetcher();
    const page = await f.fetch(`${s.url}/`);
    assert.equal(page.text, sample);
    assert.equal(page.charset, 'utf-8');
    await f.close();
  });
});

describe('Retry-After', () => {
  test('a 429 with Retry-After is retried and the retry succeeds', async () => {
    let calls = 0;
    const s = await serve((_req, res) => {
      calls++;
      if (calls === 1) res.writeHead(429, { 'retry-after': '0' }).end();
      else html(res, 'welcome back');
    });
    const f = fetcher();
    const page = await f.fetch(`${s.url}/busy`);
    assert.equal(page.text, 'welcome back');
    assert.equal(calls, 2);
    await f.close();
  });

  test('503 retries are bounded', async () => {
    const s = await serve((_req, res) => res.writeHead(503, { 'retry-after': '0' }).end());
    const f = fetcher({ statusRetries: 2 });
    await rejectsWith(f.fetch(`${s.url}/down`), 'FETCH_HTTP_503', /Retry-After: 0/);
    assert.equal(s.requests.length, 3);
    await f.close();
  });

  test('a Retry-After beyond the limit fails at once', async () => {
    const s = await serve((_req, res) => res.writeHead(429, { 'retry-after': '3600' }).end());
    const f = fetcher({ maxRetryAfterMs: 1000 });
    await rejectsWith(f.fetch(`${s.url}/later`), 'FETCH_HTTP_429', /Too Many Requests .*Retry-After: 3600/);
    assert.equal(s.requests.length, 1);
    await f.close();
  });

  test('retryAfterMs reads seconds and HTTP dates', () => {
    const now = Date.parse('2024-01-01T00:00:00Z');
    assert.equal(retryAfterMs('120', now), 120_000);
    assert.equal(retryAfterMs('Mon, 01 Jan 2024 00:00:30 GMT', now), 30_000);
    assert.equal(retryAfterMs('Sun, 31 Dec 2023 00:00:00 GMT', now), 0);
    assert.equal(retryAfterMs('soon', now), undefined);
    assert.equal(retryAfterMs(undefined, now), undefined);
  });
});

describe('robots.txt', () => {
  test('disallowed paths are refused and robots.txt is fetched once per origin', async () => {
    const s = await serve((req, res) => {
      if (req.url === '/robots.txt') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('User-agent: *\nDisallow: /private\n\nUser-agent: otherbot\nDisallow: /\n');
      } else html(res, `page ${req.url}`);
    });
    const f = fetcher({ robots: true });
    assert.equal((await f.fetch(`${s.url}/public/1`)).text, 'page /public/1');
    await rejectsWith(
      f.fetch(`${s.url}/private/2`),
      'FETCH_ROBOTS_DISALLOWED',
      /robots\.txt of http:\/\/127.* disallows .*\/private\/2/,
    );
    assert.equal((await f.fetch(`${s.url}/public/3`)).text, 'page /public/3');
    const paths = s.requests.map((r) => r.url);
    assert.deepEqual(paths, ['/robots.txt', '/public/1', '/public/3']);
    await f.close();
  });

  for (const status of [404, 500]) {
    test(`a robots.txt answering ${status} allows everything`, async () => {
      const s = await serve((req, res) => {
        if (req.url === '/robots.txt') res.writeHead(status).end('Disallow: /');
        else html(res, 'allowed');
      });
      const f = fetcher({ robots: true, statusRetries: 0 });
      assert.equal((await f.fetch(`${s.url}/x`)).text, 'allowed');
      await f.close();
    });
  }
});

describe('politeness', () => {
  test('one request at a time per host', async () => {
    let active = 0;
    let maxActive = 0;
    const s = await serve(async (_req, res) => {
      active++;
      maxActive = Math.max(maxActive, active);
      await delay(15);
      active--;
      html(res, 'ok');
    });
    const f = fetcher({ concurrency: 8 });
    await Promise.all(Array.from({ length: 6 }, (_, i) => f.fetch(`${s.url}/p${i}`)));
    assert.equal(s.requests.length, 6);
    assert.equal(maxActive, 1);
    await f.close();
  });

  test('the global limit caps requests in flight across hosts', async () => {
    let active = 0;
    let maxActive = 0;
    const handler: RequestListener = async (_req, res) => {
      active++;
      maxActive = Math.max(maxActive, active);
      await delay(15);
      active--;
      html(res, 'ok');
    };
    const hosts = await Promise.all([serve(handler), serve(handler), serve(handler), serve(handler)]);
    const f = fetcher({ concurrency: 2 });
    await Promise.all(hosts.flatMap((h) => [f.fetch(`${h.url}/a`), f.fetch(`${h.url}/b`)]));
    assert.ok(maxActive <= 2, `saw ${maxActive} in flight`);
    assert.equal(
      hosts.reduce((n, h) => n + h.requests.length, 0),
      8,
    );
    await f.close();
  });
});

describe('conditional requests', () => {
  test('validators are sent and a 304 comes back as a Page', async () => {
    const s = await serve((req, res) => {
      const fresh = req.headers['if-none-match'] === '"v1"' || req.headers['if-modified-since'] !== undefined;
      if (fresh) res.writeHead(304, { etag: '"v1"' }).end();
      else html(res, 'full body', { etag: '"v1"', 'last-modified': 'Mon, 01 Jan 2024 00:00:00 GMT' });
    });
    const f = fetcher();
    const first = await f.fetch(`${s.url}/doc`);
    assert.equal(first.status, 200);
    assert.equal(first.headers.etag, '"v1"');
    const byEtag = await f.fetch(`${s.url}/doc`, { etag: first.headers.etag });
    assert.equal(byEtag.status, 304);
    assert.equal(byEtag.text, '');
    const byDate = await f.fetch(`${s.url}/doc`, { lastModified: first.headers['last-modified'] });
    assert.equal(byDate.status, 304);
    assert.equal(s.requests[1]?.headers['if-none-match'], '"v1"');
    assert.equal(s.requests[2]?.headers['if-modified-since'], 'Mon, 01 Jan 2024 00:00:00 GMT');
    await f.close();
  });
});

describe('POST', () => {
  test('sends the body and headers, and follows a 303 as a GET', async () => {
    const seen: string[] = [];
    const s = await serve((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString();
      });
      req.on('end', () => {
        seen.push(`${req.method} ${req.url} ${req.headers['content-type'] ?? ''} ${body}`);
        if (req.url === '/batch') {
          res.writeHead(303, { location: '/result' });
          res.end();
        } else {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end(`answer to ${req.method}`);
        }
      });
    });
    const http = fetcher();
    const page = await http.fetch(`${s.url}/batch`, {
      method: 'POST',
      body: 'f.req=%5B%5D',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    await http.close();
    assert.equal(page.text, 'answer to GET');
    assert.deepEqual(seen, ['POST /batch application/x-www-form-urlencoded f.req=%5B%5D', 'GET /result  ']);
  });
});
