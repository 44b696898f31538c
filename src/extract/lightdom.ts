/**
 * A small read-mostly DOM built by treebuilder.ts (the HTML standard's tree construction over
 * htmlparser2's tokenizer, so elements sit where a browser puts them): one fast parse for the whole
 * extract stage. It offers the subset of the DOM the stage
 * uses (tree walking, attributes, textContent, querySelector(All) through select.ts, remove) and is
 * handed to the metadata reader as a `Document`. linkedom builds a fuller tree from htmlparser2's
 * Parser, about three times slower.
 */
import { compile, matches, type Selector } from './select.js';
import { buildTree, type TreeSink } from './treebuilder.js';

/**
 * Elements nest at most this deep; deeper ones become siblings inside the deepest allowed parent.
 * Real pages stay far below it, and it bounds every walk over pathological input.
 */
export const MAX_DEPTH = 400;
/** Tags the parser lists as it meets them, so the metadata reader need not walk the whole tree. */
const INDEXED = new Set(['meta', 'title', 'base', 'link', 'script', 'time', 'h1', 'img', 'article', 'main']);
/**
 * Attributes whose elements the parser lists too (headline, article body, date and main-content
 * selectors ask for them), filed in `LDocument.parsed` under the attribute name in brackets.
 * LightSink.createElement reads these two by name: change both together.
 */
const INDEXED_ATTRIBUTES = ['itemprop', 'role'];
const ATTRIBUTE_KEYS = new Map(INDEXED_ATTRIBUTES.map((a) => [a, `[${a}]`]));
const CLASS_SPLIT = /\s+/;
/**
 * Counts changes to every light tree (a node added, moved or removed, an attribute set or removed):
 * what a document knows of its parsed elements holds while the count is the one the parse ended at.
 */
let edits = 0;
/** Lower-cased attribute names asked for by getAttribute and hasAttribute (literals, mostly). */
const LOWER_NAMES = new Map<string, string>();

/** A node of the light DOM. */
export abstract class LNode {
  abstract readonly nodeType: number;
  abstract readonly nodeName: string;
  parentNode: LElement | LDocument | null = null;
  /** Where the node sat in its parent's child list when last looked up; checked before it is trusted. */
  slot = -1;

  get parentElement(): LElement | null {
    const p = this.parentNode;
    return p && p.nodeType === 1 ? (p as LElement) : null;
  }

  get nextSibling(): LNode | null {
    const p = this.parentNode;
    if (!p) return null;
    return p.childNodes[p.indexOfChild(this) + 1] ?? null;
  }

  get previousSibling(): LNode | null {
    const p = this.parentNode;
    if (!p) return null;
    const i = p.indexOfChild(this);
    return i > 0 ? (p.childNodes[i - 1] ?? null) : null;
  }

  /** True when the node still hangs from a document. */
  get isConnected(): boolean {
    let n: LNode | null = this;
    while (n.parentNode) n = n.parentNode;
    return n.nodeType === 9;
  }

  /** Detaches the node from its parent (which drops it from its child list when that is next read). */
  remove(): void {
    edits++;
    this.parentNode?.forget();
    this.parentNode = null;
  }

  abstract get textContent(): string | null;
}

/** A text node. */
export class LText extends LNode {
  readonly nodeType = 3;
  readonly nodeName = '#text';
  constructor(public data: string) {
    super();
  }
  get textContent(): string {
    return this.data;
  }
  get nodeValue(): string {
    return this.data;
  }
}

/** A comment. */
export class LComment extends LNode {
  readonly nodeType = 8;
  readonly nodeName = '#comment';
  constructor(public data: string) {
    super();
  }
  get textContent(): string {
    return this.data;
  }
}

/** Something that holds child nodes: an element or the document. */
abstract class LParent extends LNode {
  private kids: LNode[] = [];
  /**
   * Children removed since the list was last read: they stay in `kids` until then and are dropped in
   * one pass, so removing many siblings is linear (a splice per removal was quadratic: 40,000 empty
   * paragraphs took seconds). Sibling lookups use the nodes' slots, renumbered when stale.
   */
  private removed = 0;

  get childNodes(): LNode[] {
    if (this.removed > 0) {
      this.kids = this.kids.filter((n) => (n.parentNode as LNode | null) === this);
      this.removed = 0;
    }
    return this.kids;
  }

  /** Called by a child's remove(). */
  forget(): void {
    this.removed++;
  }

  /** Empties the child list and returns what it held (their parentNode is the caller's to set). */
  takeChildren(): LNode[] {
    edits++;
    const kids = this.childNodes;
    this.kids = [];
    return kids;
  }

