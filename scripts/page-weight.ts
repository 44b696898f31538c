/**
 * How heavy a full day page is: builds the demo, makes a day of 40 stories out of its stories (the
 * demo's days have at most a handful), renders it with the demo's thumbnails as a build an hour after
 * the day's newest article would (so the relative times are shown) and prints the bytes of its HTML
 * and of the stylesheet, raw and gzipped. The budget: 60 KB of HTML and CSS for 40 stories.
 * `--breakdown` prints where the HTML's bytes go: text by the class around it, markup by element,
 * attribute and class name, whitespace, and text nodes printed more than once.
 *
 *   node --import tsx scripts/page-weight.ts [--stories 40] [--save page.html] [--breakdown]
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { Parser } from 'htmlparser2';
import { buildDemo } from '../src/cli/demo.js';
import type { Copy, Digest, DigestArticle, Story } from '../src/model/types.js';
import { buildSite, type ImageVariant, paths } from '../src/publish/index.js';
import { SqliteStore } from '../src/store/index.js';

const ASCII_LETTER_RE = /[A-Za-z]/g;

/**
 * `text` with its ASCII letters shifted `by` places (case kept): the same length and shape, other
 * words. A day page prints no sentence twice, so a story taken a second time must read as another
 * story, as the stories of a real day do, or its summary would vanish from the page being weighed.
 */
export function shiftLetters(text: string, by: number): string {
  if (by % 26 === 0) return text;
  return text.replace(ASCII_LETTER_RE, (c) => {
    const base = c <= 'Z' ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + by) % 26) + base);
  });
}

/** A URL with the letters of its path and query shifted (host kept: the outlets are the same). */
function shiftUrl(url: string, by: number): string {
  const at = url.indexOf('/', url.indexOf('//') + 2);
  return at < 0 ? url : url.slice(0, at) + shiftLetters(url.slice(at), by);
}

/** Another story of the same size and shape as `s`: every text and article URL shifted `by`. */
export function variant(s: Story, by: number): Story {
  const text = (t: string) => shiftLetters(t, by);
  const copy = (c: Copy): Copy => ({ ...c, url: shiftUrl(c.url, by) });
  const article = (a: DigestArticle): DigestArticle => ({
    ...a,
    url: shiftUrl(a.url, by),
    title: text(a.title),
    ...(a.description === undefined ? {} : { description: text(a.description) }),
    summary: a.summary.map(text),
    alsoPublishedBy: a.alsoPublishedBy.map(copy),
  });
  const { continues: _, ...rest } = s;
  return {
    ...rest,
    title: text(s.title),
    ...(s.lead === undefined ? {} : { lead: s.lead.map(text) }),
    ...(s.leadSources === undefined ? {} : { leadSources: s.leadSources.map(copy) }),
    articles: s.articles.map(article),
  };
}

/**
 * A day of `count` stories taken in turn from `days` (ids made unique; a story taken again is made
 * another story by `variant`), dated like the newest day.
 */
export function composeDay(days: Digest[], count: number): Digest {
  const pool = days.flatMap((d) => d.stories);
  if (pool.length === 0) throw new Error('no stories to compose a day from');
  const stories: Story[] = [];
  for (let i = 0; i < count; i++) {
    const s = pool[i % pool.length] as Story;
    stories.push({ ...variant(s, Math.floor(i / pool.length)), id: `${s.id}-${i}` });
  }
  const newest = days[0] as Digest;
  return { ...newest, stories };
}

/** An hour after the newest article of `day`: when a nightly build would make its page. */
function builtAfter(day: Digest): string {
  const times = day.stories.flatMap((s) => s.articles.map((a) => Date.parse(a.published ?? '')));
  const newest = Math.max(...times.filter((t) => !Number.isNaN(t)));
  return new Date(Number.isFinite(newest) ? newest + 3_600_000 : Date.now()).toISOString();
}

export interface PageWeight {
  page: string;
  stories: number;
  images: number;
  html: number;
  css: number;
  htmlGzip: number;
  cssGzip: number;
}

/** The weight of a `count`-story day built from the stored digests and thumbnails of `database`. */
export async function dayPageWeight(database: string, slug: string, count: number): Promise<PageWeight> {
  const store = new SqliteStore(database);
  try {
    const days = await store.listDigests(slug);
    const [topic] = (await store.listTopics()).filter((t) => t.slug === slug);
    if (!topic) throw new Error(`no topic ${slug}`);
    const day = composeDay(days, count);
    const urls = day.stories.flatMap((s) => s.articles.map((a) => a.image ?? '')).filter(Boolean);
    const media: Record<string, ImageVariant[]> = {};
    for (const r of await store.getThumbnails(urls)) {
      if ('thumbnails' in r)
        media[r.url] = r.thumbnails.map((t) => ({ path: paths.media(t), width: t.width, height: t.height }));
    }
    const site = buildSite({
      title: 'daybrief demo',
      generatedAt: builtAfter(day),
      topics: [{ name: topic.name, slug, days: [day] }],
      media,
    });
    const html = site.get(paths.day(slug, day.date)) ?? '';
    const css = site.get(paths.style) ?? '';
    return {
      page: html,
      stories: day.stories.length,
      images: (html.match(/<img /g) ?? []).length,
      html: Buffer.byteLength(html),
      css: Buffer.byteLength(css),
      htmlGzip: gzipSync(html).length,
      cssGzip: gzipSync(css).length,
    };
  } finally {
    await store.close();
  }
}

