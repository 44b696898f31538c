/**
 * Tree construction over htmlparser2's public Tokenizer. It applies the rules htmlparser2's own
 * Parser applies (lower-cased names, void elements, start tags that close open ones, end tags that
 * close up to their match, the `</p>` and `</br>` quirks, self-closing tags in svg and math) but keeps
 * its open elements on a plain array with push and pop, so every tag costs O(1) however deep the
 * nesting. It reports opens and closes to a sink, which builds whatever tree it likes.
 */
import { Tokenizer, type TokenizerCallbacks } from 'htmlparser2';

/** Receives the document as a balanced sequence of events; `close` ends the latest open element. */
export interface TreeSink {
  open(name: string, attribs: Record<string, string>): void;
  close(): void;
  text(data: string): void;
  comment(data: string): void;
}

const words = (s: string): Set<string> => new Set(s.split(' '));

/** Elements that never have content: their start tag is also their end. */
const VOID = words(
  'area base basefont br col command embed frame hr img input isindex keygen link meta param source track wbr',
);

/** Start tags that close a paragraph left open right above them. */
const AFTER_P = words(
  'p h1 h2 h3 h4 h5 h6 address article aside blockquote details div dl fieldset figcaption figure footer form header hr main nav ol pre section table ul',
);
/** Start tags that close an open form control right above them. */
const AFTER_FORM = words('select input output button datalist textarea');

/** For a start tag, the elements it closes while one of them is the innermost open element. */
const IMPLIED_CLOSE = new Map<string, Set<string>>([
  ...[...AFTER_P].map((tag): [string, Set<string>] => [tag, words('p')]),
  ...[...AFTER_FORM].map((tag): [string, Set<string>] => [
    tag,
    words('input option optgroup select button datalist textarea'),
  ]),
  ['tr', words('tr th td')],
  ['th', words('th')],
  ['td', words('thead th td')],
  ['body', words('head link script')],
  ['li', words('li')],
  ['option', words('option')],
  ['optgroup', words('optgroup option')],
  ['dd', words('dd dt')],
  ['dt', words('dd dt')],
  ['rt', words('rt rp')],
  ['rp', words('rt rp')],
  ['tbody', words('thead tbody')],
  ['tfoot', words('thead tbody')],
]);

/** Elements that start foreign content, where `<x/>` closes itself. */
const FOREIGN = words('svg math');
/** Elements inside foreign content whose own content is HTML again. */
const INTEGRATION = words('mi mo mn ms mtext annotation-xml foreignobject desc title');

/** Lower-cased tag and attribute names by their spelling in the source, each cache kept small. */
const TAG_NAMES = new Map<string, string>();
const ATTRIBUTE_NAMES = new Map<string, string>();
const MAX_NAMES = 2_000;
/**
 * Longer names are not cached: a malformed tag can make an attribute name of megabytes (`<div
 * class=""""…`), and the caches live as long as the process.
 */
const MAX_CACHED_NAME = 64;

/**
 * A name as written, lower-cased. Common names come from the cache, which saves the conversion and
 * lets thousands of open elements share a few strings instead of holding a copy each.
 */
function lower(raw: string, cache: Map<string, string>): string {
  let name = cache.get(raw);
  if (name === undefined) {
    name = raw.toLowerCase();
    if (cache.size < MAX_NAMES && raw.length <= MAX_CACHED_NAME) cache.set(raw, name);
  }
  return name;
}

/** Tokenizer events in, balanced tree events out. */
class TreeBuilder implements TokenizerCallbacks {
  /** Names of the open elements, innermost last. */
  private readonly names: string[] = [];
  /** How many elements of each name are open, so an end tag without a match costs no scan. */
  private readonly openCount = new Map<string, number>();
  /**
   * Whether self-closing syntax counts, innermost last: pushed by svg/math (yes) and integration
   * points (no), popped by any end tag of those names (so a self-closed `<svg/>` leaves it on, as
   * htmlparser2's Parser does).
   */
  private readonly foreign: boolean[] = [false];
  private tagName = '';
  private attribs: Record<string, string> = {};
  private attribName = '';
  private attribValue = '';

