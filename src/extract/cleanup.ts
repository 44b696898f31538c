/**
 * Boilerplate removal: whole nodes before the body finder runs (navigation, banners, share bars,
 * comments …) and single lines after it ("Advertisement", "Read more: …", image credits, wire tails).
 */
import type { LDocument, LElement, LNode } from './lightdom.js';
import { anyOf, hidesElement } from './text.js';

/** Elements that never hold the article's text. */
const DROP_TAGS = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'IFRAME',
  'SVG',
  'BUTTON',
  'SELECT',
  'DIALOG',
]);
/** Sectioning the page's author names as not the main text: read like class words, by name. */
const NAMED_DROP_TAGS = new Set(['NAV', 'ASIDE', 'FOOTER']);
/** Words of class/id values that mark boilerplate containers. Whole words only: "header" holds no "ad". */
const BOILERPLATE_WORDS = new Set([
  'cookie',
  'cookies',
  'consent',
  'gdpr',
  'cmp',
  'newsletter',
  'newsletters',
  'subscribe',
  'subscription',
  'share',
  'sharing',
  'sharebar',
  'social',
  'related',
  'recommended',
  'recirculation',
  'recirc',
  'comments',
  'comment',
  'disqus',
  'promo',
  'promotion',
  'ad',
  'ads',
  'advert',
  'adverts',
  'advertisement',
  'adslot',
  'adunit',
  'dfp',
  'banner',
  'sponsored',
  'sponsor',
  'outbrain',
  'taboola',
  'popup',
  'modal',
  'overlay',
  'breadcrumb',
  'breadcrumbs',
  // "next-prev", "post-prev": links to the neighbouring posts.
  'prev',
  'previous',
  'pagination',
  'sidebar',
  'signup',
  'toolbar',
  'skiplink',
  'skip',
  'trending',
  'most',
  'popular',
  'masthead',
  'menu',
  'navbar',
  'navigation',
  'footer',
  'onetrust',
  'didomi',
]);
/** Words so specific that no content word beside them saves the element ("taboola-below-article"). */
const STRONG_WORDS = new Set([
  'cookie',
  'cookies',
  'consent',
  'gdpr',
  'newsletter',
  'newsletters',
  'outbrain',
  'taboola',
  'onetrust',
  'didomi',
  'disqus',
  'adslot',
  'adunit',
  'dfp',
  'advertisement',
  'sponsored',
  'recirculation',
  'recirc',
]);
/**
 * Readers' comment sections, named so: their text is prose, often more of it than a short post,
 * so neither the share rule nor the relaxed pass may keep them (see isCommentSection).
 */
const COMMENT_WORD = /^(comment(s|list|body|form|wrap|area|thread)?|disqus)$/;
/** Words of a live ticker, whose entries the page may call comments ("live-match-comment"). */
const LIVE_WORDS = new Set(['live', 'liveblog', 'ticker', 'liveticker']);
/** An element holding one of these is the article's, whatever its name says. */
const ARTICLE_MARK = '[itemprop="articleBody"], h1';
/** Words that make a container content even beside a boilerplate word ("content-with-sidebar"). */
const CONTENT_WORDS = new Set([
  'content',
  'article',
  'body',
  'story',
  'main',
  'post',
  'entry',
  'text',
  'page',
]);
/** Pairs that mark a prompt even though each word alone may name a real content wrapper. */
const PAYWALL_PROMPT =
  /paywall[-_]?(prompt|message|offer|cta|modal|overlay|banner|promo|wall|inline|gate)|(^|[\s_-])(regwall|piano|tp-modal|meter)([\s_-]|$)/i;
