import { isProse } from './net.js';

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
/** An appendix after the last paragraph of prose: at most this many lines, none longer than this. */
const MAX_APPENDIX_LINES = 8;
const MAX_APPENDIX_LINE_CHARS = 120;

/**
 * "Follow The Gleaner on Twitter and Instagram", "Síguenos en Telegram", "Abonnieren Sie unseren
 * Newsletter", "Download our app": a line that asks the reader to follow, join or subscribe to a
 * channel — both a call to act and a channel named — is the outlet's, not the article's.
 */
const CALL_TO_ACT =
  /^[\s¡¿"'“„«]*(?:[^,.!?]{1,40},\s*)?(?:(?:you can|please|now)\s+)?(for the latest|follow|subscribe|download|sign up|join|get the latest|síguenos|siguenos|sigue|suscríbete|suscribete|únete|unete|descarga|folgen sie|folge|abonnieren|abonniere|laden sie|suivez|abonnez|téléchargez|rejoignez|segui|seguici|iscriviti|scarica|siga|assine|baixe|volg|abonneer|zapraszamy|obserwuj|subskrybuj)(?!\p{L})/iu;
const CHANNEL =
  /newsletter|(?<!\p{L})(apps?|twitter|facebook|instagram|telegram|youtube|whatsapp|tiktok|linkedin|podcasts?|feed|rss|kanal|canal|channel|chaîne|edition|e-paper|epaper)(?!\p{L})/iu;
const MAX_CALL_CHARS = 300;

const CLAUSE_END = /[,;]/;
const SENTENCES = /(?<=[.!?:…])\s+|(?=[¡¿])/u;

/**
 * True for a line asking the reader to follow or subscribe to one of the outlet's channels: one of
 * its sentences opens with the call (after at most a short lead-in clause) and names the channel
 * in the same clause.
 */
export function isCallToFollow(block: string): boolean {
  if (block.length > MAX_CALL_CHARS) return false;
  return block.split(SENTENCES).some((s) => {
    const call = CALL_TO_ACT.exec(s);
    if (!call) return false;
    // The channel is what the call is about: in its clause, not after a comma ("Download the guide
    // at the hall, and follow the festival on Facebook" is advice of the article).
    const clause = s.slice(call[0].length).split(CLAUSE_END)[0] ?? '';
    return CHANNEL.test(`${call[1]} ${clause}`);
  });
}

/** True for a short block that does not read as a sentence. */
export function isLabelLine(block: string): boolean {
  return block.length <= MAX_LABEL_CHARS && !SENTENCE_END.test(block) && !KEY_VALUE.test(block);
}

/**
 * Where a box appended to the article starts ("Kontakt:" and a name, a phone number and an address;
 * "Weitere Informationen:" and two link titles): after the last paragraph of prose, a label line
 * and then a few short lines none of which ends like a sentence. `end` when there is none.
 */
function appendixStart(blocks: string[], end: number, keep?: ReadonlySet<string>): number {
  let last = end - 1;
  while (last >= 0 && !isProse(blocks[last] as string)) last--;
  const start = last + 1;
  const head = blocks[start];
  if (head === undefined || start >= end || !isLabelLine(head) || keep?.has(head)) return end;
  if (end - start > MAX_APPENDIX_LINES) return end;
  for (let i = start; i < end; i++) {
    const b = blocks[i] as string;
    if (b.length > MAX_APPENDIX_LINE_CHARS || SENTENCE_END.test(b)) return end;
  }
  return start;
}

/**
 * `blocks` without a trailing run of label lines; the blocks unchanged when the run would take
 * everything or leave less than a few sentences. The run stops at a block of `keep` (the items of
 * a list the article ends with are short and without stops, and are text).
 */
export function trimTrailingLabels(blocks: string[], keep?: ReadonlySet<string>): string[] {
  let end = blocks.length;
  for (; end > 0; end--) {
    const b = blocks[end - 1] as string;
    if (keep?.has(b) || !(isLabelLine(b) || isCallToFollow(b))) break;
  }
  end = appendixStart(blocks, end, keep);
  if (end === blocks.length) return blocks;
  let kept = 0;
  for (let i = 0; i < end; i++) kept += (blocks[i] as string).length;
  return kept >= MIN_KEPT_CHARS ? blocks.slice(0, end) : blocks;
}

/**
 * "Comments", "12 Kommentare", "Have your say", "Leave a reply", "Comments are now closed for this
 * story": a line that is only the label of a
 * comment section starts the readers' text, not the article's; the body ends there. Alone on its
 * line, plural (a table's "Comment" column is not one), and only after a few sentences of article.
 */
const COMMENTS_LABEL =
  /^(?:\d+\s+)?(?:reader\s+)?(?:comments|kommentare|comentarios|commentaires|commenti|reacties|have your say|leave a (?:comment|reply)|post a comment|add a comment|join the discussion|schreibe einen kommentar|deja un comentario|laisser un commentaire|comments (?:are|have been) (?:now )?closed(?: for this (?:story|article|post|entry))?)(?:\s*\(\d+\))?\s*[:.]?$/i;
const MIN_BEFORE_COMMENTS = 200;

/** `blocks` up to the label of a comment section (see COMMENTS_LABEL); unchanged when there is none. */
export function cutAtComments(blocks: string[]): string[] {
  let before = 0;
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i] as string;
    if (before >= MIN_BEFORE_COMMENTS && COMMENTS_LABEL.test(b)) return blocks.slice(0, i);
    before += b.length;
  }
  return blocks;
}
