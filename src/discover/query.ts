/**
 * A small matcher for news-search queries, used to keep only on-topic items of the user's own feeds
 * (search engines have already matched their results, on text we never see).
 *
 * Syntax, as in Google/Bing News: terms separated by spaces must all match (AND); `"a phrase"`
 * matches those words in sequence; `A OR B` (also `A | B`) matches either; `-term` / `-"phrase"`
 * excludes. Matching is case- and accent-insensitive on whole words (`nato` does not match
 * `donation`), and by substring for scripts written without spaces (CJK, Thai). Parentheses are
 * ignored, and so are operators that cannot apply to a title and description (`after:`, `before:`,
 * `when:`, `site:`, `source:`, `inurl:`); `intitle:x` and `allintitle:` count as plain terms.
 */

const TOKEN = /(-?)(?:"([^"]*)"?|(\S+))/g;
const OPERATOR = /^([a-z]+):(.*)$/i;
const IGNORED_OPERATORS = new Set([
  'after',
  'before',
  'when',
  'site',
  'source',
  'inurl',
  'allinurl',
  'location',
]);
const TEXT_OPERATORS = new Set(['intitle', 'allintitle', 'intext', 'allintext']);
const PARENS = /[()]/g;
const MARKS = /\p{M}+/gu;
const WORD_SPLIT = /[^\p{L}\p{N}]+/u;
const NO_SPACE_SCRIPT =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}]/u;
const REGEX_SPECIAL = /[.*+?^${}()|[\]\\]/g;

/** A compiled query: a predicate over text. */
export type QueryMatcher = (text: string) => boolean;

/** Lower case, compatibility-normalised, accents removed: the form both query and text are compared in. */
export function foldText(s: string): string {
  return s.normalize('NFKD').replace(MARKS, '').toLowerCase().normalize('NFC');
}

function termPattern(term: string): RegExp | undefined {
  const words = foldText(term).split(WORD_SPLIT).filter(Boolean);
  if (words.length === 0) return undefined;
  const body = words.map((w) => w.replace(REGEX_SPECIAL, '\\$&')).join('[^\\p{L}\\p{N}]+');
  if (NO_SPACE_SCRIPT.test(term)) return new RegExp(body, 'u');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'u');
}

interface Parsed {
  /** AND of ORs. */
  clauses: RegExp[][];
  exclusions: RegExp[];
}

function parseQuery(query: string): Parsed {
  const clauses: RegExp[][] = [];
  const exclusions: RegExp[] = [];
  let joinNext = false;
  for (const m of query.replace(PARENS, ' ').matchAll(TOKEN)) {
    const negated = m[1] === '-';
    const phrase = m[2];
    let term = phrase ?? m[3] ?? '';
    if (phrase === undefined && !negated && (term === 'OR' || term === '|')) {
      joinNext = clauses.length > 0;
      continue;
    }
    const op = phrase === undefined ? OPERATOR.exec(term) : null;
    if (op) {
      const name = (op[1] ?? '').toLowerCase();
      if (IGNORED_OPERATORS.has(name)) continue;
      if (TEXT_OPERATORS.has(name)) term = op[2] ?? '';
    }
    const pattern = termPattern(term);
    if (!pattern) continue;
    if (negated) exclusions.push(pattern);
    else if (joinNext) clauses.at(-1)?.push(pattern);
    else clauses.push([pattern]);
    joinNext = false;
  }
  return { clauses, exclusions };
}

/** Compiles a query (see the module comment for the syntax). An empty query matches everything. */
export function compileQuery(query: string): QueryMatcher {
  const { clauses, exclusions } = parseQuery(query);
  return (text) => {
    const folded = foldText(text);
    if (exclusions.some((re) => re.test(folded))) return false;
    return clauses.every((alternatives) => alternatives.some((re) => re.test(folded)));
  };
}