const WORD_SPLIT = /[^a-zA-Z0-9]+|(?<=[a-z])(?=[A-Z])/;
const KEEP_TAGS = new Set(['HTML', 'BODY', 'MAIN', 'ARTICLE', 'P', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6']);
const CONTENT_MARK = '[itemprop="articleBody"], article, h1';
/** A form drops only when it holds little text: ASP.NET sites wrap the whole page in one. */
const FORM_TEXT_LIMIT = 400;
/** An element holding more than this share of the body's text is content whatever its class says. */
const MAX_SHARE = 0.5;

const LINE_PATTERNS = [
  /^(advertisement|advert|advertising|anzeige|werbung|publicité|publicidad|publicidade|pubblicità|advertentie|reklame|reklam|annons|mainos|sponsored( content)?|ad|story continues below( advertisement)?)$/i,
  /^(sponsored|advertisement|partner content|paid content)\s*[:|]/i,
  // "Read also: <linked headline>" in the languages of the outlets we meet.
  /^(read more|read also|related( posts?| articles?| stories| reading| content| coverage)?|see also|see more|don['’]t miss|must read|more on this|recommended|watch|listen|lesen sie auch|mehr zum thema|auch interessant|(à )?lire aussi|voir aussi|le(e|a) también|te puede interesar|leia também|veja também|leggi anche|lees ook|zie ook|läs också|les også|læs også|lue myös)\s*[:|>»-]/i,
  /^(sign up|subscribe) (for|to) (our|the) .{0,60}newsletter/i,
  // A pitch that opens its line, after at most one short sentence ("Get the latest in your inbox.").
  /^([^.!?]{0,60}[.!?]\s+)?(sign up|subscribe) (for|to) [^!?]{0,60}newsletters?\b[^!?]{0,60}$/i,
  /^like this (story|article)\? share it/i,
  /^(sharing is caring|spread the word)!?$/i,
  /^(you may also like|you might also like|we recommend|recommended for you|more from [\w .'’-]{1,40}|don['’]t miss)\s*(\.\.\.|…|:)?$/i,
  /^have a (news )?tip\?/i,
  /^also on [\w-]+\.(com|org|net|co\.uk|de|fr)\b/i,
  /^this (slideshow|gallery|video|content|embed) requires javascript/i,
  /^tell us what you think/i,
  /newsletter.{0,40}(sign up|subscribe)|^get (our|the) .{0,40}newsletter/i,
  /^(share|share this( article| story)?|share on \w+|tweet|email|print|copy link|follow us on .{1,30})$/i,
  // "Beitrag teilen:", "Mit Freunden teilen", "Möchten Sie den Artikel teilen?", "Partager l'article".
  /^((diesen |den )?(beitrag|artikel|seite)|mit freunden|jetzt|möchten sie den (artikel|beitrag))? ?teilen\s*[:?!]?$|^(partager|compartir|condividi|compartilhar|delen|dela|del)( (cet|l'|el|la|este|esta|questo|este|dit|deze) ?(article|artículo|articolo|artigo|noticia|notizia|notícia|post|artikel|bericht)| (sur|en|su|no|op|på) \w+)?\s*[:?!]?$/i,
  /^\(?(photo|image|picture|foto|bild|video|illustration|graphic)( credit)?s?\s*[:/].{0,120}$/i,
  /^\(?(ap|afp|reuters|getty images|shutterstock|epa|dpa)( photo)?(\/[^)]{1,60})?\)?$/i,
  /^(copyright|\u00a9)\s.{0,80}(all rights reserved|associated press|reuters|afp)\.?/i,
  /^this material may not be published, broadcast, rewritten,? or redistributed/i,
  /^(click|tap) here to/i,
  /^(we use cookies|this (site|website) uses cookies)/i,
  /^(leave a|post a|view|show|\d+) comments?$/i,
];
/** Any of them, in one pass. */
const ANY_LINE_PATTERN = anyOf(LINE_PATTERNS);
const MAX_LINE_CHARS = 250;
/** "Updated Nov 19, 9:41 AM; Posted Nov 18, 8:19 PM", "Aktualisiert am 12.03.2023, 10:15 Uhr". */
const STAMP_START = /^(?:(?:last\s+)?updated|posted|published|modified|aktualisiert|veröffentlicht)\b/i;
/** Everything a time stamp line may hold besides digits and punctuation. */
const STAMP_WORDS =
  /\b(?:last|updated|posted|published|modified|aktualisiert|veröffentlicht|on|at|and|am|um|uhr|pm|a\.m|p\.m|et|edt|est|ct|cdt|cst|pt|pdt|pst|gmt|utc|bst|cet|cest|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\b\.?/gi;
const STAMP_REST = /[\d\s:;,.|/()\u2013\u2014-]+/g;
/** A hidden element this rich in paragraphs is an article part a script reveals ("continue reading"). */
const MIN_HIDDEN_PROSE = 2;
const PROSE_CHARS = 80;
const MAX_PROSE_SCAN = 5_000;

/**
 * Removes boilerplate elements from the body in place, before the body finder sees it. With
 * `byName: false` (the safety net's relaxed pass) only never-text tags and hidden elements go:
 * class and id words and sectioning tags (nav, aside, footer), which may name the article's own
 * wrapper, are not read.
 */
export function removeBoilerplate(doc: LDocument, byName = true): void {
  const body = doc.body;
  const forms: LElement[] = [];
  walk(body, (el) => {
    if (DROP_TAGS.has(el.tagName) || (byName && NAMED_DROP_TAGS.has(el.tagName))) {
      el.remove();
      return false;
    }
    if (el.tagName === 'FORM') forms.push(el);
    return true;
  });
  const total = body.textContent.length;
  for (const form of forms) if (form.textContent.length < FORM_TEXT_LIMIT) form.remove();
  walk(body, (el) => {
    const a = el.attribs;
    if (a.class === undefined && a.id === undefined && a.role === undefined && a.style === undefined) {
      if (a.hidden === undefined && a['aria-hidden'] !== 'true') return true;
    }
    if ((isBoilerplateElement(el, byName) && !holdsContent(el, total)) || isCommentSection(el)) {
      el.remove();
      return false;
    }
    return true;
  });
}

/** Pre-order over the elements below `root`; `visit` says whether to go into an element's children. */
function walk(root: LElement, visit: (el: LElement) => boolean): void {
  const stack: LNode[] = [];
  for (let i = root.childNodes.length - 1; i >= 0; i--) stack.push(root.childNodes[i] as LNode);
  while (stack.length) {
    const n = stack.pop() as LNode;
    if (n.nodeType !== 1 || !visit(n as LElement)) continue;
    const kids = (n as LElement).childNodes;
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as LNode);
  }
}

function isBoilerplateElement(el: LElement, byName: boolean): boolean {
  if (el.tagName === 'HTML' || el.tagName === 'BODY') return false;
  // Hidden (by style or the hidden attribute) is hidden whatever the tag, unless it is prose a script
  // will reveal. aria-hidden only hides from screen readers: it counts for containers, not text.
  const hidden = el.hasAttribute('hidden') || hidesElement(el.getAttribute('style'));
  if (hidden && !isProse(el)) return true;
  if (KEEP_TAGS.has(el.tagName) || !byName) return false;
  if (el.getAttribute('aria-hidden') === 'true') return true;
  const role = el.getAttribute('role');
  if (role === 'navigation' || role === 'complementary' || role === 'contentinfo' || role === 'banner')
    return true;
  const names = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
  if (PAYWALL_PROMPT.test(names)) return true;
  const words = names.split(WORD_SPLIT).map((w) => w.toLowerCase());
  if (words.some((w) => STRONG_WORDS.has(w))) return true;
  return words.some((w) => BOILERPLATE_WORDS.has(w)) && !words.some((w) => CONTENT_WORDS.has(w));
}

/**
 * A section of readers' comments: named so (a comment word, no content word beside it) and holding
 * neither the headline nor the marked article body. It goes in both passes and whatever its share
 * of the page: a thread under a short post is longer than the post, and the relaxed pass, which
 * reads no other names, would otherwise take it for the article.
 */
function isCommentSection(el: LElement): boolean {
  const a = el.attribs;
  if (a.class === undefined && a.id === undefined) return false;
  if (el.tagName === 'HTML' || el.tagName === 'BODY' || KEEP_TAGS.has(el.tagName)) return false;
  const words = `${a.class ?? ''} ${a.id ?? ''}`.split(WORD_SPLIT).map((w) => w.toLowerCase());
  if (!words.some((w) => COMMENT_WORD.test(w))) return false;
  // "live-match-comments": a live ticker's entries are the article itself.
  if (words.some((w) => CONTENT_WORDS.has(w) || LIVE_WORDS.has(w))) return false;
  return !el.querySelector(ARTICLE_MARK);
}

/** Holds at least two real paragraphs among its first few thousand elements. */
function isProse(el: LElement): boolean {
  let n = 0;
  let seen = 0;
  const stack: LNode[] = [el];
  while (stack.length && seen++ < MAX_PROSE_SCAN) {
    const node = stack.pop() as LNode;
    if (node.nodeType !== 1) continue;
    const e = node as LElement;
    if (e.tagName === 'P') {
      if (e.textContent.length >= PROSE_CHARS && ++n >= MIN_HIDDEN_PROSE) return true;
      continue;
    }
    for (const k of e.childNodes) stack.push(k);
  }
  return false;
}

function holdsContent(el: LElement, total: number): boolean {
  if (el.querySelector(CONTENT_MARK)) return true;
  return total > 0 && (el.textContent?.length ?? 0) > total * MAX_SHARE;
}

/** True for a paragraph that is only boilerplate: ad labels, "Read more:" links, credits, wire tails. */
export function isBoilerplateLine(line: string): boolean {
  if (line.length > MAX_LINE_CHARS) return false;
  return ANY_LINE_PATTERN.test(line) || isTimeStampLine(line);
}

/** "Updated at 1:23 p.m." is a stamp; "Updated 3:45 p.m.: Two people have died" is news. */
function isTimeStampLine(line: string): boolean {
  if (!STAMP_START.test(line) || !/\d/.test(line)) return false;
  return line.replace(STAMP_WORDS, '').replace(STAMP_REST, '') === '';
}
