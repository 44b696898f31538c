/**
 * Hostile inputs for `npm run bench:reliability`, tried as an attacker would:
 * - raw HTTP requests against a real `daybrief serve` (a child process on 127.0.0.1): malformed Host
 *   headers and targets, odd methods, traversal in many spellings, temporaries and dotfiles, huge
 *   targets and header floods, markup in search queries. Handled: the server answers with a status,
 *   never serves anything outside the site or a temporary, reflects no markup, and stays up.
 * - hostile article pages through extraction, summarising and publishing: script, handlers,
 *   javascript: and data: URLs in every field. Handled: the built pages carry none of them.
 * - private-address fetches: the loopback spellings of issue #9 against a local server.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDemo } from '../../src/cli/demo.js';
import { extract } from '../../src/extract/index.js';
import { createLiveFetcher, FETCH_CODES } from '../../src/fetch/index.js';
import { DaybriefError } from '../../src/model/errors.js';
import type { Digest, DigestArticle } from '../../src/model/types.js';
import { buildSite } from '../../src/publish/index.js';
import { summarize } from '../../src/summarize/index.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CLI = fileURLToPath(new URL('../crash/cli.ts', import.meta.url));

export interface Tally {
  tried: number;
  handled: number;
  /** What was not handled, one line each. */
  notHandled: string[];
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  await new Promise((ok) => server.close(ok));
  return port;
}

/** Sends raw bytes, returns what came back (up to the close or `ms`). */
function raw(port: number, request: string | Buffer, ms = 3000): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect({ port, host: '127.0.0.1' });
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks).toString('latin1'));
    };
    const timer = setTimeout(done, ms);
    // Not end(): node:http drops the answer to a half-closed request; `Connection: close` ends it.
    socket.on('connect', () => socket.write(request));
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', done);
    socket.on('close', done);
  });
}

