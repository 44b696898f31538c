/**
 * Feed benchmark (npm run bench:feeds): every feed file of ../shared/bench/feeds, served by a local
 * HTTP server on 127.0.0.1 (with the Content-Type a feedparser test records in its `Header:` lines,
 * else one from the file extension, without a charset), fetched through the real Fetcher (live
 * undici transport, the same decode path as a run) and parsed with parseFeed. Prints files, parsed,
 * items, failures by kind, and agreement with the expected outputs the corpora carry: gofeed's and
 * feedsmith's JSON (X.xml ↔ X.json), rss-parser's test/output JSON, gofeed's JSON Feed
 * X_expected.json, and the clauses of feedparser's `Expect:` lines that map to our model (entry
 * title, link, description/summary, dates, entry count). Skips with a message when ../shared is absent.
 *
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, dirname, extname, join, relative } from 'node:path';
import { readFeedItems } from '../src/discover/feeds.js';
import type { RawItem } from '../src/discover/items.js';
import { itemTitle, toCandidate } from '../src/discover/items.js';
import { htmlToText, parseDate } from '../src/discover/text.js';
import { createLiveFetcher } from '../src/fetch/index.js';

const ROOT = join(import.meta.dirname, '..', '..', 'shared', 'bench', 'feeds');
const FEED_EXT = new Set(['.xml', '.rss', '.atom', '.json']);
const TYPE_BY_EXT: Record<string, string> = {
  '.xml': 'application/xml',
  '.rss': 'application/rss+xml',
  '.atom': 'application/atom+xml',
  '.json': 'application/feed+json',
};
const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.8';
/** The bench's own server is on loopback, which the SSRF guard refuses unless it is allowed. */
const FETCHER_OPTIONS = {
  allowHosts: ['127.0.0.1'],
  robots: false,
  perHostDelayMs: 0,
  concurrency: 8,
  retries: 0,
  statusRetries: 0,
};

interface Expected {
  items: { title?: string; link?: string; date?: string }[];
}

interface Tally {
  pass: number;
  total: number;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** Feed inputs: not the expected-output JSON files beside them. */
function isFeed(path: string, all: Set<string>): boolean {
  const ext = extname(path);
  if (!FEED_EXT.has(ext)) return false;
  if (ext !== '.json') return true;
  const rel = relative(ROOT, path);
  if (rel.startsWith('feedparser/tests/')) return true;
  if (!rel.startsWith('gofeed/')) return false;
  if (path.endsWith('_expected.json')) return false;
  for (const e of ['.xml', '.rss', '.atom']) if (all.has(path.slice(0, -5) + e)) return false;
  return true;
}

function asciiHead(bytes: Buffer): string {
  return bytes.subarray(0, 4096).toString('latin1').replace(/\0/g, '');
}

function recordedType(bytes: Buffer): string | undefined {
  return /^\s*Header:\s*Content-type:\s*(.+?)\s*$/im.exec(asciiHead(bytes))?.[1];
}

// ---- expected outputs ----

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && typeof (v as { value?: unknown }).value === 'string')
    return (v as { value: string }).value;
  return undefined;
}

function expectedFromJson(json: unknown): Expected | undefined {
  const root = (json as { feed?: unknown })?.feed ?? json;
  const obj = root as Record<string, unknown>;
  const list = obj?.items ?? obj?.entries;
  if (!Array.isArray(list)) return undefined;
  return {
    items: list.map((it: Record<string, unknown>) => {
      const links = it.links as { href?: string }[] | undefined;
      const link = str(it.link) ?? str(it.url) ?? (Array.isArray(links) ? links[0]?.href : undefined);
      const date =
        str(it.isoDate) ??
        str(it.publishedParsed) ??
        str(it.updatedParsed) ??
        str(it.pubDateParsed) ??
        str(it.date_published);
      return { title: str(it.title), link: typeof link === 'string' ? link : undefined, date };
    }),
  };
}

function expectedFor(path: string): Expected | undefined {
  const rel = relative(ROOT, path);
  let exp: string | undefined;
  if (rel.startsWith('rss-parser/test/input/'))
    exp = join(ROOT, 'rss-parser/test/output', `${basename(path, extname(path))}.json`);
  else if (rel.startsWith('gofeed/') && extname(path) === '.json')
    exp = path.replace(/\.json$/, '_expected.json');
  else if (rel.startsWith('gofeed/') || rel.startsWith('feedsmith/'))
    exp = path.replace(/\.[a-z]+$/, '.json');
  if (!exp || !existsSync(exp)) return undefined;
  try {
    return expectedFromJson(JSON.parse(readFileSync(exp, 'utf8')));
  } catch {
    return undefined;
  }
}

const sameText = (a: string, b: string): boolean => htmlToText(a) === htmlToText(b);
const sameInstant = (iso: string | undefined, want: string): boolean => {
  const w = Date.parse(want);
  return iso !== undefined && !Number.isNaN(w) && Math.abs(Date.parse(iso) - w) < 1000;
};

