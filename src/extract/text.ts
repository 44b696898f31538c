/** Small string helpers shared by the extract stage. */

const WHITESPACE = /[\s\u00a0\u200b\u2028\u2029\ufeff]+/g;
/**
 * The runs of WHITESPACE that collapsing changes: all but a lone plain space, which would only be
 * replaced by itself. Ordinary text is mostly such spaces, and skipping them makes collapsing faster.
 */
const CHANGED_WHITESPACE = new RegExp(`(?! )${WHITESPACE.source}| ${WHITESPACE.source}`, 'g');
const TAG = /<[^>]*>/g;
const QUOTES_SINGLE = /[\u2018\u2019\u201b`]/g;
const QUOTES_DOUBLE = /[\u201c\u201d\u201e]/g;
const DASHES = /[\u2013\u2014]/g;
const ELLIPSIS_END = /(\.\.\.|\u2026)\s*$/;
const HIDING_STYLE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\b/i;

/** Collapses every run of whitespace (including no-break and zero-width spaces) to one space, trimmed. */
export function collapseWhitespace(s: string): string {
  return s.replace(CHANGED_WHITESPACE, ' ').trim();
}

/** Plain text from a string that may carry markup (meta descriptions sometimes do). */
export function stripTags(s: string): string {
  return collapseWhitespace(s.replace(TAG, ' '));
}

/** A form for comparing strings loosely: case, quotes, dashes and spacing folded. */
export function fold(s: string): string {
  return collapseWhitespace(
    s.normalize('NFKC').replace(QUOTES_SINGLE, "'").replace(QUOTES_DOUBLE, '"').replace(DASHES, '-'),
  ).toLowerCase();
}

/** True when the string ends with "..." or "…" (a truncated title or description). */
export function endsWithEllipsis(s: string): boolean {
  return ELLIPSIS_END.test(s);
}

/** The string without a trailing ellipsis. */
export function withoutEllipsis(s: string): string {
  return s.replace(ELLIPSIS_END, '').trim();
}

/** True for an inline style that hides the element from every reader. */
export function hidesElement(style: string | null | undefined): boolean {
  return !!style && HIDING_STYLE.test(style);
}

/**
 * One pattern that matches wherever one of `patterns` does: a single pass over the text instead of
 * one per pattern. The patterns must share their flags (neither global nor sticky) and hold no
 * numbered back-references, which joining would renumber.
 */
export function anyOf(patterns: RegExp[]): RegExp {
  const flags = patterns[0]?.flags ?? '';
  for (const p of patterns) {
    if (p.flags !== flags || /[gy]/.test(p.flags) || /\\[1-9]/.test(p.source))
      throw new SyntaxError(`anyOf: cannot join ${p}`);
  }
  // No pattern matches nothing, as `some` over an empty list says false.
  return new RegExp(patterns.map((p) => `(?:${p.source})`).join('|') || '(?!)', flags);
}
