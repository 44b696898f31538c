/** Reading an author's name out of the markup: an author element, or a "By …" line below the headline. */
import { cleanByline } from './byline.js';
import type { LDocument, LElement, LNode } from './lightdom.js';
import { ARTICLE_ROOT, boundedText, MAX_TEXTS_AFTER_HEADLINE, nextInOrder } from './markup-walk.js';
import { collapseWhitespace } from './text.js';

/** "By" in the outlets' languages. */
const BY = '(?:by|von|par|por|di|door|av|af)';
/** Labels that stand for it: a Latin one only with its colon ("Author Archive" is no byline). */
const LATIN_LABEL = '(?:author|autor|auteur|autore)';
const CJK_LABEL = '(?:著者|作者|筆者|投稿者|記者)';
const BY_ONLY = new RegExp(`^(?:${BY}|${LATIN_LABEL}|${CJK_LABEL})\\s*[:：]?$`, 'i');
const NON_TEXT_TAG = /^(script|style|noscript|svg|button|time)$/i;
const MAX_BYLINE_LINE_CHARS = 120;
const BY_WORD = new RegExp(`^(?:${BY}(?:\\s|[:：]|$)|${LATIN_LABEL}\\s*[:：]|${CJK_LABEL})`, 'i');
/** A byline line goes on with a date, a role or a second sentence after these. */
const BYLINE_END = /\s[|\u2022\u00b7]\s/;
const MAX_PIECES = 12;
const MAX_NAME_WORDS = 12;

/**
 * A "By Jane Doe" line just below the visible headline (or at the top of the article when the
 * page has no h1): the first short text there that starts with a by-word and reads as a name.
 */
export function byLineNearHeadline(doc: LDocument): string | undefined {
  const h1 = doc.parsedElements('h1')[0];
  const start = h1 ?? doc.selectFirst(ARTICLE_ROOT, 1)[0];
  if (!start) return undefined;
  let seen = 0;
  let n: LNode | null = nextInOrder(start, true);
  while (n && seen < MAX_TEXTS_AFTER_HEADLINE) {
    if (n.nodeType === 1) {
      n = nextInOrder(n, !NON_TEXT_TAG.test((n as LElement).tagName));
      continue;
    }
    const here: LNode = n;
    n = nextInOrder(n, false);
    if (here.nodeType !== 3) continue;
    const t = (here as unknown as { data: string }).data.trim();
    if (!t) continue;
    seen++;
    if (!BY_WORD.test(t)) continue;
    // The by-word may sit alone in its span, the name in the next element: read the smallest
    // ancestor that holds more than the by-word.
    // Read by pieces, so "By Jane Doe" + "Staff Writer" in two spans do not glue together.
    for (let el = here.parentElement, i = 0; el && i < 3; el = el.parentElement, i++) {
      if (boundedText(el, MAX_BYLINE_LINE_CHARS) === undefined) break;
      const c = nameAfterBy(textPieces(el), t)?.split(BYLINE_END)[0];
      if (c && !BY_ONLY.test(c) && looksLikeName(c)) return c;
    }
  }
  return undefined;
}

/** The name the by-piece `by` opens: in the piece itself, or in the next when it is a bare by-word. */
function nameAfterBy(pieces: string[], by: string): string | undefined {
  const i = pieces.indexOf(collapseWhitespace(by));
  if (i < 0) return undefined;
  const piece = pieces[i] ?? '';
  return cleanByline(BY_ONLY.test(piece) ? withNext(piece, pieces[i + 1]) : piece);
}

/** A bare by-word or label and the piece after it, as one "Label: Name" line cleanByline reads. */
function withNext(label: string, next: string | undefined): string {
  return `${label.replace(/\s*[:：]?$/, ':')} ${next ?? ''}`;
}

/**
 * The name an author element gives: its content attribute, else its first text piece that reads
 * as a name. Pieces are the element's text nodes, so "Jane Doe" + "Staff Writer" in two spans
 * do not glue into "Jane DoeStaff Writer"; "By" alone is joined to the piece after it.
 */
export function bylineOf(el: LElement): string | undefined {
  const attr = el.getAttribute('content');
  if (attr) return cleanByline(attr);
  const pieces = textPieces(el);
  // "Tech Industry" + "by Steven Musil": the piece the by-word opens names the author.
  const by = pieces.findIndex((p) => BY_WORD.test(p));
  if (by > 0) pieces.unshift(...pieces.splice(by, 2));
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i] ?? '';
    const joined = BY_ONLY.test(piece) ? withNext(piece, pieces[i + 1]) : piece;
    const c = cleanByline(joined);
    if (c && looksLikeName(c)) return c;
    if (BY_ONLY.test(piece)) i++;
  }
  return undefined;
}

function textPieces(el: LElement): string[] {
  const out: string[] = [];
  const walk = (n: LNode, depth: number) => {
    if (out.length >= MAX_PIECES || depth > 12) return;
    if (n.nodeType === 3) {
      const t = collapseWhitespace(n.textContent ?? '');
      if (t) out.push(t);
      return;
    }
    if (n.nodeType !== 1 || NON_TEXT_TAG.test((n as LElement).tagName)) return;
    for (const c of (n as LElement).childNodes) walk(c, depth + 1);
  };
  walk(el, 0);
  return out;
}

/** Up to six words, most of them capitalised (or in a script without case), no sentence punctuation. */
function looksLikeName(s: string): boolean {
  const words = s.split(/[\s,]+/).filter((w) => w && !/^(and|und|et|y|e|&)$/i.test(w));
  if (!words.length || words.length > MAX_NAME_WORDS || /[.!?:]$/.test(s) || /\d{3}/.test(s)) return false;
  if (BY_ONLY.test(words[words.length - 1] ?? '')) return false;
  const upper = words.filter((w) => /^\P{Ll}/u.test(w)).length;
  return words.length === 1 || upper / words.length > 0.5;
}
