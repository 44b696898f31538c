import {
  isKnownAbbreviation,
  isNumericAbbreviation,
  isPrepositive,
  type LangData,
  langData,
  langOf,
} from './languages.js';
import { isCollapsedPlain } from './tokens.js';

/*
 * Sentence segmentation: Intl.Segmenter (ICU's rules, which know every script) proposes the breaks,
 * then language lists repair the ones ICU gets wrong for news copy: abbreviations, initials, ordinals,
 * list markers, ellipses, closing quotes. Paragraphs are segmented apart, so a heading (a paragraph
 * without final punctuation) stays its own unit instead of being glued to the next sentence.
 */

const PARAGRAPH_BREAK = /\n[ \t\u00a0]*\n+/;
const TERMINAL = /[.!?…。！？．]["'”’»)\]」』）】]*$/u;
const SPACES = /[\s\u00a0]+/g;
/** Opening quotes or brackets that may precede a word. */
const OPENERS = new Set(['(', '"', "'", '“', '‘', '«', '[', '¿', '¡']);
const SPACE_CHAR = /\s/u;
const PREV_WORD = /(?:^|\s)(\S+)\s+\S+\.$/u;
const FIRST_WORD = /^[("'“‘«[¿¡`]*([\p{L}\p{N}][\p{L}\p{N}'’.°-]*)/u;
const CAMEL_START = /^\p{Ll}+\p{Lu}/u;
const LOWER_START = /^\p{Ll}/u;
const SINGLE_UPPER = /^\p{Lu}$/u;
const MULTI_PERIOD = /^(?:\p{L}{1,3}\.)+\p{L}{1,3}$/u;
const ORDINAL = /^\d{1,2}$/;
const CLOSERS = /^[»”’)\]]+(?=\s|$)/u;
const BARE_MARKER = /^(?:[•⁃*-]\s?)?(?:\d{1,3}|[a-z]|[ivx]{1,4})(?:\.\)|\.|\))$/u;
const CITATION = /^\([^()]{1,60}\)[.!?]?$/u;
/** Three spaced dots after a word: an omission inside the sentence, not its end. */
const INNER_ELLIPSIS = /[^.\s]\s\.\s\.\s\.$/u;
/** A word with its period followed by a spaced ellipsis: the ellipsis opens the next sentence. */
const PERIOD_THEN_ELLIPSIS = /(\p{L}\.)(\s\.\s\.\s\.)$/u;
const LIST_MARKER = /(^|\s)((?:[•⁃]\s?)?)(\d{1,2}|[a-z])(\.\)|\)|\.)(?=\s)/gu;
const BULLET = /\s(?=[•⁃]\s?\S)/u;
const HEADING_MAX_WORDS = 12;
/** Titles that follow a country abbreviation as part of a name (`U.S. Rep. Ilhan Omar`), not a new sentence. */
const ATTRIBUTIVE_TITLES = new Set([
  'rep',
  'reps',
  'sen',
  'sens',
  'gov',
  'gen',
  'adm',
  'amb',
  'atty',
  'col',
  'lt',
  'maj',
  'sgt',
  'capt',
  'cmdr',
]);

const segmenters = new Map<string, Intl.Segmenter>();

function segmenterFor(lang: string): Intl.Segmenter {
  let s = segmenters.get(lang);
  if (!s) {
    s = new Intl.Segmenter(lang, { granularity: 'sentence' });
    segmenters.set(lang, s);
  }
  return s;
}

/**
 * Splits text into sentences. Paragraphs (blank-line separated) never share a sentence; a line without
 * final punctuation that is short enough to be a heading is its own unit. Whitespace inside a sentence
 * is collapsed to single spaces.
 * @param lang BCP 47 language of the text; default `en`. `de`, `fr`, `es` have their own abbreviations.
 */
export function splitSentences(text: string, lang = 'en'): string[] {
  const data = langData(lang);
  const code = langOf(lang);
  const out: string[] = [];
  for (const block of text.replace(/\r\n?/g, '\n').split(PARAGRAPH_BREAK)) {
    for (const unit of blockUnits(block)) {
      for (const item of listItems(unit)) {
        for (const s of segmentUnit(item, code, data)) out.push(s);
      }
    }
  }
  return out;
}

/** Joins hard-wrapped lines of a paragraph, but keeps heading-like lines apart. */
function blockUnits(block: string): string[] {
  const units: string[] = [];
  let current = '';
  for (const raw of block.split('\n')) {
    const line = isCollapsedPlain(raw) ? raw : raw.replace(SPACES, ' ').trim();
    if (!line) continue;
    if (current && isHeadingLike(current) && !LOWER_START.test(line)) {
      units.push(current);
      current = line;
    } else {
      current = current ? `${current} ${line}` : line;
    }
  }
  if (current) units.push(current);
  return units;
}

function isHeadingLike(line: string): boolean {
  if (TERMINAL.test(line)) return false;
  // line.split(' ').length, without the array.
  let parts = 1;
  for (let i = line.indexOf(' '); i >= 0 && parts <= HEADING_MAX_WORDS; i = line.indexOf(' ', i + 1)) parts++;
  return parts <= HEADING_MAX_WORDS;
}

/** Splits inline enumerations (`1) … 2) …`, `a. … b. …`, `• … • …`) into items. */
function listItems(unit: string): string[] {
  const cuts = new Set<number>();
  for (const chain of markerChains(unit)) for (const at of chain) if (at > 0) cuts.add(at);
  if (cuts.size === 0 && !BULLET.test(unit)) return [unit];
  for (const part of unit.matchAll(new RegExp(BULLET.source, 'gu'))) cuts.add(part.index + 1);
  const points = [...cuts].sort((a, b) => a - b);
  const items: string[] = [];
  let from = 0;
  for (const at of points) {
    items.push(unit.slice(from, at).trim());
    from = at;
  }
  items.push(unit.slice(from).trim());
  return items.filter(Boolean);
}

