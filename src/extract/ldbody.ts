/**
 * JSON-LD `articleBody` as a hint. Publishers often ship the article's plain text in their
 * structured data: it tells which of the found paragraphs belong to the article (boilerplate at
 * the edges does not appear in it), and it is the article itself when the markup holds next to
 * nothing (pages that render their text with scripts). It is never trusted blindly: it may be a
 * teaser, truncated, or stale.
 */
import { collectParagraphs } from './body.js';
import { parseLight } from './lightdom.js';
import { isProse } from './net.js';
import { endsWithEllipsis } from './text.js';

/** Shorter articleBody values are teasers or excerpts: no hint. */
const MIN_BODY_WORDS = 80;
/** The found text holds at least this share of articleBody's word triples: edges may be trimmed. */
const TRIM_COVERAGE = 0.8;
/** The found text holds less than this share: the markup missed the article, articleBody stands in… */
const REPLACE_COVERAGE = 0.3;
/** …when it is also this many times longer than what the markup gave. */
const REPLACE_LENGTH_RATIO = 2;
/** …and at least this share of the found text's triples are in articleBody. */
const TRIM_FOUND_SHARE = 0.7;
/** Trimming never takes more than this share of the found text. */
const MAX_TRIMMED_SHARE = 0.3;
/** An edge paragraph with this many triples and less than this share in articleBody is not article text. */
const MIN_EDGE_TRIPLES = 4;
const MAX_EDGE_SHARE = 0.2;
const WORD = /[\p{L}\p{N}]+/gu;

/**
 * The paragraphs to keep, given the JSON-LD articleBody: edge paragraphs that articleBody does
 * not contain are dropped when the rest covers it (a lead paragraph of two or more sentences at the
 * start excepted); articleBody's own paragraphs are returned when
 * the found text covers little of it; otherwise the paragraphs unchanged.
 */
export function reconcileWithArticleBody(paragraphs: string[], raw: string | undefined): string[] {
  if (!raw) return paragraphs;
  const own = toParagraphs(raw);
  const articleBody = own.join('\n');
  const bodyWords = words(articleBody);
  // "…the first time, a new study reports. Essential elements and sources of&hellip;": an excerpt.
  if (bodyWords.length < MIN_BODY_WORDS || endsWithEllipsis(articleBody)) return paragraphs;
  const bodyTriples = triples(bodyWords);
  const found = new Set<string>();
  for (const p of paragraphs) for (const t of triples(words(p))) found.add(t);
  let covered = 0;
  for (const t of bodyTriples) if (found.has(t)) covered++;
  const coverage = covered / bodyTriples.size;
  const foundChars = paragraphs.reduce((n, p) => n + p.length, 0);
  if (coverage < REPLACE_COVERAGE) {
    return articleBody.length >= foundChars * REPLACE_LENGTH_RATIO ? own : paragraphs;
  }
  // A truncated or stale articleBody also "covers" the text it holds: trim only when the found text
  // is mostly in it, so what is trimmed is a little debris at the edges, never the rest of the story.
  let inBody = 0;
  for (const t of found) if (bodyTriples.has(t)) inBody++;
  if (coverage < TRIM_COVERAGE || inBody < found.size * TRIM_FOUND_SHARE) return paragraphs;
  const outside = (p: string) => {
    const own = triples(words(p));
    if (own.size < MIN_EDGE_TRIPLES) return false;
    let shared = 0;
    for (const t of own) if (bodyTriples.has(t)) shared++;
    return shared / own.size < MAX_EDGE_SHARE;
  };
  let start = 0;
  let end = paragraphs.length;
  // A lead paragraph above the text is the article's even where articleBody leaves it out (publishers
  // often keep the standfirst in a field of its own); a headline or dateline at the edge is not.
  while (start < end && outside(paragraphs[start] as string) && !isLead(paragraphs[start] as string)) start++;
  while (end > start && outside(paragraphs[end - 1] as string)) end--;
  const kept = paragraphs.slice(start, end);
  const keptChars = kept.reduce((n, p) => n + p.length, 0);
  return keptChars >= foundChars * (1 - MAX_TRIMMED_SHARE) ? kept : paragraphs;
}

/**
 * articleBody as paragraphs, split at its line breaks. Publishers escape it for HTML
 * ("Europa&apos;s") or leave markup in it: both are read through the HTML parser, once (the JSON-LD
 * reader leaves articleBody undecoded for this).
 */
function toParagraphs(raw: string): string[] {
  const html = raw
    .split(/\r?\n+/)
    .map((line) => `<p>${line}</p>`)
    .join('');
  return collectParagraphs(parseLight(`<body>${html}</body>`).body as unknown as Element);
}

/** Sentence ends: a stop, closing quotes or brackets after it, then a space or the end. */
const STOPS = /[.!?…]["'”’»)]*(?=\s|$)/gu;

/** Prose of at least two sentences: a headline is one. */
function isLead(p: string): boolean {
  return isProse(p) && (p.match(STOPS)?.length ?? 0) >= 2;
}

function words(text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []) as string[];
}

function triples(list: string[]): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 2 < list.length; i++) out.add(`${list[i]} ${list[i + 1]} ${list[i + 2]}`);
  return out;
}
