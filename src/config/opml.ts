/**
 * OPML subscription lists: reading one into feeds grouped by category (`daybrief import`), adding
 * them to the config file's JSON, and writing the config's feeds as OPML 2.0 (`daybrief export`).
 */
import { generateOpml, parseOpml } from 'feedsmith';
import { DaybriefError } from '../model/errors.js';
import { slugify } from './load.js';

/** One feed of an OPML file. */
export interface OpmlFeed {
  url: string;
  title: string | undefined;
}

/** The feeds of one folder (category) of the file; `path` is the folder names from the top. */
export interface OpmlGroup {
  path: string[];
  feeds: OpmlFeed[];
}

/** What an OPML file holds: its title, its feeds by folder, and a note per outline skipped. */
export interface OpmlList {
  title: string | undefined;
  groups: OpmlGroup[];
  notes: string[];
}

interface Outline {
  text?: string;
  title?: string;
  xmlUrl?: string;
  outlines?: Outline[];
}

function clean(s: string | undefined): string | undefined {
  const t = s?.replace(/\s+/g, ' ').trim();
  return t ? t : undefined;
}

/** The feed URL if it is a usable http(s) URL (credentials dropped), else why not. */
function feedUrl(raw: string): { url: string } | { why: string } {
  const s = raw.trim();
  if (!/^https?:\/\//i.test(s)) return { why: 'not an http(s) URL' };
  if (!URL.canParse(s)) return { why: 'not a valid URL' };
  const u = new URL(s);
  if (!u.username && !u.password) return { url: s };
  u.username = '';
  u.password = '';
  return { url: u.href };
}

/**
 * Reads an OPML file (a BOM and entities are fine; outlines without a title or a URL are skipped with
 * a note). Throws OPML_INVALID when the text is not OPML at all.
 */
export function readOpml(text: string, where = 'the OPML file'): OpmlList {
  const body = text.replace(/^\uFEFF/, '').trim();
  let parsed: { head?: { title?: string }; body?: { outlines?: Outline[] } };
  try {
    parsed = parseOpml(body) as typeof parsed;
  } catch (err) {
    throw new DaybriefError(
      'config',
      'OPML_INVALID',
      `${where} is not an OPML file (an <opml> document with a <body> of <outline> elements); export it again from your feed reader`,
      { cause: err },
    );
  }
  const groups = new Map<string, OpmlGroup>();
  const notes: string[] = [];
  const add = (path: string[], feed: OpmlFeed) => {
    const key = JSON.stringify(path);
    const group = groups.get(key) ?? { path, feeds: [] };
    groups.set(key, group);
    group.feeds.push(feed);
  };
  const walk = (outlines: Outline[] | undefined, path: string[]) => {
    for (const o of outlines ?? []) {
      if (!o || typeof o !== 'object') continue;
      const name = clean(o.title) ?? clean(o.text);
      if (o.xmlUrl !== undefined) {
        const checked = feedUrl(o.xmlUrl);
        if ('why' in checked)
          notes.push(
            `skipped "${name ?? o.xmlUrl}": its xmlUrl ${JSON.stringify(o.xmlUrl)} is ${checked.why}`,
          );
        else add(path, { url: checked.url, title: name });
      } else if (!o.outlines?.length) {
        notes.push(`skipped the outline "${name ?? '(untitled)'}": it has no xmlUrl and no outlines inside`);
      }
      if (o.outlines?.length) walk(o.outlines, o.xmlUrl === undefined ? [...path, name ?? 'untitled'] : path);
    }
  };
  walk(parsed.body?.outlines, []);
  return { title: clean(parsed.head?.title), groups: [...groups.values()], notes };
}

/** A topic of the config file as JSON (only the keys import and export look at). */
interface TopicJson {
  name?: unknown;
  slug?: unknown;
  feeds?: unknown;
  [key: string]: unknown;
}

/** What one import changed: per topic, the feeds added and those already present. */
export interface ImportResult {
  config: Record<string, unknown>;
  added: Array<{ topic: string; url: string; created: boolean }>;
  duplicates: Array<{ url: string; topic: string }>;
}

/** Feed URLs compared without case in the scheme and host and without a trailing slash. */
function feedKey(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}${u.search}`;
  } catch {
    return url;
  }
}

/**
 * Adds the feeds of `list` to `config` (the config file's JSON, its keys and their order kept): with
 * `categories`, each folder becomes a topic (named by its folders, e.g. "News / World"); else every
 * feed goes to `topic`. An existing topic is found by name or slug; a feed already in any topic is
 * not added again.
 */
export function addOpmlFeeds(
  config: Record<string, unknown>,
  list: OpmlList,
  opts: { topic: string; categories?: boolean },
): ImportResult {
  const out: Record<string, unknown> = { ...config };
  const topics: TopicJson[] = Array.isArray(out.topics)
    ? (out.topics as TopicJson[]).map((t) => ({ ...t }))
    : [];
  const known = new Map<string, string>();
  for (const t of topics) {
    for (const f of Array.isArray(t.feeds) ? t.feeds : []) {
      if (typeof f === 'string') known.set(feedKey(f), String(t.name));
    }
  }
  const find = (name: string): { topic: TopicJson; created: boolean } => {
    const slug = slugify(name);
    const existing = topics.find(
      (t) => t.name === name || t.slug === slug || (t.slug === undefined && slugify(String(t.name)) === slug),
    );
    if (existing) return { topic: existing, created: false };
    const topic: TopicJson = { name, feeds: [] };
    topics.push(topic);
    return { topic, created: true };
  };
  const added: ImportResult['added'] = [];
  const duplicates: ImportResult['duplicates'] = [];
  for (const group of list.groups) {
    const name = opts.categories && group.path.length > 0 ? group.path.join(' / ') : opts.topic;
    for (const feed of group.feeds) {
      const key = feedKey(feed.url);
      const already = known.get(key);
      if (already !== undefined) {
        duplicates.push({ url: feed.url, topic: already });
        continue;
      }
      const { topic, created } = find(name);
      const feeds = Array.isArray(topic.feeds) ? [...(topic.feeds as unknown[])] : [];
      feeds.push(feed.url);
      topic.feeds = feeds;
      known.set(key, String(topic.name));
      added.push({
        topic: String(topic.name),
        url: feed.url,
        created: created && !added.some((a) => a.topic === name),
      });
    }
  }
  out.topics = topics;
  return { config: out, added, duplicates };
}

/** An OPML 2.0 document of every topic's feeds: an outline per topic, a child per feed. */
export function configToOpml(
  topics: ReadonlyArray<{ name: string; feeds: readonly string[] }>,
  opts: { title?: string; date?: Date } = {},
): string {
  const outlines = topics
    .filter((t) => t.feeds.length > 0)
    .map((t) => ({
      text: t.name,
      title: t.name,
      outlines: t.feeds.map((url) => ({ text: feedName(url), type: 'rss', xmlUrl: url })),
    }));
  return generateOpml({
    head: { title: opts.title ?? 'daybrief feeds', dateCreated: opts.date ?? new Date() },
    body: { outlines },
  } as Parameters<typeof generateOpml>[0]);
}

/** A feed's text in the OPML: its host and path, as there is no title in the config. */
function feedName(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return url;
  }
}

/** The name of the topic the feeds of an OPML file go to without --topic: the file's title. */
export function defaultTopicName(list: OpmlList, fallback: string): string {
  return list.title ?? fallback;
}