interface Marker {
  at: number;
  value: number;
  style: string;
}

/** Runs of consecutive list markers of one style (1, 2, 3 or a, b, c); `N.` runs must open the text. */
function markerChains(unit: string): number[][] {
  const markers: Marker[] = [];
  for (const m of unit.matchAll(LIST_MARKER)) {
    const label = m[3] ?? '';
    const value = /\d/.test(label) ? Number(label) : label.charCodeAt(0) - 96;
    markers.push({
      at: m.index + (m[1] ?? '').length,
      value,
      style: `${/\d/.test(label) ? 'n' : 'a'}${m[4]}`,
    });
  }
  const chains: number[][] = [];
  for (let i = 0; i < markers.length; i++) {
    const first = markers[i] as Marker;
    if (first.style.endsWith('.') && !first.style.endsWith('.)') && first.at > 1) continue;
    const chain = [first];
    for (const next of markers.slice(i + 1)) {
      const last = chain[chain.length - 1] as Marker;
      if (next.style === first.style && next.value === last.value + 1) chain.push(next);
    }
    if (chain.length >= 2) chains.push(chain.map((m) => m.at));
  }
  return chains;
}

/** ICU's sentences of one unit, with wrong breaks repaired. */
function segmentUnit(unit: string, code: string, data: LangData): string[] {
  const out: string[] = [];
  for (const segment of segmenterFor(code).segment(unit)) {
    let piece = segment.segment.trim();
    if (!piece) continue;
    const prev = out[out.length - 1];
    if (prev === undefined) {
      out.push(piece);
      continue;
    }
    const closer = CLOSERS.exec(piece);
    if (closer) {
      // French sets a space before », which ICU's break swallowed.
      out[out.length - 1] = `${prev}${closer[0].startsWith('»') ? ' ' : ''}${closer[0]}`;
      piece = piece.slice(closer[0].length).trim();
      if (!piece) continue;
    }
    const left = out[out.length - 1] as string;
    if (shouldJoin(left, piece, code, data)) out[out.length - 1] = `${left} ${piece}`;
    else out.push(piece);
  }
  return moveEllipses(out);
}

/** Decides whether ICU's break between `left` and `right` is a false one. */
function shouldJoin(left: string, right: string, code: string, data: LangData): boolean {
  if (BARE_MARKER.test(left) || CITATION.test(right)) return true;
  const first = FIRST_WORD.exec(right)?.[1] ?? '';
  if (/^\p{Ll}/u.test(first) && !CAMEL_START.test(first) && !/^[("'“‘«[]/u.test(right)) return true;
  if (INNER_ELLIPSIS.test(left)) return true;
  if (!left.endsWith('.')) return false;
  const token = lastToken(left);
  if (!token) return false;
  const key = token.toLowerCase();
  const opener = first.toLowerCase().replace(/\.$/, '');
  const startsSentence = data.starters.has(opener) || isPrepositive(opener, data);
  if (/^\d/.test(first)) {
    return isNumericAbbreviation(key, data) || isKnownAbbreviation(key, data) || isPrepositive(key, data);
  }
  if (isPrepositive(key, data)) return true;
  if (
    MULTI_PERIOD.test(token) &&
    ATTRIBUTIVE_TITLES.has(opener) &&
    right.startsWith(`${first}`) &&
    /\.$/.test(first)
  )
    return true;
  if (SINGLE_UPPER.test(token)) return joinsInitial(left, token, startsSentence);
  if (MULTI_PERIOD.test(token) || isKnownAbbreviation(key, data)) return !startsSentence;
  if (code === 'de' && ORDINAL.test(token)) return !startsSentence;
  return false;
}

/**
 * The last word before a final period, with opening quotes or brackets removed (at least one character
 * kept). A scan, not a regex: `/(?:^|\s)[("'…]*(\S+?)\.$/` backtracks quadratically over a long run of
 * quotes that is not the last word (a 40,000-quote run took seconds).
 */
function lastToken(left: string): string | undefined {
  if (!left.endsWith('.')) return undefined;
  let start = left.length - 1;
  while (start > 0 && !SPACE_CHAR.test(left[start - 1] as string)) start--;
  const word = left.slice(start, -1);
  let i = 0;
  while (i < word.length - 1 && OPENERS.has(word[i] as string)) i++;
  return word.slice(i) || undefined;
}

/** `E. Smith` is an initial; `you and I. Did` ends a sentence. */
function joinsInitial(left: string, token: string, startsSentence: boolean): boolean {
  if (startsSentence) return false;
  if (token !== 'I' && token !== 'A') return true;
  const prev = PREV_WORD.exec(left)?.[1] ?? '';
  return /^\p{Lu}/u.test(prev);
}

/** `compounds. . . . The` is a sentence, then one that opens with the ellipsis. */
function moveEllipses(sentences: string[]): string[] {
  for (let i = 0; i + 1 < sentences.length; i++) {
    const m = PERIOD_THEN_ELLIPSIS.exec(sentences[i] as string);
    if (!m) continue;
    sentences[i] = (sentences[i] as string).slice(0, m.index + (m[1] ?? '').length);
    sentences[i + 1] = `${(m[2] ?? '').trim()} ${sentences[i + 1]}`;
  }
  return sentences;
}

const NOT_WORD_RE = /[^\p{L}\p{N}]+/gu;

/**
 * The comparison key of a sentence: its letters and digits, lower case, NFKC (case, spacing,
 * punctuation and Unicode forms ignored), so that one sentence printed twice is known as one.
 */
export function sentenceKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(NOT_WORD_RE, '');
}
