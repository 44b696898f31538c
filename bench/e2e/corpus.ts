/**
 * The archive of `bench:e2e`: the demo's pages and the real pages of ../shared/replay, replicated
 * under many URLs and outlets, with a seeded share of their text altered so that the copies are not
 * all folded as syndicated repeats, and one RSS feed per topic that lists the topic's day.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createReplayFetcher, loadWarc, WarcWriter } from '../../src/fetch/index.js';
import { Rng } from '../../test/fuzz/mutate.js';

/** The day every bench topic runs (UTC). */
export const BENCH_DATE = '2024-03-14';
const FEED_HOST = 'http://feeds.e2e.test';
/** Distinct outlet hosts the articles are spread over. */
const OUTLETS = 250;
const TEXT_RUN = />([^<>]{60,})</g;
const PROTECTED = /<(script|style|head)\b[\s\S]*?<\/\1\s*>/gi;
const PARAGRAPH_PAIR =
  /(<p\b[^>]*>(?:(?!<\/?p\b)[\s\S]){20,2000}?<\/p>)(\s*)(<p\b[^>]*>(?:(?!<\/?p\b)[\s\S]){20,2000}?<\/p>)/gi;
const TITLE = /<title[^>]*>([\s\S]*?)<\/title>/i;
const CANONICAL = /<link\b[^>]*rel=["']?canonical["']?[^>]*>/gi;
const OG_URL = /<meta\b[^>]*og:url[^>]*>/gi;
const SITE_NAME = /<meta\b[^>]*og:site_name[^>]*>/gi;
const HEAD_OPEN = /<head\b[^>]*>/i;
const VOCAB_WORD = /^[a-z]{4,10}$/;

/** How the copies differ; shares are of the page's text runs and paragraph pairs. */
export interface Variation {
  /** Share of text runs (paragraphs) whose words are altered, default 0.5. */
  alterShare: number;
  /** Share of the words replaced in an altered run, default 0.25. */
  wordShare: number;
  /** Share of adjacent paragraph pairs swapped, default 0.2. */
  swapShare: number;
  /** Share of articles that are unaltered copies of an earlier article of the same topic-day (wire copies), default 0.1. */
  copyShare: number;
}

export const DEFAULT_VARIATION: Variation = {
  alterShare: 0.5,
  wordShare: 0.25,
  swapShare: 0.2,
  copyShare: 0.1,
};

export interface BasePage {
  url: string;
  html: string;
  title: string;
}

export interface Corpus {
  warc: string;
  topics: Array<{ name: string; slug: string; feeds: string[]; maxArticles: number; timezone: string }>;
  articles: number;
  bases: { demo: number; realpages: number };
  /** Articles written as unaltered copies of another one (expected to fold). */
  copies: number;
  bytes: number;
}

/** A seeded stream in [0, 1) (the fuzzer's mulberry32): the same seed gives the same archive. */
export function rng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.next();
}

function charsetOf(contentType: string): string {
  return /charset=([\w-]+)/i.exec(contentType)?.[1]?.toLowerCase() ?? 'utf-8';
}

function titleOf(html: string, fallback: string): string {
  const raw = TITLE.exec(html)?.[1]?.replace(/\s+/g, ' ').trim();
  return raw || fallback;
}

interface ManifestEntry {
  url: string;
  file: string;
  status: number;
  headers: Record<string, string>;
}

/** The demo's HTML pages that answer 200. */
async function demoPages(demoDir: string): Promise<BasePage[]> {
  const manifest = JSON.parse(await readFile(join(demoDir, 'manifest.json'), 'utf8')) as {
    entries: ManifestEntry[];
  };
  const out: BasePage[] = [];
  for (const e of manifest.entries) {
    const type = e.headers['content-type'] ?? '';
    if (e.status !== 200 || !type.startsWith('text/html')) continue;
    const bytes = await readFile(join(demoDir, e.file));
    const html = new TextDecoder(charsetOf(type)).decode(bytes);
    out.push({ url: e.url, html, title: titleOf(html, e.url) });
  }
  return out;
}

