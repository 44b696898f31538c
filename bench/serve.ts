/**
 * Serving benchmark (npm run bench:serve): builds the bundled demo into a temporary folder, starts
 * `daybrief serve` on it in a child process and nginx (when installed) on the same folder, and loads
 * both with autocannon: a day page on each, then the search page on daybrief (nginx cannot search).
 * Every request says `Accept-Encoding: gzip, deflate, br`, as browsers do (`--encoding ''`: none).
 * The load on each target comes in `--rounds` slices taken in turn after a warm-up, so a busy spell
 * of the (shared) machine falls on both servers alike. Prints requests per second, p50/p99 latency
 * over all rounds, errors and timeouts, each server's CPU time per request, and daybrief's share of
 * nginx's throughput.
 *
 *   npm run bench:serve -- --duration 20 --connections 200 --rounds 4
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildDemo } from '../src/cli/demo.js';

const NGINX = '/usr/sbin/nginx';
const DAYBRIEF = join(import.meta.dirname, '..', 'bin', 'daybrief.js');
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

interface Result {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}
interface Instance extends Promise<Result> {
  on(event: 'response', fn: (client: unknown, status: number, bytes: number, ms: number) => void): void;
}
type Autocannon = (opts: Record<string, unknown>) => Instance;

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '20' },
    connections: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '4' },
    encoding: { type: 'string', default: 'gzip, deflate, br' },
  },
});
/** What every request accepts, as a browser would; `--encoding ''` asks for bodies as they are. */
const HEADERS: Record<string, string> = values.encoding ? { 'accept-encoding': values.encoding } : {};
const duration = Number(values.duration);
const connections = Number(values.connections);
/** The load on each target comes in this many slices, taken in turn, so a busy spell of the machine falls on all. */
const rounds = Math.max(1, Math.min(Number(values.rounds), Math.floor(duration)));

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICKS = 100;

/** The CPU seconds a process and its children (nginx's workers) used so far, or NaN off Linux. */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    let ticks = 0;
    for (const p of [String(pid), ...children]) {
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    }
    return ticks / TICKS;
  } catch {
    return Number.NaN;
  }
}

/** What the rounds of one target add up to. */
interface Tally {
  name: string;
  url: string;
  pid: number | undefined;
  cpu: number;
  latencies: number[];
  seconds: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

const tally = (name: string, url: string, pid: number | undefined): Tally => ({
  name,
  url,
  pid,
  cpu: 0,
  latencies: [],
  seconds: 0,
  errors: 0,
  timeouts: 0,
  non2xx: 0,
});

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** Requests per second and latency percentiles over every round of a target. */
function summary(t: Tally): { rps: number; p50: number; p99: number; faults: number; cpuUs: number } {
  const sorted = [...t.latencies].sort((a, b) => a - b);
  return {
    cpuUs: (t.cpu / Math.max(t.latencies.length, 1)) * 1e6,
    rps: t.latencies.length / Math.max(t.seconds, 1e-9),
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    faults: t.errors + t.timeouts + t.non2xx,
  };
}

/** One slice of load on a target, its latencies and faults added to its tally. */
async function slice(autocannon: Autocannon, t: Tally, seconds: number, record = true): Promise<void> {
  const run = autocannon({ url: t.url, connections, duration: seconds, headers: HEADERS });
  const latencies: number[] = [];
  const cpuBefore = cpuSeconds(t.pid);
  run.on('response', (_client, _status, _bytes, ms) => {
    latencies.push(ms);
  });
  const r = await run;
  if (!record) return;
  t.cpu += cpuSeconds(t.pid) - cpuBefore;
  for (const ms of latencies) t.latencies.push(ms);
  t.seconds += r.duration;
  t.errors += r.errors;
  t.timeouts += r.timeouts;
  t.non2xx += r.non2xx;
}

function report(t: Tally): void {
  const s = summary(t);
  console.log(
    `${t.name.padEnd(18)} ${Math.round(s.rps).toLocaleString('en')} req/s, p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms, errors ${t.errors}, timeouts ${t.timeouts}, non-2xx ${t.non2xx}, server CPU ${s.cpuUs.toFixed(0)} µs/request`,
  );
}

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

/** Waits for a server child to answer; a child that does not is stopped before the error goes on. */
async function started(child: ChildProcess, url: string): Promise<void> {
  try {
    await ready(`${url}/`);
  } catch (err) {
    child.kill('SIGTERM');
    throw err;
  }
}

async function startDaybrief(site: string, db: string): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [DAYBRIEF, 'serve', '--out', site, '--db', db, '--port', String(port), '--host', '127.0.0.1'],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const url = `http://127.0.0.1:${port}`;
  await started(child, url);
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
  await started(child, url);
  return { child, url };
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
      `bench:serve: ${connections} connections for ${duration} s on each target, in ${rounds} rounds taken in turn; day page ${page}, search ${search}; Accept-Encoding: ${HEADERS['accept-encoding'] ?? 'none'}`,
    );
    const targets = [tally('daybrief day page', `${daybrief.url}${page}`, ours.pid)];
    if (existsSync(NGINX)) {
      const started = await startNginx(site, work);
      nginx = started.child;
      targets.push(tally('nginx day page', `${started.url}${page}`, nginx.pid));
    } else {
      console.log(`nginx: skipped, ${NGINX} is not installed`);
    }
    targets.push(tally('daybrief search', `${daybrief.url}${search}`, ours.pid));
    // Warm-up, not measured: each server reads, compresses and optimises before the clock runs.
    for (const t of targets) await slice(autocannon, t, 2, false);
    for (let round = 0; round < rounds; round++) {
      for (const t of targets) await slice(autocannon, t, duration / rounds);
    }
    for (const t of targets) report(t);
    const [day, theirs, found] = targets.length === 3 ? targets : [targets[0], undefined, targets[1]];
    if (!day || !found) throw new Error('no targets');
    const mine = summary(day);
    const searched = summary(found);
    const nginxPart = theirs
      ? (() => {
          const n = summary(theirs);
          return `nginx ${Math.round(n.rps)} req/s p99 ${n.p99.toFixed(1)} ms, ratio ${(mine.rps / n.rps).toFixed(2)}`;
        })()
      : 'nginx skipped';
    console.log(
      `SERVE day page ${Math.round(mine.rps)} req/s p99 ${mine.p99.toFixed(1)} ms (${nginxPart}); search ${Math.round(searched.rps)} req/s p99 ${searched.p99.toFixed(1)} ms; errors ${mine.faults + searched.faults}`,
    );
  } finally {
    stop(ours);
    stop(nginx);
    await rm(work, { recursive: true, force: true });
    await rm(`${db}-wal`, { force: true });
  }
}

await main();
