/**
 * Full-text search over stored digests: what a hit is, how a digest becomes search rows, and how a
 * user's query becomes safe FTS5 syntax. Pure; the SQLite and Postgres stores share it.
 */
import type { Digest } from '../model/types.js';

/** Marks the start of a matched term in `SearchHit.snippet` (a control character, never in indexed text). */
export const SNIPPET_START = '\u0002';
/** Marks the end of a matched term in `SearchHit.snippet`. */
export const SNIPPET_END = '\u0003';
/** Default and largest page size of a search. */
export const SEARCH_DEFAULT_LIMIT = 20;
export const SEARCH_MAX_LIMIT = 100;
/** More terms than this are dropped: a query is a few words, not a document. */
const MAX_TERMS = 16;
const MAX_QUERY_LENGTH = 500;
/** A "quoted phrase" or a run of non-space characters. */
const TOKEN_RE = /"([^"]*)"?|(\S+)/g;
const WORD_RE = /[\p{L}\p{N}]+/gu;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the snippet markers are control characters
const CONTROL_RE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const SPACE_RE = /\s+/g;

/** One article of a stored day that matches a search; `storyId` names its story on the day page. */
export interface SearchHit {
  topic: string;
  /** `YYYY-MM-DD`. */
  date: string;
  storyId: string;
  url: string;
  title: string;
  outlet: string;
  /** Plain text around the match; matched terms are wrapped in SNIPPET_START … SNIPPET_END. */
  snippet: string;
  /** Relevance, higher is better; comparable only within one result list. */
  score: number;
}

/** Narrowing and paging of a search. */
export interface SearchOptions {
  /** Only this topic's days. */
  topic?: string;
  /** Default 20, at most 100. */
  limit?: number;
  /** Default 0. */
  offset?: number;
}

/** A searchable row: one article of one story of a topic-day. */
export interface SearchRow {
  topic: string;
  date: string;
  storyId: string;
  url: string;
  title: string;
  outlet: string;
  /** Description and summary: what the snippet is cut from. */
  body: string;
}

function clean(text: string | undefined): string {
  return (text ?? '').replace(CONTROL_RE, ' ').replace(SPACE_RE, ' ').trim();
}

/** Description and summary, without summary sentences the description already says (feeds often lead with them). */
function bodyText(description: string | undefined, summary: string[]): string {
  const desc = clean(description);
  const sentences = summary.map((x) => clean(x)).filter((x) => x !== '' && !desc.includes(x));
  return [desc, ...sentences].filter((x) => x !== '').join(' ');
}

/** The rows a digest contributes to the search index (syndicated copies' outlets count as outlets). */
export function searchRows(digest: Digest): SearchRow[] {
  return digest.stories.flatMap((story) =>
    story.articles.map((a) => ({
      topic: digest.topic.slug,
      date: digest.date,
      storyId: story.id,
      url: a.url,
      title: clean(a.title),
      outlet: clean([a.outlet, ...a.alsoPublishedBy.map((c) => c.outlet)].join(', ')),
      body: bodyText(a.description, a.summary),
    })),
  );
}

/** Clamps paging to sane integers. */
export function searchPaging(opts: SearchOptions = {}): { limit: number; offset: number } {
  const limit = Number.isInteger(opts.limit)
    ? Math.min(Math.max(opts.limit ?? 0, 1), SEARCH_MAX_LIMIT)
    : SEARCH_DEFAULT_LIMIT;
  const offset = Number.isInteger(opts.offset) ? Math.max(opts.offset ?? 0, 0) : 0;
  return { limit, offset };
}

function quote(words: string[]): string {
  return `"${words.join(' ')}"`;
}

/**
 * Turns free text into an FTS5 query that cannot be a syntax error: every word or "quoted phrase"
 * becomes a quoted phrase of its letters and digits, terms are ANDed, and a bare `OR` between two
 * terms is kept. Everything else FTS5 would interpret (NEAR, *, ^, :, -, parentheses) is just text.
 * Undefined when nothing searchable is left.
 */
export function ftsQuery(input: string): string | undefined {
  const parts: string[] = [];
  let pendingOr = false;
  for (const m of input.slice(0, MAX_QUERY_LENGTH).matchAll(TOKEN_RE)) {
    if (m[2] === 'OR') {
      pendingOr = parts.length > 0;
      continue;
    }
    const words = (m[1] ?? m[2] ?? '').match(WORD_RE);
    if (!words) continue;
    if (parts.length >= MAX_TERMS) break;
    if (pendingOr) parts.push('OR');
    parts.push(quote(words));
    pendingOr = false;
  }
  return parts.length > 0 ? parts.join(' ') : undefined;
}

/** One story among search results: its best-ranked matching article and its other matching articles. */
export interface StoryHit {
  hit: SearchHit;
  /** The story's other matching articles, best first. */
  more: SearchHit[];
}

/**
 * Folds ranked hits into one result per story (topic, date and story id), in the order of each
 * story's best hit, so a story covered by five outlets is one result, not five.
 */
export function groupByStory(hits: readonly SearchHit[]): StoryHit[] {
  const groups = new Map<string, StoryHit>();
  for (const h of hits) {
    const key = JSON.stringify([h.topic, h.date, h.storyId]);
    const group = groups.get(key);
    if (group) group.more.push(h);
    else groups.set(key, { hit: h, more: [] });
  }
  return [...groups.values()];
}
