/** Recognising paywall teasers, consent walls and bot checks, and the pitch lines they carry. */
import { anyOf } from './text.js';

const PITCH = [
  /subscribe (now )?to (continue|keep) reading/i,
  /(to )?continue reading,? (please )?(subscribe|sign in|log in|register)/i,
  /this (article|story|content) is (only )?(available )?(for|to) (subscribers|members|premium)/i,
  /(subscribers|members) only/i,
  /already (a subscriber|have an account|registered)\?/i,
  /register (for free|now) to/i,
  /(sign|log) in to (continue|read|keep)/i,
  /(you('ve| have) (reached|used)|reached your) .{0,30}(free )?(article|story) limit/i,
  /(start|begin) your free trial|for unlimited (digital )?access|unlock (this|the full) (article|story)/i,
  /subscription (is )?required|become a (subscriber|member) to (read|continue)/i,
  /want to read more\? (subscribe|sign)/i,
  /dieser artikel ist (nur )?für abonnenten|jetzt (weiter)?lesen mit|abo abschließen/i,
  /exklusiv für (abonnenten|abonnentinnen)|bereits abonnent(in)?\?|weiterlesen mit (\w+ )?(plus|abo|digital)/i,
  /(article|contenu)( est)? réservé aux abonnés|(abonnez|connectez|inscrivez)-vous pour (lire|continuer|poursuivre)|pour lire la suite,? (abonnez|connectez|inscrivez)-vous|déjà abonné\s?\?|il vous reste \d+ ?% de cet article/i,
  /(contenido|artículo|noticia) (exclusivo )?(solo |sólo )?para suscriptores|suscríbete para (seguir|continuar) leyendo|ya eres suscriptor\s?\?|hazte suscriptor/i,
  /(articolo|contenuto) riservato agli abbonati|abbonati per (continuare|leggere)|sei già abbonato\s?\?/i,
  /(conteúdo|matéria) exclusiv[oa] para assinantes|assine para (continuar|ler)|já é assinante\s?\?/i,
  /(artikel|dit stuk) (is )?alleen voor abonnees|word (nu )?abonnee( en lees)?|al abonnee\s?\?|lees verder met (een )?(abonnement|plus|premium)/i,
  /(endast|bara) för prenumeranter\b|(kun|bare) for abonnenter\b|redan prenumerant\s?\?|allerede abonnent\s?\?|vain tilaajille\b/i,
];
/** Any of them, in one pass. */
const ANY_PITCH = anyOf(PITCH);
const CONSENT = [
  /before you continue/i,
  /we value your privacy/i,
  /(we|our partners) (and our partners )?use cookies/i,
  /(accept|agree to|reject) all( cookies)?/i,
  /manage (your )?(cookie|privacy) (settings|preferences|choices)/i,
  /bevor sie fortfahren|wir verwenden cookies|zustimmen und weiter|alle akzeptieren/i,
  /nous utilisons des cookies|accepter et (continuer|fermer)|tout accepter|gérer mes choix/i,
  /(utilizamos|usamos) cookies|aceptar (todo|todas|y continuar)/i,
  /utilizziamo (i )?cookie|accetta tutti/i,
  /aceitar todos|aceitar e continuar/i,
  /wij gebruiken cookies|alles accepteren/i,
];
const BOT_CHECK = [
  /are you a (robot|human)/i,
  /verify (that )?you are (a )?human/i,
  /\bcaptcha\b/i,
  /unusual traffic from your (computer|network)/i,
  /(checking|check) your browser before accessing/i,
  /access (to this page has been )?denied/i,
  /please enable (javascript|js) and cookies to continue/i,
];
/** Words of consent dialogs; two different ones make a paragraph consent text. */
const CONSENT_WORDS =
  /(?<![\p{L}])(cookies?|consent(ing)?|personal data|partners|privacy|preferences|identifiers|geolocation|personalised|personalized|legitimate interest|einwilligung|personenbezogene(n)? daten|consentement|données personnelles|confidentialité|consentimiento|datos personales|privacidad|dati personali|consentimento|dados pessoais|toestemming|persoonsgegevens)(?![\p{L}])/giu;
/** Below this many characters of article text, a page with pitch or wall lines is a wall, not an article. */
const SHORT_BODY_CHARS = 1_200;
/** Consent and bot pages carry no article at all: far less text than a teaser. */
const NO_ARTICLE_CHARS = 500;
/**
 * A short article under a cookie banner is still an article: a consent wall is a page whose text is
 * mostly the dialog, or that has next to nothing else.
 */
const BARE_PAGE_CHARS = 150;
/**
 * A bot check is an interstitial: the whole page is the challenge, a few hundred characters. A page
 * with a site around it (navigation, related links, a comment form asking for a captcha) is not one.
 */
const BOT_PAGE_CHARS = 3_000;
const MAX_PITCH_LINE_CHARS = 300;
/** The wall phrases are looked for in this many first characters of the page. */
const PROBE_CHARS = 20_000;

/** True for a short paragraph that asks the reader to subscribe, register or sign in. */
export function isPitchLine(line: string): boolean {
  return line.length <= MAX_PITCH_LINE_CHARS && ANY_PITCH.test(line);
}

/** True for a paragraph of a consent dialog: two or more different consent words. */
export function isConsentLine(line: string): boolean {
  if (line.length > 800) return false;
  const words = new Set((line.match(CONSENT_WORDS) ?? []).map((w) => w.toLowerCase()));
  return words.size >= 2;
}

/**
 * Characters of the paragraphs outside consent-dialog lines, counted only up to the point where a
 * page holds an article anyway (beyond it the exact figure never changes the verdict).
 */
export function nonConsentChars(paragraphs: string[]): number {
  let n = 0;
  for (const p of paragraphs) {
    if (n >= NO_ARTICLE_CHARS) break;
    if (!isConsentLine(p)) n += p.length;
  }
  return n;
}

/** What decides the wall verdict: the page's title, its full visible text and the article paragraphs. */
export interface WallEvidence {
  title: string;
  /** The body's text before boilerplate removal (prompts and banners included); read only when needed. */
  readonly pageText: string;
  /** Article paragraphs, pitch lines already removed. */
  articleChars: number;
  /** The same without consent-dialog paragraphs (`nonConsentChars()`); read only when needed. */
  readonly nonConsentChars: number;
  /** Pitch lines found among the article's paragraphs. */
  pitchLines: number;
  declaredPaywall: boolean;
}

/** The kind of wall a page is, if any. */
export type Wall = 'paywall' | 'consent' | 'bot-check' | undefined;

function isConsentWall(e: WallEvidence, probe: () => string): boolean {
  if (e.nonConsentChars >= NO_ARTICLE_CHARS || !CONSENT.some((re) => re.test(probe()))) return false;
  const consentChars = e.articleChars - e.nonConsentChars;
  const titleIsDialog = CONSENT.some((re) => re.test(e.title));
  return titleIsDialog || e.nonConsentChars < BARE_PAGE_CHARS || consentChars >= e.nonConsentChars;
}

/** Decides whether a page is a paywall teaser, a consent wall or a bot check. */
export function detectWall(e: WallEvidence): Wall {
  if (e.declaredPaywall) return 'paywall';
  let text: string | undefined;
  const probe = () => {
    text ??= `${e.title}\n${e.pageText.slice(0, PROBE_CHARS)}`;
    return text;
  };
  if (
    e.articleChars < NO_ARTICLE_CHARS &&
    e.pageText.length < BOT_PAGE_CHARS &&
    BOT_CHECK.some((re) => re.test(probe()))
  ) {
    return 'bot-check';
  }
  if (isConsentWall(e, probe)) return 'consent';
  if (e.articleChars < SHORT_BODY_CHARS && (e.pitchLines > 0 || ANY_PITCH.test(e.pageText))) {
    return 'paywall';
  }
  return undefined;
}