function compareJson(exp: Expected, items: RawItem[] | undefined, t: Tally): void {
  const check = (ok: boolean): void => {
    t.total++;
    if (ok) t.pass++;
  };
  check(items !== undefined && items.length === exp.items.length);
  exp.items.forEach((e, i) => {
    const got = items?.[i];
    if (e.title !== undefined) check(got !== undefined && sameText(itemTitle(got), e.title));
    if (e.link !== undefined) check(got?.link?.trim() === e.link.trim());
    if (e.date !== undefined) check(sameInstant(parseDate(got?.date), e.date));
  });
}

// ---- feedparser's Expect: lines ----

function pyString(lit: string): string | undefined {
  const m = /^[uU]?(['"])([\s\S]*)\1$/.exec(lit.trim());
  if (!m?.[2] && m?.[2] !== '') return undefined;
  return m[2].replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|U[0-9a-fA-F]{8}|[\\'"nrt])/g, (_, e: string) => {
    if (e.length > 1) return String.fromCodePoint(Number.parseInt(e.slice(1), 16));
    return ({ n: '\n', r: '\r', t: '\t' } as Record<string, string>)[e] ?? e;
  });
}

const DATE_KEYS = new Set(['published_parsed', 'updated_parsed', 'created_parsed', 'date_parsed']);

/** Each clause we can evaluate: a check against the parsed items; others are ignored. */
function feedparserChecks(expect: string, items: RawItem[] | undefined): boolean[] {
  const out: boolean[] = [];
  for (const clause of expect.split(/\s+and\s+(?=(?:not\s+)?[a-z(])/)) {
    const c = clause.trim().replace(/^\((.*)\)$/, '$1');
    const len = /^len\(entries\)\s*==\s*(\d+)$/.exec(c);
    if (len) {
      out.push(items?.length === Number(len[1]));
      continue;
    }
    const m = /^entries\[(\d+)\]\['([a-z_]+)'\]\s*==\s*(.+)$/s.exec(c);
    if (!m) continue;
    const [, idx, key, rhs] = m as unknown as [string, string, string, string];
    const got = items?.[Number(idx)];
    if (DATE_KEYS.has(key)) {
      const t = /^\((\d+),\s*(\d+),\s*(\d+),\s*(\d+),\s*(\d+),\s*(\d+)/.exec(rhs);
      if (!t) continue;
      const [y, mo, d, h, mi, s] = t.slice(1).map(Number) as [number, number, number, number, number, number];
      out.push(sameInstant(parseDate(got?.date), new Date(Date.UTC(y, mo - 1, d, h, mi, s)).toISOString()));
      continue;
    }
    const want = pyString(rhs);
    if (want === undefined) continue;
    if (key === 'title') out.push(got !== undefined && sameText(itemTitle(got), want));
    else if (key === 'link') out.push(got?.link?.trim() === want);
    else if (key === 'description' || key === 'summary')
      out.push(got !== undefined && sameText(got.description ?? '', want));
  }
  return out;
}

function expectLine(bytes: Buffer): string | undefined {
  return /^\s*Expect:\s*(.+?)\s*$/m.exec(asciiHead(bytes))?.[1];
}

// ---- run ----

function kindOf(err: unknown): string {
  const e = err as { code?: string; message?: string };
  const msg = e.message ?? String(err);
  if (e.code === 'DISCOVER_BAD_FEED') {
    if (msg.includes('malformed XML')) return 'DISCOVER_BAD_FEED: malformed XML';
    if (msg.includes('not an RSS')) return 'DISCOVER_BAD_FEED: not a feed';
    if (msg.includes('empty')) return 'DISCOVER_BAD_FEED: empty';
    return 'DISCOVER_BAD_FEED: other';
  }
  return e.code ?? (err instanceof Error ? err.name : 'unknown');
}

async function main(): Promise<void> {
  if (!existsSync(ROOT)) {
    console.log(`bench:feeds skipped: ${ROOT} is absent`);
    return;
  }
  const all = walk(ROOT);
  const allSet = new Set(all);
  const files = all.filter((p) => isFeed(p, allSet));
  const bodies = new Map<string, { bytes: Buffer; type: string }>();
  for (const p of files) {
    const bytes = readFileSync(p);
    bodies.set(`/${relative(ROOT, p)}`, {
      bytes,
      type: recordedType(bytes) ?? TYPE_BY_EXT[extname(p)] ?? '',
    });
  }
  const server = createServer((req, res) => {
    const [path, query] = (req.url ?? '').split('?');
    const hit = bodies.get(decodeURIComponent(path ?? ''));
    if (!hit) {
      res.writeHead(404).end();
      return;
    }
    // ?utf8: the header a misconfigured server sends for everything.
    const type = query === 'utf8' ? `${hit.type.split(';')[0]}; charset=utf-8` : hit.type;
    res.writeHead(200, { 'content-type': type, 'content-length': hit.bytes.length }).end(hit.bytes);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const fetcher = createLiveFetcher(FETCHER_OPTIONS);

  let parsed = 0;
  let items = 0;
  let candidates = 0;
  let fffd = 0;
  const failures = new Map<string, number>();
  const agreement = new Map<string, Tally>();
  const wellformed: Tally = { pass: 0, total: 0 };
  const tally = (k: string): Tally => {
    const t = agreement.get(k) ?? { pass: 0, total: 0 };
    agreement.set(k, t);
    return t;
  };
  const corpusOf = (rel: string): string => rel.split('/')[0] ?? rel;

  const started = Date.now();
  await Promise.all(
    files.map(async (p) => {
      const rel = relative(ROOT, p);
      const url = `${base}/${rel.split('/').map(encodeURIComponent).join('/')}`;
      let raw: RawItem[] | undefined;
      try {
        const page = await fetcher.fetch(url, { accept: FEED_ACCEPT });
        const feed = readFeedItems(page.text, url);
        raw = feed.items;
        parsed++;
        items += raw.length;
        for (const it of raw) {
          if (toCandidate(it, feed.meta)) candidates++;
          if (`${it.title ?? ''}`.includes('\ufffd')) fffd++;
        }
      } catch (err) {
        const k = kindOf(err);
        failures.set(k, (failures.get(k) ?? 0) + 1);
        if (process.env.BENCH_VERBOSE) console.error(`${k}\t${rel}\t${(err as Error).message.slice(0, 160)}`);
      }
      if (rel.startsWith('feedparser/tests/wellformed/')) {
        wellformed.total++;
        if (raw) wellformed.pass++;
      }
      if (rel.startsWith('feedparser/')) {
        const expect = expectLine(bodies.get(`/${rel}`)?.bytes ?? Buffer.alloc(0));
        if (expect) {
          const t = tally(`feedparser Expect: (${dirname(rel).split('/')[2] ?? ''})`);
          for (const ok of feedparserChecks(expect, raw)) {
            t.total++;
            if (ok) t.pass++;
            else if (process.env.BENCH_VERBOSE) console.error(`EXPECT\t${rel}\t${expect.slice(0, 200)}`);
          }
        }
        return;
      }
      const exp = expectedFor(p);
      if (exp) compareJson(exp, raw, tally(`${corpusOf(rel)} expected JSON`));
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  // Second pass: every file served as "charset=utf-8", whatever its bytes are.
  let utf8Parsed = 0;
  let utf8Fffd = 0;
  let utf8Items = 0;
  await Promise.all(
    files.map(async (p) => {
      const rel = relative(ROOT, p);
      const url = `${base}/${rel.split('/').map(encodeURIComponent).join('/')}?utf8`;
      try {
        const page = await fetcher.fetch(url, { accept: FEED_ACCEPT });
        const feed = readFeedItems(page.text, url);
        utf8Parsed++;
        utf8Items += feed.items.length;
        for (const it of feed.items) if (`${it.title ?? ''}`.includes('\ufffd')) utf8Fffd++;
      } catch {}
    }),
  );
  await fetcher.close();
  server.close();

  const dates: Tally = { pass: 0, total: 0 };
  const dateCases = join(ROOT, 'feedparser', 'feedparser_date_parser_cases.json');
  if (existsSync(dateCases)) {
    const cases = JSON.parse(readFileSync(dateCases, 'utf8')) as {
      input_value: string;
      expected_utc_iso?: string;
    }[];
    for (const c of cases) {
      const got = parseDate(c.input_value);
      const ok = c.expected_utc_iso ? sameInstant(got, c.expected_utc_iso) : got === undefined;
      dates.total++;
      if (ok) dates.pass++;
      else if (process.env.BENCH_VERBOSE)
        console.error(`DATE\t${c.input_value}\t${got}\t${c.expected_utc_iso}`);
    }
  }
  const pct = (t: Tally): string =>
    `${t.pass}/${t.total} (${((100 * t.pass) / Math.max(1, t.total)).toFixed(1)}%)`;
  console.log(`files            ${files.length}`);
  console.log(`parsed           ${parsed}`);
  console.log(`failed           ${files.length - parsed}`);
  console.log(`items            ${items} (${candidates} with a usable link)`);
  console.log(`titles with U+FFFD ${fffd}`);
  console.log(`feedparser wellformed parsed ${pct(wellformed)}`);
  console.log('failures by kind:');
  for (const [k, n] of [...failures].sort((a, b) => b[1] - a[1]))
    console.log(`  ${String(n).padStart(5)}  ${k}`);
  console.log('agreement with expected outputs (checks passed):');
  for (const [k, t] of [...agreement].sort()) console.log(`  ${k.padEnd(40)} ${pct(t)}`);
  console.log(`  ${'feedparser date-parser cases'.padEnd(40)} ${pct(dates)}`);
  console.log(
    `served as charset=utf-8: parsed ${utf8Parsed}, items ${utf8Items}, titles with U+FFFD ${utf8Fffd}`,
  );
  console.log(`(${seconds.toFixed(1)} s first pass)`);
}

await main();
