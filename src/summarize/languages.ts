/**
 * Per-language word lists for segmentation and ranking: abbreviations that end in a period, words that
 * usually open a sentence, and stopwords. Lower-case, without the final period. Languages other than
 * these fall back to English, whose lists are the broadest (wire copy in any language quotes `U.S.`).
 */

/** The languages with their own lists. */
export type Lang = 'en' | 'de' | 'fr' | 'es';

export interface LangData {
  /** Titles and other abbreviations that always precede a name or number: never end a sentence. */
  prepositive: ReadonlySet<string>;
  /** Abbreviations that go before a number (`No. 10`, `S. 5`): joined only when a digit follows. */
  numeric: ReadonlySet<string>;
  /** Abbreviations that may end a sentence: a break is kept only before a typical sentence opener. */
  abbreviations: ReadonlySet<string>;
  /** Words that typically open a sentence (lower-case). */
  starters: ReadonlySet<string>;
  stopwords: ReadonlySet<string>;
}

const words = (s: string): ReadonlySet<string> => new Set(s.split(/\s+/).filter(Boolean));

/** Titles that precede a name in any language's news (`Mr. Biden` in a German text). */
const EN_TITLES = words('mr mrs ms dr prof gen sen gov lt col capt adm sgt rev');

const EN_MONTHS = 'jan feb mar apr jun jul aug sep sept oct nov dec';
// Words like `sun`, `ill` or `mass` are left out: they end real sentences.
const EN_DAYS = 'tue tues thu thur thurs fri';
const EN_STATES =
  'ala ariz ark calif colo conn fla ga kan kans ky md mich minn neb nev okla tenn tex vt va wis wyo';

const EN: LangData = {
  prepositive: words(
    'mr mrs ms messrs dr prof gen sen rep reps gov lt col maj capt cpt cmdr adm sgt cpl pvt rev hon pres supt insp det atty mt ft st mme mlle',
  ),
  numeric: words('no nos nr n° nº vol vols p pp fig figs ch art sec op'),
  abbreviations: words(
    `inc ltd co corp plc llc bros jr sr etc vs approx dept est govt univ assn intl natl ave blvd rd hwy mins hrs yrs al cf esp ibid viz ca pt ${EN_MONTHS} ${EN_DAYS} ${EN_STATES}`,
  ),
  starters: words(
    'the a an he she it they we i you his her its their our my your this that these those there here but and so yet or nor in on at for if when while after before as however meanwhile also some many most all one two how what why who where which then now still both each no not only since despite although though because mr mrs ms dr prof sen gen gov rep president officials police according last next earlier later already instead even just',
  ),
  stopwords: words(
    "a about above after again against all also am an and any are aren't as at be because been before being below between both but by can could did do does doing down during each few for from further had has have having he her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours out over own said same says she should so some such than that the their theirs them themselves then there these they this those through to too under until up very was we were what when where which while who whom why will with would you your yours mr mrs ms one two new year years also may might must can shall s t",
  ),
};

const DE: LangData = {
  prepositive: words(
    'dr prof hr fr st z.b u.a d.h bzw vgl ca sog bspw evtl ggf inkl zzgl geb gest verh dipl',
  ),
  numeric: words('nr abs art bd s no ziff'),
  abbreviations: words(
    'usw etc mio mrd jh jhd tel str co inc ltd jan feb apr jun jul aug sep sept okt nov dez u.ä ff',
  ),
  starters: words(
    'der die das ein eine einen einem einer er sie es wir ich ihr du man aber und doch auch im in am an auf nach dann so wie was warum wer wo dies diese dieser dieses damit denn deshalb daher zudem außerdem allerdings jedoch trotzdem seit bei mit für zum zur vor als wenn weil nun noch schon',
  ),
  stopwords: words(
    'aber alle allem allen aller alles als also am an ander andere anderen auch auf aus bei bin bis bist da damit dann das dass dein deine dem den der des dich die dies diese diesem diesen dieser dieses dir doch dort du durch ein eine einem einen einer eines er es etwas euch euer für gegen gewesen hab habe haben hat hatte hatten hier hin hinter ich ihm ihn ihnen ihr ihre im in indem ins ist jede jedem jeden jeder jedes jetzt kann kein keine können man manche mein mich mir mit muss nach nicht nichts noch nun nur ob oder ohne sehr sein seine sich sie sind so solche soll sondern um und uns unser unter viel vom von vor war waren warst was weil weiter welche wenn wer werde werden wie wieder will wir wird wirst wo wollen wurde wurden zu zum zur zwar zwischen sagte sagt',
  ),
};

const FR: LangData = {
  prepositive: words('m mm mme mmes mlle dr pr me st ste'),
  numeric: words('n° no nº p pp art chap fig vol'),
  abbreviations: words('etc env cf ca inc ltd co cie janv fév févr avr juil sept oct nov déc av bd j.-c'),
  starters: words(
    "le la les l un une il elle ils elles nous je on vous mais et ce cette ces c en dans pour selon puis alors ainsi depuis après avant lors si quand comme d'autres cependant pourtant toutefois enfin aussi",
  ),
  stopwords: words(
    "a à au aux avec ce ces cette dans de des du elle en et eux il ils je la le les leur lui ma mais me même mes moi mon ne nos notre nous on ou où par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous c d j l m n s t y été être avoir a ont est sont était fait plus aussi comme selon dit l'a d'un d'une qu'il",
  ),
};

