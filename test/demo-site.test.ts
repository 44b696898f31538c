/**
 * Builds the bundled demo end to end (WARC replay → pipeline → site) and checks the built pages the
 * way a reader would see them: the seed page's fields on every item, and none of its flaws.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { before, test } from 'node:test';
import { parseAtomFeed } from 'feedsmith';
import { parseHTML } from 'linkedom';
import sharp from 'sharp';
import { dayPageWeight } from '../scripts/page-weight.js';
import { buildDemo, DEMO_ARCHIVE } from '../src/cli/demo.js';
import { urlKey } from '../src/cluster/index.js';
import type { RunReport } from '../src/pipeline/index.js';
import { splitSentences } from '../src/summarize/index.js';

interface Notes {
  syndicatedOriginal: string;
  syndicated: string[];
  paywalled: string;
  noImage: string;
  windows1252: string;
  truncatedTitle: string;
  notHtml: string;
  notFound: string;
  exactRepeat: string;
  trackingVariant: string;
  ampVariant: string;
  offTopic: string[];
}

const BOILERPLATE =
  /subscribe|sign up|newsletter|read more|cookie|all rights reserved|©|copyright|photo:|\]\(|https?:\/\/|\bwww\.|advertisement/i;
const TRUNCATED = /(\.\.\.|…)$/;

let out = '';
let database = '';
let reports: RunReport[] = [];
let notes: Notes;
let days: string[] = [];

before(async () => {
  out = await mkdtemp(join(tmpdir(), 'daybrief-demo-site-'));
  database = join(await mkdtemp(join(tmpdir(), 'daybrief-demo-site-db-')), 'demo.sqlite');
  reports = await buildDemo(out, { quiet: true, database });
  const manifest = JSON.parse(await readFile(join(DEMO_ARCHIVE, 'manifest.json'), 'utf8'));
  notes = manifest.notes as Notes;
  days = manifest.days as string[];
});

async function dayPage(date: string) {
  const { document } = parseHTML(await readFile(join(out, 'baltic-grid', date, 'index.html'), 'utf8'));
  const items = [...document.querySelectorAll('.item')].map((item) => {
    // The lead article of a story whose heading is its title: the heading links to it instead.
    const link =
      item.querySelector('.title a') ?? item.closest('article.story')?.querySelector('.story-title a');
    return {
      title: link?.textContent?.trim() ?? '',
      href: link?.getAttribute('href') ?? '',
      outlet: item.querySelector('.byline b')?.textContent?.trim() ?? '',
      image: item.querySelector('figure.cover img')?.getAttribute('src') ?? null,
      credit: item.querySelector('figure.cover figcaption')?.textContent?.trim() ?? '',
      placeholder: item.querySelector('figure.cover-none') !== null,
      description: item.querySelector('.description')?.textContent?.trim() ?? '',
      summary: item.querySelector('.summary')?.textContent?.trim() ?? '',
      markers: [...item.querySelectorAll('.marker')].map((m) => m.textContent?.trim() ?? ''),
      also: [...item.querySelectorAll('.also a')].map((a) => a.getAttribute('href') ?? ''),
    };
  });
  const moreLinks = [...document.querySelectorAll('.more li a')];
  const more = moreLinks.map((a) => a.getAttribute('href') ?? '');
  const moreTitles = moreLinks.map((a) => ({
    href: a.getAttribute('href') ?? '',
    title: a.textContent?.trim() ?? '',
  }));
  return { document, items, more, moreTitles };
}

test('every day of the demo was built, and only the planted failures failed', () => {
  assert.equal(reports.length, 7);
  const failed = reports.flatMap((r) => r.failures.map((f) => [f.url, f.error.code]));
  assert.deepEqual(Object.fromEntries(failed), {
    [notes.notHtml]: 'EXTRACT_NOT_HTML',
    [notes.notFound]: 'FETCH_HTTP_404',
  });
  assert.deepEqual(
    reports.flatMap((r) => r.sourceFailures),
    [],
  );
});

interface JsonArticle {
  url: string;
  description: string | null;
  summary: string[];
}

/** The day JSON's articles by URL. */
async function dayArticles(date: string): Promise<Map<string, JsonArticle>> {
  const json = JSON.parse(await readFile(join(out, 'baltic-grid', `${date}.json`), 'utf8'));
  const articles: JsonArticle[] = json.stories.flatMap((s: { articles: JsonArticle[] }) => s.articles);
  return new Map(articles.map((a) => [a.url, a]));
}

