/**
 * Serving benchmark (npm run bench:serve): builds the bundled demo into a temporary folder, starts
 * `daybrief serve` on it in a child process and nginx (when installed) on the same folder, and loads
 * both with autocannon: a day page on each, then the search page on daybrief (nginx cannot search).
 * Every request says `Accept-Encoding: gzip, deflate, br`, as browsers do. Prints requests per
 * second, p50/p99 latency, errors and timeouts, and daybrief's share of nginx's throughput.
 *
 *   npm run bench:serve -- --duration 20 --connections 200
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildDemo } from '../src/cli/demo.js';

const NGINX = '/usr/sbin/nginx';
const DAYBRIEF = join(import.meta.dirname, '..', 'bin', 'daybrief.js');
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const HEADERS = { 'accept-encoding': 'gzip, deflate, br' };

interface Result {
  requests: { average: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<Result>;

const { values } = parseArgs({
  options: { duration: { type: 'string', default: '20' }, connections: { type: 'string', default: '200' } },
});
const duration = Number(values.duration);
const connections = Number(values.connections);

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => ok(port));
    });
  });
}

/** Resolves once `url` answers 200 (the server is up), failing after `ms`. */
async function ready(url: string, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  let last = 'no answer';
  for (;;) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.ok) return;
      last = `status ${res.status}`;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`${url} did not answer 200 within ${ms / 1000} s (${last})`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

/** A day page of the built site: the newest day of the first topic. */
function dayPage(site: string): string {
  for (const topic of readdirSync(site).sort()) {
    const dir = join(site, topic);
    if (topic.startsWith('.') || !existsSync(join(dir, 'index.html'))) continue;
    const days = readdirSync(dir)
      .filter((d) => DATE_RE.test(d) && existsSync(join(dir, d, 'index.html')))
      .sort();
    const last = days.at(-1);
    if (last) return `/${topic}/${last}/`;
  }
  throw new Error(`no day page in ${site}`);
}

async function startDaybrief(site: string, db: string): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [DAYBRIEF, 'serve', '--out', site, '--db', db, '--port', String(port), '--host', '127.0.0.1'],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const url = `http://127.0.0.1:${port}`;
  await ready(`${url}/`);
  return { child, url };
}

async function startNginx(site: string, work: string): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const conf = join(work, 'nginx.conf');
  const tmp = join(work, 'nginx-tmp');
  await writeFile(
    conf,
    `daemon off;
${process.getuid?.() === 0 ? 'user root;' : ''}
worker_processes 1;
pid ${join(work, 'nginx.pid')};
error_log ${join(work, 'nginx-error.log')};
events { worker_connections 4096; }
http {
  access_log off;
  include /etc/nginx/mime.types;
  client_body_temp_path ${tmp}; proxy_temp_path ${tmp}; fastcgi_temp_path ${tmp};
  uwsgi_temp_path ${tmp}; scgi_temp_path ${tmp};
  sendfile on;
  keepalive_requests 100000;
  gzip on;
  gzip_types text/css application/json application/atom+xml application/rss+xml image/svg+xml text/plain;
  gzip_vary on;
  server { listen 127.0.0.1:${port}; root ${site}; }
}
`,
  );
  const child = spawn(NGINX, ['-c', conf, '-p', work], { stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  await ready(`${url}/`);
  return { child, url };
}

async function load(autocannon: Autocannon, name: string, url: string): Promise<Result> {
  // One request first, so neither server is measured compressing or reading a file the first time.
  await (await fetch(url, { headers: HEADERS })).arrayBuffer();
  const r = await autocannon({ url, connections, duration, headers: HEADERS });
  const faults = r.errors + r.timeouts + r.non2xx;
  console.log(
    `${name.padEnd(22)} ${Math.round(r.requests.average).toLocaleString('en')} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, errors ${r.errors}, timeouts ${r.timeouts}, non-2xx ${r.non2xx}${faults ? ' !' : ''}`,
  );
  return r;
}

const stop = (child?: ChildProcess) => {
  if (child && child.exitCode === null) child.kill('SIGTERM');
};

async function main(): Promise<void> {
  const autocannon = (await import('autocannon' as string)).default as Autocannon;
  const work = await mkdtemp(join(tmpdir(), 'daybrief-bench-serve-'));
  const site = join(work, 'site');
  const db = join(work, 'demo.sqlite');
  let ours: ChildProcess | undefined;
  let nginx: ChildProcess | undefined;
  try {
    await buildDemo(site, { quiet: true, database: db });
    const page = dayPage(site);
    const daybrief = await startDaybrief(site, db);
    ours = daybrief.child;
    const topics = (await (await fetch(`${daybrief.url}/api/topics`)).json()) as {
      topics: { name: string }[];
    };
    const word = (topics.topics[0]?.name ?? 'news').split(/\s+/)[0]?.toLowerCase() ?? 'news';
    const search = `/search?q=${encodeURIComponent(word)}`;
    console.log(
      `bench:serve: ${connections} connections for ${duration} s each; day page ${page}, search ${search}`,
    );
    const day = await load(autocannon, 'daybrief day page', `${daybrief.url}${page}`);
    let theirs: Result | undefined;
    if (existsSync(NGINX)) {
      const started = await startNginx(site, work);
      nginx = started.child;
      theirs = await load(autocannon, 'nginx day page', `${started.url}${page}`);
      stop(nginx);
    } else {
      console.log(`nginx day page       skipped: ${NGINX} is not installed`);
    }
    const found = await load(autocannon, 'daybrief search', `${daybrief.url}${search}`);
    const errors = [day, found].reduce((n, r) => n + r.errors + r.timeouts + r.non2xx, 0);
    const rps = (r: Result) => Math.round(r.requests.average);
    const nginxPart = theirs
      ? `nginx ${rps(theirs)} req/s p99 ${theirs.latency.p99} ms, ratio ${(day.requests.average / theirs.requests.average).toFixed(2)}`
      : 'nginx skipped';
    console.log(
      `SERVE day page ${rps(day)} req/s p99 ${day.latency.p99} ms (${nginxPart}); search ${rps(found)} req/s p99 ${found.latency.p99} ms; errors ${errors}`,
    );
  } finally {
    stop(ours);
    stop(nginx);
    await rm(work, { recursive: true, force: true });
    await rm(`${db}-wal`, { force: true });
  }
}

await main();
