/**
 * Consistency of the hand-written demo archive (demo/archive): the manifest, its files, its feeds and
 * the special cases listed in `notes`. `daybrief demo` replays this folder offline, so a dangling link
 * or a malformed feed here would show up as a broken first impression.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseFeed } from 'feedsmith';
import iconv from 'iconv-lite';

const ARCHIVE = join(dirname(fileURLToPath(import.meta.url)), '..', 'demo', 'archive');
const QUERY_TERMS = /baltic grid|nordlink-3/i;
const TRACKING = '?utm_source=rss&utm_medium=feed';
const LATE_NIGHT_UTC = '2026-11-22T23:30:00.000Z';
const MIN_ITEMS_PER_DAY = 3;

// Markup that carries no element structure, removed before the tag-balance check.
const XML_SKIPPED = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>/g;
const XML_TAG = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
const XML_BAD_AMP = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;

interface Entry {
  url: string;
  file?: string;
  status: number;
  headers: Record<string, string>;
}
interface Manifest {
  topic: {
    name: string;
    slug: string;
    query: string;
    feeds: string[];
    language: string;
    region: string;
    timezone: string;
    maxArticles: number;
  };
  days: string[];
  entries: Entry[];
  notes: Record<string, unknown>;
}
interface FeedItem {
  link: string;
  title: string;
  description: string;
  published: string;
}

const manifest = JSON.parse(readFileSync(join(ARCHIVE, 'manifest.json'), 'utf8')) as Manifest;
const byUrl = new Map(manifest.entries.map((e) => [e.url, e]));

function entry(url: string): Entry {
  const e = byUrl.get(url);
  assert.ok(e, `no archive entry for ${url}`);
  return e;
}

function body(url: string): Buffer {
  const e = entry(url);
  assert.ok(e.file, `entry ${url} has no file`);
  return readFileSync(join(ARCHIVE, e.file));
}

/** Throws unless `xml` is well-formed enough: balanced tags, quoted attributes, escaped ampersands. */
function assertWellFormedXml(xml: string, name: string): void {
  const text = xml.replace(XML_SKIPPED, '');
  const stack: string[] = [];
  let last = 0;
  for (const m of text.matchAll(XML_TAG)) {
    const between = text.slice(last, m.index);
    assert.ok(!between.includes('<'), `${name}: stray "<" near ${between.slice(0, 60)}`);
    assert.ok(!XML_BAD_AMP.test(between), `${name}: unescaped "&" in ${between.slice(0, 60)}`);
    last = m.index + m[0].length;
    const [, closing, tag, , selfClosing] = m;
    if (selfClosing) continue;
    if (closing) assert.equal(stack.pop(), tag, `${name}: unbalanced </${tag}>`);
    else stack.push(tag ?? '');
  }
  assert.ok(!text.slice(last).includes('<'), `${name}: stray "<" at the end`);
  assert.deepEqual(stack, [], `${name}: unclosed elements`);
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The items of any feed format feedsmith understands, reduced to what discovery uses. */
function feedItems(text: string): FeedItem[] {
  const { format, feed } = parseFeed(text) as { format: string; feed: Record<string, unknown> };
  const raw = (feed.items ?? feed.entries ?? []) as Record<string, unknown>[];
  return raw.map((it) => {
    if (format === 'atom') {
      const links = (it.links ?? []) as { href?: string; rel?: string }[];
      const summary = it.summary as { value?: string } | undefined;
      const title = it.title as { value?: string } | string | undefined;
      return {
        link: str(links.find((l) => !l.rel || l.rel === 'alternate')?.href),
        title: typeof title === 'string' ? title : str(title?.value),
        description: str(summary?.value),
        published: str(it.published ?? it.updated),
      };
    }
    if (format === 'json') {
      return {
        link: str(it.url),
        title: str(it.title),
        description: str(it.summary),
        published: str(it.date_published),
      };
    }
    const dc = it.dc as { dates?: string[] } | undefined;
    return {
      link: str(it.link),
      title: str(it.title),
      description: str(it.description),
      published: str(it.pubDate ?? dc?.dates?.[0]),
    };
  });
}

function feedText(url: string): string {
  return body(url).toString('utf8');
}

const allItems = manifest.topic.feeds.flatMap((url) =>
  feedItems(feedText(url)).map((it) => ({ ...it, feed: url })),
);

const helsinkiDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Helsinki',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

test('the manifest describes the Baltic Grid topic over seven days', () => {
  assert.equal(manifest.topic.slug, 'baltic-grid');
  assert.equal(manifest.topic.timezone, 'Europe/Helsinki');
  assert.match(manifest.topic.query, /"Baltic Grid" OR "Nordlink-3"/);
  assert.deepEqual(manifest.days, [
    '2026-11-20',
    '2026-11-21',
    '2026-11-22',
    '2026-11-23',
    '2026-11-24',
    '2026-11-25',
    '2026-11-26',
  ]);
  assert.equal(
    new Set(manifest.entries.map((e) => e.url)).size,
    manifest.entries.length,
    'duplicate entry URLs',
  );
});

test('every entry has a content type and its file exists; redirects point at entries', () => {
  for (const e of manifest.entries) {
    if (e.status >= 300 && e.status < 400) {
      const location = e.headers.location;
      assert.ok(location, `${e.url}: redirect without location`);
      assert.equal(entry(location).status, 200);
      continue;
    }
    assert.ok(e.headers['content-type'], `${e.url}: no content-type`);
    assert.ok(e.file && existsSync(join(ARCHIVE, e.file)), `${e.url}: missing file ${e.file}`);
  }
});

test('every URL named in notes is an archive entry', () => {
  const urls = Object.entries(manifest.notes)
    .filter(([key]) => key !== 'description')
    .flatMap(([, v]) => (Array.isArray(v) ? v : [v]))
    .filter((v): v is string => typeof v === 'string');
  assert.ok(urls.length >= 12);
  for (const url of urls) entry(url);
  for (const key of [
    'paywalled',
    'noImage',
    'windows1252',
    'truncatedTitle',
    'broken',
    'notHtml',
    'notFound',
  ]) {
    assert.equal(typeof manifest.notes[key], 'string', `notes.${key}`);
  }
});

test('every feed is well-formed and parses, and every item link has an entry', () => {
  assert.ok(manifest.topic.feeds.length >= 7);
  const formats = new Set<string>();
  for (const url of manifest.topic.feeds) {
    const text = feedText(url);
    if (text.trimStart().startsWith('{')) JSON.parse(text);
    else assertWellFormedXml(text, url);
    formats.add((parseFeed(text) as { format: string }).format);
    const items = feedItems(text);
    assert.ok(items.length > 0, `${url}: no items`);
    for (const it of items) {
      assert.ok(it.link, `${url}: item without link`);
      entry(it.link);
      assert.ok(!Number.isNaN(Date.parse(it.published)), `${url}: bad date ${it.published}`);
    }
  }
  assert.deepEqual([...formats].sort(), ['atom', 'json', 'rdf', 'rss']);
});

test('every article page is reachable from some feed', () => {
  const linked = new Set(allItems.map((it) => it.link));
  for (const it of allItems) {
    const location = entry(it.link).headers.location;
    if (location) linked.add(location);
  }
  for (const e of manifest.entries) {
    if (e.status !== 200 || !e.headers['content-type']?.startsWith('text/html')) continue;
    const plain = e.url.replace(TRACKING, '').replace('/amp/', '/');
    assert.ok(linked.has(e.url) || linked.has(plain), `${e.url} is in no feed`);
  }
});

test(`each day has at least ${MIN_ITEMS_PER_DAY} feed items matching the query in Helsinki time`, () => {
  const perDay = new Map<string, number>();
  for (const it of allItems) {
    if (!QUERY_TERMS.test(`${it.title} ${it.description}`)) continue;
    const day = helsinkiDate.format(new Date(it.published));
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
  }
  for (const day of manifest.days) {
    assert.ok((perDay.get(day) ?? 0) >= MIN_ITEMS_PER_DAY, `${day}: ${perDay.get(day) ?? 0} matching items`);
  }
});

test('the late-night item is on the next Helsinki day', () => {
  const late = allItems.find((it) => new Date(it.published).toISOString() === LATE_NIGHT_UTC);
  assert.ok(late, 'no item at 23:30 UTC on 2026-11-22');
  assert.equal(helsinkiDate.format(new Date(late.published)), '2026-11-23');
});

test('off-topic pages never mention the query terms', () => {
  const offTopic = manifest.notes.offTopic as string[];
  assert.ok(offTopic.length >= 5);
  for (const url of offTopic) {
    assert.doesNotMatch(body(url).toString('utf8'), QUERY_TERMS, url);
    const item = allItems.find((it) => it.link === url);
    assert.ok(item, `${url} is in no feed`);
    assert.doesNotMatch(`${item.title} ${item.description}`, QUERY_TERMS);
  }
});

test('the windows-1252 page is real windows-1252, not UTF-8', () => {
  const url = manifest.notes.windows1252 as string;
  assert.match(entry(url).headers['content-type'] ?? '', /charset=windows-1252/i);
  const bytes = body(url);
  assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  // The windows-1252 code points of é ’ “ ” – €, which differ from both UTF-8 and ISO-8859-1.
  for (const byte of [0xe9, 0x92, 0x93, 0x94, 0x96, 0x80])
    assert.ok(bytes.includes(byte), `missing byte ${byte}`);
  // iconv-lite, not TextDecoder: Node 20's TextDecoder('windows-1252') decodes as ISO-8859-1 (0x92 → U+0092).
  const text = iconv.decode(bytes, 'windows-1252');
  for (const ch of ['é', '’', '“', '”', '–', '€']) assert.ok(text.includes(ch), `missing ${ch}`);
  assert.match(text, /<meta charset="windows-1252">/);
  assert.match(text, /Renée Holm/);
});

test('special pages look the way notes say', () => {
  const n = manifest.notes as Record<string, string>;
  const html = (key: string) => body(n[key] as string).toString('utf8');

  const paywalled = html('paywalled');
  assert.match(paywalled, /"isAccessibleForFree": false/);
  assert.match(paywalled, /Subscribe to continue reading/);

  assert.doesNotMatch(html('noImage'), /og:image/);
  assert.doesNotMatch(html('broken'), /<\/html>/);
  assert.equal(entry(n.notFound as string).status, 404);
  assert.match(entry(n.notHtml as string).headers['content-type'] ?? '', /application\/pdf/);
  assert.ok(
    body(n.notHtml as string)
      .subarray(0, 5)
      .equals(Buffer.from('%PDF-')),
  );
  assert.match(html('german'), /<html lang="de">/);

  const amp = html('ampVariant');
  const canonical = /<link rel="canonical" href="([^"]+)">/.exec(amp)?.[1];
  assert.ok(canonical && canonical !== n.ampVariant);
  assert.equal(entry(canonical).status, 200);

  assert.ok((n.trackingVariant as string).endsWith(TRACKING));
  assert.equal(
    entry(n.trackingVariant as string).file,
    entry((n.trackingVariant as string).replace(TRACKING, '')).file,
  );

  const repeats = allItems.filter((it) => it.link === n.exactRepeat);
  assert.ok(
    new Set(repeats.map((it) => it.feed)).size >= 2,
    'exact repeat is listed in fewer than two feeds',
  );
});

test('the truncated feed title is a prefix of the full headline on the page', () => {
  const url = manifest.notes.truncatedTitle as string;
  const item = allItems.find((it) => it.link === url && it.title.includes('...'));
  assert.ok(item, 'no truncated item for the note');
  const listed = item.title.replace(/ - [^-]+$/, '').replace(/\.\.\.$/, '');
  const h1 = /<h1[^>]*>([^<]+)<\/h1>/.exec(body(url).toString('utf8'))?.[1] ?? '';
  assert.ok(h1.startsWith(listed) && h1.length > listed.length, `${h1} vs ${listed}`);
});

test('the syndicated wire story has copies from three other outlets', () => {
  const urls = manifest.notes.syndicated as string[];
  const hosts = new Set(urls.map((u) => new URL(u).host));
  assert.equal(hosts.size, 4);
  for (const url of urls) {
    const page = body(url).toString('utf8');
    assert.match(page, /\(Meridian Press\) —/);
    assert.match(page, /© 2026 Meridian Press/);
  }
});