async function startServe(out: string, db: string, port: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', CLI, 'serve', '--out', out, '--db', db, '--port', String(port)],
    {
      cwd: REPO,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  child.stderr?.resume();
  for (let i = 0; i < 200; i++) {
    if (
      (await raw(port, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n', 500)).startsWith(
        'HTTP/1.1 200',
      )
    )
      return child;
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('daybrief serve did not start');
}

interface HostileRequest {
  name: string;
  bytes: string;
  /** Extra condition on the response text (status line, headers, body). */
  ok?: (response: string) => boolean;
}

const status = (response: string) => Number(/^HTTP\/1\.[01] (\d{3})/.exec(response)?.[1] ?? 0);
const notServed = (response: string) => status(response) !== 200;
const req = (target: string, headers = 'Host: 127.0.0.1\r\n', method = 'GET') =>
  `${method} ${target} HTTP/1.1\r\n${headers}Connection: close\r\n\r\n`;

function hostileRequests(): HostileRequest[] {
  return [
    { name: 'Host with a space', bytes: req('/', 'Host: a b\r\n') },
    { name: 'Host: [', bytes: req('/', 'Host: [\r\n') },
    { name: 'Host: [::1', bytes: req('/', 'Host: [::1\r\n') },
    { name: 'empty Host', bytes: req('/', 'Host:\r\n') },
    { name: 'no Host (HTTP/1.0)', bytes: 'GET / HTTP/1.0\r\n\r\n' },
    { name: 'target //[', bytes: req('//[') },
    { name: 'target //', bytes: req('//') },
    { name: 'target //evil.example/x', bytes: req('//evil.example/x') },
    { name: 'absolute-form target', bytes: req('http://evil.example/') },
    { name: 'asterisk target', bytes: req('*') },
    { name: 'OPTIONS *', bytes: req('*', 'Host: 127.0.0.1\r\n', 'OPTIONS') },
    { name: 'TRACE', bytes: req('/', 'Host: 127.0.0.1\r\n', 'TRACE') },
    { name: 'TRACK', bytes: req('/', 'Host: 127.0.0.1\r\n', 'TRACK') },
    { name: 'CONNECT', bytes: req('127.0.0.1:80', 'Host: 127.0.0.1\r\n', 'CONNECT') },
    { name: 'DELETE', bytes: req('/index.html', 'Host: 127.0.0.1\r\n', 'DELETE') },
    { name: 'PROPFIND', bytes: req('/', 'Host: 127.0.0.1\r\n', 'PROPFIND') },
    { name: 'traversal ../', bytes: req('/../secret.txt'), ok: notServed },
    { name: 'traversal %2e%2e', bytes: req('/%2e%2e/secret.txt'), ok: notServed },
    { name: 'traversal ..%2f', bytes: req('/..%2fsecret.txt'), ok: notServed },
    { name: 'traversal %2e%2e%5c', bytes: req('/%2e%2e%5csecret.txt'), ok: notServed },
    { name: 'traversal backslash', bytes: req('/..\\secret.txt'), ok: notServed },
    { name: 'traversal overlong UTF-8', bytes: req('/%c0%ae%c0%ae/secret.txt'), ok: notServed },
    { name: 'NUL in path', bytes: req('/index.html%00.txt'), ok: notServed },
    { name: 'bad escape', bytes: req('/%'), ok: notServed },
    { name: 'invalid UTF-8 escape', bytes: req('/%ff%fe') },
    { name: 'temporary in the site root', bytes: req('/.0123456789ab.tmp'), ok: notServed },
    { name: 'temporary in a topic folder', bytes: req('/baltic-grid/.0123456789ab.tmp'), ok: notServed },
    { name: 'dotfile', bytes: req('/.env'), ok: notServed },
    { name: '64 KB target', bytes: req(`/${'a'.repeat(65_536)}`) },
    { name: '300 headers', bytes: req('/', `Host: 127.0.0.1\r\n${'X-A: b\r\n'.repeat(300)}`) },
    { name: 'NUL in a header', bytes: req('/', 'Host: 127.0.0.1\r\nX-A: a\u0000b\r\n') },
    { name: 'bad method token', bytes: req('/', 'Host: 127.0.0.1\r\n', 'G@T') },
    { name: 'garbage bytes', bytes: '\u0000\u0001\u0002\u00ff\r\n\r\n' },
    {
      name: 'markup in the search page query',
      bytes: req('/search?q=%3Cscript%3Ealert(1)%3C/script%3E'),
      ok: (r) => !r.includes('<script'),
    },
    { name: 'unbalanced quote in a search', bytes: req('/api/search?q=%22') },
    { name: 'FTS syntax in a search', bytes: req('/api/search?q=NEAR(a%20b)%20OR%20*') },
    { name: 'huge paging', bytes: req('/api/search?q=grid&limit=99999999999&offset=-1') },
    { name: 'traversal in an API day', bytes: req('/api/..%2f..%2fsecret/2026-11-26'), ok: notServed },
  ];
}

/** The hostile requests against a real `daybrief serve` of the demo site. */
export async function hostileServe(): Promise<Tally> {
  const work = await mkdtemp(join(tmpdir(), 'daybrief-hostile-'));
  const out = join(work, 'site');
  const db = join(work, 'demo.sqlite');
  const tally: Tally = { tried: 0, handled: 0, notHandled: [] };
  let child: ChildProcess | undefined;
  try {
    await mkdir(out, { recursive: true });
    await buildDemo(out, { quiet: true, database: db });
    await writeFile(join(work, 'secret.txt'), 'SECRET-OUTSIDE-THE-SITE');
    // Temporaries as a crash during publishing leaves them, and a dotfile.
    await writeFile(join(out, '.0123456789ab.tmp'), 'SECRET-TEMPORARY');
    await writeFile(join(out, 'baltic-grid', '.0123456789ab.tmp'), 'SECRET-TEMPORARY');
    await writeFile(join(out, '.env'), 'SECRET-DOTFILE');
    const port = await freePort();
    child = await startServe(out, db, port);
    for (const h of hostileRequests()) {
      tally.tried++;
      const response = await raw(port, h.bytes);
      const alive = (await raw(port, req('/'), 2000)).startsWith('HTTP/1.1 200');
      const problems: string[] = [];
      if (!/^HTTP\/1\.[01] \d{3}/.test(response)) problems.push('no status line');
      // 501 is the standard answer to a method the server does not implement; other 5xx are failures.
      if (status(response) >= 500 && status(response) !== 501) problems.push(`status ${status(response)}`);
      if (response.includes('SECRET-')) problems.push('served a secret');
      if (h.ok && !h.ok(response)) problems.push(`status ${status(response)} or content not as required`);
      if (!alive) problems.push('the server died');
      if (problems.length === 0) tally.handled++;
      else tally.notHandled.push(`serve: ${h.name}: ${problems.join(', ')}`);
      if (!alive) {
        child.kill('SIGKILL');
        child = await startServe(out, db, port);
      }
    }
  } finally {
    child?.kill('SIGKILL');
    await rm(work, { recursive: true, force: true });
  }
  return tally;
}

const XSS = '"><script>alert(1)</script><img src=x onerror=alert(1)>';

function hostilePages(): Array<{ name: string; html: string; url: string }> {
  const page = (head: string, body: string) =>
    `<!doctype html><html><head>${head}</head><body><article>${body}</article></body></html>`;
  const text =
    '<p>The council met on Monday and voted on the new budget for the harbour district, officials said.</p>' +
    '<p>The plan adds two ferries and a night bus. It passed by nine votes to four after a long debate.</p>' +
    '<p>Opponents said the cost was too high. Supporters said the district had waited ten years for it.</p>';
  return [
    {
      name: 'script in the title',
      url: 'https://a.example/1',
      html: page(`<title>${XSS}</title>`, `<h1>${XSS}</h1>${text}`),
    },
    {
      name: 'markup in Open Graph fields',
      url: 'https://a.example/2',
      html: page(
        `<meta property="og:title" content='${XSS}'><meta property="og:description" content='${XSS}'><meta property="og:site_name" content='${XSS}'>`,
        text,
      ),
    },
    {
      name: 'javascript: cover image',
      url: 'https://a.example/3',
      html: page('<title>T</title><meta property="og:image" content="javascript:alert(1)">', text),
    },
    {
      name: 'data: cover image',
      url: 'https://a.example/4',
      html: page(
        '<title>T</title><meta property="og:image" content="data:text/html,<script>alert(1)</script>">',
        text,
      ),
    },
    {
      name: 'JSON-LD breaking out of its script',
      url: 'https://a.example/5',
      html: page(
        `<script type="application/ld+json">{"@type":"NewsArticle","headline":"</script><script>alert(1)</script>","author":{"name":"${XSS.replace(/"/g, '\\"')}"}}</script>`,
        text,
      ),
    },
    {
      name: 'handlers and javascript: links in the body',
      url: 'https://a.example/6',
      html: page(
        '<title>T</title>',
        `<p onclick="alert(1)">Click <a href="javascript:alert(1)">here</a> now, the council said on Monday evening.</p><svg onload=alert(1)></svg>${text}`,
      ),
    },
    {
      name: 'a javascript: article URL',
      url: 'javascript:alert(1)//https://a.example/7',
      html: page('<title>T</title>', text),
    },
    {
      name: 'markup in the byline and date',
      url: 'https://a.example/8',
      html: page(
        `<title>T</title><meta name="author" content='${XSS}'><meta property="article:published_time" content='${XSS}'>`,
        text,
      ),
    },
  ];
}

const TAG = /<([a-zA-Z][\w:-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>/g;
const ATTR = /([^\s=>/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g;
const ACTIVE_TAGS = new Set(['script', 'iframe', 'object', 'embed', 'frame', 'base']);
const URL_ATTRS = new Set(['href', 'src', 'srcset', 'action', 'formaction', 'poster', 'xlink:href']);

const unescapeEntities = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** Active content in real markup: script-like tags, on* handlers, javascript:/data: URLs in links. */
function activeContent(markup: string): string[] {
  const found: string[] = [];
  for (const tag of markup.matchAll(TAG)) {
    const name = (tag[1] ?? '').toLowerCase();
    if (ACTIVE_TAGS.has(name)) found.push(`<${name}>`);
    for (const a of (tag[2] ?? '').matchAll(ATTR)) {
      const attr = (a[1] ?? '').toLowerCase();
      const value = unescapeEntities((a[2] ?? '').replace(/^["']|["']$/g, ''))
        .replace(/[\s\p{Cc}]/gu, '')
        .toLowerCase();
      if (attr.startsWith('on')) found.push(`${name}[${attr}]`);
      if (URL_ATTRS.has(attr) && /^(javascript|vbscript|data:text)/.test(value))
        found.push(`${name}[${attr}=${value.slice(0, 30)}]`);
    }
  }
  return found;
}

/**
 * The markup a page or feed hands a browser or feed reader: pages as they are; a feed's HTML fields
 * (Atom `type="html"`, RSS `description`) as their XML text, which is a CDATA section taken as it
 * stands or escaped text unescaped once.
 */
function renderedMarkup(path: string, content: string): string {
  if (path.endsWith('.html')) return content;
  const fields = [
    ...content.matchAll(/<(content|summary|title)[^>]*type="html"[^>]*>([\s\S]*?)<\/\1>/g),
    ...content.matchAll(/<(description)>([\s\S]*?)<\/\1>/g),
  ];
  return fields.map((m) => xmlText(m[2] ?? '')).join('\n');
}

/** The text of an XML element's content: CDATA sections literally, the rest with entities decoded. */
function xmlText(raw: string): string {
  return raw
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((part) => (part.startsWith('<![CDATA[') ? part.slice(9, -3) : unescapeEntities(part)))
    .join('');
}

/** Hostile pages through extract → summarise → publish: the built site carries no active content. */
export function hostileContent(): Tally {
  const tally: Tally = { tried: 0, handled: 0, notHandled: [] };
  for (const p of hostilePages()) {
    tally.tried++;
    const r = extract(p.html, p.url, { now: new Date('2030-01-01T00:00:00Z') });
    if (r.kind !== 'article') {
      tally.handled++; // refused outright: nothing to publish
      continue;
    }
    const summary = summarize(r);
    const article: DigestArticle = {
      url: r.url,
      title: r.title,
      outlet: r.siteName ?? 'Outlet',
      summary: summary.sentences,
      summarySource: summary.source,
      paywalled: r.paywalled,
      alsoPublishedBy: [{ outlet: r.byline ?? 'x', url: r.canonicalUrl ?? r.url }],
    };
    if (r.published) article.published = r.published;
    if (r.image) article.image = r.image;
    if (r.description) article.description = r.description;
    const digest: Digest = {
      topic: { name: 'Harbour', slug: 'harbour' },
      date: '2030-01-01',
      generatedAt: '2030-01-01T08:00:00.000Z',
      stories: [{ id: 's1', title: r.title, lead: summary.sentences.slice(0, 1), articles: [article] }],
    };
    const site = buildSite({
      title: 'Hostile',
      generatedAt: '2030-01-01T08:00:00.000Z',
      topics: [{ name: 'Harbour', slug: 'harbour', days: [digest] }],
    });
    const bad: string[] = [];
    for (const [path, content] of site) {
      if (typeof content !== 'string' || !/\.(html|xml)$/.test(path)) continue;
      for (const what of activeContent(renderedMarkup(path, content))) bad.push(`${path}: ${what}`);
    }
    if (bad.length === 0) tally.handled++;
    else tally.notHandled.push(`content: ${p.name}: ${bad.slice(0, 3).join('; ')}`);
  }
  return tally;
}

/** The loopback spellings of issue #9, each a URL on `port` (127.0.0.0/8 and ::1 only). */
export function loopbackUrls(port: number): string[] {
  return [
    `http://127.0.0.1:${port}/internal`,
    `http://localhost:${port}/internal`,
    `http://[::1]:${port}/internal`,
    `http://127.1:${port}/internal`,
    `http://2130706433:${port}/internal`,
    `http://[::ffff:127.0.0.1]:${port}/internal`,
    `http://127.0.0.2:${port}/internal`,
    `http://0x7f.0.0.1:${port}/internal`,
  ];
}

export interface PrivateTally {
  total: number;
  refused: number;
  fetched: number;
  /** Whether the fetcher has the guard at all (its error code exists). */
  guard: boolean;
}

/**
 * Private-address attempts through the live fetcher: each loopback spelling directly, and a redirect
 * from one to another. Refused: a DaybriefError `FETCH_PRIVATE_ADDRESS`.
 *
 * ── PLACE FOR THE SSRF GUARD (issue #9 part 1, another branch) ──────────────────────────────────
 * Once the guard lands, add: an og:image on a loopback address through the pipeline's media copy,
 * robots.txt on one, and a name resolved to 127.0.0.1 by a test resolver (through whatever hook the
 * guard offers for lookups), and check that `fetch.allowHosts` / `--allow-host` let the allowed one
 * through. Until then this counts what the fetcher does today.
 */
export async function privateAddresses(): Promise<PrivateTally> {
  const guard = Object.values(FETCH_CODES as Record<string, string>).includes('FETCH_PRIVATE_ADDRESS');
  const servers: Server[] = [];
  const handler = createServer((req, res) => {
    if (req.url === '/redirect') {
      res.writeHead(302, { location: `http://127.0.0.1:${port}/internal` });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html><body><p>INTERNAL PAGE</p></body></html>');
  });
  servers.push(handler);
  await new Promise<void>((ok) => handler.listen(0, '127.0.0.1', ok));
  const port = (handler.address() as AddressInfo).port;
  // The same port on ::1 when the machine has IPv6 loopback (else those attempts fail to connect).
  const v6 = createServer(handler.listeners('request')[0] as Parameters<typeof createServer>[1]);
  await new Promise<void>((ok) => {
    v6.once('error', () => ok());
    v6.listen(port, '::1', () => {
      servers.push(v6);
      ok();
    });
  });
  const http = createLiveFetcher({ robots: false, perHostDelayMs: 0, retries: 0 });
  const tally: PrivateTally = { total: 0, refused: 0, fetched: 0, guard };
  try {
    for (const url of [...loopbackUrls(port), `http://127.0.0.1:${port}/redirect`]) {
      tally.total++;
      try {
        const page = await http.fetch(url);
        if (page.text.includes('INTERNAL PAGE')) tally.fetched++;
      } catch (err) {
        if (err instanceof DaybriefError && err.code === 'FETCH_PRIVATE_ADDRESS') tally.refused++;
      }
    }
  } finally {
    await http.close();
    await Promise.all(servers.map((s) => new Promise((ok) => s.close(ok))));
  }
  return tally;
}
