/**
 * Seeds for the fuzzers: pages and feeds from the shared benchmark sets (`../shared/bench`) when they
 * are there, a sample of them chosen by a hash of their paths so every run uses the same ones, and a
 * few small inline seeds always (so the fuzzers also run without ../shared).
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SHARED_BENCH = fileURLToPath(new URL('../../../shared/bench/', import.meta.url));

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h;
}

/** Up to `max` files under `dir` with one of `exts`, at most `maxBytes` each, sampled stably. */
async function sample(dir: string, exts: RegExp, max: number, maxBytes: number): Promise<Uint8Array[]> {
  if (!existsSync(dir)) return [];
  const all = (await readdir(dir, { recursive: true })).filter((f) => exts.test(f));
  all.sort((a, b) => hash(a) - hash(b) || (a < b ? -1 : 1));
  const out: Uint8Array[] = [];
  for (const rel of all) {
    if (out.length >= max) break;
    const path = join(dir, rel);
    const info = await stat(path);
    if (!info.isFile() || info.size === 0 || info.size > maxBytes) continue;
    out.push(new Uint8Array(await readFile(path)));
  }
  return out;
}

export const INLINE_PAGES = [
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Grid link opens - The Herald</title>
<meta property="og:title" content="Grid link opens"><meta property="og:image" content="/img/a.jpg">
<meta name="author" content="Ann Lee"><script type="application/ld+json">{"@type":"NewsArticle","headline":"Grid link opens","datePublished":"2024-03-01T10:00:00Z","articleBody":"The cable opened on Friday."}</script></head>
<body><header><nav><a href="/">Home</a></nav></header><article><h1>Grid link opens</h1><p class="byline">By Ann Lee</p>
<time datetime="2024-03-01">March 1</time><p>The new cable between the two countries opened on Friday, the operator said. It carries 700 MW.</p>
<p>Engineers spent three years laying it. "It is a big day," Mr. Smith said. Prices fell 5.5% in the first hour.</p>
<p>Read more: <a href="/other">Other story</a></p></article><footer>© 2024 The Herald. All rights reserved.</footer></body></html>`,
  `<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><title>Caf\u00e9 news</title></head>
<body><div id="content"><h2>Caf\u00e9 reopens</h2><p>The caf\u00e9 on Main St. reopened on Monday. It had been shut for U.S. inspections since Jan. 5.</p><p>Subscribe to read more.</p></div></body></html>`,
  '<p>short</p>',
];

export const INLINE_FEEDS = [
  `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Herald</title><link>https://herald.example/</link>
<item><title>Grid link opens</title><link>https://herald.example/2024/03/01/grid</link><pubDate>Fri, 01 Mar 2024 10:00:00 GMT</pubDate>
<description><![CDATA[<p>The cable <b>opened</b>.</p>]]></description><guid>g1</guid></item>
<item><title>Second &amp; last</title><link>/relative/path</link><dc:creator>Ann</dc:creator></item></channel></rss>`,
  `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><entry><title type="html">A &lt;b&gt;bold&lt;/b&gt; move</title>
<link rel="alternate" href="https://wire.example/a"/><updated>2024-03-01T10:00:00+02:00</updated><summary>Sum</summary></entry></feed>`,
  `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><item rdf:about="https://r.example/1"><title>RDF item</title><link>https://r.example/1</link></item></rdf:RDF>`,
  JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: 'J',
    items: [
      { id: '1', url: 'https://j.example/1', title: 'JSON item', date_published: '2024-03-01T00:00:00Z' },
    ],
  }),
];

export const INLINE_TEXTS = [
  'The cable opened on Friday. It carries 700 MW, the operator said. Mr. Smith called it "a big day." Prices fell 5.5% in the U.S. and the E.U.',
  'HELSINKI (AP) — Officials met on Jan. 5 at 3 p.m. to discuss it... Nobody agreed! Why? "We wait," she said.\n\nA second paragraph follows here. It has two sentences.',
  'Der Minister sagte am 3. März, dass z. B. die Preise steigen. Das ist neu.',
  '東京で会議が開かれた。参加者は百人だった。',
  '',
];

export interface Seeds {
  pages: string[];
  pageBytes: Uint8Array[];
  feeds: string[];
  feedBytes: Uint8Array[];
  texts: string[];
  /** Whether ../shared/bench was there. */
  shared: boolean;
}

let cached: Promise<Seeds> | undefined;

/** The seeds, loaded once per process. */
export function loadSeeds(opts: { pages?: number; feeds?: number } = {}): Promise<Seeds> {
  cached ??= (async () => {
    const shared = existsSync(SHARED_BENCH);
    const pageBytes = [
      ...INLINE_PAGES.map((p) => new TextEncoder().encode(p)),
      ...(await sample(join(SHARED_BENCH, 'extraction'), /\.html?$/i, opts.pages ?? 40, 250_000)),
    ];
    const feedBytes = [
      ...INLINE_FEEDS.map((p) => new TextEncoder().encode(p)),
      ...(await sample(
        join(SHARED_BENCH, 'feeds'),
        /\.(xml|rss|atom|rdf|json)$/i,
        opts.feeds ?? 120,
        100_000,
      )),
    ];
    const texts = [...INLINE_TEXTS];
    const rules = join(SHARED_BENCH, 'sentences/golden-rules/pysbd_english_golden_rules.json');
    if (existsSync(rules)) {
      const parsed: unknown = JSON.parse(await readFile(rules, 'utf8'));
      collectStrings(parsed, texts, 400);
    }
    const decode = (b: Uint8Array) => new TextDecoder().decode(b);
    return {
      pages: pageBytes.map(decode),
      pageBytes,
      feeds: feedBytes.map(decode),
      feedBytes,
      texts,
      shared,
    };
  })();
  return cached;
}

function collectStrings(value: unknown, out: string[], max: number): void {
  if (out.length >= max) return;
  if (typeof value === 'string') {
    if (value.length > 10) out.push(value);
  } else if (Array.isArray(value)) for (const v of value) collectStrings(v, out, max);
  else if (value && typeof value === 'object')
    for (const v of Object.values(value)) collectStrings(v, out, max);
}
