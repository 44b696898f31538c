/**
 * What an article's text ends with once the body finder has read too far: a run of short lines
 * that are not sentences ("Kontakt:", "Weitere Informationen", "Beitrag teilen:", "News") — the
 * labels of boxes whose content was left out, or the tools and links of the page's footer. The
 * shape decides, in any language: a sentence ends with a stop, a label does not.
 */

/** A line this short that does not end like a sentence is a label. */
const MAX_LABEL_CHARS = 40;
/** Sentence ends: stops, closing quotes and brackets after them. */
const SENTENCE_END = /[.!?…。！？]["'“”‘’»«)\]]*$/u;
/** "Sunset: 18:54": a fact of a data list, which an article may end with. */
const KEY_VALUE = /^[^:]{1,25}:\s+\S/;
/** The text kept must hold at least this many characters, so a brief is never emptied. */
const MIN_KEPT_CHARS = 200;

/** True for a short block that does not read as a sentence. */
export function isLabelLine(block: string): boolean {
  return block.length <= MAX_LABEL_CHARS && !SENTENCE_END.test(block) && !KEY_VALUE.test(block);
}

/**
 * `blocks` without a trailing run of label lines; the blocks unchanged when the run would take
 * everything or leave less than a few sentences. The run stops at a block of `keep` (the items of
 * a list the article ends with are short and without stops, and are text).
 */
export function trimTrailingLabels(blocks: string[], keep?: ReadonlySet<string>): string[] {
  let end = blocks.length;
  while (end > 0 && isLabelLine(blocks[end - 1] as string) && !keep?.has(blocks[end - 1] as string)) end--;
  if (end === blocks.length) return blocks;
  let kept = 0;
  for (let i = 0; i < end; i++) kept += (blocks[i] as string).length;
  return kept >= MIN_KEPT_CHARS ? blocks.slice(0, end) : blocks;
}