const ES: LangData = {
  prepositive: words('sr sra srta sres dr dra dña ud uds lic ing gral prof sto sta'),
  numeric: words('núm nº n° art pág págs p'),
  abbreviations: words('etc aprox cía co inc ltd s.a ee.uu ene feb abr jun jul ago sep sept oct nov dic av'),
  starters: words(
    'el la los las un una unos unas él ella ellos ellas nosotros yo tú usted pero y este esta estos estas ese esa en para según luego también sin con por cuando como si ya además sin embargo mientras',
  ),
  stopwords: words(
    'a al algo algunos ante antes como con contra cual cuando de del desde donde durante e el ella ellas ellos en entre era es esa esas ese eso esos esta estaba estado estas este esto estos fue fueron ha han hay la las le les lo los más me mi mis mucho muy nada ni no nos o otra otro para pero poco por porque que quien se sea ser si sin sobre su sus también tanto te tiene tu un una uno unos y ya yo dijo según',
  ),
};

const LANGS: Record<Lang, LangData> = { en: EN, de: DE, fr: FR, es: ES };

/** Normalises a BCP 47 tag (`de-AT`, `EN`) to one of the languages with lists; default `en`. */
export function langOf(lang?: string): Lang {
  const base = (lang ?? 'en').toLowerCase().split(/[-_]/)[0] ?? 'en';
  return base in LANGS ? (base as Lang) : 'en';
}

/** The word lists for a language; English for unknown languages. */
export function langData(lang?: string): LangData {
  return LANGS[langOf(lang)];
}

/** English lists merged in: abbreviations like `U.S.` and `Mr.` turn up in every language's news. */
export function isKnownAbbreviation(word: string, data: LangData): boolean {
  return data.abbreviations.has(word) || EN.abbreviations.has(word);
}

export function isNumericAbbreviation(word: string, data: LangData): boolean {
  return data.numeric.has(word) || EN.numeric.has(word);
}

export function isPrepositive(word: string, data: LangData): boolean {
  return data.prepositive.has(word) || (data !== EN && EN_TITLES.has(word));
}

/** Function words frequent enough to tell the list languages apart in a few hundred words of text. */
const MARKERS: Record<Lang, ReadonlySet<string>> = {
  en: words('the and of to is that with for was are this have'),
  de: words('der die und das ist nicht mit von den ein eine sich auch dem'),
  fr: words('le les et des est une dans que pour pas du au sur'),
  es: words('el los las y que del una por con para es se lo'),
};
/** Marker word → the languages it marks (a few, like `la`, mark two). */
const MARKER_INDEX = new Map<string, Lang[]>();
for (const lang of Object.keys(MARKERS) as Lang[]) {
  for (const w of MARKERS[lang]) MARKER_INDEX.set(w, [...(MARKER_INDEX.get(w) ?? []), lang]);
}
/** No marker word is longer: longer words need no lookup. */
const MAX_MARKER = Math.max(...[...MARKER_INDEX.keys()].map((w) => w.length));
const SAMPLE_WORDS = 300;
/** Enough characters for SAMPLE_WORDS words in any of the list languages. */
const SAMPLE_CHARS = 2400;
const MIN_MARKERS = 10;

/**
 * The language to segment and rank a text with: the declared one, unless the text's function words
 * clearly belong to another language with lists (pages often declare `en` whatever they say). Only
 * overrides when the other language has at least twice the hits and MIN_MARKERS of them.
 */
export function effectiveLang(text: string, declared?: string): string {
  const counts: Record<Lang, number> = { en: 0, de: 0, fr: 0, es: 0 };
  let seen = 0;
  // Its words (runs of letters, `\p{L}+`) in one scan, without a match object each; only short ones are looked up.
  const sample = text.slice(0, SAMPLE_CHARS).toLowerCase();
  for (let i = 0; i < sample.length && seen < SAMPLE_WORDS; ) {
    const at = letterAt(sample, i);
    if (at === 0) {
      i++;
      continue;
    }
    const from = i;
    for (let step = at; step > 0; step = letterAt(sample, i)) i += step;
    seen++;
    if (i - from > MAX_MARKER) continue;
    const langs = MARKER_INDEX.get(sample.slice(from, i));
    if (langs) for (const lang of langs) counts[lang]++;
  }
  const own = langOf(declared);
  let best = own;
  for (const lang of Object.keys(counts) as Lang[]) if (counts[lang] > counts[best]) best = lang;
  if (best === own || counts[best] < MIN_MARKERS || counts[best] < 2 * counts[own]) return declared ?? 'en';
  return best;
}

/** Letters (`\p{L}`) above ASCII, by code point (memoised). */
const IS_LETTER = new Map<number, boolean>();
const LETTER_RE = /^\p{L}$/u;

/** The length (1 or 2) of the letter at `i` of `s`, or 0 when none starts there. */
function letterAt(s: string, i: number): number {
  if (i >= s.length) return 0;
  const c = s.charCodeAt(i);
  if (c < 128) return (c | 32) >= 97 && (c | 32) <= 122 ? 1 : 0;
  const cp = s.codePointAt(i) as number;
  let yes = IS_LETTER.get(cp);
  if (yes === undefined) {
    yes = LETTER_RE.test(String.fromCodePoint(cp));
    IS_LETTER.set(cp, yes);
  }
  return yes ? (cp > 0xffff ? 2 : 1) : 0;
}
