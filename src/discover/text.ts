/**
 * Text helpers for feed fields: feeds carry HTML (escaped, in CDATA, or double-escaped) where plain
 * text is wanted, and dates in every format the RSS world has produced.
 */

import { parseHTML } from 'linkedom';
import { DateTime } from 'luxon';
import { parseFeedDate } from './feed-dates.js';

const WS = /\s+/g;
const NEEDS_HTML = /[<&]/;
/** Raw C1 controls: bytes 0x80–0x9F read as Latin-1 where windows-1252 was meant (and `&#146;`-style refs). */
const C1 = /[\u0080-\u009f]/g;
const CP1252_C1 =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
const DROP_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'IFRAME', 'OBJECT']);
const BLOCK_TAGS = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'BR',
  'DD',
  'DIV',
  'DL',
  'DT',
  'FIGCAPTION',
  'FIGURE',
  'FOOTER',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HR',
  'LI',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'TABLE',
  'TD',
  'TH',
  'TR',
  'UL',
]);
const MIN_YEAR = 1990;
const MAX_YEAR = 2100;

/** Default cap for descriptions, in characters. */
export const DESCRIPTION_MAX = 500;

/** Collapses runs of whitespace (incl. NBSP and newlines) to one space and trims. */
export function collapse(s: string): string {
  return s
    .replace(C1, (c) => CP1252_C1[c.charCodeAt(0) - 0x80] ?? c)
    .replace(WS, ' ')
    .trim();
}

interface NodeLike {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<NodeLike>;
}

/**
 * The text under `root`, block boundaries as spaces. A loop over an explicit stack, not recursion:
 * markup nested tens of thousands deep overflowed the call stack. Each child list is read once:
 * linkedom builds childNodes afresh on every access, so indexing it in a loop was quadratic in the
 * number of siblings (19,000 <p> in a feed description took four minutes).
 */
function collectText(root: NodeLike, out: string[]): void {
  const stack: (NodeLike | ' ')[] = [root];
  while (stack.length) {
    const node = stack.pop() as NodeLike | ' ';
    if (node === ' ') {
      out.push(' ');
      continue;
    }
    if (node.nodeType === 3) {
      out.push(node.textContent ?? '');
      continue;
    }
    if (node.nodeType !== 1 && node.nodeType !== 11) continue;
    const tag = node.nodeName.toUpperCase();
    if (DROP_TAGS.has(tag)) continue;
    const block = BLOCK_TAGS.has(tag);
    if (block) {
      out.push(' ');
      stack.push(' ');
    }
    const children = node.childNodes;
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child) stack.push(child);
    }
  }
}

/**
 * HTML fragment → plain text: entities decoded, tags removed (block boundaries become spaces,
 * scripts and styles dropped), whitespace collapsed. Plain text passes through collapsed.
 */
export function htmlToText(html: string): string {
  if (!NEEDS_HTML.test(html)) return collapse(html);
  const { document } = parseHTML(`<!doctype html><html><head></head><body>${html}</body></html>`);
  const out: string[] = [];
  collectText(document.body as unknown as NodeLike, out);
  return collapse(out.join(''));
}

/** Caps text at `max` characters on a word boundary, marking the cut with an ellipsis. */
export function capText(text: string, max = DESCRIPTION_MAX): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '')}…`;
}

function plausible(d: DateTime | Date): string | undefined {
  const dt = d instanceof Date ? DateTime.fromJSDate(d) : d;
  if (!dt.isValid || dt.year < MIN_YEAR || dt.year > MAX_YEAR) return undefined;
  return dt.toUTC().toISO() ?? undefined;
}

/**
 * Parses a feed date (ISO 8601/W3C-DTF, RFC 822/2822, HTTP dates, then the looser forms of
 * feed-dates.ts: month and weekday names in the supported languages, zone abbreviations) to a
 * UTC ISO 8601 string. Dates without a zone are read as UTC. Returns undefined for empty,
 * unreadable or implausible (before 1990, after 2100) dates: never a guessed day.
 */
export function parseDate(raw: string | undefined): string | undefined {
  const s = raw === undefined ? '' : collapse(raw);
  if (!s) return undefined;
  for (const dt of [
    DateTime.fromISO(s, { zone: 'utc', setZone: true }),
    DateTime.fromRFC2822(s, { zone: 'utc' }),
    DateTime.fromHTTP(s, { zone: 'utc' }),
  ]) {
    if (dt.isValid) return plausible(dt);
  }
  const iso = parseFeedDate(s);
  return iso === undefined ? undefined : plausible(new Date(iso));
}
