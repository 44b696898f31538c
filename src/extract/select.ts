/**
 * A small CSS selector engine for the light DOM: type, universal, #id, .class, attribute tests
 * (= ~= |= ^= $= *=, with the `i` flag), :not(), :first-child, :last-child, descendant and child
 * combinators, and comma lists. Unsupported syntax throws, so a caller learns of it at once.
 */
import type { LElement } from './lightdom.js';

interface AttrTest {
  name: string;
  op: '' | '=' | '~=' | '|=' | '^=' | '$=' | '*=';
  value: string;
  fold: boolean;
}

interface Compound {
  tag?: string;
  ids: string[];
  classes: string[];
  attrs: AttrTest[];
  not: Selector[];
  pseudo: ('first-child' | 'last-child')[];
}

/** One complex selector, right-most compound first; `child[i]` says compound i hangs right below i+1. */
interface Complex {
  parts: Compound[];
  child: boolean[];
}

/**
 * A compiled comma list. Its complex selectors are filed by what their right-most compound needs (a
 * tag, else an attribute), so an element is tried only against those it can match.
 */
export interface Selector {
  byTag: Map<string, Complex[]>;
  byAttribute: { name: string; list: Complex[]; needles: RegExp | null }[];
  /** Those that need neither. */
  other: Complex[];
}

const CACHE = new Map<string, Selector>();
const MAX_CACHE = 500;
const IDENT = /^-?[_a-zA-Z\u00a0-\uffff][-_a-zA-Z0-9\u00a0-\uffff]*|^\*/;
const NAME = /^[-_a-zA-Z0-9\u00a0-\uffff:]+/;
const ATTR =
  /^\[\s*([-_a-zA-Z0-9:]+)\s*(?:([~|^$*]?=)\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([^\s\]]+))\s*(i|s)?\s*)?\]/;
const SPACE = /^\s+/;

/** Compiles (and caches) a selector list. */
export function compile(source: string): Selector {
  const hit = CACHE.get(source);
  if (hit) return hit;
  const state = { rest: source.trim() };
  const sel = parseList(state, source);
  if (state.rest) throw new SyntaxError(`select: cannot parse "${source}" near "${state.rest}"`);
  if (CACHE.size >= MAX_CACHE) CACHE.clear();
  CACHE.set(source, sel);
  return sel;
}

function parseList(state: { rest: string }, source: string): Selector {
  const list: Complex[] = [];
  for (;;) {
    list.push(parseComplex(state, source));
    state.rest = state.rest.replace(SPACE, '');
    if (!state.rest.startsWith(',')) return fileByNeed(list);
    state.rest = state.rest.slice(1).replace(SPACE, '');
  }
}

