import { type Bags, bagsOf } from './bags.js';
import committed from './boilerplate-weights.json' with { type: 'json' };

/*
 * Boilerplate as a learned score rather than a list of phrases. Each sentence is described by what
 * boilerplate tends to look like — it talks to the reader, asks them to act, names accounts, apps,
 * players, newsletters, comments or cookies, credits a photo or an agency, carries addresses, prices
 * or times, lacks a verb, and shares few words with the rest of the text — and a logistic regression
 * fitted on real pages (scripts/train-boilerplate.ts: sentences inside the hand-marked article body
 * are content, the rest of the page's visible text is boilerplate) turns that into a probability.
 * The vocabulary groups are closed-class words of each supported language, used as features only.
 * Beside them, a word model fitted on the same pages (the words found on many sites, and the opening
 * word, each with a learned weight) gives one more feature, `lexical`: what the words themselves say,
 * learned rather than listed.
 */

/** Vocabulary groups: [feature name, words in en, de, fr, es]. */
const GROUP_WORDS: readonly [string, string][] = [
  [
    'account',
    'subscri*, sign in, sign up, signed in, log in, login, logged in, log out, register*, registration, account*, password*, premium, membership*, members, member, paywall, unlimited, trial, free articles, abonn*, anmeld*, registrier*, konto, passwort, mitglied*, abonné*, connectez*, connexion, compte, inscri*, suscri*, regístr*, cuenta, contraseña, sesión, socios',
  ],
  [
    'app',
    'app, apps, download*, install*, ios, android, iphone, ipad, app store, google play, notification*, alerts, alert, push, herunterlad*, télécharg*, appli, application mobile, descarg*, aplicación',
  ],
  [
    'newsletter',
    'newsletter*, inbox, e-mail*, email*, digest, briefing*, mailing, bulletin*, courriel*, boletín*, correo*, postfach',
  ],
  [
    'comment',
    'comment*, commenting, commentaire*, kommentar*, comentario*, discussion*, diskussion*, reply, replies, moderat*, community, guidelines, thread*, forum*, leserbrief*, debate, conversation',
  ],
  [
    'player',
    'listen*, audio, podcast*, playback, player, play, playing, video*, watch*, episode*, stream*, loading, browser*, javascript, enable*, fullscreen, mute, unmute, hören, anhören, abspielen, écout*, vidéo*, lecture, escuch*, reproduc*, vídeo*, minutes, mins, min',
  ],
  [
    'privacy',
    'cookie*, privacy, consent*, terms of use, terms of service, terms and conditions, policy, personalis*, personaliz*, datenschutz*, einwilligung, confidentialité, privacidad, consentimiento',
  ],
  [
    'social',
    'share*, sharing, facebook, twitter, instagram, whatsapp, linkedin, pinterest, tiktok, youtube, telegram, tweet*, retweet*, follow*, teilen, folgen, folge, partag*, suivez, suivre, compart*, síguenos, seguir, like us, x',
  ],
  [
    'credit',
    'photo*, image*, picture*, pictured, getty, reuters, afp, associated press, ap, epa, pa, dpa, efe, ansa, xinhua, credit*, handout, courtesy, illustration*, caption, shutterstock, istock, alamy, foto*, bild*, quelle, crédit*, imagen*, agencia, agence, agentur',
  ],
  [
    'ads',
    'advert*, sponsor*, partner*, promoted, promotion*, affiliate*, commission*, paid, offer*, deal*, discount*, coupon*, anzeige*, werbung, angebot*, publicité, publicidad, patrocin*, oferta*',
  ],
  [
    'support',
    'support*, donat*, contribut*, journalism, independent, unterstütz*, spend*, soutenez, soutenir, apoya*, periodismo, journalisme, journalismus',
  ],
  [
    'nav',
    'read more, more stories, related, recommended, trending, most popular, most read, next, previous, top stories, latest, weiterlesen, mehr zum, lesen sie, lire aussi, lire la suite, leer más, lee también, click*, tap, here, below, above, scroll*, menu, homepage, back to, klick*, hier, cliquez, ici, clic, aquí',
  ],
  [
    'region',
    'region, country, countries, location, unavailable, not available, verfügbar, disponible, pays, país, territory',
  ],
  [
    'rights',
    'rights reserved, copyright, reproduc*, redistribut*, rewritten, broadcast, rechte, vorbehalten, droits, réservés, derechos, reservados',
  ],
  [
    'stamp',
    'published, updated, posted, last modified, veröffentlicht, aktualisiert, publié, mis à jour, publicado, actualizado, est, edt, gmt, bst, utc, cet, cest, pst, pdt',
  ],
  [
    'contact',
    'contact*, phone, call, tel, fax, write to, reach us, kontakt*, contacto, contactez*, téléphone, teléfono',
  ],
  [
    'site',
    'our site, this site, website, web site, this article, this story, this page, this content, this feature, this post, our journalism, our reporters, our team, our newsroom, diesen artikel, dieser artikel, cet article, este artículo, esta noticia',
  ],
];