  /** The index of `node` in childNodes, or -1. */
  indexOfChild(node: LNode): number {
    const list = this.childNodes;
    if (list[node.slot] === node) return node.slot;
    for (let i = 0; i < list.length; i++) (list[i] as LNode).slot = i;
    return list[node.slot] === node ? node.slot : -1;
  }

  get children(): LElement[] {
    return this.childNodes.filter((n): n is LElement => n.nodeType === 1);
  }

  get firstChild(): LNode | null {
    return this.childNodes[0] ?? null;
  }

  get lastChild(): LNode | null {
    return this.childNodes[this.childNodes.length - 1] ?? null;
  }

  get firstElementChild(): LElement | null {
    for (const n of this.childNodes) if (n.nodeType === 1) return n as LElement;
    return null;
  }

  appendChild<T extends LNode>(node: T): T {
    if (node.parentNode) node.remove();
    // Read the list (dropping removed children, the node's old place among them) before re-parenting.
    const list = this.childNodes;
    node.parentNode = this as unknown as LElement;
    list.push(node);
    edits++;
    return node;
  }

  insertBefore<T extends LNode>(node: T, ref: LNode | null): T {
    if (node.parentNode) node.remove();
    const list = this.childNodes;
    // The cached position, else from the end: the tree builder inserts before the last child
    // (foster parenting), where a scan from the end stops at once.
    const i = ref ? (list[ref.slot] === ref ? ref.slot : list.lastIndexOf(ref)) : -1;
    node.parentNode = this as unknown as LElement;
    if (i < 0) list.push(node);
    else list.splice(i, 0, node);
    edits++;
    return node;
  }

  removeChild<T extends LNode>(node: T): T {
    node.remove();
    return node;
  }

  /** Elements under this node in document order (not the node itself). */
  descendants(): LElement[] {
    const out: LElement[] = [];
    const stack: LNode[] = [];
    for (let i = this.childNodes.length - 1; i >= 0; i--) stack.push(this.childNodes[i] as LNode);
    while (stack.length) {
      const n = stack.pop() as LNode;
      if (n.nodeType !== 1) continue;
      out.push(n as LElement);
      const kids = (n as LElement).childNodes;
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as LNode);
    }
    return out;
  }

  querySelectorAll(selector: string): LElement[] {
    return this.selectFirst(selector, Number.POSITIVE_INFINITY);
  }

  querySelector(selector: string): LElement | null {
    return this.selectFirst(selector, 1)[0] ?? null;
  }

  /** The first `limit` elements below this node that match `selector`, in document order. */
  selectFirst(selector: string, limit: number): LElement[] {
    const sel = compile(selector);
    const out: LElement[] = [];
    if (limit <= 0) return out;
    // A document unchanged since it was parsed lists its elements once: later queries walk no tree.
    const known = this.nodeType === 9 ? (this as unknown as LDocument).candidates(sel) : undefined;
    if (known) {
      for (const el of known) if (matches(el, sel, this) && out.push(el) >= limit) break;
      return out;
    }
    const stack: LElement[] = [];
    pushElements(stack, this.childNodes);
    while (stack.length) {
      const el = stack.pop() as LElement;
      if (matches(el, sel, this) && out.push(el) >= limit) break;
      pushElements(stack, el.childNodes);
    }
    return out;
  }

  getElementsByTagName(name: string): LElement[] {
    const tag = name.toUpperCase();
    const all = this.descendants();
    return tag === '*' ? all : all.filter((el) => el.tagName === tag);
  }

  /** The text of every text node below, in order, without recursion. */
  get textContent(): string {
    let out = '';
    const stack: LNode[] = [this];
    while (stack.length) {
      const n = stack.pop() as LNode;
      if (n.nodeType === 3) out += (n as LText).data;
      else if (n.nodeType === 1 || n.nodeType === 9) {
        const kids = (n as LParent).childNodes;
        for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as LNode);
      }
    }
    return out;
  }
}

/** An element; `tagName` is upper case as in HTML documents. */
export class LElement extends LParent {
  readonly nodeType = 1;
  readonly tagName: string;
  readonly localName: string;
  attribs: Record<string, string>;
  private words: string[] | undefined;

  constructor(name: string, attribs: Record<string, string>) {
    super();
    this.localName = name;
    this.tagName = upper(name);
    this.attribs = attribs;
  }

  get nodeName(): string {
    return this.tagName;
  }

  get id(): string {
    return this.attribs.id ?? '';
  }

  get className(): string {
    return this.attribs.class ?? '';
  }

  /** The words of the class attribute, split once and kept (the selector engine asks often). */
  classWords(): string[] {
    if (this.words === undefined) {
      const c = this.attribs.class;
      this.words = c ? c.split(CLASS_SPLIT) : [];
    }
    return this.words;
  }

