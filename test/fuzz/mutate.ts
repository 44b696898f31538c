/**
 * A small mutation fuzzer: a seeded PRNG and byte- and token-level mutations of text and bytes
 * (truncate, splice, duplicate, insert tags, entities, NULs, huge attributes, deep nesting, flip the
 * declared charset, invalid UTF-8, BOMs, lone surrogates). Every case is a pure function of
 * (seed, case number), so a failing or hanging case can be regenerated from its number alone.
 */

/** A PRNG (mulberry32) with the helpers the mutators need. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** A uniform float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  /** An integer in [0, n) biased to small values (log-uniform: half the mass below about √n). */
  small(n: number): number {
    return Math.max(0, Math.min(n - 1, Math.floor((n + 1) ** this.next()) - 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** The PRNG of case `i` of a run seeded with `seed`. */
export function caseRng(seed: number, i: number): Rng {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ i, 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return new Rng((h ^ (h >>> 16)) >>> 0);
}

const TAGS = [
  '<div>',
  '</div>',
  '<p>',
  '</p>',
  '<br>',
  '<script>',
  '</script>',
  '<style>',
  '<!--',
  '-->',
  '<![CDATA[',
  ']]>',
  '<?xml version="1.0"?>',
  '<!DOCTYPE html>',
  '<a href="',
  '<a href="javascript:alert(1)">x</a>',
  '<img src=x onerror=alert(1)>',
  '<svg><foreignObject><p>',
  '<math><mi>',
  '<table><tr><td>',
  '<template>',
  '<noscript>',
  '<iframe srcdoc="<p>',
  '<article>',
  '<h1>',
  '<meta charset="',
  '<meta property="og:title" content="',
  '<script type="application/ld+json">{"@type":"NewsArticle","headline":',
  '<title>',
  '</title>',
  '<time datetime="',
  '<item>',
  '</item>',
  '<entry>',
  '<link>',
  '<rss version="2.0"><channel>',
  '<feed xmlns="http://www.w3.org/2005/Atom">',
  '<rdf:RDF>',
  '<![CDATA[<b>]]>',
  '<',
  '>',
  '/>',
  '"',
  "'",
  '=',
];

const ENTITIES = [
  '&amp;',
  '&lt;',
  '&gt;',
  '&quot;',
  '&nbsp;',
  '&nbsp',
  '&#0;',
  '&#x0;',
  '&#xD800;',
  '&#x110000;',
  '&#99999999999999;',
  '&#x;',
  '&#;',
  '&unknown;',
  '&amp',
  '&',
  '&#128512;',
  '&#x1F600;',
  '&ThisIsNotAnEntityButItIsVeryLongIndeedAndGoesOnAndOn;',
];

const CHARSETS = [
  'utf-8',
  'UTF-8',
  'utf-16',
  'utf-16le',
  'utf-16be',
  'utf-7',
  'utf-32',
  'windows-1252',
  'iso-8859-1',
  'iso-8859-15',
  'shift_jis',
  'euc-jp',
  'iso-2022-jp',
  'gb18030',
  'gbk',
  'big5',
  'euc-kr',
  'koi8-r',
  'windows-1251',
  'x-user-defined',
  'replacement',
  'bogus',
  '',
  ' utf-8 ',
  'utf8"',
  'utf-8;q=0',
  '"',
  'a'.repeat(300),
];

const WEIRD = [
  '\u0000',
  '\u0000\u0000\u0000\u0000',
  '\uFEFF',
  '\uD800',
  '\uDFFF',
  '\uFFFD',
  '\u2028',
  '\u200B',
  '\u202E',
  '\r',
  '\r\n',
  '\t',
  '\f',
  '\u00A0',
  '\u3002',
  '\u0964',
  '...',
  '?!',
  'Mr.',
  'e.g.',
  'U.S.',
  '1.5',
  '"',
  '\u201C',
  '\u201D',
  '(',
  ')',
];

const CHARSET_DECL = /(charset\s*=\s*["']?|encoding\s*=\s*["'])([^"'\s;>]*)/gi;

/** A string mutation: returns the mutated text. */
type StringMutation = (rng: Rng, s: string, others: readonly string[]) => string;

const at = (rng: Rng, s: string) => rng.int(s.length + 1);

const STRING_MUTATIONS: StringMutation[] = [
  // truncate
  (rng, s) => s.slice(0, at(rng, s)),
  // cut off the head
  (rng, s) => s.slice(at(rng, s)),
  // delete a slice
  (rng, s) => {
    const a = at(rng, s);
    return s.slice(0, a) + s.slice(a + rng.small(s.length - a + 1));
  },
  // splice in a piece of another seed
  (rng, s, others) => {
    const o = others.length ? rng.pick(others) : s;
    const a = at(rng, o);
    const piece = o.slice(a, a + rng.small(Math.min(o.length - a, 4000) + 1));
    const p = at(rng, s);
    return s.slice(0, p) + piece + s.slice(p);
  },
  // duplicate a slice, a few or many times
  (rng, s) => {
    const a = at(rng, s);
    const piece = s.slice(a, a + rng.small(Math.min(s.length - a, 2000) + 1));
    const times = rng.chance(0.1) ? 200 + rng.int(2000) : 1 + rng.int(8);
    return s.slice(0, a) + piece.repeat(times) + s.slice(a);
  },
  // insert tags
  (rng, s) => {
    let out = s;
    for (let n = 1 + rng.int(6); n > 0; n--) {
      const p = at(rng, out);
      out = out.slice(0, p) + rng.pick(TAGS) + out.slice(p);
    }
    return out;
  },
  // insert entities
  (rng, s) => {
    let out = s;
    for (let n = 1 + rng.int(6); n > 0; n--) {
      const p = at(rng, out);
      out = out.slice(0, p) + rng.pick(ENTITIES) + out.slice(p);
    }
    return out;
  },
  // NULs, BOMs, lone surrogates, odd spaces and sentence punctuation
  (rng, s) => {
    let out = s;
    for (let n = 1 + rng.int(8); n > 0; n--) {
      const p = at(rng, out);
      out = out.slice(0, p) + rng.pick(WEIRD) + out.slice(p);
    }
    return out;
  },
  // a huge attribute
  (rng, s) => {
    const p = at(rng, s);
    const value = rng.pick(['a', ' ', '"', '&amp;', 'x y ', '\u00e9']).repeat(1000 + rng.int(200_000));
    return `${s.slice(0, p)}<div class="${value}" data-x='${value.slice(0, 1000)}'>${s.slice(p)}`;
  },
  // deep nesting
  (rng, s) => {
    const p = at(rng, s);
    const tag = rng.pick(['div', 'span', 'b', 'p', 'table', 'a', 'li', 'blockquote', 'i']);
    const depth = 100 + rng.int(rng.chance(0.2) ? 20_000 : 2000);
    return `${s.slice(0, p)}${`<${tag}>`.repeat(depth)}text${rng.chance(0.5) ? `</${tag}>`.repeat(depth) : ''}${s.slice(p)}`;
  },
  // flip the declared charset
  (rng, s) => {
    if (CHARSET_DECL.test(s)) return s.replace(CHARSET_DECL, (_, head: string) => head + rng.pick(CHARSETS));
    return `<meta charset="${rng.pick(CHARSETS)}">${s}`;
  },
  // token level: shuffle, drop or repeat tokens (tags and words)
  (rng, s) => {
    const tokens = s.match(/<[^>]*>|[^<\s]+|\s+/g) ?? [];
    if (tokens.length === 0) return s;
    for (let n = 1 + rng.int(10); n > 0; n--) {
      const i = rng.int(tokens.length);
      const j = rng.int(tokens.length);
      const op = rng.int(3);
      if (op === 0) [tokens[i], tokens[j]] = [tokens[j] as string, tokens[i] as string];
      else if (op === 1) tokens.splice(i, 1);
      else tokens.splice(i, 0, tokens[j] as string);
    }
    return tokens.join('');
  },
  // replace a character with a random code unit
  (rng, s) => {
    const p = rng.int(Math.max(1, s.length));
    return s.slice(0, p) + String.fromCharCode(rng.int(0x10000)) + s.slice(p + 1);
  },
];

/** Applies one to four mutations to `s`, each possibly drawing on `others`. */
export function mutateString(rng: Rng, s: string, others: readonly string[] = []): string {
  let out = s;
  for (let n = 1 + rng.small(4); n > 0; n--) out = rng.pick(STRING_MUTATIONS)(rng, out, others);
  return out;
}

const BOMS = [
  [0xef, 0xbb, 0xbf],
  [0xff, 0xfe],
  [0xfe, 0xff],
  [0xff, 0xfe, 0x00, 0x00],
  [0x2b, 0x2f, 0x76],
];
const INVALID_UTF8 = [
  [0x80],
  [0xc0, 0xaf],
  [0xe0, 0x80, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xff],
  [0xc3],
  [0xf0, 0x9f, 0x98],
];

/** Applies one to four byte-level mutations: flips, invalid UTF-8, BOMs, truncation, text mutations. */
export function mutateBytes(rng: Rng, bytes: Uint8Array, others: readonly Uint8Array[] = []): Uint8Array {
  let out = Buffer.from(bytes);
  for (let n = 1 + rng.small(4); n > 0; n--) {
    const op = rng.int(7);
    const p = rng.int(out.length + 1);
    if (op === 0 && out.length > 0) {
      for (let k = 1 + rng.int(16); k > 0; k--) out[rng.int(out.length)] = rng.int(256);
    } else if (op === 1) {
      out = Buffer.concat([out.subarray(0, p), Buffer.from(rng.pick(INVALID_UTF8)), out.subarray(p)]);
    } else if (op === 2) {
      out = Buffer.concat([Buffer.from(rng.pick(BOMS)), rng.chance(0.5) ? out : out.subarray(p)]);
    } else if (op === 3) {
      out = out.subarray(0, p);
    } else if (op === 4 && others.length) {
      const o = rng.pick(others);
      const a = rng.int(o.length + 1);
      out = Buffer.concat([out.subarray(0, p), o.subarray(a, a + rng.small(4000)), out.subarray(p)]);
    } else if (op === 5) {
      // re-encode a slice as UTF-16 or with random bytes between
      const slice = out.subarray(p, p + rng.small(2000));
      const wide = Buffer.alloc(slice.length * 2);
      for (let i = 0; i < slice.length; i++) wide[i * 2 + (rng.chance(0.5) ? 0 : 1)] = slice[i] as number;
      out = Buffer.concat([out.subarray(0, p), wide, out.subarray(p + slice.length)]);
    } else {
      out = Buffer.from(mutateString(rng, out.toString('latin1')), 'latin1');
    }
  }
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** A short printable preview of an input for failure reports. */
export function preview(input: unknown, max = 300): string {
  const text =
    typeof input === 'string'
      ? input
      : input instanceof Uint8Array
        ? `bytes(${input.length}) ${Buffer.from(input.subarray(0, max)).toString('latin1')}`
        : JSON.stringify(input, (_, v) => (v instanceof Uint8Array ? `bytes(${v.length})` : v));
  const s = text ?? String(input);
  return s.length > max ? `${JSON.stringify(s.slice(0, max))}… (${s.length} chars)` : JSON.stringify(s);
}