function fileByNeed(list: Complex[]): Selector {
  const sel: Selector = { byTag: new Map(), byAttribute: [], other: [] };
  for (const cx of list) {
    const c = cx.parts[0] as Compound;
    const name = c.ids.length ? 'id' : c.classes.length ? 'class' : c.attrs[0]?.name;
    if (c.tag !== undefined) {
      const same = sel.byTag.get(c.tag);
      if (same) same.push(cx);
      else sel.byTag.set(c.tag, [cx]);
    } else if (name !== undefined) {
      const same = sel.byAttribute.find((entry) => entry.name === name);
      if (same) same.list.push(cx);
      else sel.byAttribute.push({ name, list: [cx], needles: null });
    } else sel.other.push(cx);
  }
  for (const entry of sel.byAttribute) entry.needles = needlesOf(entry.list);
  return sel;
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * What the attribute an entry is filed by must hold for any of its selectors to match, as one
 * pattern for the value lower-cased: each selector's own value (its id, its first class word, its
 * first attribute test's value), lower-cased. An element whose value holds none is not tried.
 * Null when some selector only asks for the attribute, or a value is not ASCII (lower-casing other
 * characters can change a string around them, as a capital sigma does).
 */
function needlesOf(list: Complex[]): RegExp | null {
  const needles: string[] = [];
  for (const cx of list) {
    const c = cx.parts[0] as Compound;
    const test = c.attrs[0];
    const needle = c.ids[0] ?? c.classes[0] ?? (test && test.op !== '' ? test.value : undefined);
    if (needle === undefined || !isAscii(needle)) return null;
    needles.push(needle.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  }
  return new RegExp(needles.join('|'));
}

function parseComplex(state: { rest: string }, source: string): Complex {
  const parts: Compound[] = [parseCompound(state, source)];
  const child: boolean[] = [];
  for (;;) {
    const m = /^\s*(>)?\s*/.exec(state.rest);
    const gap = m?.[0] ?? '';
    const after = state.rest.slice(gap.length);
    if (!gap || !after || after.startsWith(',') || after.startsWith(')')) return finish(parts, child);
    state.rest = after;
    child.push(m?.[1] === '>');
    parts.push(parseCompound(state, source));
  }
}

function finish(parts: Compound[], child: boolean[]): Complex {
  return { parts: parts.reverse(), child: child.reverse() };
}

function parseCompound(state: { rest: string }, source: string): Compound {
  const c: Compound = { ids: [], classes: [], attrs: [], not: [], pseudo: [] };
  const tag = IDENT.exec(state.rest);
  if (tag) {
    if (tag[0] !== '*') c.tag = tag[0].toUpperCase();
    state.rest = state.rest.slice(tag[0].length);
  }
  let any = Boolean(tag);
  for (;;) {
    const r = state.rest;
    if (r.startsWith('#') || r.startsWith('.')) {
      const name = NAME.exec(r.slice(1))?.[0];
      if (!name) break;
      (r.startsWith('#') ? c.ids : c.classes).push(name);
      state.rest = r.slice(1 + name.length);
    } else if (r.startsWith('[')) {
      const m = ATTR.exec(r);
      if (!m) break;
      const value = m[3] ?? m[4] ?? m[5] ?? '';
      c.attrs.push({
        name: (m[1] as string).toLowerCase(),
        op: (m[2] ?? '') as AttrTest['op'],
        value: m[6] === 'i' ? value.toLowerCase() : value,
        fold: m[6] === 'i',
      });
      state.rest = r.slice(m[0].length);
    } else if (r.startsWith(':not(')) {
      state.rest = r.slice(5);
      c.not.push(parseList(state, source));
      if (!state.rest.startsWith(')')) break;
      state.rest = state.rest.slice(1);
    } else if (r.startsWith(':first-child') || r.startsWith(':last-child')) {
      const p = r.startsWith(':first-child') ? 'first-child' : 'last-child';
      c.pseudo.push(p);
      state.rest = r.slice(p.length + 1);
    } else break;
    any = true;
  }
  if (!any) throw new SyntaxError(`select: cannot parse "${source}" near "${state.rest}"`);
  return c;
}

/** True when `el` matches `sel`; ancestors are looked for below `scope` only (null: the whole tree). */
export function matches(el: LElement, sel: Selector, scope: unknown): boolean {
  const byTag = sel.byTag.get(el.tagName);
  if (byTag && matchAny(el, byTag, scope)) return true;
  for (const { name, list, needles } of sel.byAttribute) {
    const raw = el.attribs[name];
    if (raw === undefined) continue;
    if (needles !== null && !needles.test(lowered(raw))) continue;
    if (matchAny(el, list, scope)) return true;
  }
  return matchAny(el, sel.other, scope);
}

function matchAny(el: LElement, list: Complex[], scope: unknown): boolean {
  for (const complex of list) if (matchComplex(el, complex, 0, scope)) return true;
  return false;
}

function matchComplex(el: LElement, cx: Complex, i: number, scope: unknown): boolean {
  if (!matchCompound(el, cx.parts[i] as Compound)) return false;
  if (i === cx.parts.length - 1) return true;
  if (cx.child[i]) {
    const p = el.parentElement;
    return p !== null && p !== scope && matchComplex(p, cx, i + 1, scope);
  }
  for (let p = el.parentElement; p && p !== scope; p = p.parentElement) {
    if (matchComplex(p, cx, i + 1, scope)) return true;
  }
  return false;
}

function matchCompound(el: LElement, c: Compound): boolean {
  if (c.tag && el.tagName !== c.tag) return false;
  for (const id of c.ids) if (el.attribs.id !== id) return false;
  if (c.classes.length) {
    if (el.attribs.class === undefined) return false;
    const words = el.classWords();
    for (const cls of c.classes) if (!words.includes(cls)) return false;
  }
  for (const a of c.attrs) if (!matchAttr(el.attribs[a.name], a)) return false;
  for (const n of c.not) if (matches(el, n, null)) return false;
  for (const p of c.pseudo) {
    const siblings = el.parentNode?.childNodes.filter((n) => n.nodeType === 1) ?? [el];
    if (siblings[p === 'first-child' ? 0 : siblings.length - 1] !== el) return false;
  }
  return true;
}

/** The last value lower-cased: a list of `i` tests asks for the same class value many times in a row. */
let lastRaw = '';
let lastLower = '';

function lowered(raw: string): string {
  if (raw !== lastRaw) {
    lastRaw = raw;
    lastLower = raw.toLowerCase();
  }
  return lastLower;
}

function matchAttr(raw: string | undefined, a: AttrTest): boolean {
  if (raw === undefined) return false;
  const v = a.fold ? lowered(raw) : raw;
  switch (a.op) {
    case '':
      return true;
    case '=':
      return v === a.value;
    case '~=':
      return a.value !== '' && v.split(/\s+/).includes(a.value);
    case '|=':
      return v === a.value || v.startsWith(`${a.value}-`);
    case '^=':
      return a.value !== '' && v.startsWith(a.value);
    case '$=':
      return a.value !== '' && v.endsWith(a.value);
    default:
      return a.value !== '' && v.includes(a.value);
  }
}