  get attributes(): { name: string; value: string }[] {
    return Object.entries(this.attribs).map(([name, value]) => ({ name, value }));
  }

  getAttribute(name: string): string | null {
    const v = this.attribs[lowerName(name)];
    return v === undefined ? null : v;
  }

  hasAttribute(name: string): boolean {
    return this.attribs[lowerName(name)] !== undefined;
  }

  setAttribute(name: string, value: string): void {
    edits++;
    this.attribs[name.toLowerCase()] = String(value);
    this.words = undefined;
  }

  removeAttribute(name: string): void {
    edits++;
    delete this.attribs[name.toLowerCase()];
    this.words = undefined;
  }

  get nextElementSibling(): LElement | null {
    const p = this.parentNode;
    if (!p) return null;
    const list = p.childNodes;
    for (let i = p.indexOfChild(this) + 1; i < list.length; i++) {
      if (list[i]?.nodeType === 1) return list[i] as LElement;
    }
    return null;
  }

  get previousElementSibling(): LElement | null {
    const p = this.parentNode;
    if (!p) return null;
    const list = p.childNodes;
    for (let i = p.indexOfChild(this) - 1; i >= 0; i--) {
      if (list[i]?.nodeType === 1) return list[i] as LElement;
    }
    return null;
  }

  matches(selector: string): boolean {
    return matches(this, compile(selector), null);
  }

  closest(selector: string): LElement | null {
    const sel: Selector = compile(selector);
    for (let el: LElement | null = this; el; el = el.parentElement) if (matches(el, sel, null)) return el;
    return null;
  }
}

/** The document: `documentElement`, `head` and `body` always exist. */
export class LDocument extends LParent {
  readonly nodeType = 9;
  readonly nodeName = '#document';
  documentElement: LElement;
  head: LElement;
  body: LElement;
  /**
   * Elements of a few tags (INDEXED) by lower-case tag, and with a few attributes by "[name]", in
   * the order the parser made them (document order but for elements it moved): removals do not update it.
   */
  readonly parsed = new Map<string, LElement[]>();
  /**
   * The edit count when the parse ended. While the count stays there the tree is as parsed, and the
   * document keeps what it learnt of it: its elements in order, those with an indexed attribute. The
   * metadata readers query that unchanged tree many times.
   */
  parsedAt = -1;
  /** The document's elements in document order, listed on the first query while as parsed. */
  private order: LElement[] | undefined;

  constructor() {
    super();
    this.documentElement = new LElement('html', {});
    this.head = new LElement('head', {});
    this.body = new LElement('body', {});
  }

  get title(): string {
    return this.head.querySelector('title')?.textContent ?? '';
  }

  /** The elements of `tag` (one of the indexed ones) as parsed, still in the document. */
  parsedElements(tag: string): LElement[] {
    const list = this.parsed.get(tag);
    if (!list) return INDEXED.has(tag) ? [] : this.getElementsByTagName(tag);
    return list.every(isAttached) ? list : list.filter(isAttached);
  }

  /**
   * While the document is as parsed (see `parsedAt`): elements in document order that
   * hold every element `sel` can match, from the tag and attribute lists when the selector's every
   * branch needs an indexed tag or attribute, else all of them. Undefined otherwise.
   */
  candidates(sel: Selector): LElement[] | undefined {
    if (this.parsedAt !== edits) return undefined;
    if (sel.other.length) return this.elementsInOrder();
    const lists: LElement[][] = [];
    for (const tag of sel.byTag.keys()) {
      const lower = tag.toLowerCase();
      if (!INDEXED.has(lower)) return this.elementsInOrder();
      const list = this.parsed.get(lower);
      if (list) lists.push(list);
    }
    for (const { name } of sel.byAttribute) {
      const key = ATTRIBUTE_KEYS.get(name);
      if (key === undefined) return this.elementsInOrder();
      const list = this.parsed.get(key);
      if (list) lists.push(list);
    }
    // Parsed lists are in the order elements were made, which moves (foster parenting, adoption)
    // can change: sorted by place, without repeats and without elements no longer in the document.
    const placed: { el: LElement; at: number[] }[] = [];
    for (const el of lists.length === 1 ? (lists[0] as LElement[]) : new Set(lists.flat())) {
      const at = this.placeOf(el);
      if (at) placed.push({ el, at });
    }
    return placed.sort((x, y) => comparePlaces(x.at, y.at)).map((p) => p.el);
  }

  /** Every element in document order; walked once, while as parsed. */
  private elementsInOrder(): LElement[] {
    this.order ??= this.descendants();
    return this.order;
  }