/** The HTML pages of a WARC archive, decoded, as the replay fetcher answers them. */
async function warcPages(path: string): Promise<BasePage[]> {
  const index = await loadWarc(path);
  const http = await createReplayFetcher(path, { robots: false });
  const out: BasePage[] = [];
  try {
    for (const url of index.urls()) {
      const page = await http.fetch(url).catch(() => undefined);
      if (page?.status !== 200 || page.contentType !== 'text/html') continue;
      out.push({ url, html: page.text, title: titleOf(page.text, url) });
    }
  } finally {
    await http.close();
  }
  return out;
}

/** Words to put in altered text: the bases' own words, so the language stays the same. */
function vocabulary(bases: BasePage[]): string[] {
  const words = new Set<string>();
  for (const b of bases.slice(0, 40)) {
    for (const m of b.html.replace(PROTECTED, ' ').matchAll(TEXT_RUN)) {
      for (const w of (m[1] ?? '').toLowerCase().split(/\W+/)) if (VOCAB_WORD.test(w)) words.add(w);
    }
  }
  return [...words].sort();
}

function escapeXml(s: string): string {
  return s
    .replace(/&(?!#?\w+;)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function escapeAttr(s: string): string {
  return escapeXml(s).replace(/"/g, '&quot;');
}

/** Alters the words of a share of the body's text runs and swaps a share of paragraph pairs. */
export function alterText(html: string, random: () => number, vocab: string[], v: Variation): string {
  const protectedParts: string[] = [];
  let body = html.replace(PROTECTED, (m) => {
    protectedParts.push(m);
    return `\uE000${protectedParts.length - 1}\uE001`;
  });
  body = body.replace(TEXT_RUN, (whole, text: string) => {
    if (random() >= v.alterShare || vocab.length === 0) return whole;
    const altered = text.replace(/[A-Za-z]{3,}/g, (w) =>
      random() < v.wordShare ? (vocab[Math.floor(random() * vocab.length)] as string) : w,
    );
    return `>${altered}<`;
  });
  body = body.replace(PARAGRAPH_PAIR, (whole, a: string, gap: string, b: string) =>
    random() < v.swapShare ? `${b}${gap}${a}` : whole,
  );
  return body.replace(/\uE000(\d+)\uE001/g, (_m, i: string) => protectedParts[Number(i)] ?? '');
}

/** The page moved to `url` on the outlet `outlet`: its own canonical, og:url and site name. */
export function relocate(html: string, from: string, url: string, outlet: string): string {
  const fromHost = new URL(from).host;
  const host = new URL(url).host;
  let out = html.split(from).join(url).split(`//${fromHost}`).join(`//${host}`);
  out = out.replace(CANONICAL, '').replace(OG_URL, '').replace(SITE_NAME, '');
  const meta =
    `<link rel="canonical" href="${escapeAttr(url)}"><meta property="og:url" content="${escapeAttr(url)}">` +
    `<meta property="og:site_name" content="${escapeAttr(outlet)}">`;
  return HEAD_OPEN.test(out) ? out.replace(HEAD_OPEN, (m) => `${m}${meta}`) : `${meta}${out}`;
}

function slugify(s: string): string {
  return (
    s
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'article'
  );
}

interface Planned {
  j: number;
  base: number;
  /** The seed of the alteration: a wire copy shares its source's. */
  alterSeed: number;
  copy: boolean;
  url: string;
  outlet: string;
  published: string;
}

function plan(
  bases: BasePage[],
  slug: string,
  first: number,
  count: number,
  seed: number,
  v: Variation,
): Planned[] {
  const random = rng(seed ^ (first * 2654435761));
  const out: Planned[] = [];
  const dayStart = Date.parse(`${BENCH_DATE}T00:00:00Z`);
  for (let i = 0; i < count; i++) {
    const j = first + i;
    const o = (j * 7919) % OUTLETS;
    const source = i > 0 && random() < v.copyShare ? out[Math.floor(random() * i)] : undefined;
    const base = source ? source.base : (j * 37 + Math.floor(j / bases.length)) % bases.length;
    const title = (bases[base] as BasePage).title;
    out.push({
      j,
      base,
      alterSeed: source ? source.alterSeed : seed + j * 97,
      copy: source !== undefined,
      url: `https://www.outlet-${o}.example/${slug}/${BENCH_DATE.replace(/-/g, '/')}/${slugify(title)}-${j}`,
      outlet: `Outlet ${o} News`,
      published: new Date(dayStart + Math.floor(((i + 0.5) / count) * 86_400_000)).toUTCString(),
    });
  }
  return out;
}

function feed(slug: string, items: Planned[], bases: BasePage[]): string {
  const entries = items.map((p) => {
    const title = escapeXml((bases[p.base] as BasePage).title);
    return (
      `<item><title>${title}</title><link>${escapeXml(p.url)}</link><guid>${escapeXml(p.url)}</guid>` +
      `<pubDate>${p.published}</pubDate><source url="https://www.outlet.example/">${escapeXml(p.outlet)}</source></item>`
    );
  });
  return (
    `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>${slug}</title>` +
    `<link>${FEED_HOST}/</link><description>bench:e2e</description>\n${entries.join('\n')}\n</channel></rss>`
  );
}

/** Reads the base pages: the demo's, and realpages-dev when ../shared has it. */
export async function loadBases(
  demoDir: string,
  realpages: string,
): Promise<{ bases: BasePage[]; demo: number; realpages: number }> {
  const demo = await demoPages(demoDir);
  const real = existsSync(realpages) ? await warcPages(realpages) : [];
  return { bases: [...demo, ...real], demo: demo.length, realpages: real.length };
}

/**
 * Writes the archive (.warc.gz, one gzip member per record, which replay reads back one record at
 * a time when the archive is large) for `articles` articles over `topics` topics.
 */
export async function buildCorpus(opts: {
  dir: string;
  demoDir: string;
  realpages: string;
  articles: number;
  topics: number;
  seed: number;
  variation?: Variation;
}): Promise<Corpus> {
  const v = opts.variation ?? DEFAULT_VARIATION;
  const { bases, demo, realpages } = await loadBases(opts.demoDir, opts.realpages);
  const vocab = vocabulary(bases);
  const warc = join(opts.dir, 'e2e.warc.gz');
  const writer = await WarcWriter.create(warc);
  const topics: Corpus['topics'] = [];
  let copies = 0;
  let bytes = 0;
  let first = 0;
  try {
    for (let t = 0; t < opts.topics; t++) {
      const count = Math.floor(opts.articles / opts.topics) + (t < opts.articles % opts.topics ? 1 : 0);
      const slug = `bench-${String(t + 1).padStart(2, '0')}`;
      const items = plan(bases, slug, first, count, opts.seed, v);
      first += count;
      const feedUrl = `${FEED_HOST}/${slug}.xml`;
      topics.push({
        name: `Bench ${t + 1}`,
        slug,
        feeds: [feedUrl],
        maxArticles: Math.max(1, count),
        timezone: 'UTC',
      });
      await writer.writeResponse({
        url: feedUrl,
        headers: { 'content-type': 'application/rss+xml; charset=utf-8' },
        body: feed(slug, items, bases),
      });
      for (const p of items) {
        const base = bases[p.base] as BasePage;
        const altered = alterText(base.html, rng(p.alterSeed), vocab, v);
        const html = relocate(altered, base.url, p.url, p.outlet);
        bytes += Buffer.byteLength(html);
        if (p.copy) copies++;
        await writer.writeResponse({
          url: p.url,
          headers: { 'content-type': 'text/html; charset=utf-8' },
          body: html,
        });
      }
    }
  } finally {
    await writer.close();
  }
  return { warc, topics, articles: first, bases: { demo, realpages }, copies, bytes };
}
