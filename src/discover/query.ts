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
/** Operators whose value is searched as a plain term. */
export const TEXT_OPERATORS: ReadonlySet<string> = new Set(['intitle', 'allintitle', 'intext', 'allintext']);
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

/** One term of a query as written. */
export interface QueryTerm {
  /** The term, or the words of a `"phrase"` without its quotes. */
  text: string;
  phrase: boolean;
  /** Written with a leading `-`. */
  negated: boolean;
  /** `name:arg` (lower-case name) for a term that is not a phrase and has that shape. */
  operator?: { name: string; arg: string };
}

/**
 * Reads a query's structure: an AND of OR-groups, and the exclusions. Each term goes through `read`,
 * which gives its form for the caller (a pattern, a search engine's syntax) or undefined to drop it.
 * Parentheses only group, so they are dropped and the groups come from the ORs.
 */
export function parseQueryTerms<T>(
  query: string,
  read: (term: QueryTerm) => T | undefined,
): { clauses: T[][]; exclusions: T[] } {
  const clauses: T[][] = [];
  const exclusions: T[] = [];
  let joinNext = false;
  for (const m of query.replace(PARENS, ' ').matchAll(TOKEN)) {
    const negated = m[1] === '-';
    const phrase = m[2];
    const text = phrase ?? m[3] ?? '';
    if (phrase === undefined && !negated && (text === 'OR' || text === '|')) {
      joinNext = clauses.length > 0;
      continue;
    }
    const op = phrase === undefined ? OPERATOR.exec(text) : null;
    const term: QueryTerm = { text, phrase: phrase !== undefined, negated };
    if (op) term.operator = { name: (op[1] ?? '').toLowerCase(), arg: op[2] ?? '' };
    const value = read(term);
    if (value === undefined) continue;
    if (negated) exclusions.push(value);
    else if (joinNext) clauses.at(-1)?.push(value);
    else clauses.push([value]);
    joinNext = false;
  }
  return { clauses, exclusions };
}

/** A term as a pattern over folded text; operators that cannot apply to a title and description drop it. */
function termMatcher(term: QueryTerm): RegExp | undefined {
  const op = term.operator;
  if (op && IGNORED_OPERATORS.has(op.name)) return undefined;
  return termPattern(op && TEXT_OPERATORS.has(op.name) ? op.arg : term.text);
}

/** Compiles a query (see the module comment for the syntax). An empty query matches everything. */
export function compileQuery(query: string): QueryMatcher {
  const { clauses, exclusions } = parseQueryTerms(query, termMatcher);
  return (text) => {
    const folded = foldText(text);
    if (exclusions.some((re) => re.test(folded))) return false;
    return clauses.every((alternatives) => alternatives.some((re) => re.test(folded)));
  };
}