/** Letters and digits only, as the page compares sentences. */
function key(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Every sentence of `text` is printed somewhere on the page (a lead, a summary, a heading). */
function shownElsewhere(text: string, document: Queryable): boolean {
  const page = key(document.querySelector('main')?.textContent ?? '');
  return splitSentences(text).every((s) => page.includes(key(s)));
}

interface LeadLine {
  text: string;
  /** The `<small>` naming its outlet, "(Outlet)", if the sentence has one. */
  source: Element | null;
}

/** A story lead's sentences, each with the `<small>` after it that names its source. */
function leadLines(lead: Element): LeadLine[] {
  const lines: LeadLine[] = [];
  let text = '';
  for (const node of [...lead.childNodes]) {
    if (node.nodeName === 'SMALL') {
      lines.push({ text: text.trim(), source: node as Element });
      text = '';
    } else text += node.textContent ?? '';
  }
  if (text.trim() !== '') lines.push({ text: text.trim(), source: null });
  return lines;
}

/** The outlet an entry of "More coverage" names: "(Outlet)" after the title, or the link itself. */
function moreOutlet(li: Element): string {
  const named = /\(([^()]*)\)\s*$/.exec(li.textContent ?? '');
  return (named ? named[1] : li.querySelector('a')?.textContent)?.trim() ?? '';
}

interface Queryable {
  querySelector(selector: string): { textContent: string | null } | null;
}

test('every day page shows the seed’s fields for every item', async () => {
  for (const date of days) {
    const { document, items, more } = await dayPage(date);
    const articles = await dayArticles(date);
    const described = new Map([...articles].map(([u, a]) => [u, a.description ?? '']));
    const summaries = new Map([...articles].map(([u, a]) => [u, a.summary]));
    assert.ok(items.length >= 1, `${date} has no story`);
    assert.ok(items.length + more.length >= 4, `${date} has ${items.length + more.length} articles`);
    assert.match(document.querySelector('h1')?.textContent ?? '', /Baltic Grid/);
    for (const item of items) {
      assert.match(item.href, /^https:\/\//, `${date}: ${item.title}`);
      assert.ok(item.title.length > 10, `${date}: title of ${item.href}`);
      assert.ok(item.outlet, `${date}: outlet of ${item.href}`);
      if (item.image) assert.equal(item.credit, `Image courtesy of ${item.outlet}`);
      else assert.ok(item.placeholder, `${date}: ${item.href} has neither image nor placeholder`);
      const describedBySummary = item.markers.includes("From the outlet's description");
      const stored = described.get(item.href);
      assert.ok(
        item.description || describedBySummary || (stored && shownElsewhere(stored, document)),
        `${date}: description of ${item.href}`,
      );
      const summary = summaries.get(item.href) ?? [];
      assert.ok(
        item.summary || item.markers.length || summary.every((s) => shownElsewhere(s, document)),
        `${date}: summary of ${item.href}`,
      );
    }
  }
});

/*
 * What a reader reads on a day page: headings, titles, leads, descriptions, summaries. Labels
 * ("More coverage", image credits) and the "Developing story" notes, which name an earlier day's
 * story, are the page's own words and may recur.
 */
const READ = '.story-title, .item .title, .lead, .description, .summary, .more li a';

/** What a reader reads in `el`: a lead without the outlets it names. */
function readText(el: Element): string {
  return el.classList.contains('lead')
    ? leadLines(el)
        .map((l) => l.text)
        .join(' ')
    : (el.textContent ?? '');
}

test('no sentence is printed twice on a day page', async () => {
  let sentences = 0;
  for (const date of days) {
    const { document } = await dayPage(date);
    const seen = new Map<string, string>();
    for (const el of [...document.querySelectorAll(READ)]) {
      for (const s of splitSentences(readText(el))) {
        const k = key(s);
        if (k === '') continue;
        sentences++;
        assert.ok(!seen.has(k), `${date}: "${s}" is printed twice (${seen.get(k)} and ${el.className})`);
        seen.set(k, el.className);
      }
    }
  }
  assert.ok(sentences > 100, `the pages were read (${sentences} sentences)`);
});

test('no sentence is printed twice on a week page, nor a title again as a sentence', async () => {
  let sentences = 0;
  for (const date of days) {
    const page = await readFile(join(out, 'baltic-grid', 'week', date, 'index.html'), 'utf8');
    const { document } = parseHTML(page);
    const seen = new Map<string, string>();
    for (const el of [...document.querySelectorAll('.brief-title, .brief-sentence')]) {
      const isTitle = el.classList.contains('brief-title');
      for (const s of splitSentences(el.textContent ?? '')) {
        const k = key(s);
        if (k === '') continue;
        sentences++;
        // A story heading may recur on a later day (a developing story); a sentence never does.
        if (!isTitle) {
          assert.ok(
            !seen.has(k),
            `week to ${date}: "${s}" is printed twice (${seen.get(k)} and ${el.className})`,
          );
        }
        seen.set(k, el.className);
      }
    }
  }
  assert.ok(sentences > 100, `the week pages were read (${sentences} sentences)`);
});

test('every lead sentence names and links the outlet of the article it comes from', async () => {
  let leads = 0;
  for (const date of days) {
    const { document } = await dayPage(date);
    const json = JSON.parse(await readFile(join(out, 'baltic-grid', `${date}.json`), 'utf8'));
    for (const story of [...document.querySelectorAll('article.story')]) {
      const links = new Map<string, string>();
      for (const a of [...story.querySelectorAll('.story-title a, .item .title a, .more li a, .also a')])
        links.set(a.getAttribute('href') ?? '', a.textContent ?? '');
      const outlets = [
        ...[...story.querySelectorAll('.byline b, .also a')].map((o) => o.textContent?.trim() ?? ''),
        ...[...story.querySelectorAll('.more li')].map(moreOutlet),
      ];
      const lines = [...story.querySelectorAll('.lead')].flatMap(leadLines);
      for (const line of lines) {
        leads++;
        const source = line.source?.querySelector('a');
        assert.ok(source, `${date}: "${line.text}" names its source`);
        const href = source.getAttribute('href') ?? '';
        assert.match(href, /^https:\/\//);
        assert.ok(links.has(href), `${date}: the source ${href} is an article of the story`);
        assert.ok(outlets.includes(source.textContent?.trim() ?? ''), `${date}: named by its outlet`);
      }
    }
    for (const s of json.stories) {
      if (s.lead === null) assert.equal(s.leadSources, null);
      else {
        assert.equal(s.leadSources.length, s.lead.length, `${date}: one source per lead sentence`);
        const urls = new Set(
          s.articles.flatMap((a: { url: string; alsoPublishedBy: { url: string }[] }) => [
            a.url,
            ...a.alsoPublishedBy.map((c) => c.url),
          ]),
        );
        for (const src of s.leadSources) assert.ok(urls.has(src.url), `${date}: ${src.url} is in the story`);
        for (const [i, line] of s.lead.entries()) {
          const src = s.leadSources[i];
          const article = s.articles.find((a: { url: string }) => a.url === src.url);
          if (article) assert.ok(article.summary.includes(line), `${date}: "${line}" is from ${src.url}`);
        }
      }
    }
  }
  assert.ok(leads >= 5, `the demo has story leads (${leads})`);
});

test('no item twice: exact repeats, tracking and AMP variants collapse', async () => {
  const seen = new Map<string, string>();
  for (const date of days) {
    const { items, more } = await dayPage(date);
    for (const href of [...items.map((i) => i.href), ...more]) {
      const key = urlKey(href);
      assert.ok(!seen.has(key), `${href} on ${date} already shown on ${seen.get(key)}`);
      seen.set(key, date);
    }
  }
  for (const variant of [notes.exactRepeat, notes.trackingVariant, notes.ampVariant]) {
    assert.ok(seen.has(urlKey(variant)), `${variant} is shown once`);
  }
  for (const off of notes.offTopic) assert.ok(!seen.has(urlKey(off)), `off-topic ${off} is not shown`);
});

test('syndicated copies fold into the wire original with "also published by"', async () => {
  const { items } = await dayPage('2026-11-23');
  const original = items.find((i) => i.href === notes.syndicatedOriginal);
  assert.ok(original, 'the wire original leads');
  assert.deepEqual(
    original.also.sort(),
    notes.syndicated.filter((u) => u !== notes.syndicatedOriginal).sort(),
  );
  for (const copy of notes.syndicated.slice(1)) {
    assert.ok(!items.some((i) => i.href === copy), `${copy} is not listed as its own item`);
  }
});

test('full titles, clean summaries, decoded text', async () => {
  for (const date of days) {
    for (const item of (await dayPage(date)).items) {
      assert.doesNotMatch(item.title, TRUNCATED, `${date}: ${item.title}`);
      assert.doesNotMatch(item.summary, BOILERPLATE, `${date}: summary of ${item.href}`);
      assert.doesNotMatch(
        item.summary + item.title,
        /[\uFFFD\u0080-\u009F]/,
        `${date}: mis-decoded ${item.href}`,
      );
    }
  }
  const built = await Promise.all(days.map(dayPage));
  const all = built.flatMap((p) => p.items);
  const titles = [...all, ...built.flatMap((p) => p.moreTitles)];
  for (const t of titles) assert.doesNotMatch(t.title, TRUNCATED, t.href);
  const truncated = titles.find((i) => i.href === notes.truncatedTitle);
  assert.ok(truncated && truncated.title.length > 60, 'the page’s full headline replaces the cut feed title');
  const cp1252 = titles.find((i) => i.href === notes.windows1252);
  assert.match(cp1252?.title ?? '', /’|–|€/, 'windows-1252 punctuation survives');
  const json = JSON.parse(await readFile(join(out, 'baltic-grid', '2026-11-22.json'), 'utf8'));
  const paywalled = json.stories
    .flatMap((s: { articles: Array<{ url: string }> }) => s.articles)
    .find((a: { url: string }) => a.url === notes.paywalled);
  assert.equal(paywalled?.paywalled, true, 'the paywalled article is flagged');
  assert.equal(paywalled?.summarySource, 'description', 'its summary is the description, not the pitch');
  const shownPaywalled = all.find((i) => i.href === notes.paywalled);
  if (shownPaywalled)
    assert.ok(
      shownPaywalled.markers.some((m) => /Subscriber-only/.test(m)),
      'and marked',
    );
  const noImage = json.stories
    .flatMap((s: { articles: Array<{ url: string; image: string | null }> }) => s.articles)
    .find((a: { url: string }) => a.url === notes.noImage);
  assert.ok(noImage, 'the article without an image is on its day');
  assert.equal(noImage.image, null, 'the site logo is not taken as a cover image');
  for (const item of all.filter((i) => !i.image))
    assert.ok(item.placeholder, `${item.href} has a placeholder`);
});

test('the week view, the archive, the Atom feed and the day JSON exist', async () => {
  const last = days.at(-1) as string;
  const week = parseHTML(
    await readFile(join(out, 'baltic-grid', 'week', last, 'index.html'), 'utf8'),
  ).document;
  assert.equal(week.querySelectorAll('main section').length, 7);
  const atom = parseAtomFeed(await readFile(join(out, 'baltic-grid', 'feed.xml'), 'utf8'));
  assert.equal(atom.entries?.length, 7);
  const json = JSON.parse(await readFile(join(out, 'baltic-grid', `${last}.json`), 'utf8'));
  assert.equal(json.topic.slug, 'baltic-grid');
  assert.ok(json.stories.length >= 3);
  const files = await readdir(join(out, 'baltic-grid'));
  for (const date of days) assert.ok(files.includes(`${date}.json`) && files.includes(date), date);
});

test('German articles carry lang="de" on an English page; English ones inherit the page language', async () => {
  const manifest = JSON.parse(await readFile(join(DEMO_ARCHIVE, 'manifest.json'), 'utf8')) as {
    entries: { url: string; file?: string }[];
  };
  const german = new Set<string>();
  for (const e of manifest.entries) {
    if (!e.file?.endsWith('.html')) continue;
    const page = await readFile(join(DEMO_ARCHIVE, e.file), 'utf8');
    if (/<html[^>]*\slang="de/i.test(page)) german.add(urlKey(e.url));
  }
  assert.ok(german.size > 0, 'the demo has German pages');
  let shownGerman = 0;
  for (const date of days) {
    const { document } = await dayPage(date);
    assert.equal(document.documentElement.getAttribute('lang'), 'en');
    for (const a of [...document.querySelectorAll('.story-title a, .item .title a, .more li a')]) {
      const lang = a.closest('[lang]')?.getAttribute('lang') ?? '';
      if (german.has(urlKey(a.getAttribute('href') ?? ''))) {
        shownGerman++;
        assert.match(lang, /^de\b/i, `${a.getAttribute('href')} is marked German`);
      } else {
        assert.match(lang, /^en\b/i, `${a.getAttribute('href')} is not marked as another language`);
      }
    }
  }
  assert.ok(shownGerman > 0, 'a German article is on a day page');
});

test('the front page links each of the latest stories to its anchor, with outlets and a time', async () => {
  const { document } = parseHTML(await readFile(join(out, 'index.html'), 'utf8'));
  const items = [...document.querySelectorAll('.topic-card .top-stories li')];
  assert.ok(items.length >= 1);
  for (const li of items) {
    const href = li.querySelector('a.headline')?.getAttribute('href') ?? '';
    const [path, anchor] = href.split('#');
    assert.ok(path && anchor, href);
    const day = parseHTML(await readFile(join(out, path), 'utf8')).document;
    assert.ok(day.getElementById(anchor), `${href} points at a story`);
    assert.match(li.querySelector('.story-meta')?.textContent ?? '', /^\d+ outlets?\b/);
  }
  assert.ok(
    items.some((li) => li.querySelector('.story-meta time[datetime]')),
    'times are machine-readable',
  );
  const notFound = parseHTML(await readFile(join(out, '404.html'), 'utf8')).document;
  assert.equal(notFound.querySelector('main h1')?.textContent, 'Page not found');
});

/** Every HTML file of the built site, relative to it. */
async function htmlFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await htmlFiles(dir, rel)));
    else if (entry.name.endsWith('.html')) out.push(rel);
  }
  return out;
}

