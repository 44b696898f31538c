/**
 * Tree construction over htmlparser2's public Tokenizer, after the HTML standard's insertion modes
 * (WHATWG "tree construction"), so that text lands under the ancestors a browser or parse5 gives it:
 * implied html, head and body; only head content stays in an unclosed head; `</body>` and `</html>`
 * never end the document; misnested formatting elements go through the adoption agency (with its
 * bounded loops); tables imply tbody and tr and foster-parent stray content before the table; select,
 * template, list, definition and heading scoping; foreign content (svg, math) with its integration
 * points. noscript, iframe, noembed and noframes hold raw text, as with scripting enabled (parse5's
 * default). Tag names are lower-cased, svg's too.
 *
 * The stack of open elements sits on parallel arrays, and every scope test the standard phrases as a
 * walk down the stack is answered from per-name index stacks and per-kind boundary stacks, so each
 * tag costs O(1) however deep the nesting. Elements deeper than `maxDepth` are still created, but
 * their content goes to the deepest allowed element.
 */
import { DecodingMode, decodeHTML } from 'entities/decode';
import { Tokenizer, type TokenizerCallbacks } from 'htmlparser2';

/** Namespaces of elements. */
export const HTML_NS = 0;
export const SVG_NS = 1;
export const MATH_NS = 2;

/** Builds the tree the builder describes; the builder never reads it except through `parentOf`. */
export interface TreeSink<N> {
  /** The document node, parent of the html element and of comments outside it. */
  readonly document: N;
  createElement(name: string, attribs: Record<string, string>, ns: number): N;
  /** Appends `child`, moving it first when it hangs elsewhere. */
  appendChild(parent: N, child: N): void;
  /** Inserts `child` right before `ref`, a child of `parent`. */
  insertBefore(parent: N, child: N, ref: N): void;
  /** Adds text at the end of `parent` or before `ref`, joined to a text node right before it. */
  insertText(parent: N, data: string, ref: N | null): void;
  insertComment(parent: N, data: string, ref: N | null): void;
  parentOf(node: N): N | null;
  /** Moves every child of `from` to the end of `to`. */
  moveChildren(from: N, to: N): void;
  /** Adds the attributes `el` lacks (a second html or body tag). */
  addAttributes(el: N, attribs: Record<string, string>): void;
}

/** What the builder found: the html, head and body elements (body null for a frameset page). */
export interface Built<N> {
  html: N;
  head: N;
  body: N | null;
}

const words = (s: string): Set<string> => new Set(s.split(' '));

const VOID = words(
  'area base basefont bgsound br col embed frame hr image img input keygen link meta param source track wbr',
);
const FORMATTING = words('a b big code em font i nobr s small strike strong tt u');
/** Start tags that break out of foreign content back into HTML. */
const BREAKOUT = words(
  'b big blockquote body br center code dd div dl dt em embed h1 h2 h3 h4 h5 h6 head hr i img li listing menu meta nobr ol p pre ruby s small span strong strike sub sup table tt u ul var',
);
const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'];
/** Start tags in body that close a paragraph in button scope first. */
const CLOSES_P = words(
  'address article aside blockquote center details dialog dir div dl fieldset figcaption figure footer header hgroup main menu nav ol p search section summary ul',
);
/** End tags in body that close up to their match when it is in scope. */
const BLOCK_END = words(
  'address article aside blockquote button center details dialog dir div dl fieldset figcaption figure footer header hgroup listing main menu nav ol pre search section summary ul',
);
const HEAD_CONTENT = words('base basefont bgsound link meta noframes script style template title');
const TABLE_SECTIONS = words('tbody tfoot thead');
const TABLE_PARTS = words('caption col colgroup tbody td tfoot th thead tr');
const FOSTER_TARGETS = words('table tbody tfoot thead tr');
/** Elements whose content is raw text the tokenizer does not know about. */
const RAW = words('noscript iframe noembed noframes');
/** Elements the tokenizer reads as text up to their end tag. */
const TEXT_ELEMENTS = words('script style title textarea xmp');
/** The tokenizer's text elements whose character references it leaves as written. */
const VERBATIM = words('script style textarea xmp');

/** Text with its character references decoded as in text content (a few without `;` too). */
function decodeText(data: string): string {
  return data.includes('&') ? decodeHTML(data, DecodingMode.Legacy) : data;
}

/** An attribute value with its references decoded (`&copy=` in a query string stays as it is). */
function decodeAttribute(value: string): string {
  return value.includes('&') ? decodeHTML(value, DecodingMode.Attribute) : value;
}

// What the in-body rules ask of a tag name, as bits of one lookup.
const T_HEAD = 1;
const T_CLOSES_P = 2;
const T_FORMATTING = 4;
const T_START_CASE = 8;
const T_VOID = 16;
const T_BLOCK_END = 32;
const T_END_CASE = 64;
const TAGS = new Map<string, number>();
function flag(names: Iterable<string>, f: number): void {
  for (const n of names) TAGS.set(n, (TAGS.get(n) ?? 0) | f);
}

// Element kinds, as bits; each has a stack of the indexes of open elements of that kind.
const SPECIAL = 0;
const SCOPE = 1;
const LIST_SCOPE = 2;
const BUTTON_SCOPE = 3;
const TABLE_SCOPE = 4;
/** Special elements other than address, div and p: where the search for an open li or dd stops. */
const ITEM_STOP = 5;
/** Elements the "reset the insertion mode" walk looks at. */
const RESET = 6;
/** Elements that "generate implied end tags" pops. */
const IMPLIED = 7;
const KINDS = 8;
/** Not a kind with a stack: a MathML annotation-xml that holds HTML. */
const HTML_ANNOTATION = 1 << 8;
/** Not a kind with a stack: an HTML element the tokenizer reads as text (script, style, title…). */
const TEXT_ELEMENT = 1 << 9;
const STACK_KINDS = (1 << KINDS) - 1;

const bit = (k: number): number => 1 << k;
const HTML_KINDS = new Map<string, number>();
function kind(names: string, k: number): void {
  for (const n of names.split(' ')) HTML_KINDS.set(n, (HTML_KINDS.get(n) ?? 0) | bit(k));
}
kind(
  'address applet area article aside base basefont bgsound blockquote body br button caption center col colgroup dd details dir div dl dt embed fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html iframe img input keygen li link listing main marquee menu meta nav noembed noframes noscript object ol p param plaintext pre script search section select source style summary table tbody td template textarea tfoot th thead title tr track ul wbr xmp',
  SPECIAL,
);
for (const k of [SCOPE, LIST_SCOPE, BUTTON_SCOPE])
  kind('applet caption html table td th marquee object template', k);
kind('ol ul', LIST_SCOPE);
kind('button', BUTTON_SCOPE);
kind('html table template', TABLE_SCOPE);
for (const [n, f] of HTML_KINDS) {
  if (f & bit(SPECIAL) && n !== 'address' && n !== 'div' && n !== 'p') HTML_KINDS.set(n, f | bit(ITEM_STOP));
}
kind('select td th tr tbody thead tfoot caption colgroup table template head body frameset html', RESET);
kind('dd dt li optgroup option p rb rp rt rtc', IMPLIED);
/** Foreign elements that are special and bound every scope: the integration points. */
const FOREIGN_BOUND = bit(SPECIAL) | bit(SCOPE) | bit(LIST_SCOPE) | bit(BUTTON_SCOPE) | bit(ITEM_STOP);
const MATH_TEXT_POINTS = words('mi mo mn ms mtext');
const SVG_HTML_POINTS = words('foreignobject desc title');

function kindsOf(name: string, ns: number): number {
  if (ns === HTML_NS) return HTML_KINDS.get(name) ?? 0;
  if (ns === MATH_NS) return MATH_TEXT_POINTS.has(name) || name === 'annotation-xml' ? FOREIGN_BOUND : 0;
  return SVG_HTML_POINTS.has(name) ? FOREIGN_BOUND : 0;
}

// Insertion modes.
const INITIAL = 0;
const BEFORE_HTML = 1;
const BEFORE_HEAD = 2;
const IN_HEAD = 3;
const AFTER_HEAD = 4;
const IN_BODY = 5;
const IN_TABLE = 6;
const IN_CAPTION = 7;
const IN_COLUMN_GROUP = 8;
const IN_TABLE_BODY = 9;
const IN_ROW = 10;
const IN_CELL = 11;
const IN_SELECT = 12;
const IN_SELECT_IN_TABLE = 13;
const IN_TEMPLATE = 14;
const AFTER_BODY = 15;
const AFTER_AFTER_BODY = 16;
const IN_FRAMESET = 17;