const SECOND_PERSON =
  "you, your, yours, yourself, you're, you'll, you've, you'd, du, dich, dir, dein*, euch, euer, eure*, vous, votre, vos, tu, toi, ton, ta, tes, tú, usted*, vuestr*, te, ti, tus";
/** German formal address: `Sie`/`Ihr*` capitalised away from the sentence start. */
const SIE_FORMAL = /\s(?:Sie|Ihnen|Ihre?[mnrs]?)(?![\p{L}])/u;
const FIRST_PLURAL = 'we, our, ours, us, wir, uns, unser*, nous, notre, nos, nosotros, nuestr*';
const FIRST_SINGULAR = 'i, my, me, mine, ich, mich, mir, mein*, je, moi, mon, ma, mes, yo, mí, mis';
const PLEASE = 'please, bitte, merci de, veuillez, por favor';
const IMPERATIVE_START =
  "click, tap, sign, subscribe, read, watch, listen, download, get, join, follow, share, like, comment, register, log, enter, visit, check, find, learn, discover, try, see, contact, email, call, send, support, donate, buy, shop, order, save, claim, grab, don't, do, never, stay, keep, make, take, let, please, tell, leave, add, explore, start, upgrade, unlock, become, go, hear, view, sign up, klicken, lesen, hören, sehen, jetzt, melden, abonnieren, folgen, teilen, registrieren, laden, entdecken, erfahren, bitte, cliquez, lisez, écoutez, regardez, abonnez-vous, inscrivez-vous, suivez, partagez, découvrez, téléchargez, retrouvez, rejoignez, connectez-vous, haz, lee, lea, escucha, mira, suscríbete, regístrate, síguenos, comparte, descubre, descarga, únete, inicia, consulta";
/** A finite-verb proxy: auxiliaries and reporting verbs of each language, or an English past form. */
const VERB =
  'is, are, was, were, be, been, has, have, had, will, would, can, could, should, may, might, must, do, does, did, said, says, told, say, ist, sind, war, waren, hat, haben, hatte, hatten, wird, werden, wurde, wurden, kann, können, soll, sagte, sagt, est, sont, était, étaient, ont, avait, sera, seront, peut, dit, es, son, era, eran, fue, fueron, ha, han, había, será, puede, dijo, afirmó';
