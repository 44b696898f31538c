/**
 * What a news text says, as weighted features for story grouping: content words, the names it
 * mentions, its numbers, and the years it names. Names, numbers and years are what tell two
 * look-alike events apart (two earthquakes, two rehab stays), so they get features of their own.
 */

const TOKEN = /[\p{L}\p{N}][\p{L}\p{N}'’.-]*[\p{L}\p{N}]|[\p{L}\p{N}]/gu;
const SENTENCE_END = /(?<=[.!?]["'”’)]?)\s+/u;
const YEAR = /^(1[89]\d\d|20\d\d)$/;
const DIGIT = /^\d/;
const UPPER = /^\p{Lu}/u;
const POSSESSIVE = /['’]s$/;
const STOPWORDS = new Set(
  `a an the and or but nor of to in on at for with by from as is was were be been being are am it its
  this that these those he she they we you i his her hers their theirs our ours your yours him them us me
  my mine not no so if then than there here who whom whose which what when where why how all any some
  more most other such only own same too very can will just should would could may might must shall do
  does did done doing have has had having said says say saying also after before about into over under
  again further once up down out off one two first last told while during since until because between
  against through both each few many much every another among per via yet still even though although
  around near across along amid upon within without toward towards onto get got like including mr mrs ms
  monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow week weeks day days
  year years month months time new news according report reported reports people`.split(/\s+/),
);

/** Feature weights, with defaults. */
export interface FeatureWeights {
  /** Weight of a headline word against a body word; default 2. */
  title?: number;
  /** Weight of a name (capitalised word inside a sentence) on top of its word; default 2. */
  name?: number;
  /** Weight of a number other than a year; default 1. */
  number?: number;
  /** Words (lower case) that count for nothing: the topic's own words, shared by every story. */
  ignore?: ReadonlySet<string>;
}

/** A text's features: weighted counts, and the years it names. */
export interface TextFeatures {
  counts: Map<string, number>;
  years: Set<number>;
}

type Weights = Required<Omit<FeatureWeights, 'ignore'>> & Pick<FeatureWeights, 'ignore'>;

const DEFAULT_WEIGHTS: Weights = { title: 2, name: 2, number: 1 };

/** The words of a topic's name or query, lower case, as `textFeatures` should ignore them. */
export function topicWords(topic: string | undefined): Set<string> {
  const out = new Set<string>();
  for (const token of topic?.match(TOKEN) ?? []) {
    const lower = token.toLowerCase().replace(POSSESSIVE, '');
    if (lower !== 'or' && lower !== 'and' && !STOPWORDS.has(lower)) out.add(lower);
  }
  return out;
}

/** Light suffix folding so "quakes" and "quake" meet; keeps short words and "-ss" words whole. */
export function stem(word: string): string {
  if (word.length <= 4) return word;
  if (word.endsWith('ies') && word.length > 5) return `${word.slice(0, -3)}y`;
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
  return word;
}

function addText(text: string, weight: number, w: Weights, out: TextFeatures): void {
  const add = (key: string, v: number) => out.counts.set(key, (out.counts.get(key) ?? 0) + v);
  for (const sentence of text.split(SENTENCE_END)) {
    const tokens = sentence.match(TOKEN) ?? [];
    tokens.forEach((token, i) => {
      if (DIGIT.test(token)) {
        if (YEAR.test(token)) out.years.add(Number(token));
        else if (w.number > 0) add(`#${token}`, weight * w.number);
        return;
      }
      const lower = token.toLowerCase().replace(POSSESSIVE, '');
      if (lower.length < 2 || STOPWORDS.has(lower) || w.ignore?.has(lower)) return;
      add(stem(lower), weight);
      // A capital inside a sentence marks a name; the sentence's first word tells nothing.
      if (i > 0 && w.name > 0 && UPPER.test(token)) add(`@${lower}`, weight * w.name);
    });
  }
}

/** Weighted features of a headline and body (see FeatureWeights for the defaults). */
export function textFeatures(title: string, text: string, weights: FeatureWeights = {}): TextFeatures {
  const w: Weights = { ...DEFAULT_WEIGHTS, ...weights };
  const out: TextFeatures = { counts: new Map(), years: new Set() };
  addText(title, w.title, w, out);
  addText(text, 1, w, out);
  return out;
}

/** True when both name years and none in common: likely two different events. */
export function yearsDisagree(a: ReadonlySet<number>, b: ReadonlySet<number>): boolean {
  if (a.size === 0 || b.size === 0) return false;
  for (const y of a) if (b.has(y)) return false;
  return true;
}