  constructor(
    private readonly html: string,
    private readonly sink: TreeSink,
  ) {}

  ontext(start: number, end: number): void {
    this.sink.text(this.html.slice(start, end));
  }

  ontextentity(codepoint: number): void {
    this.sink.text(String.fromCodePoint(codepoint));
  }

  onopentagname(start: number, end: number): void {
    this.startTag(lower(this.html.slice(start, end), TAG_NAMES));
  }

  onattribname(start: number, end: number): void {
    this.attribName = lower(this.html.slice(start, end), ATTRIBUTE_NAMES);
  }

  onattribdata(start: number, end: number): void {
    this.attribValue += this.html.slice(start, end);
  }

  onattribentity(codepoint: number): void {
    this.attribValue += String.fromCodePoint(codepoint);
  }

  onattribend(): void {
    // The first of repeated attributes wins.
    if (!Object.hasOwn(this.attribs, this.attribName)) this.attribs[this.attribName] = this.attribValue;
    this.attribValue = '';
  }

  onopentagend(): void {
    this.endStartTag();
  }

  onselfclosingtag(): void {
    const name = this.tagName;
    this.endStartTag();
    if (this.foreign[this.foreign.length - 1] && !VOID.has(name)) this.closeInnermost();
  }

  onclosetag(start: number, end: number): void {
    const name = lower(this.html.slice(start, end), TAG_NAMES);
    if (FOREIGN.has(name) || INTEGRATION.has(name)) this.foreign.pop();
    if (VOID.has(name)) {
      // `</br>` stands for a line break; other void end tags mean nothing.
      if (name === 'br') {
        this.sink.open('br', {});
        this.sink.close();
      }
    } else if (this.openCount.get(name)) {
      while (this.names[this.names.length - 1] !== name) this.closeInnermost();
      this.closeInnermost();
    } else if (name === 'p') {
      // A `</p>` with no open paragraph makes an empty one.
      this.startTag('p');
      this.endStartTag();
      this.closeInnermost();
    }
  }

  oncomment(start: number, end: number, endOffset: number): void {
    this.sink.comment(this.html.slice(start, end - endOffset));
  }

  oncdata(start: number, end: number, endOffset: number): void {
    // HTML has no CDATA sections outside foreign content; keep it as the comment it reads as.
    this.sink.comment(`[CDATA[${this.html.slice(start, end - endOffset)}]]`);
  }

  ondeclaration(): void {}

  onprocessinginstruction(): void {}

  onend(): void {}

  /** A start tag's name is known: close what it implies and open it (its attributes follow). */
  private startTag(name: string): void {
    const closes = IMPLIED_CLOSE.get(name);
    if (closes) {
      while (this.names.length > 0 && closes.has(this.names[this.names.length - 1] as string)) {
        this.closeInnermost();
      }
    }
    if (!VOID.has(name)) {
      this.names.push(name);
      this.openCount.set(name, (this.openCount.get(name) ?? 0) + 1);
      if (FOREIGN.has(name)) this.foreign.push(true);
      else if (INTEGRATION.has(name)) this.foreign.push(false);
    }
    this.tagName = name;
    this.attribs = {};
  }

  /** The start tag is complete: hand the element over; a void one closes at once. */
  private endStartTag(): void {
    this.sink.open(this.tagName, this.attribs);
    if (VOID.has(this.tagName)) this.sink.close();
  }

  private closeInnermost(): void {
    const name = this.names.pop() as string;
    this.openCount.set(name, (this.openCount.get(name) ?? 1) - 1);
    this.sink.close();
  }
}

/**
 * Tokenizes `html` (entities decoded in text and attributes) and reports its elements to `sink`.
 * Elements still open at the end get no `close`.
 */
export function buildTree(html: string, sink: TreeSink): void {
  const tokenizer = new Tokenizer({ decodeEntities: true }, new TreeBuilder(html, sink));
  tokenizer.write(html);
  tokenizer.end();
}