/** Where the bytes of a page go, each byte counted once (but class names, a detail of `class`). */
export interface Breakdown {
  total: number;
  /** Non-blank text in the body by the nearest class (or element) around it. */
  text: Map<string, number>;
  /** Text nodes of the body printed before, exactly, by their text (bytes of the repeats). */
  repeats: Map<string, number>;
  whitespace: number;
  /** `<name` `>` `</name>` by element. */
  tags: Map<string, number>;
  /** ` name="value"` by attribute. */
  attributes: Map<string, number>;
  /** Each class name with its separator, by name (part of the `class` attribute's bytes). */
  classes: Map<string, number>;
  /** The rest: doctype, comments, text in the head. */
  other: number;
}

const bytes = (s: string) => Buffer.byteLength(s);
const add = (m: Map<string, number>, key: string, n: number) => m.set(key, (m.get(key) ?? 0) + n);

export function breakdown(page: string): Breakdown {
  const b: Breakdown = {
    total: bytes(page),
    text: new Map(),
    repeats: new Map(),
    whitespace: 0,
    tags: new Map(),
    attributes: new Map(),
    classes: new Map(),
    other: 0,
  };
  const stack: string[] = [];
  const seen = new Set<string>();
  let inBody = false;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'body') inBody = true;
        add(b.tags, name, bytes(`<${name}>`));
        for (const [k, v] of Object.entries(attrs)) {
          add(b.attributes, k, bytes(v === '' ? ` ${k}` : ` ${k}="${v}"`));
          if (k === 'class') for (const c of v.split(' ')) add(b.classes, c, bytes(c) + 1);
        }
        const cls = attrs.class?.split(' ')[0];
        stack.push(cls ? `.${cls}` : (stack.at(-1) ?? name));
      },
      onclosetag(name, implied) {
        if (!implied) add(b.tags, name, bytes(`</${name}>`));
        stack.pop();
      },
      ontext(t) {
        if (t.trim() === '') b.whitespace += bytes(t);
        else if (!inBody) b.other += bytes(t);
        else {
          add(b.text, stack.at(-1) ?? '', bytes(t));
          const key = t.trim();
          if (seen.has(key)) add(b.repeats, key, bytes(t));
          seen.add(key);
        }
      },
    },
    { decodeEntities: false, recognizeSelfClosing: false },
  );
  parser.write(page);
  parser.end();
  const counted = [b.text, b.tags, b.attributes].flatMap((m) => [...m.values()]);
  b.other = b.total - b.whitespace - counted.reduce((x, y) => x + y, 0);
  return b;
}

function printBreakdown(b: Breakdown): void {
  const sum = (m: Map<string, number>) => [...m.values()].reduce((x, y) => x + y, 0);
  const list = (m: Map<string, number>, n = 16) =>
    [...m]
      .sort((x, y) => y[1] - x[1])
      .slice(0, n)
      .map(([k, v]) => `${k.length > 40 ? `${k.slice(0, 40)}…` : k} ${v}`)
      .join(', ');
  console.log(
    `HTML ${b.total} B: text ${sum(b.text)}, markup ${sum(b.tags) + sum(b.attributes)} (elements ${sum(b.tags)}, attributes ${sum(b.attributes)}), whitespace ${b.whitespace}, other ${b.other}`,
  );
  console.log(`  text by class: ${list(b.text)}`);
  console.log(`  text printed again (${sum(b.repeats)} B): ${list(b.repeats, 10)}`);
  console.log(`  elements: ${list(b.tags)}`);
  console.log(`  attributes: ${list(b.attributes, 24)}`);
  console.log(`  class names (${sum(b.classes)} B): ${list(b.classes, 24)}`);
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--stories');
  const count = at > 0 ? Number(process.argv[at + 1]) : 40;
  const work = await mkdtemp(join(tmpdir(), 'daybrief-weight-'));
  try {
    const database = join(work, 'demo.sqlite');
    await buildDemo(join(work, 'site'), { quiet: true, database });
    const w = await dayPageWeight(database, 'baltic-grid', count);
    const save = process.argv.indexOf('--save');
    if (save > 0) await writeFile(process.argv[save + 1] ?? 'page.html', w.page);
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    console.log(
      `${w.stories} stories, ${w.images} images: HTML ${kb(w.html)} (gzip ${kb(w.htmlGzip)}), ` +
        `CSS ${kb(w.css)} (gzip ${kb(w.cssGzip)}), together ${kb(w.html + w.css)} (gzip ${kb(w.htmlGzip + w.cssGzip)})`,
    );
    if (process.argv.includes('--breakdown')) printBreakdown(breakdown(w.page));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
