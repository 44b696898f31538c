import { langOf } from './languages.js';
import { factorAlternatives } from './regex.js';
import { isCollapsedPlain, wordCount } from './tokens.js';

/*
 * Sentence-level boilerplate: what extraction lets through and a summary must never show. Pitches are
 * matched in every language (an English pitch turns up on a German page); bylines are per language
 * because their lead words (`Por`, `Von`) also open real sentences.
 */

const MARKDOWN_LINK = /!?\[([^\]]*)\]\((?:[^()\s]|\([^()\s]*\))*\)/g;
const RAW_URL = /(?:\bhttps?:\/\/|\bwww\.)[^\s)\]]+/gi;
const SPACES = /\s+/g;
/** Zero-width and bidi marks that pages leave at sentence ends, where they hide the final period. */
const FORMAT_CHARS = /[\p{Cf}]/gu;
const LINK_HINT = /\]\(|https?:|www\./i;
/** Every pitch pattern contains one of these: a single cheap scan spares the full list on most prose (as a trie, see regex.ts). */
const PITCH_HINT = factorAlternatives(
  /regist|sign|subscri|affiliate|disclosure|compensated|opinions|commission|sponsored|presented|brought to|here\s*[.!]*$|artist|provided|courtesy|supplied|released|log ?in|already|full story|premium|access|newsletter|cookie|trial|cancel|month|journalist|offering|read|see|watch|listen|more|related|click|tap here|share|email|tweet|print|follow|twitter|facebook|advert|continues|skip|this (?:article|story|content)|rights|broadcast|©|copyright|\(c\)|by\b|photo|image|picture|video|graphic|illustration|getty|\/|published|updated|posted|jetzt|bereits|schon|plus|thema|lesen|artikel|anzeige|klick|folgen|rechte|foto|bild|quelle|veröffentlicht|aktualisiert|stand|abonn|inscri|connect|lire|voir|partag|cliquez|suivez|droits|publié|mis à jour|suscr|regístr|inicia|lee|lea|ver más|compartir|clic|síguenos|derechos|publicado|actualizado/i,
);
const BULLET_START = /^(?:[-–—•*·▪►]\s+)+/u;
/**
 * A caption's credit glued by extraction onto the sentence after it: `Photograph: Kevork
 * Djansezian/Getty Images The man accused …`. The credit names a photographer and an agency joined by
 * a slash; what follows it is a sentence of its own.
 */
const CREDIT_PREFIX =
  /^(?:Photograph|Photo|Picture|Image|Illustration)s?\s*:\s*(?:\p{Lu}[\p{L}.'’-]*\s+){0,3}\p{Lu}[\p{L}.'’-]*\s*\/\s*\p{Lu}[\p{L}.&'’-]*(?:\s+(?:Images|Pictures|Photos|Features))?\s+(?=["“]?\p{Lu}\p{Ll})/u;
/** `HELSINKI (AP) —`, `WASHINGTON (Reuters) -`, `Berlin (dpa) -`, `SEOUL, South Korea — (AP) —`, `( CNN ) --`. */
const DATELINE =
  /^(?:(?:\p{Lu}[\p{L}.'’-]*(?:[ ,/]+(?:\p{Lu}[\p{L}.'’-]*|\d{1,4}\b)){0,4},?\s*)?\(\s*[\p{L}.&/ ]{2,30}\s*\)|\p{Lu}[\p{Lu}.'’-]{2,}(?:[ /]+\p{Lu}[\p{Lu}.'’-]+){0,3}(?:,\s*\p{Lu}[\p{L}.'’]*(?: \p{Lu}[\p{L}.'’]*){0,2})?(?:\s*\(\s*[\p{L}.&/ ]{2,30}\s*\))?)\s*(?:--?|–|—)\s+(?:\(\s*[\p{L}.]{2,12}\s*\)\s*(?:--?|–|—)\s*)?(?=["“„«'‘`]*\p{Lu})/u;
const KICKER =
  /^(?:BREAKING(?: NEWS)?|EXCLUSIVE|WATCH|LIVE|UPDATE[D]?|ANALYSIS|OPINION|VIDEO|PHOTOS?|EILMELDUNG|EXKLUSIV|DIRECT|EN DIRECT|EXCLUSIF|ÚLTIMA HORA|EXCLUSIVA)\s*[:|–—-]\s+/u;
const TERMINAL = /[.!?…。！？．][\s.]*(?:["'”’»)\]」』）】]|''|\s)*$/u;
const LOWER_START = /^\p{Ll}/u;
const CAMEL_START = /^\p{Ll}+\p{Lu}/u;
const BAD_START = /^[,;:)\]}–—-]/u;
const UPPER = /\p{Lu}/gu;
/** Shouting has runs of capitals; a cheap test before counting letters. */
const SHOUT_HINT = /\p{Lu}{4}/u;
const LETTER = /\p{L}/gu;
const HEADING_MAX_WORDS = 12;
/** A byline that also carries its date and time (`By A, B on Monday, November 18th, 2019 at 11:08 a.m.`) is longer. */
const DATED_BYLINE_MAX_WORDS = 24;
const DATEISH = /\b(?:19|20)\d\d\b|\b\d{1,2}:\d\d\b/;
/** A token that is a number, amount, share or score (`85%`, `$1.2bn`, `(3`, `6-4,`). */
const NUMERIC_TOKEN = /^[([]?[$£€¥]?\d[\d.,:%/–-]*(?:bn|m|k)?[)\]]?[.,;:]*$/u;
/** A row of a results or statistics table, not prose: at least this many numbers making up this share of tokens. */
const TABLE_MIN_NUMBERS = 3;
const TABLE_NUMBER_SHARE = 0.4;
const DIGIT_RUN = /\d+/g;
/**
 * A person link followed by its hover card, glued on by extraction: `Rep. Ilhan OmarIlhan OmarHeadline
 * one | Headline two MORE (D-Minn.)`. The name is repeated with no space before the card's text, which
 * runs to an all-caps MORE.
 */
const HOVER_CARD =
  /(\p{Lu}\p{Ll}+)(\p{Lu}[\p{L}.'’-]*(?: \p{Lu}[\p{L}.'’-]*){0,3} \1)(?=\p{Lu})[\s\S]{0,600}?\bMORE\b ?/u;