test('every image of every page is one of the site’s own WebP thumbnails, sized, one eager per page', async () => {
  let shown = 0;
  for (const file of await htmlFiles(out)) {
    const { document } = parseHTML(await readFile(join(out, file), 'utf8'));
    const images = [...document.querySelectorAll('img')];
    const eager = images.filter((img) => img.getAttribute('loading') !== 'lazy');
    assert.ok(eager.length <= 1, `${file}: ${eager.length} eager images`);
    if (images.length > 0) assert.equal(eager[0], images[0], `${file}: the first image is the eager one`);
    if (eager[0]) assert.equal(eager[0].getAttribute('fetchpriority'), 'high', file);
    for (const img of images) {
      shown++;
      const srcset = (img.getAttribute('srcset') ?? '').split(', ').map((c) => c.split(' '));
      assert.ok(
        srcset.length >= 1 && srcset.every((c) => c.length === 2),
        `${file}: srcset ${img.getAttribute('srcset')}`,
      );
      const candidates = [[img.getAttribute('src') ?? '', `${img.getAttribute('width')}w`], ...srcset];
      for (const [src = '', w = ''] of candidates) {
        assert.doesNotMatch(src, /^[a-z][a-z0-9+.-]*:|^\/\//i, `${file}: ${src} is not a local path`);
        const path = join(out, dirname(file), src);
        assert.ok(path.startsWith(join(out, 'media')) && path.endsWith('.webp'), `${file}: ${src}`);
        const meta = await sharp(await readFile(path)).metadata();
        assert.equal(meta.format, 'webp', src);
        assert.equal(`${meta.width}w`, w, `${file}: ${src} is as wide as it says`);
      }
      const ratio = Number(img.getAttribute('width')) / Number(img.getAttribute('height'));
      assert.ok(ratio > 0 && Number.isFinite(ratio), `${file}: width and height`);
      assert.ok(img.getAttribute('sizes'), `${file}: sizes`);
    }
  }
  assert.ok(shown > 0, 'the demo shows cover images');
  const media = await readdir(join(out, 'media'));
  assert.ok(media.length > 0 && media.every((f) => /^[a-f0-9]{16}\.webp$/.test(f)), media.join(', '));
});

test('a day page of 40 of the demo’s stories, with their covers, is at most 60 KB of HTML and CSS as served (gzip)', async () => {
  const weight = await dayPageWeight(database, 'baltic-grid', 40);
  assert.equal(weight.images, 40);
  assert.ok(
    weight.htmlGzip + weight.cssGzip <= 60 * 1024,
    `${weight.htmlGzip} + ${weight.cssGzip} bytes (uncompressed ${weight.html} + ${weight.css})`,
  );
});
