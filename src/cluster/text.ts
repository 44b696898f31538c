/**
 * What a news text says, as weighted features for story grouping: content words, the names it
 * mentions, its numbers, and the years it names. Names, numbers and years are what tell two
 * look-alike events apart (two earthquakes, two rehab stays), so they get features of their own.
 */

import { f32Slab, u32Slab } from './slab.js';

const TOKEN = /[\p{L}\p{N}][\p{L}\p{N}'’.-]*[\p{L}\p{N}]|[\p{L}\p{N}]/gu;
/**
 * Tokens and sentence ends in one scan: a match starting with a letter or digit is a token; one
 * starting with . ! or ? is a sentence end (the mark, maybe a closing quote, then white space).
 */
const TOKEN_OR_END = /[.!?]["'”’)]?\s|[\p{L}\p{N}][\p{L}\p{N}'’.-]*[\p{L}\p{N}]|[\p{L}\p{N}]/gu;
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

/** False for the marks a sentence end starts with (. ! ?), true for the letter or digit a token starts with. */
function isTokenStart(c: number): boolean {
  return c !== 46 && c !== 33 && c !== 63;
}

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

type Weights = Required<Omit<FeatureWeights, 'ignore'>> & Pick<FeatureWeights, 'ignore'>;

const DEFAULT_WEIGHTS: Weights = { title: 2, name: 2, number: 1 };

/** What a raw token stands for, worked out once per distinct token (see `FeatureLexicon`). */
interface TokenInfo {
  /** Feature id of the token (stemmed word or number), or -1 when it counts for nothing. */
  term: number;
  /** Feature id of the name it marks when capitalised inside a sentence, or -1. */
  name: number;
  /** The year it names, or 0. */
  year: number;
  /** True for a number (weighted as one). */
  number: boolean;
}

/** A text's features: ids ascending with their weighted counts, and the years it names (ascending). */
export interface FeatureCounts {
  ids: Uint32Array;
  counts: Float32Array;
  years: number[];
}

/**
 * Interns features (stemmed words, "@names", "#numbers") as dense integer ids, and remembers what
 * each distinct raw token stands for, so that lower-casing, stemming and stop-word checks run once
 * per distinct token rather than once per occurrence.
 */
export class FeatureLexicon {
  private readonly w: Weights;
  private readonly ids = new Map<string, number>();
  private readonly tokens = new Map<string, TokenInfo>();
  /** Scratch counts by feature id, zero between documents. */
  private acc = new Float64Array(1024);
  private readonly touched: number[] = [];
  private readonly years = new Set<number>();
  private readonly idSlab = u32Slab();
  private readonly countSlab = f32Slab();

  constructor(weights: FeatureWeights = {}) {
    this.w = { ...DEFAULT_WEIGHTS, ...weights };
  }

  /** How many distinct features have been seen. */
  get size(): number {
    return this.ids.size;
  }

  private intern(feature: string): number {
    let id = this.ids.get(feature);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(feature, id);
    }
    return id;
  }

  private info(token: string): TokenInfo {
    let info = this.tokens.get(token);
    if (info) return info;
    info = { term: -1, name: -1, year: 0, number: false };
    if (DIGIT.test(token)) {
      if (YEAR.test(token)) info.year = Number(token);
      else if (this.w.number > 0) {
        info.term = this.intern(`#${token}`);
        info.number = true;
      }
    } else {
      const lower = token.toLowerCase().replace(POSSESSIVE, '');
      if (lower.length >= 2 && !STOPWORDS.has(lower) && !this.w.ignore?.has(lower)) {
        info.term = this.intern(stem(lower));
        if (this.w.name > 0 && UPPER.test(token)) info.name = this.intern(`@${lower}`);
      }
    }
    this.tokens.set(token, info);
    return info;
  }

  private add(id: number, v: number): void {
    if (id >= this.acc.length) {
      const grown = new Float64Array(Math.max(id + 1, this.acc.length * 2));
      grown.set(this.acc);
      this.acc = grown;
    }
    if (this.acc[id] === 0) this.touched.push(id);
    this.acc[id] = (this.acc[id] as number) + v;
  }

  private addText(text: string, weight: number): void {
    const tokens = text.match(TOKEN_OR_END);
    if (!tokens) return;
    let position = 0;
    for (const token of tokens) {
      if (!isTokenStart(token.charCodeAt(0))) {
        position = 0;
        continue;
      }
      const info = this.info(token);
      if (info.year) this.years.add(info.year);
      if (info.term >= 0) {
        this.add(info.term, info.number ? weight * this.w.number : weight);
        // A capital inside a sentence marks a name; the sentence's first word tells nothing.
        if (position > 0 && info.name >= 0) this.add(info.name, weight * this.w.name);
      }
      position++;
    }
  }

  /** Weighted features of a headline and body (see FeatureWeights for the defaults). */
  features(title: string, text: string): FeatureCounts {
    this.addText(title, this.w.title);
    this.addText(text, 1);
    const ids = this.idSlab.copy(this.touched).sort();
    const counts = this.countSlab.alloc(ids.length);
    ids.forEach((id, k) => {
      counts[k] = this.acc[id] as number;
      this.acc[id] = 0;
    });
    this.touched.length = 0;
    const years = [...this.years].sort((a, b) => a - b);
    this.years.clear();
    return { ids, counts, years };
  }
}

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

/** True when both name years and none in common: likely two different events. */
export function yearsDisagree(a: ReadonlySet<number>, b: ReadonlySet<number>): boolean {
  if (a.size === 0 || b.size === 0) return false;
  for (const y of a) if (b.has(y)) return false;
  return true;
}
