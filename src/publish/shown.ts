/**
 * What a page has already said. A day page prints each sentence once: a lead sentence is not
 * repeated in its article's summary, a description that restates the summary is left out, a heading
 * is not printed again as a title. Sentences are compared by their letters and digits only (case,
 * spacing, punctuation and Unicode forms ignored).
 */
import { sentenceKey, splitSentences } from '../summarize/index.js';

/** A sentence cut off by its source ("The ferry ran aground off…"). */
const CUT_RE = /(?:\.\.\.|…)\s*$/u;
/** A cut-off sentence shorter than this (in key characters) is too little to call a repeat. */
const MIN_CUT_KEY = 20;

export { sentenceKey };

/** The sentences already on a page, by key. */
export class Shown {
  private readonly keys = new Set<string>();

  /** True when `text` (as one sentence) is on the page, or is a cut-off start of one that is. */
  has(text: string): boolean {
    const key = sentenceKey(text);
    if (key === '') return false;
    if (this.keys.has(key)) return true;
    if (!CUT_RE.test(text) || key.length < MIN_CUT_KEY) return false;
    for (const k of this.keys) if (k.startsWith(key)) return true;
    return false;
  }

  /** Records `text` and each of its sentences as shown. */
  add(text: string): void {
    for (const s of [text, ...splitSentences(text)]) {
      const key = sentenceKey(s);
      if (key !== '') this.keys.add(key);
    }
  }

  /** True when every sentence of `text` is on the page (a heading printed already, a restated title). */
  hasAll(text: string): boolean {
    if (this.has(text)) return true;
    const parts = splitSentences(text);
    return parts.length > 0 && parts.every((p) => this.has(p));
  }

  /** Of `sentences`, those not on the page yet (each once), now recorded as shown. */
  take(sentences: readonly string[]): string[] {
    const out: string[] = [];
    for (const s of sentences) {
      if (typeof s !== 'string' || s.trim() === '' || this.has(s)) continue;
      this.add(s);
      out.push(s);
    }
    return out;
  }

  /** The sentences of a free text (a description) not on the page yet, now recorded as shown. */
  takeText(text: string): string[] {
    return this.take(splitSentences(text));
  }
}