/** Korean wire byline: `[서울=뉴시스]`, `[엔터미디어=정덕현의 이슈공감]`: outlet = place or writer. */
const BRACKET_BYLINE = /^\[[^\]=]{1,30}=[^\]]{1,40}\]\s*/u;
/** `NEW DELHI: Their`, `Washington, DC, United States: Getting`. */
const COLON_DATELINE =
  /^(?:\p{Lu}{2,}(?:[ -]\p{Lu}{2,}){0,2}|\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+)?(?:, \p{Lu}[\p{L}.]*(?: \p{Lu}[\p{L}.]*)?){1,2}):\s+(?=["“]?\p{Lu})/u;
/** `Dekalb, Ill. — Mike`, `Indianapolis – Several`: a mixed-case place, then an en or em dash. */
const DASH_DATELINE =
  /^\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+)?(?:, \p{Lu}[\p{L}.]*(?: \p{Lu}[\p{L}.]*)?)?\s+[—–]\s+(?=["“]?\p{Lu})/u;
/** Above this share of link text, a sentence is a list of links rather than prose. */
const MAX_LINK_SHARE = 0.5;

/** Subscription, registration, newsletter, cookie, share and navigation prompts, in any language. */
const PITCHES: readonly RegExp[] = [
  // English
  /^(?:please |you can |simply |just )?(?:register|sign up|subscribe|log ?in|sign in)\b.{0,60}\b(?:free|now|today|to (?:read|continue|keep|get|receive|unlock|access|our)|for (?:free|unlimited|full|our|the))\b/i,
  /\bto (?:continue|keep) reading\b/i,
  /^(?:subscribe|sign up|register|log ?in|sign in|join now|start your|get (?:unlimited|full|the latest|our))\b/i,
  /\balready (?:a )?(?:subscriber|member|registered|have an account)\b/i,
  /\bknow the full story\b/i,
  /\b(?:standard|premium) (?:and|&) (?:standard|premium) digital\b|\bpremium digital\b/i,
  /\b(?:unlimited|full|digital|premium) access\b/i,
  /\bnewsletters?\b.{0,80}\b(?:sign up|subscribe|inbox|enjoy|receive|delivered|get)\b|\b(?:sign up|subscribe|enjoy|receive|get)\b.{0,80}\bnewsletters?\b/i,
  /\bcookies?\b.{0,80}\b(?:accept|consent|policy|settings|preferences|we use|to improve)\b|\bwe use cookies\b/i,
  /\b(?:free trial|cancel (?:at )?any ?time|subscription (?:plan|options)|per month\b.{0,40}\baccess|journalists in \d+)/i,
  /^access our\b|\bour (?:essential|premium) offering\b/i,
  /^(?:read|see|watch|listen to) (?:more|also|next|the full|our|the latest)\b|^(?:read|see) more\b|^more:|^related:/i,
  /\bclick here\b|\btap here\b/i,
  /^(?:share|email|tweet|print) (?:this|on|via)\b|\bshare this (?:article|story|page)\b|\bfollow us on\b|^follow (?:@|us\b)|\bon (?:twitter|facebook|instagram)\b.{0,30}\bfollow\b/i,
  /^advertisement$|^(?:story|article) continues below\b|^skip (?:to|advertisement)\b|^this (?:article|story|content) (?:is|was) (?:only )?(?:available|originally|reserved)\b/i,
  /\b(?:all rights reserved|may not be (?:published|broadcast|rewritten|redistributed))\b|©|\bcopyright\s*(?:\(c\)\s*)?\d{4}|\(c\)\s*\d{4}/i,
  /^(?:reporting|writing|editing|additional reporting|compiled|edited) by\b|;\s*(?:editing|writing) by\b/i,
  /^(?:photo|image|picture|video|graphic|illustration|file photo)s?(?: credit)?\s*:|\((?:[\w ]+ )?photo\b[^)]*\)|\bgetty images\b|\b(?:photograph|photo): |\/\s*(?:reuters|afp|getty|ap|epa|shutterstock|dpa)\s*$/i,
  /^(?:published|updated|posted|last updated|first published)\b.{0,40}$/i,
  // A caption credit: a picture noun and `provided by`/`courtesy of` with no verb of its own.
  /^(?!.*\b(?:is|are|was|were|be|been|being|has|have|had|will|would|said|says)\b).{0,80}\b(?:photo|image|picture|mug ?shot|video|footage|handout)s?\b.{0,80}\b(?:provided by|courtesy(?: of)?|supplied by|released by)\b/i,
  /\bthis (?:post|article|page|site|story) (?:may )?contains? (?:affiliate|sponsored|referral)\b|\bplease (?:see|read) (?:my|our) (?:full )?disclosure\b|\bhas been compensated by\b|^all opinions (?:are|expressed are) (?:my|mine|our|ours)\b|\bwe may earn (?:a )?(?:small )?commission\b/i,
  /\b(?:podcast|episode|newsletter|post|content|series|segment)\b.{0,30}\b(?:is|was) (?:sponsored|brought to you|presented) by\b|^(?:sponsored|presented|brought to you) by\b/i,
  /^(?:[\p{L} ]{1,20}:\s*)?(?:get|find|see|read|check out|learn|discover|download|shop|watch|listen|browse)\b.{0,60}\bhere\s*[.!]*$/iu,
  /\bartist['’]s (?:illustration|rendering|impression|concept)\b|^(?:this|the|an?) (?:photo|photograph|image|picture|screenshot|handout photo)s? (?:shows|showing|taken)\b/i,
  // German
  /\bjetzt (?:abonnieren|registrieren|anmelden|weiterlesen|kostenlos|testen|bestellen)\b|\b(?:bereits|schon) (?:abonnent|registriert|kunde)\b|\bmit (?:\w+ )?plus weiterlesen\b/i,
  /^(?:mehr zum thema|lesen sie (?:auch|mehr)|weiterlesen|zum artikel|artikel anhören|anzeige)\b|\b(?:hier|bitte) klicken\b|\bklicken sie hier\b|\bfolgen sie uns\b|\balle rechte vorbehalten\b/i,
  /\bnewsletter\b.{0,60}\b(?:abonnieren|anmelden|bestellen)\b|^(?:foto|bild|quelle)\s*:|\b(?:foto|bild): /i,
  /^(?:veröffentlicht|aktualisiert|stand)\b.{0,40}$/i,
  // French
  /\b(?:abonnez-vous|inscrivez-vous|déjà abonné|réservé aux abonnés|connectez-vous)\b|^(?:lire aussi|lire la suite|à lire aussi|voir aussi|partager)\b|\bcliquez ici\b|\bsuivez-nous\b|\btous droits réservés\b/i,
  /^(?:publié|mis à jour)\b.{0,40}$/i,
  // Spanish
  /\b(?:suscríbete|regístrate|ya eres suscriptor|exclusivo para suscriptores|inicia sesión)\b|^(?:lee también|leer más|lea también|ver más|compartir)\b|\bhaz clic aquí\b|\bsíguenos\b|\btodos los derechos reservados\b/i,
  /^(?:publicado|actualizado)\b.{0,40}$/i,
];

/** PITCHES as few scans (see combinedScans). */
const PITCH_SCANS = combinedScans(PITCHES);

const NAME = String.raw`\p{Lu}[\p{L}.'’-]*`;
const BYLINE_WORDS: Record<string, string> = { en: 'By', de: 'Von', fr: 'Par', es: 'Por' };
const BYLINE_END = String.raw`(?:\s*(?:,|\||—|–|-|\band\b|\bund\b|\bet\b|\by\b).{0,60})?\s*$`;

function bylinePattern(word: string): RegExp {
  return new RegExp(`^${word}\\s+${NAME}(?:\\s+${NAME}){0,3}${BYLINE_END}`, 'u');
}
const BYLINES = new Map(Object.entries(BYLINE_WORDS).map(([lang, w]) => [lang, bylinePattern(w)]));
const EN_BYLINE = BYLINES.get('en') as RegExp;

/**
 * Removes what must never be shown from a sentence: markdown link targets (keeping their text), raw
 * URLs, a leading dateline (`WASHINGTON (Reuters) -`) and kicker (`BREAKING:`). Whitespace collapsed.
 */
export function cleanSentence(s: string): string {
  return cleanUnlinked(s.replace(MARKDOWN_LINK, '$1').replace(RAW_URL, '').replace(SPACES, ' ').trim());
}

/** cleanSentence of text without links (no LINK_HINT) whose whitespace is already collapsed and trimmed. */
function cleanUnlinked(s: string): string {
  let text = s;
  if (text.includes('MORE')) text = text.replace(HOVER_CARD, '$1 ');
  return stripKicker(stripDateline(text.replace(BULLET_START, '').replace(CREDIT_PREFIX, '')));
}

/** Removes a leading wire dateline: `HELSINKI (AP) — Turkey said` → `Turkey said`. */
export function stripDateline(s: string): string {
  const m = DATELINE.exec(s) ?? COLON_DATELINE.exec(s) ?? DASH_DATELINE.exec(s) ?? BRACKET_BYLINE.exec(s);
  return m ? s.slice(m[0].length) : s;
}

function stripKicker(s: string): string {
  const m = KICKER.exec(s);
  return m ? s.slice(m[0].length) : s;
}

/** True for a paragraph-like unit without final punctuation that reads as a heading. */
export function isHeading(s: string): boolean {
  const t = s.trim();
  return !TERMINAL.test(t) && /^["“„«'‘(]*[\p{Lu}\p{N}]/u.test(t) && wordCount(t) <= HEADING_MAX_WORDS;
}

/** True when a sentence ends like one (`.`, `!`, `?`, `…`, possibly inside closing quotes). */
export function hasTerminal(s: string): boolean {
  // Callers often ask twice about the same sentence in a row.
  if (s === lastAsked) return lastAnswer;
  lastAnswer = TERMINAL.test(s.trim());
  lastAsked = s;
  return lastAnswer;
}
let lastAsked: string | undefined;
let lastAnswer = false;

/**
 * True when a sentence is boilerplate rather than article prose: subscription/registration pitches,
 * newsletter, cookie, share and "read more" prompts, photo credits, bylines, bare datelines,
 * copyright lines, sentences that are mostly links, all-caps kickers, sentences cut mid-way (no
 * final punctuation without being a heading, or starting in lower case) and fragments under 3 words.
 * @param lang BCP 47 language; default `en` (English bylines are recognised in every language).
 */
export function isBoilerplateSentence(s: string, lang = 'en'): boolean {
  return usableSentence(s, lang) === undefined;
}

/** The cleaned sentence (see cleanSentence), or undefined when it is boilerplate. */
export function usableSentence(s: string, lang = 'en'): string | undefined {
  const raw = isCollapsedPlain(s) ? s : s.replace(FORMAT_CHARS, '').replace(SPACES, ' ').trim();
  if (!raw) return undefined;
  // Every markdown link and raw URL has a LINK_HINT: without one, cleanSentence's link and space passes change nothing.
  const links = LINK_HINT.test(raw);
  if (links && raw.length > 8 && linkShare(raw) > MAX_LINK_SHARE) return undefined;
  const text = links ? cleanSentence(raw) : cleanUnlinked(raw);
  if (!text || isBareDateline(raw, text)) return undefined;
  if (isCut(text) || wordCount(text) < 3 || isShouting(text) || isTableRow(text)) return undefined;
  if (PITCH_HINT.test(text) && PITCH_SCANS.some((re) => re.test(text))) return undefined;
  return isByline(text, lang) ? undefined : text;
}

function linkShare(s: string): number {
  let linked = 0;
  for (const m of s.matchAll(MARKDOWN_LINK)) linked += m[0].length;
  for (const m of s.matchAll(RAW_URL)) linked += m[0].length;
  return linked / s.length;
}

function isBareDateline(raw: string, cleaned: string): boolean {
  return cleaned.length < 3 || (raw !== cleaned && wordCount(cleaned) < 3);
}

function isByline(s: string, lang: string): boolean {
  const own = BYLINES.get(langOf(lang));
  if (!EN_BYLINE.test(s) && own?.test(s) !== true) return false;
  return wordCount(s) <= (DATEISH.test(s) ? DATED_BYLINE_MAX_WORDS : HEADING_MAX_WORDS);
}

function isTableRow(s: string): boolean {
  if ((s.match(DIGIT_RUN)?.length ?? 0) < TABLE_MIN_NUMBERS) return false;
  const tokens = s.split(' ');
  let numbers = 0;
  for (const t of tokens) if (NUMERIC_TOKEN.test(t)) numbers++;
  return numbers >= TABLE_MIN_NUMBERS && numbers / tokens.length >= TABLE_NUMBER_SHARE;
}

function isShouting(s: string): boolean {
  if (!SHOUT_HINT.test(s)) return false;
  const letters = s.match(LETTER)?.length ?? 0;
  const upper = s.match(UPPER)?.length ?? 0;
  return letters >= 8 && upper / letters > 0.8;
}

function isCut(s: string): boolean {
  if (BAD_START.test(s)) return true;
  if (LOWER_START.test(s) && !CAMEL_START.test(s)) return true;
  return !hasTerminal(s) && !isHeading(s);
}

/**
 * Patterns as one alternation per flag set, so that asking whether any matches is one scan of the
 * text instead of one per pattern: an alternation matches somewhere exactly when one of its
 * alternatives does. Patterns with backreferences or named groups, or a stateful flag, stay alone.
 */
export function combinedScans(patterns: readonly RegExp[]): RegExp[] {
  const alone: RegExp[] = [];
  const byFlags = new Map<string, string[]>();
  for (const re of patterns) {
    if (/\\[1-9]|\\k<|\(\?<[^=!]/.test(re.source) || re.global || re.sticky) alone.push(re);
    else byFlags.set(re.flags, [...(byFlags.get(re.flags) ?? []), `(?:${re.source})`]);
  }
  return [...[...byFlags].map(([flags, sources]) => new RegExp(sources.join('|'), flags)), ...alone];
}