  /** The child indexes from this document down to `el`, or null when `el` is not in it. */
  private placeOf(el: LElement): number[] | null {
    const at: number[] = [];
    let n: LNode = el;
    for (let p = n.parentNode; p; n = p, p = p.parentNode) at.push(p.indexOfChild(n));
    return n === this ? at.reverse() : null;
  }

  createElement(name: string): LElement {
    return new LElement(name.toLowerCase(), {});
  }

  createTextNode(data: string): LText {
    return new LText(data);
  }
}

const UPPER = new Map<string, string>();
const MAX_CACHED_NAMES = 2_000;

/** `name` changed by `change`, from `cache` when it was changed before. */
function cachedName(cache: Map<string, string>, name: string, change: (s: string) => string): string {
  let out = cache.get(name);
  if (out === undefined) {
    out = change(name);
    // Long names (malformed markup can make megabytes of one) would stay for the life of the process.
    if (cache.size < MAX_CACHED_NAMES && name.length <= 64) cache.set(name, out);
  }
  return out;
}

const toUpper = (s: string) => s.toUpperCase();
const toLower = (s: string) => s.toLowerCase();

/** Upper-case tag names are shared strings: pages repeat a few dozen names thousands of times. */
function upper(name: string): string {
  return cachedName(UPPER, name, toUpper);
}

/** Pushes the elements among `nodes` on `stack`, last first, so that they pop in document order. */
function pushElements(stack: LElement[], nodes: LNode[]): void {
  for (let i = nodes.length - 1; i >= 0; i--) {
    const n = nodes[i] as LNode;
    if (n.nodeType === 1) stack.push(n as LElement);
  }
}

/** Document order of two places (child index paths): an ancestor before what it holds. */
function comparePlaces(a: number[], b: number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return a.length - b.length;
}

function isAttached(el: LElement): boolean {
  return el.isConnected;
}

function lowerName(name: string): string {
  return cachedName(LOWER_NAMES, name, toLower);
}

/** Builds light DOM nodes for the tree builder. */
class LightSink implements TreeSink<LParent> {
  constructor(readonly document: LDocument) {}

  createElement(name: string, attribs: Record<string, string>): LParent {
    const el = new LElement(name, attribs);
    if (INDEXED.has(name)) this.list(name, el);
    // Read by name, not by a key from a list: every element has an attribute set of its own shape.
    if (attribs.itemprop !== undefined) this.list('[itemprop]', el);
    if (attribs.role !== undefined) this.list('[role]', el);
    return el;
  }

  private list(key: string, el: LElement): void {
    const list = this.document.parsed.get(key);
    if (list) list.push(el);
    else this.document.parsed.set(key, [el]);
  }

  appendChild(parent: LParent, child: LParent): void {
    parent.appendChild(child);
  }

  insertBefore(parent: LParent, child: LParent, ref: LParent): void {
    parent.insertBefore(child, ref);
  }

  insertText(parent: LParent, data: string, ref: LParent | null): void {
    const kids = parent.childNodes;
    const at = ref ? kids.lastIndexOf(ref) : kids.length;
    const before = at > 0 ? kids[at - 1] : undefined;
    if (before && before.nodeType === 3) (before as LText).data += data;
    else if (ref) parent.insertBefore(new LText(data), ref);
    else parent.appendChild(new LText(data));
  }

  insertComment(parent: LParent, data: string, ref: LParent | null): void {
    parent.insertBefore(new LComment(data), ref);
  }

  parentOf(node: LParent): LParent | null {
    return node.parentNode;
  }

  moveChildren(from: LParent, to: LParent): void {
    const kids = from.takeChildren();
    for (const k of kids) {
      k.parentNode = to as LElement;
      to.childNodes.push(k);
    }
  }

  addAttributes(el: LParent, attribs: Record<string, string>): void {
    const e = el as LElement;
    for (const [k, v] of Object.entries(attribs)) {
      if (Object.hasOwn(e.attribs, k)) continue;
      e.setAttribute(k, v);
      const key = ATTRIBUTE_KEYS.get(k);
      if (key !== undefined) this.list(key, e);
    }
  }
}

/**
 * Parses HTML into a light document the way an HTML5 parser does (treebuilder.ts): html holds head
 * and body (a frameset page gets an empty body after its frameset).
 */
export function parseLight(html: string): LDocument {
  // A tree being built changes no other: its edits are not counted.
  const outside = edits;
  const doc = new LDocument();
  const built = buildTree<LParent>(html, new LightSink(doc), MAX_DEPTH);
  doc.documentElement = built.html as LElement;
  doc.head = built.head as LElement;
  if (built.body) doc.body = built.body as LElement;
  else doc.documentElement.appendChild(doc.body);
  edits = outside;
  doc.parsedAt = edits;
  return doc;
}