/** Lower-cased tag and attribute names by their spelling in the source, each cache kept small. */
const TAG_NAMES = new Map<string, string>();
const ATTRIBUTE_NAMES = new Map<string, string>();
const MAX_NAMES = 2_000;
/**
 * Longer names are not cached: a malformed tag can make an attribute name of megabytes (`<div
 * class=""""…`), and the caches live as long as the process.
 */
const MAX_CACHED_NAME = 64;

function lower(raw: string, cache: Map<string, string>): string {
  let name = cache.get(raw);
  if (name === undefined) {
    name = raw.toLowerCase();
    if (cache.size < MAX_NAMES && raw.length <= MAX_CACHED_NAME) cache.set(raw, name);
  }
  return name;
}

/** An entry of the list of active formatting elements. */
interface Formatting<N> {
  name: string;
  attribs: Record<string, string>;
  node: N;
  /** Whether the element is on the stack of open elements. */
  open: boolean;
  /** Whether the entry is still in the list. */
  listed: boolean;
}

/** An element taken off the stack for the adoption agency to rearrange. */
interface Open<N> {
  name: string;
  ns: number;
  node: N;
  formatting: Formatting<N> | null;
}

/** The list of formatting elements stays this short, so that reconstructing it stays cheap. */
const MAX_FORMATTING = 64;
/** The adoption agency rearranges at most this many open elements, else the end tag just closes. */
const MAX_ADOPTION_SPAN = 256;
const WS_ONLY = /^[ \t\n\f\r]*$/;
const LEADING_WS = /^[ \t\n\f\r]*/;
const QUIRKY_PUBLIC =
  /^-\/\/(w3c\/\/dtd html (3|4\.0 (transitional|frameset))|ietf\/\/dtd html|w3o\/\/dtd w3 html|netscape comm\. corp\.\/\/dtd html|microsoft\/\/dtd internet explorer|softquad|metrius|spyglass|o'reilly)/i;

class TreeBuilder<N> implements TokenizerCallbacks {
  // The stack of open elements, on parallel arrays.
  private readonly names: string[] = [];
  private readonly nss: number[] = [];
  private readonly nodes: N[] = [];
  private readonly kinds: number[] = [];
  private readonly entries: (Formatting<N> | null)[] = [];
  /** Stack indexes of open elements by name (foreign ones as `ns:name`). */
  private readonly index = new Map<string, number[]>();
  /** Stack indexes of open elements of each kind. */
  private readonly marks: number[][] = Array.from({ length: KINDS }, () => []);
  /** Active formatting elements; null is a marker. */
  private formatting: (Formatting<N> | null)[] = [];
  private readonly templateModes: number[] = [];

  private mode = INITIAL;
  private quirks = false;
  private framesetOk = true;
  private foster = false;
  private html: N | null = null;
  private head: N | null = null;
  private body: N | null = null;
  private form: N | null = null;
  /** Characters met in table text mode, and whether any is not whitespace. */
  private tableText = '';

  // Tokenizer state.
  private text = '';
  private tagName = '';
  private attribs: Record<string, string> = {};
  private attribName = '';
  private attribValue = '';
  /** While inside a raw text element the tokenizer does not know: its name and where its text starts. */
  private raw = '';
  private rawStart = 0;
  /** Inside script, style, textarea or xmp as the tokenizer reads them: text whose references stay as written. */
  private verbatim = false;

  constructor(
    private readonly source: string,
    private readonly sink: TreeSink<N>,
    private readonly maxDepth: number,
  ) {}

  result(): Built<N> {
    this.flush();
    if (this.raw) {
      this.insertText(this.source.slice(this.rawStart));
      this.raw = '';
    }
    if (this.tableText) this.endTableText();
    // The end of the file implies what is missing.
    if (this.mode === IN_HEAD && this.head) {
      const at = this.indexOfNode('head', this.head);
      if (at > 0) this.popTo(at + 1);
    }
    while (this.mode <= AFTER_HEAD) this.anythingElseBeforeBody();
    return { html: this.html as N, head: this.head as N, body: this.body };
  }

  // ---- Tokenizer callbacks ----

  ontext(start: number, end: number): void {
    if (this.raw) return;
    const data = this.source.slice(start, end);
    this.text += this.verbatim ? data : decodeText(data);
  }

  ontextentity(codepoint: number): void {
    if (!this.raw) this.text += String.fromCodePoint(codepoint);
  }

  onopentagname(start: number, end: number): void {
    this.tagName = lower(this.source.slice(start, end), TAG_NAMES);
    this.attribs = {};
  }

  onattribname(start: number, end: number): void {
    this.attribName = lower(this.source.slice(start, end), ATTRIBUTE_NAMES);
  }

  onattribdata(start: number, end: number): void {
    this.attribValue += this.source.slice(start, end);
  }

  onattribentity(codepoint: number): void {
    this.attribValue += String.fromCodePoint(codepoint);
  }

  onattribend(): void {
    // The first of repeated attributes wins.
    if (!Object.hasOwn(this.attribs, this.attribName))
      this.attribs[this.attribName] = decodeAttribute(this.attribValue);
    this.attribValue = '';
  }

  onopentagend(endIndex: number): void {
    // The tokenizer reads these as text up to their end tag (title's with its references decoded).
    this.verbatim = VERBATIM.has(this.tagName);
    this.tag(endIndex, false);
  }

  onselfclosingtag(endIndex: number): void {
    this.tag(endIndex, true);
  }

  onclosetag(start: number, end: number): void {
    this.verbatim = false;
    const name = lower(this.source.slice(start, end), TAG_NAMES);
    if (this.raw) {
      if (name !== this.raw) return;
      this.insertText(this.source.slice(this.rawStart, Math.max(this.rawStart, start - 2)));
      this.raw = '';
      this.pop();
      return;
    }
    this.flush();
    this.endTag(name);
  }

  oncomment(start: number, end: number, endOffset: number): void {
    if (this.raw) return;
    this.flush();
    this.comment(this.source.slice(start, end - endOffset));
  }

  oncdata(start: number, end: number, endOffset: number): void {
    if (this.raw) return;
    const data = this.source.slice(start, end - endOffset);
    // CDATA is text in foreign content and a bogus comment elsewhere.
    if (this.inForeign()) this.text += data;
    else {
      this.flush();
      this.comment(`[CDATA[${data}]]`);
    }
  }

  ondeclaration(start: number, end: number): void {
    if (this.raw) return;
    this.flush();
    if (this.mode !== INITIAL) return;
    const decl = this.source.slice(start, end);
    const m = /^doctype\s+([^\s>]+)(?:\s+public\s*["']([^"']*)["']\s*(["'])?)?/i.exec(decl);
    this.quirks =
      !m ||
      (m[1] as string).toLowerCase() !== 'html' ||
      (m[2] !== undefined &&
        (QUIRKY_PUBLIC.test(m[2]) ||
          (/^-\/\/w3c\/\/dtd html 4\.01 (transitional|frameset)/i.test(m[2]) && !m[3])));
    this.mode = BEFORE_HTML;
  }

  onprocessinginstruction(): void {}

  onend(): void {}

  // ---- Token dispatch ----

  private tag(endIndex: number, selfClosing: boolean): void {
    if (this.raw) return;
    this.flush();
    const name = this.tagName;
    this.startTag(name, this.attribs, selfClosing);
    // The tokenizer takes `<script/>` (and style, title, textarea, xmp) as closed; HTML does not.
    if ((RAW.has(name) || (selfClosing && TEXT_ELEMENTS.has(name))) && this.currentIs(name)) {
      this.raw = name;
      this.rawStart = endIndex + 1;
    }
  }

  private flush(): void {
    if (!this.text) return;
    const data = this.text;
    this.text = '';
    this.characters(data);
  }

  private inForeign(): boolean {
    const i = this.top();
    return i >= 0 && this.nss[i] !== HTML_NS;
  }

  /**
   * Whether the current node asks for the foreign content rules for this token: `startName` is a
   * start tag's name, '' for characters, null for an end tag.
   */
  private foreignFor(startName: string | null): boolean {
    const i = this.top();
    if (i < 0 || this.nss[i] === HTML_NS) return false;
    if (startName === null) return true;
    const name = this.names[i] as string;
    if (this.nss[i] === MATH_NS) {
      if (MATH_TEXT_POINTS.has(name)) return startName === 'mglyph' || startName === 'malignmark';
      if (name === 'annotation-xml' && (startName === 'svg' || (this.kinds[i] as number) & HTML_ANNOTATION))
        return false;
      return true;
    }
    return !SVG_HTML_POINTS.has(name);
  }

  private characters(data: string): void {
    const i = this.top();
    if (i >= 0 && (this.kinds[i] as number) & TEXT_ELEMENT && this.nss[i] === HTML_NS) {
      // The text of script, style, title, textarea or xmp.
      this.insertText(data);
      return;
    }
    // `startName` '' stands for character tokens in the integration point test.
    if (this.foreignFor('')) {
      this.insertText(data);
      if (!WS_ONLY.test(data)) this.framesetOk = false;
      return;
    }
    this.charactersIn(this.mode, data);
  }

  private charactersIn(mode: number, data: string): void {
    switch (mode) {
      case INITIAL:
      case BEFORE_HTML:
      case BEFORE_HEAD:
      case IN_HEAD:
      case AFTER_HEAD: {
        const ws = (LEADING_WS.exec(data) as RegExpExecArray)[0];
        if (ws && (mode === IN_HEAD || mode === AFTER_HEAD)) this.insertText(ws);
        if (ws.length === data.length) return;
        this.anythingElseBeforeBody();
        this.charactersIn(this.mode, data.slice(ws.length));
        return;
      }
      case IN_TABLE:
      case IN_TABLE_BODY:
      case IN_ROW: {
        const n = this.names[this.top()] as string;
        if (this.nss[this.top()] === HTML_NS && (FOSTER_TARGETS.has(n) || n === 'template')) {
          this.tableText += data;
          return;
        }
        this.foster = true;
        this.bodyCharacters(data);
        this.foster = false;
        return;
      }
      case IN_COLUMN_GROUP: {
        const ws = (LEADING_WS.exec(data) as RegExpExecArray)[0];
        if (ws) this.insertText(ws);
        if (ws.length === data.length) return;
        if (this.currentIs('colgroup')) {
          this.pop();
          this.mode = IN_TABLE;
          this.charactersIn(IN_TABLE, data.slice(ws.length));
        }
        return;
      }
      case IN_SELECT:
      case IN_SELECT_IN_TABLE:
        this.insertText(data);
        return;
      case AFTER_BODY:
      case AFTER_AFTER_BODY:
        if (!WS_ONLY.test(data)) this.mode = IN_BODY;
        this.bodyCharacters(data);
        return;
      case IN_FRAMESET: {
        const ws = data.replace(/[^ \t\n\f\r]+/g, '');
        if (ws) this.insertText(ws);
        return;
      }
      default:
        this.bodyCharacters(data);
    }
  }

  private bodyCharacters(data: string): void {
    this.reconstructFormatting();
    this.insertText(data);
    if (this.framesetOk && !WS_ONLY.test(data)) this.framesetOk = false;
  }

  /** Leaves table text mode: the characters go in, foster-parented when any is not whitespace. */
  private endTableText(): void {
    const data = this.tableText;
    this.tableText = '';
    if (WS_ONLY.test(data)) this.insertText(data);
    else {
      this.foster = true;
      this.bodyCharacters(data);
      this.foster = false;
    }
  }

  private comment(data: string): void {
    if (this.tableText) this.endTableText();
    if (this.mode === INITIAL || this.mode === BEFORE_HTML || this.mode === AFTER_AFTER_BODY) {
      this.sink.insertComment(this.sink.document, data, null);
    } else if (this.mode === AFTER_BODY) {
      this.sink.insertComment(this.html as N, data, null);
    } else {
      this.place();
      this.sink.insertComment(this.placeParent as N, data, this.placeRef);
    }
  }

  private startTag(name: string, attribs: Record<string, string>, selfClosing: boolean): void {
    if (this.tableText) this.endTableText();
    if (this.foreignFor(name)) {
      this.foreignStart(name, attribs, selfClosing);
      return;
    }
    this.startIn(this.mode, name, attribs, selfClosing);
  }

  private endTag(name: string): void {
    if (this.tableText) this.endTableText();
    // The end of an element the tokenizer read as text (script, style, title, textarea, xmp).
    if (TEXT_ELEMENTS.has(name) && this.currentIs(name)) {
      this.pop();
      return;
    }
    if (this.foreignFor(null)) {
      this.foreignEnd(name);
      return;
    }
    this.endIn(this.mode, name);
  }

  // ---- Foreign content ----

  private foreignStart(name: string, attribs: Record<string, string>, selfClosing: boolean): void {
    if (
      BREAKOUT.has(name) ||
      (name === 'font' && ('color' in attribs || 'face' in attribs || 'size' in attribs))
    ) {
      while (this.inForeign() && this.foreignFor(name)) this.pop();
      this.startIn(this.mode, name, attribs, selfClosing);
      return;
    }
    const ns = this.nss[this.top()] as number;
    this.insertElement(name, attribs, ns);
    if (ns === MATH_NS && name === 'annotation-xml') {
      const enc = (attribs.encoding ?? '').toLowerCase();
      const i = this.top();
      if (enc === 'text/html' || enc === 'application/xhtml+xml')
        this.kinds[i] = (this.kinds[i] as number) | HTML_ANNOTATION;
    }
    if (selfClosing) this.pop();
  }

  private foreignEnd(name: string): void {
    // Walk down from the current node, a bounded number of steps, to an element of that name.
    for (let i = this.top(), steps = 0; i > 0 && steps < 64; i--, steps++) {
      if (this.nss[i] === HTML_NS) {
        this.endIn(this.mode, name);
        return;
      }
      if (this.names[i] === name) {
        this.popTo(i);
        return;
      }
    }
  }

  // ---- Modes before body ----

  /** The "anything else" step of the modes before body: it makes what is implied and moves on. */
  private anythingElseBeforeBody(): void {
    switch (this.mode) {
      case INITIAL:
        this.quirks = true;
        this.mode = BEFORE_HTML;
        break;
      case BEFORE_HTML:
        this.insertHtml({});
        break;
      case BEFORE_HEAD:
        this.insertHead({});
        break;
      case IN_HEAD:
        this.pop();
        this.mode = AFTER_HEAD;
        break;
      case AFTER_HEAD:
        this.insertBody({});
        this.framesetOk = true;
        break;
    }
  }

  private insertHtml(attribs: Record<string, string>): void {
    const html = this.sink.createElement('html', attribs, HTML_NS);
    this.sink.appendChild(this.sink.document, html);
    this.push('html', HTML_NS, html, null);
    this.html = html;
    this.mode = BEFORE_HEAD;
  }

  private insertHead(attribs: Record<string, string>): void {
    this.head = this.insertElement('head', attribs, HTML_NS);
    this.mode = IN_HEAD;
  }

  private insertBody(attribs: Record<string, string>): void {
    this.body = this.insertElement('body', attribs, HTML_NS);
    this.mode = IN_BODY;
  }

  private startIn(mode: number, name: string, attribs: Record<string, string>, selfClosing: boolean): void {
    switch (mode) {
      case INITIAL:
      case BEFORE_HTML:
        if (mode === BEFORE_HTML && name === 'html') {
          this.insertHtml(attribs);
          return;
        }
        this.anythingElseBeforeBody();
        this.startIn(this.mode, name, attribs, selfClosing);
        return;
      case BEFORE_HEAD:
        if (name === 'html') this.startIn(IN_BODY, name, attribs, selfClosing);
        else if (name === 'head') this.insertHead(attribs);
        else {
          this.insertHead({});
          this.startIn(IN_HEAD, name, attribs, selfClosing);
        }
        return;
      case IN_HEAD:
        this.headStart(name, attribs, selfClosing);
        return;
      case AFTER_HEAD:
        if (name === 'html') this.startIn(IN_BODY, name, attribs, selfClosing);
        else if (name === 'body') {
          this.insertBody(attribs);
          this.framesetOk = false;
        } else if (name === 'frameset') {
          this.insertElement(name, attribs, HTML_NS);
          this.mode = IN_FRAMESET;
        } else if (HEAD_CONTENT.has(name)) {
          // Head content after the head goes back into it.
          this.push('head', HTML_NS, this.head as N, null);
          const at = this.top();
          this.headStart(name, attribs, selfClosing);
          this.removeAt(at);
        } else if (name !== 'head') {
          this.insertBody({});
          this.framesetOk = true;
          this.startIn(IN_BODY, name, attribs, selfClosing);
        }
        return;
      case IN_BODY:
        this.bodyStart(name, attribs, selfClosing);
        return;
      case IN_TABLE:
        this.tableStart(name, attribs, selfClosing);
        return;
      case IN_CAPTION:
        if (TABLE_PARTS.has(name)) {
          if (this.closeCaption()) this.startIn(this.mode, name, attribs, selfClosing);
        } else this.bodyStart(name, attribs, selfClosing);
        return;
      case IN_COLUMN_GROUP:
        if (name === 'html') this.bodyStart(name, attribs, selfClosing);
        else if (name === 'col') this.insertVoid(name, attribs);
        else if (name === 'template') this.headStart(name, attribs, selfClosing);
        else if (this.currentIs('colgroup')) {
          this.pop();
          this.mode = IN_TABLE;
          this.startIn(IN_TABLE, name, attribs, selfClosing);
        }
        return;
      case IN_TABLE_BODY:
        if (name === 'tr') {
          this.clearTo(TABLE_SECTIONS);
          this.insertElement(name, attribs, HTML_NS);
          this.mode = IN_ROW;
        } else if (name === 'th' || name === 'td') {
          this.clearTo(TABLE_SECTIONS);
          this.insertElement('tr', {}, HTML_NS);
          this.mode = IN_ROW;
          this.startIn(IN_ROW, name, attribs, selfClosing);
        } else if (name === 'caption' || name === 'col' || name === 'colgroup' || TABLE_SECTIONS.has(name)) {
          if (
            this.inScope('tbody', TABLE_SCOPE) ||
            this.inScope('thead', TABLE_SCOPE) ||
            this.inScope('tfoot', TABLE_SCOPE)
          ) {
            this.clearTo(TABLE_SECTIONS);
            this.pop();
            this.mode = IN_TABLE;
            this.startIn(IN_TABLE, name, attribs, selfClosing);
          }
        } else this.tableStart(name, attribs, selfClosing);
        return;
      case IN_ROW:
        if (name === 'th' || name === 'td') {
          this.clearTo(ROW_CONTEXT);
          this.insertElement(name, attribs, HTML_NS);
          this.mode = IN_CELL;
          this.formatting.push(null);
        } else if (
          name === 'caption' ||
          name === 'col' ||
          name === 'colgroup' ||
          name === 'tr' ||
          TABLE_SECTIONS.has(name)
        ) {
          if (this.closeRow()) this.startIn(this.mode, name, attribs, selfClosing);
        } else this.tableStart(name, attribs, selfClosing);
        return;
      case IN_CELL:
        if (TABLE_PARTS.has(name)) {
          if (this.inScope('td', TABLE_SCOPE) || this.inScope('th', TABLE_SCOPE)) {
            this.closeCell();
            this.startIn(this.mode, name, attribs, selfClosing);
          }
        } else this.bodyStart(name, attribs, selfClosing);
        return;
      case IN_SELECT:
      case IN_SELECT_IN_TABLE:
        this.selectStart(mode, name, attribs, selfClosing);
        return;
      case IN_TEMPLATE:
        this.templateStart(name, attribs, selfClosing);
        return;
      case AFTER_BODY:
      case AFTER_AFTER_BODY:
        if (name !== 'html') this.mode = IN_BODY;
        this.bodyStart(name, attribs, selfClosing);
        return;
      case IN_FRAMESET:
        if (name === 'frameset') this.insertElement(name, attribs, HTML_NS);
        else if (name === 'frame') this.insertVoid(name, attribs);
        else if (name === 'noframes') this.headStart(name, attribs, selfClosing);
        return;
    }
  }

  private endIn(mode: number, name: string): void {
    switch (mode) {
      case INITIAL:
      case BEFORE_HTML:
      case BEFORE_HEAD:
        if (name === 'head' || name === 'body' || name === 'html' || name === 'br') {
          this.anythingElseBeforeBody();
          this.endIn(this.mode, name);
        }
        return;
      case IN_HEAD:
        if (name === 'head') {
          this.pop();
          this.mode = AFTER_HEAD;
        } else if (name === 'template') this.endTemplate();
        else if (name === 'body' || name === 'html' || name === 'br') {
          this.anythingElseBeforeBody();
          this.endIn(this.mode, name);
        }
        return;
      case AFTER_HEAD:
        if (name === 'template') this.endTemplate();
        else if (name === 'body' || name === 'html' || name === 'br') {
          this.anythingElseBeforeBody();
          this.endIn(this.mode, name);
        }
        return;
      case IN_BODY:
        this.bodyEnd(name);
        return;
      case IN_TABLE:
        this.tableEnd(name);
        return;
      case IN_CAPTION:
        if (name === 'caption') this.closeCaption();
        else if (name === 'table') {
          if (this.closeCaption()) this.endIn(this.mode, name);
        } else if (!TABLE_PARTS.has(name) && name !== 'body' && name !== 'html') this.bodyEnd(name);
        return;
      case IN_COLUMN_GROUP:
        if (name === 'colgroup') {
          if (this.currentIs('colgroup')) {
            this.pop();
            this.mode = IN_TABLE;
          }
        } else if (name === 'template') this.endTemplate();
        else if (name !== 'col' && this.currentIs('colgroup')) {
          this.pop();
          this.mode = IN_TABLE;
          this.endIn(IN_TABLE, name);
        }
        return;
      case IN_TABLE_BODY:
        if (TABLE_SECTIONS.has(name)) {
          if (this.inScope(name, TABLE_SCOPE)) {
            this.clearTo(TABLE_SECTIONS);
            this.pop();
            this.mode = IN_TABLE;
          }
        } else if (name === 'table') {
          if (
            this.inScope('tbody', TABLE_SCOPE) ||
            this.inScope('thead', TABLE_SCOPE) ||
            this.inScope('tfoot', TABLE_SCOPE)
          ) {
            this.clearTo(TABLE_SECTIONS);
            this.pop();
            this.mode = IN_TABLE;
            this.endIn(IN_TABLE, name);
          }
        } else if (!TABLE_PARTS.has(name) && name !== 'body' && name !== 'html') this.tableEnd(name);
        return;
      case IN_ROW:
        if (name === 'tr') this.closeRow();
        else if (name === 'table') {
          if (this.closeRow()) this.endIn(this.mode, name);
        } else if (TABLE_SECTIONS.has(name)) {
          if (this.inScope(name, TABLE_SCOPE) && this.closeRow()) this.endIn(this.mode, name);
        } else if (!TABLE_PARTS.has(name) && name !== 'body' && name !== 'html') this.tableEnd(name);
        return;
      case IN_CELL:
        if (name === 'td' || name === 'th') {
          if (this.inScope(name, TABLE_SCOPE)) {
            this.generateImplied('');
            this.popToName(name);
            this.clearFormattingToMarker();
            this.mode = IN_ROW;
          }
        } else if (name === 'table' || name === 'tr' || TABLE_SECTIONS.has(name)) {
          if (this.inScope(name, TABLE_SCOPE)) {
            this.closeCell();
            this.endIn(this.mode, name);
          }
        } else if (
          name !== 'body' &&
          name !== 'caption' &&
          name !== 'col' &&
          name !== 'colgroup' &&
          name !== 'html'
        ) {
          this.bodyEnd(name);
        }
        return;
      case IN_SELECT:
      case IN_SELECT_IN_TABLE:
        this.selectEnd(mode, name);
        return;
      case IN_TEMPLATE:
        if (name === 'template') this.endTemplate();
        return;
      case AFTER_BODY:
        if (name === 'html') this.mode = AFTER_AFTER_BODY;
        else {
          this.mode = IN_BODY;
          this.bodyEnd(name);
        }
        return;
      case AFTER_AFTER_BODY:
        this.mode = IN_BODY;
        this.bodyEnd(name);
        return;
      case IN_FRAMESET:
        if (name === 'frameset' && this.top() > 0) this.pop();
        return;
    }
  }

  // ---- In head ----

  private headStart(name: string, attribs: Record<string, string>, selfClosing: boolean): void {
    switch (name) {
      case 'html':
        this.bodyStart(name, attribs, selfClosing);
        return;
      case 'base':
      case 'basefont':
      case 'bgsound':
      case 'link':
      case 'meta':
        this.insertVoid(name, attribs);
        return;
      case 'title':
      case 'style':
      case 'script':
      case 'noscript':
      case 'noframes':
        // The tokenizer reads title, style and script as text; tag() does noscript and noframes.
        this.insertElement(name, attribs, HTML_NS);
        return;
      case 'template':
        this.insertElement(name, attribs, HTML_NS);
        this.formatting.push(null);
        this.framesetOk = false;
        this.mode = IN_TEMPLATE;
        this.templateModes.push(IN_TEMPLATE);
        return;
      case 'head':
        return;
      default:
        if (this.mode !== IN_HEAD) {
          this.bodyStart(name, attribs, selfClosing);
          return;
        }
        this.pop();
        this.mode = AFTER_HEAD;
        this.startIn(AFTER_HEAD, name, attribs, selfClosing);
    }
  }

  private endTemplate(): void {
    if (!this.has('template')) return;
    this.generateImplied('', true);
    this.popToName('template');
    this.clearFormattingToMarker();
    this.templateModes.pop();
    this.resetMode();
  }

  // ---- In body ----

  private bodyStart(name: string, attribs: Record<string, string>, selfClosing: boolean): void {
    const f = TAGS.get(name) ?? 0;
    if (f & T_HEAD) {
      if (
        name === 'noframes' ||
        name === 'style' ||
        name === 'script' ||
        name === 'title' ||
        name === 'template'
      ) {
        this.insertElement(name, attribs, HTML_NS);
        if (name === 'template') {
          this.formatting.push(null);
          this.framesetOk = false;
          this.mode = IN_TEMPLATE;
          this.templateModes.push(IN_TEMPLATE);
        }
      } else this.insertVoid(name, attribs);
      return;
    }
    if (f & T_CLOSES_P) {
      this.closePInButtonScope();
      this.insertElement(name, attribs, HTML_NS);
      return;
    }
    if (f & T_FORMATTING) {
      if (name === 'a') {
        const entry = this.formattingAfterMarker('a');
        if (entry) {
          this.adoption('a');
          this.dropFormatting(entry);
          if (entry.open) this.removeNode(entry.node);
        }
      } else if (name === 'nobr') {
        this.reconstructFormatting();
        if (this.inScope('nobr', SCOPE)) {
          this.adoption('nobr');
        }
      }
      this.reconstructFormatting();
      this.pushFormatting(name, attribs, this.insertElement(name, attribs, HTML_NS));
      return;
    }
    if (!(f & T_START_CASE)) {
      this.reconstructFormatting();
      if (f & T_VOID) this.insertVoid(name, attribs);
      else this.insertElement(name, attribs, HTML_NS);
      return;
    }
    switch (name) {
      case 'html':
        if (!this.has('template') && this.html) this.sink.addAttributes(this.html, attribs);
        return;
      case 'body':
        if (this.top() >= 1 && this.names[1] === 'body' && !this.has('template')) {
          this.framesetOk = false;
          this.sink.addAttributes(this.nodes[1] as N, attribs);
        }
        return;
      case 'frameset':
      case 'caption':
      case 'col':
      case 'colgroup':
      case 'frame':
      case 'head':
      case 'tbody':
      case 'td':
      case 'tfoot':
      case 'th':
      case 'thead':
      case 'tr':
        return;
      case 'h1':
      case 'h2':
      case 'h3':
      case 'h4':
      case 'h5':
      case 'h6': {
        this.closePInButtonScope();
        const cur = this.names[this.top()] as string;
        if (this.nss[this.top()] === HTML_NS && HEADINGS.includes(cur)) this.pop();
        this.insertElement(name, attribs, HTML_NS);
        return;
      }
      case 'pre':
      case 'listing':
        this.closePInButtonScope();
        this.insertElement(name, attribs, HTML_NS);
        this.framesetOk = false;
        return;
      case 'form':
        if (this.form && !this.has('template')) return;
        this.closePInButtonScope();
        {
          const form = this.insertElement(name, attribs, HTML_NS);
          if (!this.has('template')) this.form = form;
        }
        return;
      case 'li':
      case 'dd':
      case 'dt': {
        this.framesetOk = false;
        // The nearest open item of the same kind, unless a special element other than address, div
        // and p stands between.
        const stop = last(this.marks[ITEM_STOP] as number[]);
        const at = name === 'li' ? this.topIndex('li') : Math.max(this.topIndex('dd'), this.topIndex('dt'));
        if (at >= 0 && at >= stop) {
          const match = this.names[at] as string;
          this.generateImplied(match);
          this.popToName(match);
        }
        this.closePInButtonScope();
        this.insertElement(name, attribs, HTML_NS);
        return;
      }
      case 'plaintext':
        this.closePInButtonScope();
        this.insertElement(name, attribs, HTML_NS);
        return;
      case 'button':
        if (this.inScope('button', SCOPE)) {
          this.generateImplied('');
          this.popToName('button');
        }
        this.reconstructFormatting();
        this.insertElement(name, attribs, HTML_NS);
        this.framesetOk = false;
        return;
      case 'applet':
      case 'marquee':
      case 'object':
        this.reconstructFormatting();
        this.insertElement(name, attribs, HTML_NS);
        this.formatting.push(null);
        this.framesetOk = false;
        return;
      case 'table':
        if (!this.quirks) this.closePInButtonScope();
        this.insertElement(name, attribs, HTML_NS);
        this.framesetOk = false;
        this.mode = IN_TABLE;
        return;
      case 'area':
      case 'br':
      case 'embed':
      case 'img':
      case 'image':
      case 'keygen':
      case 'wbr':
      case 'input':
        this.reconstructFormatting();
        this.insertVoid(name === 'image' ? 'img' : name, attribs);
        if (name !== 'input' || (attribs.type ?? '').toLowerCase() !== 'hidden') this.framesetOk = false;
        return;
      case 'param':
      case 'source':
      case 'track':
        this.insertVoid(name, attribs);
        return;
      case 'hr':
        this.closePInButtonScope();
        this.insertVoid(name, attribs);
        this.framesetOk = false;
        return;
      case 'textarea':
        this.insertElement(name, attribs, HTML_NS);
        this.framesetOk = false;
        return;
      case 'xmp':
        this.closePInButtonScope();
        this.reconstructFormatting();
        this.framesetOk = false;
        this.insertElement(name, attribs, HTML_NS);
        return;
      case 'iframe':
      case 'noembed':
      case 'noscript':
        if (name === 'iframe') this.framesetOk = false;
        this.insertElement(name, attribs, HTML_NS);
        return;
      case 'select':
        this.reconstructFormatting();
        this.insertElement(name, attribs, HTML_NS);
        this.framesetOk = false;
        this.mode =
          this.mode === IN_TABLE ||
          this.mode === IN_CAPTION ||
          this.mode === IN_TABLE_BODY ||
          this.mode === IN_ROW ||
          this.mode === IN_CELL
            ? IN_SELECT_IN_TABLE
            : IN_SELECT;
        return;
      case 'optgroup':
      case 'option':
        if (this.currentIs('option')) this.pop();
        this.reconstructFormatting();
        this.insertElement(name, attribs, HTML_NS);
        return;
      case 'rb':
      case 'rtc':
        if (this.inScope('ruby', SCOPE)) this.generateImplied('');
        this.insertElement(name, attribs, HTML_NS);
        return;
      case 'rp':
      case 'rt':
        if (this.inScope('ruby', SCOPE)) this.generateImplied('rtc');
        this.insertElement(name, attribs, HTML_NS);
        return;
      case 'math':
      case 'svg':
        this.reconstructFormatting();
        this.insertElement(name, attribs, name === 'svg' ? SVG_NS : MATH_NS);
        if (selfClosing) this.pop();
        return;
      default:
        this.reconstructFormatting();
        if (VOID.has(name)) this.insertVoid(name, attribs);
        else this.insertElement(name, attribs, HTML_NS);
    }
  }

  private bodyEnd(name: string): void {
    const f = TAGS.get(name) ?? 0;
    if (f & T_BLOCK_END) {
      if (this.inScope(name, SCOPE)) {
        this.generateImplied('');
        this.popToName(name);
      }
      return;
    }
    if (f & T_FORMATTING) {
      this.adoption(name);
      return;
    }
    if (!(f & T_END_CASE)) {
      this.anyOtherEnd(name);
      return;
    }
    switch (name) {
      case 'template':
        this.endTemplate();
        return;
      case 'body':
        if (this.inScope('body', SCOPE)) this.mode = AFTER_BODY;
        return;
      case 'html':
        if (this.inScope('body', SCOPE)) this.mode = AFTER_BODY;
        return;
      case 'form': {
        if (this.has('template')) {
          if (this.inScope('form', SCOPE)) {
            this.generateImplied('');
            this.popToName('form');
          }
          return;
        }
        const form = this.form;
        this.form = null;
        if (!form) return;
        const at = this.indexOfNode('form', form);
        if (at < 0 || at < last(this.marks[SCOPE] as number[])) return;
        this.generateImplied('');
        this.removeAt(at);
        return;
      }
      case 'p':
        if (!this.inScope('p', BUTTON_SCOPE)) this.insertElement('p', {}, HTML_NS);
        this.closeP();
        return;
      case 'li':
        if (this.inScope('li', LIST_SCOPE)) {
          this.generateImplied('li');
          this.popToName('li');
        }
        return;
      case 'dd':
      case 'dt':
        if (this.inScope(name, SCOPE)) {
          this.generateImplied(name);
          this.popToName(name);
        }
        return;
      case 'h1':
      case 'h2':
      case 'h3':
      case 'h4':
      case 'h5':
      case 'h6': {
        const scope = last(this.marks[SCOPE] as number[]);
        let at = -1;
        for (const h of HEADINGS) at = Math.max(at, this.topIndex(h));
        if (at < 0 || at < scope) return;
        this.generateImplied('');
        this.popTo(at);
        return;
      }
      case 'applet':
      case 'marquee':
      case 'object':
        if (this.inScope(name, SCOPE)) {
          this.generateImplied('');
          this.popToName(name);
          this.clearFormattingToMarker();
        }
        return;
      case 'br':
        this.reconstructFormatting();
        this.insertVoid('br', {});
        this.framesetOk = false;
        return;
      default:
        this.anyOtherEnd(name);
    }
  }

  /** An end tag closes up to its match unless a special element stands between. */
  private anyOtherEnd(name: string): void {
    const at = this.topIndex(name);
    if (at < 0 || at < last(this.marks[SPECIAL] as number[])) return;
    this.generateImplied(name);
    this.popTo(at);
  }

  private closePInButtonScope(): void {
    if (this.inScope('p', BUTTON_SCOPE)) this.closeP();
  }

  private closeP(): void {
    this.generateImplied('p');
    this.popToName('p');
  }

  // ---- Tables ----

  private tableStart(name: string, attribs: Record<string, string>, selfClosing: boolean): void {
    switch (name) {
      case 'caption':
        this.clearTo(TABLE_CONTEXT);
        this.formatting.push(null);
        this.insertElement(name, attribs, HTML_NS);
        this.mode = IN_CAPTION;
        return;
      case 'colgroup':
        this.clearTo(TABLE_CONTEXT);
        this.insertElement(name, attribs, HTML_NS);
        this.mode = IN_COLUMN_GROUP;
        return;
      case 'col':
        this.clearTo(TABLE_CONTEXT);
        this.insertElement('colgroup', {}, HTML_NS);
        this.mode = IN_COLUMN_GROUP;
        this.startIn(IN_COLUMN_GROUP, name, attribs, selfClosing);
        return;
      case 'tbody':
      case 'tfoot':
      case 'thead':
        this.clearTo(TABLE_CONTEXT);
        this.insertElement(name, attribs, HTML_NS);
        this.mode = IN_TABLE_BODY;
        return;
      case 'td':
      case 'th':
      case 'tr':
        this.clearTo(TABLE_CONTEXT);
        this.insertElement('tbody', {}, HTML_NS);
        this.mode = IN_TABLE_BODY;
        this.startIn(IN_TABLE_BODY, name, attribs, selfClosing);
        return;
      case 'table':
        if (!this.inScope('table', TABLE_SCOPE)) return;
        this.popToName('table');
        this.resetMode();
        this.startIn(this.mode, name, attribs, selfClosing);
        return;
      case 'style':
      case 'script':
      case 'template':
        this.headStart(name, attribs, selfClosing);
        return;
      case 'input':
        if ((attribs.type ?? '').toLowerCase() === 'hidden') {
          this.insertVoid(name, attribs);
          return;
        }
        break;
      case 'form':
        if (this.has('template') || this.form) return;
        this.form = this.insertElement(name, attribs, HTML_NS);
        this.pop();
        return;
    }
    this.foster = true;
    this.bodyStart(name, attribs, selfClosing);
    this.foster = false;
  }

  private tableEnd(name: string): void {
    if (name === 'table') {
      if (!this.inScope('table', TABLE_SCOPE)) return;
      this.popToName('table');
      this.resetMode();
      return;
    }
    if (name === 'template') {
      this.endTemplate();
      return;
    }
    if (TABLE_PARTS.has(name) || name === 'body' || name === 'html') return;
    this.foster = true;
    this.bodyEnd(name);
    this.foster = false;
  }

  private closeCaption(): boolean {
    if (!this.inScope('caption', TABLE_SCOPE)) return false;
    this.generateImplied('');
    this.popToName('caption');
    this.clearFormattingToMarker();
    this.mode = IN_TABLE;
    return true;
  }

  private closeRow(): boolean {
    if (!this.inScope('tr', TABLE_SCOPE)) return false;
    this.clearTo(ROW_CONTEXT);
    this.pop();
    this.mode = IN_TABLE_BODY;
    return true;
  }

  private closeCell(): void {
    this.generateImplied('');
    const at = Math.max(this.topIndex('td'), this.topIndex('th'));
    if (at >= 0) this.popTo(at);
    this.clearFormattingToMarker();
    this.mode = IN_ROW;
  }

  /** Pops until the current node is one of `names`, a template or html. */
  private clearTo(names: Set<string>): void {
    while (this.top() > 0) {
      const n = this.names[this.top()] as string;
      if (this.nss[this.top()] === HTML_NS && (names.has(n) || n === 'template' || n === 'html')) return;
      this.pop();
    }
  }

  // ---- Select and template ----

  private selectStart(
    mode: number,
    name: string,
    attribs: Record<string, string>,
    selfClosing: boolean,
  ): void {
    if (
      mode === IN_SELECT_IN_TABLE &&
      (name === 'table' || TABLE_PARTS.has(name)) &&
      name !== 'col' &&
      name !== 'colgroup'
    ) {
      this.popToName('select');
      this.resetMode();
      this.startIn(this.mode, name, attribs, selfClosing);
      return;
    }
    switch (name) {
      case 'html':
        this.bodyStart(name, attribs, selfClosing);
        return;
      case 'option':
        if (this.currentIs('option')) this.pop();
        this.insertElement(name, attribs, HTML_NS);
        return;
      case 'optgroup':
        if (this.currentIs('option')) this.pop();
        if (this.currentIs('optgroup')) this.pop();
        this.insertElement(name, attribs, HTML_NS);
        return;
      case 'hr':
        if (this.currentIs('option')) this.pop();
        if (this.currentIs('optgroup')) this.pop();
        this.insertVoid(name, attribs);
        return;
      case 'select':
      case 'input':
      case 'keygen':
      case 'textarea':
        if (!this.selectInScope()) return;
        this.popToName('select');
        this.resetMode();
        if (name !== 'select') this.startIn(this.mode, name, attribs, selfClosing);
        return;
      case 'script':
      case 'template':
        this.headStart(name, attribs, selfClosing);
        return;
    }
  }

  private selectEnd(mode: number, name: string): void {
    if (
      mode === IN_SELECT_IN_TABLE &&
      (name === 'table' || TABLE_PARTS.has(name)) &&
      name !== 'col' &&
      name !== 'colgroup'
    ) {
      if (!this.inScope(name, TABLE_SCOPE)) return;
      this.popToName('select');
      this.resetMode();
      this.endIn(this.mode, name);
      return;
    }
    switch (name) {
      case 'optgroup':
        if (this.currentIs('option') && this.names[this.top() - 1] === 'optgroup') this.pop();
        if (this.currentIs('optgroup')) this.pop();
        return;
      case 'option':
        if (this.currentIs('option')) this.pop();
        return;
      case 'select':
        if (!this.selectInScope()) return;
        this.popToName('select');
        this.resetMode();
        return;
      case 'template':
        this.endTemplate();
        return;
    }
  }

  /** A select is in select scope when only option and optgroup elements are open above it. */
  private selectInScope(): boolean {
    const at = this.topIndex('select');
    if (at < 0) return false;
    for (let i = this.top(); i > at; i--) {
      const n = this.names[i];
      if (n !== 'option' && n !== 'optgroup') return false;
    }
    return true;
  }

  private templateStart(name: string, attribs: Record<string, string>, selfClosing: boolean): void {
    let next: number;
    if (HEAD_CONTENT.has(name)) {
      this.headStart(name, attribs, selfClosing);
      return;
    }
    if (name === 'caption' || name === 'colgroup' || TABLE_SECTIONS.has(name)) next = IN_TABLE;
    else if (name === 'col') next = IN_COLUMN_GROUP;
    else if (name === 'tr') next = IN_TABLE_BODY;
    else if (name === 'td' || name === 'th') next = IN_ROW;
    else next = IN_BODY;
    this.templateModes.pop();
    this.templateModes.push(next);
    this.mode = next;
    this.startIn(next, name, attribs, selfClosing);
  }

  /** The standard's "reset the insertion mode appropriately", over the few elements that decide it. */
  private resetMode(): void {
    const marks = this.marks[RESET] as number[];
    for (let m = marks.length - 1; m >= 0; m--) {
      const i = marks[m] as number;
      const name = this.names[i] as string;
      const isLast = i === 0;
      switch (name) {
        case 'select': {
          for (let k = m - 1; k >= 0; k--) {
            const a = this.names[marks[k] as number];
            if (a === 'template') break;
            if (a === 'table') {
              this.mode = IN_SELECT_IN_TABLE;
              return;
            }
          }
          this.mode = IN_SELECT;
          return;
        }
        case 'td':
        case 'th':
          if (isLast) break;
          this.mode = IN_CELL;
          return;
        case 'tr':
          this.mode = IN_ROW;
          return;
        case 'tbody':
        case 'thead':
        case 'tfoot':
          this.mode = IN_TABLE_BODY;
          return;
        case 'caption':
          this.mode = IN_CAPTION;
          return;
        case 'colgroup':
          this.mode = IN_COLUMN_GROUP;
          return;
        case 'table':
          this.mode = IN_TABLE;
          return;
        case 'template':
          this.mode = last(this.templateModes, IN_BODY);
          return;
        case 'head':
          if (isLast) break;
          this.mode = IN_HEAD;
          return;
        case 'body':
          this.mode = IN_BODY;
          return;
        case 'frameset':
          this.mode = IN_FRAMESET;
          return;
        case 'html':
          this.mode = this.head ? AFTER_HEAD : BEFORE_HEAD;
          return;
      }
    }
    this.mode = IN_BODY;
  }

  // ---- Active formatting elements and the adoption agency ----

  private formattingAfterMarker(name: string): Formatting<N> | null {
    for (let i = this.formatting.length - 1; i >= 0; i--) {
      const e = this.formatting[i];
      if (!e) return null;
      if (e.name === name) return e;
    }
    return null;
  }

  private pushFormatting(name: string, attribs: Record<string, string>, node: N): void {
    const entry: Formatting<N> = { name, attribs, node, open: true, listed: true };
    this.entries[this.top()] = entry;
    // Noah's Ark: at most three equal entries after the last marker.
    let same = 0;
    let first = -1;
    for (let i = this.formatting.length - 1; i >= 0; i--) {
      const e = this.formatting[i];
      if (!e) break;
      if (e.name === name && sameAttributes(e.attribs, attribs)) {
        same++;
        first = i;
      }
    }
    if (same >= 3) this.removeFormattingAt(first);
    if (this.formatting.length >= MAX_FORMATTING && this.formatting[0]) this.removeFormattingAt(0);
    this.formatting.push(entry);
  }

  private removeFormattingAt(i: number): void {
    const e = this.formatting[i];
    if (e) e.listed = false;
    this.formatting.splice(i, 1);
  }

  private dropFormatting(entry: Formatting<N>): void {
    const i = this.formatting.lastIndexOf(entry);
    if (i >= 0) this.removeFormattingAt(i);
  }

  private clearFormattingToMarker(): void {
    while (this.formatting.length) {
      const e = this.formatting.pop();
      if (!e) return;
      e.listed = false;
    }
  }

  private reconstructFormatting(): void {
    const list = this.formatting;
    const n = list.length;
    if (n === 0) return;
    const lastEntry = list[n - 1];
    if (!lastEntry || lastEntry.open) return;
    let i = n - 1;
    while (i > 0) {
      const e = list[i - 1];
      if (!e || e.open) break;
      i--;
    }
    for (; i < n; i++) {
      const old = list[i] as Formatting<N>;
      old.listed = false;
      const attribs = { ...old.attribs };
      const node = this.insertElement(old.name, attribs, HTML_NS);
      const entry: Formatting<N> = { name: old.name, attribs, node, open: true, listed: true };
      this.entries[this.top()] = entry;
      list[i] = entry;
    }
  }

  /** The adoption agency algorithm for an end tag of a formatting element. */
  private adoption(subject: string): void {
    const top = this.top();
    const cur = this.entries[top];
    if (this.names[top] === subject && this.nss[top] === HTML_NS && !cur?.listed) {
      this.pop();
      return;
    }
    for (let outer = 0; outer < 8; outer++) {
      const entry = this.formattingAfterMarker(subject);
      if (!entry) {
        this.anyOtherEnd(subject);
        return;
      }
      if (!entry.open) {
        this.dropFormatting(entry);
        return;
      }
      const fi = this.indexOfNode(subject, entry.node);
      if (fi < 0) {
        this.dropFormatting(entry);
        return;
      }
      if (fi < last(this.marks[SCOPE] as number[])) return;
      const fb = firstAbove(this.marks[SPECIAL] as number[], fi);
      if (fb < 0) {
        this.popTo(fi);
        this.dropFormatting(entry);
        return;
      }
      if (this.top() - fi > MAX_ADOPTION_SPAN || this.top() >= this.maxDepth) {
        // Too much to rearrange: close the formatting element as a plain end tag would.
        this.popTo(fi);
        this.dropFormatting(entry);
        return;
      }
      const common = this.nodes[fi - 1] as N;
      const commonName = this.names[fi - 1] as string;
      // Take the stack from the formatting element up, rearrange it as plain arrays, push it back.
      const span: Open<N>[] = [];
      while (this.top() >= fi) span.push(this.popEntry());
      span.reverse();
      // span[0] is the formatting element; furthest block at fb - fi.
      let bookmark = this.formatting.indexOf(entry);
      const fbPos = fb - fi;
      const furthest = span[fbPos] as Open<N>;
      let nodePos = fbPos;
      let lastNode = furthest;
      for (let inner = 1; ; inner++) {
        nodePos--;
        const node = span[nodePos] as Open<N>;
        if (nodePos === 0) break;
        const f = node.formatting?.listed ? node.formatting : null;
        if (inner > 3 && f) {
          const k = this.formatting.indexOf(f);
          if (k >= 0) {
            if (k < bookmark) bookmark--;
            this.removeFormattingAt(k);
          }
        }
        if (!f?.listed) {
          span.splice(nodePos, 1);
          continue;
        }
        const attribs = { ...f.attribs };
        const clone = this.sink.createElement(f.name, attribs, HTML_NS);
        const fresh: Formatting<N> = { name: f.name, attribs, node: clone, open: false, listed: true };
        const k = this.formatting.indexOf(f);
        f.listed = false;
        this.formatting[k] = fresh;
        const replaced: Open<N> = { name: f.name, ns: HTML_NS, node: clone, formatting: fresh };
        span[nodePos] = replaced;
        if (lastNode === furthest) bookmark = k + 1;
        this.sink.appendChild(clone, lastNode.node);
        lastNode = replaced;
      }
      // Put lastNode where the common ancestor says (foster-parented when that is a table part).
      if (FOSTER_TARGETS.has(commonName) && this.nss[fi - 1] === HTML_NS) {
        // Push back what lies below to find the foster location against the right table.
        this.fosterPlace();
        this.insertPlaced(lastNode.node);
      } else this.sink.appendChild(common, lastNode.node);
      const attribs = { ...entry.attribs };
      const el = this.sink.createElement(subject, attribs, HTML_NS);
      const fresh: Formatting<N> = { name: subject, attribs, node: el, open: false, listed: true };
      this.sink.moveChildren(furthest.node, el);
      this.sink.appendChild(furthest.node, el);
      const at = this.formatting.indexOf(entry);
      if (at >= 0) {
        if (at < bookmark) bookmark--;
        this.removeFormattingAt(at);
      }
      this.formatting.splice(Math.min(bookmark, this.formatting.length), 0, fresh);
      // The stack: formatting element out, the new element right above the furthest block.
      span.shift();
      const fbNow = span.indexOf(furthest);
      span.splice(fbNow + 1, 0, { name: subject, ns: HTML_NS, node: el, formatting: fresh });
      for (const o of span) this.push(o.name, o.ns, o.node, o.formatting);
    }
  }

  // ---- The stack of open elements ----

  private top(): number {
    return this.names.length - 1;
  }

  private currentIs(name: string): boolean {
    const i = this.top();
    return i >= 0 && this.names[i] === name && this.nss[i] === HTML_NS;
  }

  private topIndex(name: string): number {
    const list = this.index.get(name);
    return list?.length ? (list[list.length - 1] as number) : -1;
  }

  private has(name: string): boolean {
    return this.topIndex(name) >= 0;
  }

  /** Whether an HTML element of this name is open with no boundary of `scope` above it. */
  private inScope(name: string, scope: number): boolean {
    const at = this.topIndex(name);
    return at >= 0 && at >= last(this.marks[scope] as number[]);
  }

  private indexOfNode(name: string, node: N): number {
    const list = this.index.get(name);
    if (!list) return -1;
    for (let k = list.length - 1; k >= 0; k--) {
      const i = list[k] as number;
      if (this.nodes[i] === node) return i;
    }
    return -1;
  }

  private push(name: string, ns: number, node: N, formatting: Formatting<N> | null): void {
    const i = this.names.length;
    this.names.push(name);
    this.nss.push(ns);
    this.nodes.push(node);
    this.entries.push(formatting);
    if (formatting) formatting.open = true;
    const key = ns === HTML_NS ? name : `${ns}:${name}`;
    const list = this.index.get(key);
    if (list) list.push(i);
    else this.index.set(key, [i]);
    const k = kindsOf(name, ns);
    this.kinds.push(k);
    for (let m = k & STACK_KINDS; m; m &= m - 1) (this.marks[31 - Math.clz32(m & -m)] as number[]).push(i);
  }

  private popEntry(): Open<N> {
    const name = this.names.pop() as string;
    const ns = this.nss.pop() as number;
    const node = this.nodes.pop() as N;
    const formatting = this.entries.pop() ?? null;
    if (formatting) formatting.open = false;
    (this.index.get(ns === HTML_NS ? name : `${ns}:${name}`) as number[]).pop();
    const k = (this.kinds.pop() as number) & STACK_KINDS;
    for (let m = k; m; m &= m - 1) (this.marks[31 - Math.clz32(m & -m)] as number[]).pop();
    return { name, ns, node, formatting };
  }

  /** Pops the current node (never the html element). */
  private pop(): void {
    if (this.names.length <= 1) return;
    const name = this.names.pop() as string;
    const ns = this.nss.pop() as number;
    this.nodes.pop();
    const formatting = this.entries.pop();
    if (formatting) formatting.open = false;
    (this.index.get(ns === HTML_NS ? name : `${ns}:${name}`) as number[]).pop();
    const k = (this.kinds.pop() as number) & STACK_KINDS;
    for (let m = k; m; m &= m - 1) (this.marks[31 - Math.clz32(m & -m)] as number[]).pop();
  }

  /** Pops the element at stack index `i` and everything above it. */
  private popTo(i: number): void {
    while (this.top() >= i && this.top() > 0) this.pop();
  }

  private popToName(name: string): void {
    const at = this.topIndex(name);
    if (at > 0) this.popTo(at);
  }

  /** Takes one element out of the middle of the stack, keeping the ones above it open. */
  private removeAt(i: number): void {
    if (i <= 0 || i > this.top()) return;
    const above: Open<N>[] = [];
    while (this.top() > i) above.push(this.popEntry());
    this.popEntry();
    for (let k = above.length - 1; k >= 0; k--) {
      const o = above[k] as Open<N>;
      this.push(o.name, o.ns, o.node, o.formatting);
    }
  }

  private removeNode(node: N): void {
    for (let i = this.top(); i > 0; i--) {
      if (this.nodes[i] === node) {
        this.removeAt(i);
        return;
      }
    }
  }

  private generateImplied(except: string, thoroughly = false): void {
    for (;;) {
      const i = this.top();
      if (i <= 0 || this.nss[i] !== HTML_NS) return;
      const n = this.names[i] as string;
      if (n === except) return;
      const implied = ((this.kinds[i] as number) & bit(IMPLIED)) !== 0;
      if (!implied && !(thoroughly && TABLE_PARTS.has(n) && n !== 'col')) return;
      this.pop();
    }
  }

  // ---- Insertion ----

  /** Where the next node goes, as `place()` and `fosterPlace()` find it: a parent, and the child to insert before. */
  private placeParent: N | null = null;
  private placeRef: N | null = null;

  /** Where the children of the element at stack index `i` go: itself, or past the depth cap the deepest allowed element. */
  private target(i: number): N {
    return this.nodes[i < this.maxDepth ? i : this.maxDepth - 1] as N;
  }

  /** Finds the appropriate place for inserting a node. */
  private place(): void {
    const i = this.top();
    if (this.foster && this.nss[i] === HTML_NS && FOSTER_TARGETS.has(this.names[i] as string)) {
      this.fosterPlace();
      return;
    }
    this.placeParent = this.target(i);
    this.placeRef = null;
  }

  /** Before the innermost table, in its parent (or inside a template opened after it). */
  private fosterPlace(): void {
    const table = this.topIndex('table');
    const template = this.topIndex('template');
    this.placeRef = null;
    if (template >= 0 && template > table) this.placeParent = this.target(template);
    else if (table < 0) this.placeParent = this.target(0);
    else {
      const node = this.nodes[table] as N;
      const parent = this.sink.parentOf(node);
      if (parent) {
        this.placeParent = parent;
        this.placeRef = node;
      } else this.placeParent = this.target(table - 1);
    }
  }

  /** Puts `node` where `place()` or `fosterPlace()` said. */
  private insertPlaced(node: N): void {
    const ref = this.placeRef;
    if (ref) this.sink.insertBefore(this.placeParent as N, node, ref);
    else this.sink.appendChild(this.placeParent as N, node);
  }

  private insertElement(name: string, attribs: Record<string, string>, ns: number): N {
    const node = this.sink.createElement(name, attribs, ns);
    this.place();
    this.insertPlaced(node);
    this.push(name, ns, node, null);
    return node;
  }

  private insertVoid(name: string, attribs: Record<string, string>): void {
    const node = this.sink.createElement(name, attribs, HTML_NS);
    this.place();
    this.insertPlaced(node);
  }

  private insertText(data: string): void {
    if (!data) return;
    this.place();
    this.sink.insertText(this.placeParent as N, data, this.placeRef);
  }
}

/** Start and end tags the in-body switches name; any other takes the default branch at once. */
const BODY_START_CASES = words(
  'html body frameset caption col colgroup frame head tbody td tfoot th thead tr h1 h2 h3 h4 h5 h6 pre listing form li dd dt plaintext button applet marquee object table area br embed img image keygen wbr input param source track hr textarea xmp iframe noembed noscript select optgroup option rb rtc rp rt math svg',
);
const BODY_END_CASES = words('template body html form p li dd dt h1 h2 h3 h4 h5 h6 applet marquee object br');
flag(HEAD_CONTENT, T_HEAD);
flag(CLOSES_P, T_CLOSES_P);
flag(FORMATTING, T_FORMATTING);
flag(BODY_START_CASES, T_START_CASE);
flag(VOID, T_VOID);
flag(BLOCK_END, T_BLOCK_END);
flag(BODY_END_CASES, T_END_CASE);
for (const n of TEXT_ELEMENTS) HTML_KINDS.set(n, (HTML_KINDS.get(n) ?? 0) | TEXT_ELEMENT);

const ROW_CONTEXT = new Set(['tr']);
const TABLE_CONTEXT = new Set(['table']);

function last(list: number[], fallback = -1): number {
  return list.length ? (list[list.length - 1] as number) : fallback;
}

/** The smallest value in the ascending `list` above `i`, or -1. */
function firstAbove(list: number[], i: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as number) > i) hi = mid;
    else lo = mid + 1;
  }
  return lo < list.length ? (list[lo] as number) : -1;
}

function sameAttributes(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (a[k] !== b[k]) return false;
  return true;
}

/**
 * Tokenizes `html` (entities decoded in text and attributes) and builds its tree through `sink`,
 * nesting at most `maxDepth` elements deep.
 */
export function buildTree<N>(html: string, sink: TreeSink<N>, maxDepth = Number.POSITIVE_INFINITY): Built<N> {
  const builder = new TreeBuilder(html, sink, Math.max(1, maxDepth));
  // References are decoded here, not by the tokenizer: it then skips through text and attribute
  // values to their end instead of stepping through every character to look for a `&`.
  const tokenizer = new Tokenizer({ decodeEntities: false }, builder);
  tokenizer.write(html);
  tokenizer.end();
  return builder.result();
}