const EMAIL = /[\w.+-]+@[\w-]+\.[\w.-]+/u;
const URL = /https?:\/\/|www\.|\.(?:com|org|net|uk|de|fr|es|at|ch|io|info)(?![\p{L}])/iu;
const HANDLE = /(?:^|\s)[@#][\p{L}\p{N}_]{2,}/u;
const PHONE = /(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?)?\d{2,4}[\s.-]\d{2,4}[\s.-]\d{2,6}/u;
const PRICE = /[$£€¥]\s?\d|\d\s?(?:€|eur\b|usd\b|dollars?\b|euros?\b|pounds?\b)/iu;
const PER_PERIOD =
  'per month, a month, each month, every month, per week, a week, per year, a year, monthly, pro monat, par mois, al mes';
const CLOCK = /\b\d{1,2}[:.]\d\d\s?(?:[ap]\.?m\.?|uhr|h)?\b/iu;
const DATE_YEAR =
  /\b(?:\d{1,2}\.?\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|januar|februar|märz|mai|juni|juli|okt|dez|janv|févr|mars|avr|juil|août|sept|déc|ene|abr|ago|dic)[\p{L}]*\.?\s+(?:\d{1,2},?\s+)?(?:19|20)\d\d\b|\b\d{1,2}[./-]\d{1,2}[./-](?:19|20)?\d\d\b/iu;
const PAREN_CREDIT = /\(\s*(?:\p{Lu}[\p{L}.&]*\s?){1,3}(?:\/\s*[\p{L}. ]+)?\)/u;
const SLASH_SEP = /\s\/\s|\p{L}\/\p{Lu}/u;
const BULLETISH = /[•·▪►▶→»«›‹✓✔★☆]/u;
const EMOJI = /\p{Extended_Pictographic}/u;
const EARLY_COLON = /^[^\s:]+(?:\s[^\s:]+){0,2}:\s/u;
const QUOTE = /["“”„«»]|(?:^|\s)['‘]/u;
const ELLIPSIS = /(?:\.\.\.|…)\s*$/u;
const WORD = /[\p{L}\p{N}]+/gu;
const BY_WORDS = new Set(['by', 'von', 'par', 'por']);
const BY_WORD_MAX = Math.max(...[...BY_WORDS].map((w) => w.length));
/** Character marks found in one pass; each gates the patterns that need it. */
const AT = 1;
const HASH = 2;
const PAREN = 4;
const SLASH = 8;
const PIPE_MARK = 16;
const QUOTE_MARK = 32;
const DOT_OR_COLON = 64;
const HIGH = 128;
const GUILLEMET = 256;
const ASCII_MARK: number[] = [];
for (const [ch, m] of [
  ['@', AT],
  ['#', HASH],
  ['(', PAREN],
  ['/', SLASH],
  ['|', PIPE_MARK],
  ['"', QUOTE_MARK],
  ["'", QUOTE_MARK],
  ['.', DOT_OR_COLON],
  [':', DOT_OR_COLON],
] as const)
  ASCII_MARK[ch.charCodeAt(0)] = m;
const YEAR_HINT = /(?:19|20)\d\d/;
const CLOCK_HINT = /\d[:.]\d\d/;

/** Word classes looked up in one lexicon: the vocabulary groups, then pronouns, please and verbs. */
const CLASSES: readonly [string, string][] = [
  ...GROUP_WORDS,
  ['you', SECOND_PERSON],
  ['we', FIRST_PLURAL],
  ['i', FIRST_SINGULAR],
  ['please', PLEASE],
  ['verb', VERB],
  ['perPeriod', PER_PERIOD],
];
const bitOf = (name: string) => 1 << CLASSES.findIndex(([n]) => n === name);
const [YOU, WE, I, PLEASE_BIT, VERB_BIT, PER_PERIOD_BIT] = [
  'you',
  'we',
  'i',
  'please',
  'verb',
  'perPeriod',
].map(bitOf) as [number, number, number, number, number, number];
const tokens = (s: string): string[] => s.toLowerCase().match(WORD) ?? [];
/** Phrases of two or three words (tokens joined by a space) → class bits. */
const PHRASES = new Map<string, number>();

/** A trie over the class words and word starts (`subscri*`) and the learned words, walked character by character. */
interface TrieNode {
  next: Map<number, TrieNode>;
  /** Bits of the word ending here. */
  word: number;
  /** Bits of the word start ending here (any continuation matches). */
  prefix: number;
  /** A word ending here opens a phrase. */
  start: boolean;
  /** Learned weight of the word ending here, and of it as a sentence's opening word. */
  weight: number;
  first: number;
}
const node = (): TrieNode => ({ next: new Map(), word: 0, prefix: 0, start: false, weight: 0, first: 0 });

function trieAt(root: TrieNode, key: string): TrieNode {
  let at = root;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    let next = at.next.get(c);
    if (!next) {
      next = node();
      at.next.set(c, next);
    }
    at = next;
  }
  return at;
}

/** The class words as trie entries: a word, a word start, or the first word of a phrase. */
const CLASS_ENTRIES: { key: string; kind: 'word' | 'prefix' | 'start'; bit: number }[] = [];
CLASSES.forEach(([, list], c) => {
  for (const entry of list.split(',')) {
    const e = entry.trim();
    if (!e) continue;
    const open = e.endsWith('*');
    const key = tokens(open ? e.slice(0, -1) : e).join(' ');
    if (!key) continue;
    if (key.includes(' ')) {
      PHRASES.set(key, (PHRASES.get(key) ?? 0) | (1 << c));
      CLASS_ENTRIES.push({ key: key.slice(0, key.indexOf(' ')), kind: 'start', bit: 0 });
    } else CLASS_ENTRIES.push({ key, kind: open ? 'prefix' : 'word', bit: 1 << c });
  }
});
const IMPERATIVES = new Set(IMPERATIVE_START.split(',').map((e) => tokens(e)[0] ?? ''));
const LETTERS = 26;

/**
 * The class words and a weights file's learned words (see lexicalScore) in one trie, flattened for
 * the walk: states numbered from 0 (the root), `a`–`z` steps in one table and every other character
 * in a map keyed by state and character code. 0 means no step (the root is no one's child).
 */
export interface Lexicon {
  stepAz: Int32Array;
  /** Steps on other characters (UTF-16 code units), keyed `state * 0x10000 + code`. */
  stepOther: Map<number, number>;
  /** Per state: its step on a space (a learned word pair continues there), 0 for none. */
  space: Int32Array;
  prefix: Int32Array;
  word: Int32Array;
  opens: Uint8Array;
  weight: Float64Array;
  first: Float64Array;
  /** Per state: the walk that last counted its weight (each word once per sentence). */
  seen: Int32Array;
  walks: number;
}

/** Compiles learned word → weight (`^word`: as the opening word) with the class words into a Lexicon. */
export function compileLexicon(entries: Readonly<Record<string, number>>): Lexicon {
  const root = node();
  for (const e of CLASS_ENTRIES) {
    const t = trieAt(root, e.key);
    if (e.kind === 'start') t.start = true;
    else if (e.kind === 'prefix') t.prefix |= e.bit;
    else t.word |= e.bit;
  }
  for (const [key, w] of Object.entries(entries)) {
    if (!w) continue;
    if (key.startsWith('^')) trieAt(root, key.slice(1)).first = w;
    else trieAt(root, key).weight = w;
  }
  const states: TrieNode[] = [root];
  for (let q = 0; q < states.length; q++)
    for (const child of (states[q] as TrieNode).next.values()) states.push(child);
  const stateOf = new Map(states.map((t, q) => [t, q]));
  const stepAz = new Int32Array(states.length * LETTERS);
  const stepOther = new Map<number, number>();
  const space = new Int32Array(states.length);
  states.forEach((t, q) => {
    for (const [c, child] of t.next) {
      const to = stateOf.get(child) as number;
      if (c >= 97 && c <= 122) stepAz[q * LETTERS + c - 97] = to;
      else stepOther.set(q * 0x10000 + c, to);
      if (c === 32) space[q] = to;
    }
  });
  return {
    stepAz,
    stepOther,
    space,
    prefix: Int32Array.from(states, (t) => t.prefix),
    word: Int32Array.from(states, (t) => t.word),
    opens: Uint8Array.from(states, (t) => (t.start ? 1 : 0)),
    weight: Float64Array.from(states, (t) => t.weight),
    first: Float64Array.from(states, (t) => t.first),
    seen: new Int32Array(states.length),
    walks: 0,
  };
}

/** The lexical score of the last walk (see lexicalScore). */
let walkedScore = 0;

/**
 * A sentence's lower-cased words as spans of one string: word `i` is `text.slice(start[i], end[i])`.
 * featuresOf reads them straight from the lower-cased sentence, without a string per word.
 */
interface Spans {
  text: string;
  start: Int32Array;
  end: Int32Array;
  n: number;
}

/** Spans over `words` joined by spaces. */
function spansOf(words: readonly string[]): Spans {
  const start = new Int32Array(words.length);
  const end = new Int32Array(words.length);
  let at = 0;
  words.forEach((w, i) => {
    start[i] = at;
    end[i] = at + w.length;
    at += w.length + 1;
  });
  return { text: words.join(' '), start, end, n: words.length };
}

/** The class bits of a sentence's lower-cased words; its lexical score is left in walkedScore. */
function walk(words: Spans, lex: Lexicon): number {
  let bits = 0;
  let z = 0;
  const call = ++lex.walks;
  const { stepAz, stepOther, space, prefix, word, opens, weight, first, seen } = lex;
  const { text, start, end, n } = words;
  for (let i = 0; i < n; i++) {
    const to = end[i] as number;
    let q = 0;
    let j = start[i] as number;
    for (; j < to; j++) {
      const c = text.charCodeAt(j);
      q =
        c >= 97 && c <= 122
          ? (stepAz[q * LETTERS + c - 97] as number)
          : (stepOther.get(q * 0x10000 + c) ?? 0);
      if (q === 0) break;
      bits |= prefix[q] as number;
    }
    if (j < to) continue;
    bits |= word[q] as number;
    if (i === 0) z += first[q] as number;
    if (seen[q] !== call) {
      seen[q] = call;
      z += weight[q] as number;
    }
    // A learned word pair continues the word's path with a space and the next word.
    const pair = i + 1 < n ? (space[q] as number) : 0;
    if (pair !== 0) {
      const vTo = end[i + 1] as number;
      let r = pair;
      let k = start[i + 1] as number;
      for (; k < vTo; k++) {
        const c = text.charCodeAt(k);
        r =
          c >= 97 && c <= 122
            ? (stepAz[r * LETTERS + c - 97] as number)
            : (stepOther.get(r * 0x10000 + c) ?? 0);
        if (r === 0) break;
      }
      if (k === vTo && seen[r] !== call) {
        seen[r] = call;
        z += weight[r] as number;
      }
    }
    if (opens[q] && i + 1 < n) {
      const two = `${text.slice(start[i], to)} ${text.slice(start[i + 1], end[i + 1])}`;
      bits |= PHRASES.get(two) ?? 0;
      if (i + 2 < n) bits |= PHRASES.get(`${two} ${text.slice(start[i + 2], end[i + 2])}`) ?? 0;
    }
  }
  walkedScore = z;
  return bits;
}

/**
 * The sum of the learned weights of a sentence's distinct words and of its opening word: what the
 * words themselves say, learned from real pages rather than listed (lexicalKeys, summed).
 */
export function lexicalScore(words: readonly string[], lex: Lexicon): number {
  walk(spansOf(words), lex);
  return walkedScore;
}

/** Word characters (`[\p{L}\p{N}]`) above ASCII, by code point (memoised). */
const WORD_CHAR = new Map<number, boolean>();
const WORD_CHAR_RE = /^[\p{L}\p{N}]$/u;
/** ASCII: 1 lower-case letter, 2 upper-case letter, 3 digit, 0 other. */
const ASCII_KIND = new Uint8Array(128);
for (let c = 97; c <= 122; c++) ASCII_KIND[c] = 1;
for (let c = 65; c <= 90; c++) ASCII_KIND[c] = 2;
for (let c = 48; c <= 57; c++) ASCII_KIND[c] = 3;

/** What readWords found besides the words: the per-word counts featuresOf needs, and per-character ones. */
const read = { caps: 0, title: 0, past: false, byName: false, digits: 0, marks: 0 };
/** readWords' spans, reused (grown when a sentence has more words). */
const reused: Spans = { text: '', start: new Int32Array(64), end: new Int32Array(64), n: 0 };

/**
 * The words of `s` (WORD matches, lower-cased) into `reused`, with `read` filled, in one scan.
 * Lower-casing the whole sentence gives each word's lower case at the same offsets unless it holds
 * İ (whose lower case is two characters) or Σ (whose lower case depends on what follows): those
 * sentences take the word-by-word way.
 */
function readWords(s: string): Spans {
  let caps = 0;
  let title = 0;
  let past = false;
  let digits = 0;
  let marks = 0;
  let n = 0;
  let special = false;
  let spans = reused;
  const lower = s.toLowerCase();
  for (let j = 0; j < s.length; ) {
    // The characters: digits and the marks that gate the costlier patterns.
    let c = s.charCodeAt(j);
    let kind: number;
    let size = 1;
    if (c < 128) {
      kind = ASCII_KIND[c] as number;
      if (kind === 3) digits++;
      else if (kind === 0) marks |= ASCII_MARK[c] ?? 0;
    } else {
      marks |= charMark(c);
      if (c === 0x130 || c === 0x3a3) special = true;
      const cp = s.codePointAt(j) as number;
      if (cp > 0xffff) {
        size = 2;
        marks |= charMark(s.charCodeAt(j + 1));
      }
      kind = wordChar(cp) ? 4 : 0;
    }
    if (kind === 0) {
      j += size;
      continue;
    }
    // A word: a run of letters and digits.
    const from = j;
    let upper = false;
    let lowerAscii = false;
    let high = false;
    for (;;) {
      if (kind === 1) lowerAscii = true;
      else if (kind === 2) upper = true;
      else if (kind === 4) high = true;
      j += size;
      if (j >= s.length) break;
      c = s.charCodeAt(j);
      size = 1;
      if (c < 128) {
        kind = ASCII_KIND[c] as number;
        if (kind === 0) break;
        if (kind === 3) digits++;
      } else {
        const cp = s.codePointAt(j) as number;
        if (!wordChar(cp)) break;
        marks |= charMark(c);
        if (c === 0x130 || c === 0x3a3) special = true;
        if (cp > 0xffff) {
          size = 2;
          marks |= charMark(s.charCodeAt(j + 1));
        }
        kind = 4;
      }
    }
    if (n === spans.start.length) spans = grow(spans);
    spans.start[n] = from;
    spans.end[n++] = j;
    // Capitals: the word differs from its lower case.
    if (high ? lower.slice(from, j) !== s.slice(from, j) : upper) {
      const w = s.slice(from, j);
      if (j - from >= 2 && (high ? w === w.toUpperCase() : !lowerAscii)) caps++;
      const first = s.charCodeAt(from);
      if ((first < 48 || first > 57) && first !== lower.charCodeAt(from)) title++;
    }
    if (!past && j - from >= 5 && lower.charCodeAt(j - 1) === 100 && lower.charCodeAt(j - 2) === 101)
      past = true;
  }
  if (special || lower.length !== s.length) return wordByWord(s, digits, marks);
  spans.text = lower;
  spans.n = n;
  setRead(caps, title, past, byNameIn(s, spans), digits, marks);
  return spans;
}

function setRead(caps: number, title: number, past: boolean, byName: boolean, digits: number, marks: number) {
  read.caps = caps;
  read.title = title;
  read.past = past;
  read.byName = byName;
  read.digits = digits;
  read.marks = marks;
}

/** What featuresOf reads of a sentence's words in its one scan (for tests). */
export function wordsRead(s: string): typeof read & { words: string[] } {
  const spans = readWords(s);
  const words = Array.from({ length: spans.n }, (_, i) => spans.text.slice(spans.start[i], spans.end[i]));
  return { ...read, words };
}

function grow(spans: Spans): Spans {
  const start = new Int32Array(spans.start.length * 2);
  const end = new Int32Array(spans.end.length * 2);
  start.set(spans.start);
  end.set(spans.end);
  reused.start = start;
  reused.end = end;
  return reused;
}

function wordChar(cp: number): boolean {
  let yes = WORD_CHAR.get(cp);
  if (yes === undefined) {
    yes = WORD_CHAR_RE.test(String.fromCodePoint(cp));
    WORD_CHAR.set(cp, yes);
  }
  return yes;
}

/** The mark of a character above ASCII (see the marks above). */
function charMark(c: number): number {
  return (
    (c >= 0x2190 ? HIGH : c === 0xab || c === 0xbb || c === 0xb7 ? GUILLEMET : 0) |
    (c === 0x201c || c === 0x201d || c === 0x201e || c === 0x2018 ? QUOTE_MARK : 0)
  );
}

/** `by`/`von`/`par`/`por` (as written) followed by a capitalised word. */
function byNameIn(s: string, spans: Spans): boolean {
  for (let j = 0; j + 1 < spans.n; j++) {
    const from = spans.start[j] as number;
    const to = spans.end[j] as number;
    if (to - from > BY_WORD_MAX || !BY_WORDS.has(s.slice(from, to))) continue;
    const next = s[spans.start[j + 1] as number] as string;
    if (next !== next.toLowerCase()) return true;
  }
  return false;
}

/** readWords for a sentence whose lower case is not per character: each word lower-cased on its own. */
function wordByWord(s: string, digits: number, marks: number): Spans {
  const raw = s.match(WORD) ?? [];
  const n = raw.length;
  const words = new Array<string>(n);
  let caps = 0;
  let title = 0;
  let past = false;
  let byName = false;
  for (let j = 0; j < n; j++) {
    const w = raw[j] as string;
    const lower = w.toLowerCase();
    words[j] = lower;
    if (lower !== w) {
      const c = w.charCodeAt(0);
      if (w.length >= 2 && w === w.toUpperCase()) caps++;
      if ((c < 48 || c > 57) && w[0] !== lower[0]) title++;
    }
    if (!past && lower.length >= 5 && lower.endsWith('ed')) past = true;
    if (!byName && w.length <= BY_WORD_MAX && BY_WORDS.has(w) && j + 1 < n) {
      const next = raw[j + 1] as string;
      byName = next[0] !== next[0]?.toLowerCase();
    }
  }
  setRead(caps, title, past, byName, digits, marks);
  return spansOf(words);
}

/** Names of the features, in the order featuresOf writes them; the weights file follows this order. */
export const FEATURE_NAMES: readonly string[] = [
  ...GROUP_WORDS.map(([name]) => `vocab:${name}`),
  'you',
  'we',
  'i',
  'please',
  'imperativeStart',
  'verb',
  'noVerb',
  'email',
  'url',
  'handle',
  'phone',
  'price',
  'perPeriod',
  'clock',
  'dateYear',
  'parenCredit',
  'byName',
  'slash',
  'pipe',
  'bulletish',
  'emoji',
  'earlyColon',
  'quote',
  'ellipsis',
  'endsPeriod',
  'endsExclaim',
  'endsQuestion',
  'noTerminal',
  'logWords',
  'short',
  'long',
  'capsShare',
  'titleShare',
  'digitShare',
  'groupHits',
  'support',
  'centroid',
  'noTerms',
  'smallText',
  'lexical',
  'sharedTerms',
  'termCount',
];

/** The weights file: feature names, standardisation, coefficients and the chosen threshold. */
export interface BoilerplateWeights {
  features: string[];
  mean: number[];
  scale: number[];
  weights: number[];
  bias: number;
  /** Probability at or above which a sentence is treated as boilerplate. */
  threshold: number;
  /**
   * Learned word evidence (see lexicalScore): word → weight, and `^word` → weight of a sentence
   * opening with it. Fitted on the same pages; the `lexical` feature is their sum.
   */
  lexicon?: Record<string, number>;
}

/** Compiled lexicons of weights files, built once each. */
const LEXICONS = new WeakMap<BoilerplateWeights, Lexicon>();

/** The learned word weights of a weights file, compiled (empty when it has none). */
export function lexiconOf(w: BoilerplateWeights): Lexicon {
  let m = LEXICONS.get(w);
  if (!m) {
    m = compileLexicon(w.lexicon ?? {});
    LEXICONS.set(w, m);
  }
  return m;
}

/** The lower-cased words of a sentence, as featuresOf and lexicalScore see them. */
export function wordsOf(s: string): string[] {
  return (s.match(WORD) ?? []).map((w) => w.toLowerCase());
}

/** The keys a sentence's lexical score sums: its distinct words and word pairs, and `^` + its first word. */
export function lexicalKeys(words: readonly string[]): string[] {
  const out = new Set<string>();
  if (words.length > 0) out.add(`^${words[0]}`);
  for (let i = 0; i < words.length; i++) {
    out.add(words[i] as string);
    if (i + 1 < words.length) out.add(`${words[i]} ${words[i + 1]}`);
  }
  return [...out];
}

/** What featuresOf knows about the rest of the text. */
export interface TextContext {
  /** Terms of every sentence of the text (same order as the sentences). */
  terms: readonly (readonly string[])[];
  /** The sentences' term bags, interned. */
  bags: Bags;
  /** Per term id: number of sentences holding it. */
  df: Int32Array;
  /** Per term id: its count summed over every sentence. */
  total: Int32Array;
  /** Squared norm of `total`. */
  totalNorm2: number;
}

/** The context of a text given its sentences' terms. */
export function contextOf(terms: readonly (readonly string[])[]): TextContext {
  const bags = bagsOf(terms);
  const df = new Int32Array(bags.ids.size);
  const total = new Int32Array(bags.ids.size);
  const { term, count } = bags;
  const end = bags.start[terms.length] as number;
  for (let e = 0; e < end; e++) {
    const t = term[e] as number;
    df[t] = (df[t] as number) + 1;
    total[t] = (total[t] as number) + (count[e] as number);
  }
  let totalNorm2 = 0;
  for (let t = 0; t < total.length; t++) totalNorm2 += (total[t] as number) * (total[t] as number);
  return { terms, bags, df, total, totalNorm2 };
}

const SMALL_TEXT = 5;

/** The feature vector of sentence `i` (text `s`) of a text. */
export function featuresOf(
  s: string,
  i: number,
  ctx: TextContext,
  /** Written over and returned instead of a new array (every feature is written). */
  into?: Float64Array,
  /** Learned word weights (lexiconOf); default the committed ones. */
  lexicon: Lexicon = lexiconOf(committed as BoilerplateWeights),
): Float64Array {
  const f = into ?? new Float64Array(FEATURE_NAMES.length);
  // One pass: the lower-cased words, capitals, an English past form, `by`/`von`/`par`/`por` + a name,
  // digits and the marks that gate the costlier patterns.
  const spans = readWords(s);
  const n = spans.n;
  const { caps, title, past, byName, digits, marks } = read;
  const bits = walk(spans, lexicon);
  let k = 0;
  let hits = 0;
  for (let g = 0; g < GROUP_WORDS.length; g++) {
    const on = bits & (1 << g) ? 1 : 0;
    hits += on;
    f[k++] = on;
  }
  const verb = (bits & VERB_BIT) !== 0 || past;
  const hasDigit = digits > 0;
  f[k++] = bits & YOU || ((s.includes(' Sie') || s.includes(' Ihr')) && SIE_FORMAL.test(s)) ? 1 : 0;
  f[k++] = bits & WE ? 1 : 0;
  f[k++] = bits & I ? 1 : 0;
  f[k++] = bits & PLEASE_BIT ? 1 : 0;
  f[k++] = n > 0 && IMPERATIVES.has(spans.text.slice(spans.start[0], spans.end[0])) ? 1 : 0;
  f[k++] = verb ? 1 : 0;
  f[k++] = verb ? 0 : 1;
  f[k++] = marks & AT && EMAIL.test(s) ? 1 : 0;
  f[k++] = marks & DOT_OR_COLON && URL.test(s) ? 1 : 0;
  f[k++] = marks & (AT | HASH) && HANDLE.test(s) ? 1 : 0;
  f[k++] = hasDigit && PHONE.test(s) ? 1 : 0;
  f[k++] = hasDigit && PRICE.test(s) ? 1 : 0;
  f[k++] = bits & PER_PERIOD_BIT ? 1 : 0;
  f[k++] = hasDigit && CLOCK_HINT.test(s) && CLOCK.test(s) ? 1 : 0;
  f[k++] = hasDigit && YEAR_HINT.test(s) && DATE_YEAR.test(s) ? 1 : 0;
  f[k++] = marks & PAREN && PAREN_CREDIT.test(s) ? 1 : 0;
  f[k++] = byName ? 1 : 0;
  f[k++] = marks & SLASH && SLASH_SEP.test(s) ? 1 : 0;
  f[k++] = marks & PIPE_MARK ? 1 : 0;
  f[k++] = marks & (HIGH | GUILLEMET) && BULLETISH.test(s) ? 1 : 0;
  f[k++] = marks & HIGH && EMOJI.test(s) ? 1 : 0;
  f[k++] = marks & DOT_OR_COLON && EARLY_COLON.test(s) ? 1 : 0;
  f[k++] = marks & (QUOTE_MARK | GUILLEMET) && QUOTE.test(s) ? 1 : 0;
  f[k++] = (s.endsWith('.') || s.endsWith('…') || s.endsWith(' ')) && ELLIPSIS.test(s) ? 1 : 0;
  const end = lastMark(s);
  f[k++] = end === '.' ? 1 : 0;
  f[k++] = end === '!' ? 1 : 0;
  f[k++] = end === '?' ? 1 : 0;
  f[k++] = end === '.' || end === '!' || end === '?' || end === '…' ? 0 : 1;
  f[k++] = Math.log(1 + n);
  f[k++] = n <= 6 ? 1 : 0;
  f[k++] = n >= 40 ? 1 : 0;
  f[k++] = n ? caps / n : 0;
  f[k++] = n ? title / n : 0;
  f[k++] = s.length ? digits / s.length : 0;
  f[k++] = hits;
  // Likeness to the rest of the text.
  const { start, term, count } = ctx.bags;
  const inText = i >= 0 && i < ctx.terms.length;
  const from = inText ? (start[i] as number) : 0;
  const size = inText ? (start[i + 1] as number) - from : 0;
  let shared = 0;
  let dot = 0;
  let ownNorm2 = 0;
  for (let e = from; e < from + size; e++) {
    const t = term[e] as number;
    const c = count[e] as number;
    if ((ctx.df[t] as number) > 1) shared++;
    dot += c * ((ctx.total[t] as number) - c);
    ownNorm2 += c * c;
  }
  // |total − own|² = |total|² − 2·total·own + |own|², with total·own = dot + |own|².
  const restNorm2 = ctx.totalNorm2 - 2 * (dot + ownNorm2) + ownNorm2;
  f[k++] = size ? shared / size : 0;
  f[k++] = size && restNorm2 > 0 ? dot / Math.sqrt(ownNorm2 * restNorm2) : 0;
  f[k++] = size ? 0 : 1;
  f[k++] = ctx.terms.length < SMALL_TEXT ? 1 : 0;
  f[k++] = walkedScore;
  // How much evidence the likeness rests on: a short sentence shares a common word or two by chance.
  f[k++] = Math.log(1 + shared);
  f[k++] = Math.log(1 + size);
  return f;
}

/** Weights with the standardisation folded in: z = bias + Σ coef·x. */
const FOLDED = new WeakMap<BoilerplateWeights, { coef: Float64Array; bias: number }>();

function folded(w: BoilerplateWeights): { coef: Float64Array; bias: number } {
  let f = FOLDED.get(w);
  if (f) return f;
  const coef = new Float64Array(w.weights.length);
  let bias = w.bias;
  for (let j = 0; j < coef.length; j++) {
    coef[j] = (w.weights[j] as number) / (w.scale[j] as number);
    bias -= (coef[j] as number) * (w.mean[j] as number);
  }
  f = { coef, bias };
  FOLDED.set(w, f);
  return f;
}

/** Probability that a feature vector describes boilerplate. */
export function probability(x: Float64Array, w: BoilerplateWeights): number {
  const { coef, bias } = folded(w);
  let z = bias;
  for (let j = 0; j < x.length; j++) z += (coef[j] as number) * (x[j] as number);
  return 1 / (1 + Math.exp(-z));
}

let checked: BoilerplateWeights | undefined;

/** The committed weights (boilerplate-weights.json beside this module, written by scripts/train-boilerplate.ts). */
export function defaultWeights(): BoilerplateWeights {
  if (checked) return checked;
  const w = committed as BoilerplateWeights;
  if (w.features.join() !== FEATURE_NAMES.join()) {
    throw new Error('summarize: boilerplate-weights.json does not match the feature set; retrain it');
  }
  checked = w;
  return w;
}

/** Boilerplate probability of each sentence of a text, given the sentences and their terms. */
export function boilerplateProbabilities(
  sentences: readonly string[],
  terms: readonly (readonly string[])[],
  weights: BoilerplateWeights = defaultWeights(),
): number[] {
  return probabilitiesIn(sentences, contextOf(terms), weights);
}

/** boilerplateProbabilities given the text's context (contextOf its sentences' terms). */
export function probabilitiesIn(
  sentences: readonly string[],
  ctx: TextContext,
  weights: BoilerplateWeights = defaultWeights(),
): number[] {
  const scratch = new Float64Array(FEATURE_NAMES.length);
  const lexicon = lexiconOf(weights);
  return sentences.map((s, i) => probability(featuresOf(s, i, ctx, scratch, lexicon), weights));
}

/** Characters that may follow a sentence's final mark: closing quotes and brackets, spaces. */
const CLOSERS = new Set(['"', "'", '”', '’', '»', ')', ']']);

/**
 * The last character of `s` before any closing quotes, brackets and spaces, scanning back from the
 * end (a regex anchored at the end retries from every start and is quadratic on long runs of them).
 */
export function lastMark(s: string): string {
  let i = s.length - 1;
  while (i >= 0 && (CLOSERS.has(s[i] as string) || /\s/.test(s[i] as string))) i--;
  return i >= 0 ? (s[i] as string) : '';
}
