import { isAscii } from 'node:buffer';
import iconv from 'iconv-lite';

/**
 * Text decoding of fetched bodies. Evidence in the WHATWG order (BOM, HTTP Content-Type charset,
 * XML declaration, `<meta charset>` / `<meta http-equiv=content-type>`), each believed only when
 * the bytes are valid in it; else the charset is sniffed (see {@link sniffCharset}).
 */

const CHARSET_PARAM_RE = /;\s*charset\s*=\s*["']?([^"';\s]+)/i;
const META_CHARSET_RE = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/gi;
const XML_DECL_RE = /^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/;
const COMMENT_RE = /<!--[\s\S]*?(?:-->|$)/g;
const XML_START_RE = /^\s*<\?xml\b/i;
const HTML_START_RE = /^\s*(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b/i;
/** How far into the body to look for a declaration (WHATWG says 1024; real pages need more). */
const PRESCAN_BYTES = 4096;
const UTF8 = 'utf-8';
/** How much more plausible (per non-ASCII character) a sniffed charset must be to overrule a label. */
const OVERRULE_MARGIN = 1;
/** A UTF-16 label inside the document cannot be right: it was read as ASCII to find it. */
const SELF_DECLARED_UTF16 = new Set(['utf-16le', 'utf-16be']);

const BOMS: { bytes: number[]; charset: string }[] = [
  { bytes: [0xef, 0xbb, 0xbf], charset: 'utf-8' },
  { bytes: [0x00, 0x00, 0xfe, 0xff], charset: 'utf-32be' },
  { bytes: [0xff, 0xfe, 0x00, 0x00], charset: 'utf-32le' },
  { bytes: [0xfe, 0xff], charset: 'utf-16be' },
  { bytes: [0xff, 0xfe], charset: 'utf-16le' },
];

/** Where the charset came from, best evidence first. */
export type CharsetSource = 'bom' | 'header' | 'meta' | 'xml' | 'default' | 'heuristic';

export interface Decoded {
  text: string;
  /** Lower-case WHATWG name, e.g. `utf-8`, `windows-1252`, `shift_jis`. */
  charset: string;
  source: CharsetSource;
}

/** The media type of a Content-Type value, lower-case, without parameters; `''` when absent. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
}

/** A media type for a body served without one, from its first bytes. */
export function sniffMediaType(bytes: Uint8Array): string {
  const head = latin1(bytes, 512);
  if (XML_START_RE.test(head)) return 'application/xml';
  if (HTML_START_RE.test(head)) return 'text/html';
  return 'application/octet-stream';
}

/**
 * Resolves a label to its WHATWG name (`latin1`, `iso-8859-1` → `windows-1252`, `gb2312` → `gbk`),
 * or undefined when neither TextDecoder nor iconv-lite knows it.
 */
export function canonicalCharset(label: string): string | undefined {
  const trimmed = label.trim().toLowerCase();
  try {
    return new TextDecoder(trimmed).encoding;
  } catch {
    return iconv.encodingExists(trimmed) ? trimmed : undefined;
  }
}

/**
 * Decodes a body; `contentType` is the raw header value. A BOM is trusted; a declared charset
 * (header, then XML declaration, then `<meta>`) only when the bytes are valid in it: UTF-8 must
 * decode strictly, a multi-byte charset without replacement characters, and a single-byte one
 * must be plausible (valid UTF-8 with non-ASCII sequences always wins over a single-byte label,
 * and a label whose text scores far below another candidate's is overruled). Otherwise the
 * charset is sniffed: UTF-16/32 from NUL patterns, then UTF-8 validity, then the candidate whose
 * text is most plausible ({@link sniffCharset}).
 */
export function decodeBody(bytes: Uint8Array, contentType: string | undefined): Decoded {
  const bom = BOMS.find((b) => b.bytes.every((v, i) => bytes[i] === v));
  if (bom)
    return {
      text: decodeWith(bytes.subarray(bom.bytes.length), bom.charset),
      charset: bom.charset,
      source: 'bom',
    };
  const wide = wideCharset(bytes);
  if (wide) return { text: decodeWith(bytes, wide), charset: wide, source: 'heuristic' };
  const declared = declaredCharsets(bytes, contentType);
  const highBytes = hasHighBytes(bytes);
  const utf8 = strictUtf8(bytes);
  const sniffed = (): { charset: string; source: CharsetSource } =>
    utf8 !== undefined
      ? { charset: UTF8, source: declared.length ? 'heuristic' : 'default' }
      : { charset: sniffCharset(bytes), source: 'heuristic' };
  let choice: { charset: string; source: CharsetSource } | undefined;
  for (const d of declared) {
    if (acceptable(bytes, d.charset, highBytes, utf8 !== undefined)) {
      choice = d;
      break;
    }
  }
  choice ??= sniffed();
  if (choice.charset === UTF8 && utf8 !== undefined) return { text: utf8, ...choice };
  return { text: decodeWith(bytes, choice.charset), ...choice };
}

/** Whether the bytes can honestly be read in a declared charset. */
function acceptable(bytes: Uint8Array, charset: string, highBytes: boolean, validUtf8: boolean): boolean {
  if (WIDE.has(charset)) return false; // a wide charset without its NUL pattern or BOM
  if (!highBytes) return !STATEFUL_7BIT.has(charset) || !decodeWith(bytes, charset).includes(REPLACEMENT);
  if (charset === UTF8) return validUtf8;
  if (validUtf8) return false;
  if (MULTI_BYTE.has(charset)) return !decodeWith(sample(bytes), charset).includes(REPLACEMENT);
  const own = plausibility(decodeWith(sample(bytes), charset));
  const best = sniffCharset(bytes);
  return best === charset || plausibility(decodeWith(sample(bytes), best)) <= own + OVERRULE_MARGIN;
}

/** Every charset the header or the document declares that we can decode, best evidence first. */
export function declaredCharsets(
  bytes: Uint8Array,
  contentType: string | undefined,
): { charset: string; source: CharsetSource }[] {
  const out: { charset: string; source: CharsetSource }[] = [];
  const add = (charset: string | undefined, source: CharsetSource): void => {
    if (charset && !out.some((d) => d.charset === charset)) out.push({ charset, source });
  };
  const fromHeader = CHARSET_PARAM_RE.exec(contentType ?? '')?.[1];
  add(fromHeader ? canonicalCharset(fromHeader) : undefined, 'header');
  const head = latin1(bytes, PRESCAN_BYTES);
  const xml = XML_DECL_RE.exec(head)?.[1];
  add(xml ? selfDeclared(xml) : undefined, 'xml');
  for (const match of head.replace(COMMENT_RE, '').matchAll(META_CHARSET_RE)) {
    add(match[1] ? selfDeclared(match[1]) : undefined, 'meta');
  }
  return out;
}

/** The charset the header or the document declares, if any that we can decode. */
export function declaredCharset(
  bytes: Uint8Array,
  contentType: string | undefined,
): { charset: string; source: CharsetSource } | undefined {
  return declaredCharsets(bytes, contentType)[0];
}

function selfDeclared(label: string): string | undefined {
  const charset = canonicalCharset(label);
  return charset && SELF_DECLARED_UTF16.has(charset) ? UTF8 : charset;
}

function latin1(bytes: Uint8Array, max: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, max)).toString('latin1');
}

/**
 * iconv-lite first: Node's TextDecoder decodes windows-1252 as ISO-8859-1 (0x80–0x9F become C1
 * controls instead of € “ ” …). TextDecoder covers what iconv-lite lacks (e.g. iso-2022-jp).
 */
function decodeWith(bytes: Uint8Array, charset: string): string {
  if (charset !== UTF8 && iconv.encodingExists(charset)) return iconv.decode(Buffer.from(bytes), charset);
  return new TextDecoder(charset).decode(bytes);
}

// ---- sniffing ----

const REPLACEMENT = '\ufffd';
/** Bytes scored when sniffing: enough text for a verdict, bounded cost on large feeds. */
const SAMPLE_BYTES = 64 * 1024;
const WIDE = new Set(['utf-16le', 'utf-16be', 'utf-32le', 'utf-32be']);
const STATEFUL_7BIT = new Set(['iso-2022-jp', 'iso-2022-kr', 'iso-2022-cn', 'utf-7', 'hz-gb-2312']);
const MULTI_BYTE = new Set(['shift_jis', 'euc-jp', 'gbk', 'gb18030', 'gb2312', 'big5', 'euc-kr', 'cp949']);
/**
 * Candidates for bytes that are not UTF-8, in order of prior likelihood (a tie goes to the first):
 * the Western default, the other windows-125x, ISO-8859-x variants that differ from them, KOI8-R,
 * and the CJK multi-byte charsets.
 */
const CANDIDATES = [
  'windows-1252',
  'windows-1251',
  'windows-1250',
  'koi8-r',
  'shift_jis',
  'euc-jp',
  'gb18030',
  'big5',
  'euc-kr',
  'windows-1253',
  'windows-1254',
  'windows-1257',
  'iso-8859-2',
  'iso-8859-5',
  'iso-8859-7',
  'windows-1255',
  'windows-1256',
  'windows-874',
];

/** The bytes' UTF-8 text when they are strictly valid UTF-8. */
function strictUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder(UTF8, { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** Whether any byte is non-ASCII (node:buffer's isAscii scans natively; a JS loop cost ~0.1 ms per page). */
function hasHighBytes(bytes: Uint8Array): boolean {
  return !isAscii(bytes);
}

function sample(bytes: Uint8Array): Uint8Array {
  return bytes.byteLength > SAMPLE_BYTES ? bytes.subarray(0, SAMPLE_BYTES) : bytes;
}

/**
 * UTF-16/32 without a BOM, from where the NULs of ASCII characters fall in the first bytes: text
 * markup is mostly ASCII, so one byte in two (UTF-16) or three in four (UTF-32) is NUL, on one side.
 */
function wideCharset(bytes: Uint8Array): string | undefined {
  const n = Math.min(bytes.byteLength, 512) & ~3;
  if (n < 8) return undefined;
  const nul = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) if (bytes[i] === 0) nul[i % 4] = (nul[i % 4] ?? 0) + 1;
  const q = n / 4;
  const [a = 0, b = 0, c = 0, d = 0] = nul;
  const high = (v: number): boolean => v > q * 0.7;
  const low = (v: number): boolean => v < q * 0.3;
  if (low(a) && high(b) && high(c) && high(d)) return 'utf-32le';
  if (high(a) && high(b) && high(c) && low(d)) return 'utf-32be';
  if (low(a) && high(b) && low(c) && high(d)) return 'utf-16le';
  if (high(a) && low(b) && high(c) && low(d)) return 'utf-16be';
  return undefined;
}

type Cls = 'latin' | 'cyrillic' | 'greek' | 'kana' | 'han' | 'hangul' | 'other';
const LATIN_RE = /\p{Script=Latin}/u;
const CYRILLIC_RE = /\p{Script=Cyrillic}/u;
const GREEK_RE = /\p{Script=Greek}/u;
const KANA_RE = /[\p{Script=Hiragana}\p{Script=Katakana}\u30fc]/u;
const HAN_RE = /\p{Script=Han}/u;
const HANGUL_RE = /\p{Script=Hangul}/u;
const LETTER_RE = /\p{L}/u;
const UPPER_RE = /\p{Lu}/u;
const LOWER_RE = /\p{Ll}/u;
const BAD_RE = /[\p{Cc}\p{Co}\p{Cn}\ufffd]/u;
const TEXT_WS = new Set([9, 10, 13]);
/** Half-width katakana: rare in real text, common when other bytes are read as Shift_JIS. */
const HALFWIDTH_KANA_RE = /[\uff61-\uff9f]/u;
const SYMBOL_RE = /[\p{S}\p{P}]/u;

function scriptOf(ch: string): Cls {
  if (LATIN_RE.test(ch)) return 'latin';
  if (CYRILLIC_RE.test(ch)) return 'cyrillic';
  if (GREEK_RE.test(ch)) return 'greek';
  if (KANA_RE.test(ch)) return 'kana';
  if (HAN_RE.test(ch)) return 'han';
  if (HANGUL_RE.test(ch)) return 'hangul';
  return 'other';
}

/**
 * How plausible a decoded text is as human writing, per non-ASCII character (higher is better):
 * letters count for, and more so when they sit beside letters of their own script, and so do
 * symbols and punctuation outside words; replacement
 * characters, C1 and other controls, private-use and unassigned code points count heavily
 * against; so do the marks of mis-decoding: scripts mixed inside a word, a capital after a small
 * letter (and, a little, after another capital: real text is mostly small letters), half-width
 * katakana, a symbol between two letters, and runs of accented Latin letters with no ASCII ones
 * (Cyrillic or Greek bytes read as Latin). Kana count for a little extra (Japanese against the
 * Chinese reading of the same bytes). 0 for pure ASCII.
 */
export function plausibility(text: string): number {
  let score = 0;
  let count = 0;
  let prev = SPACE;
  let cur = SPACE;
  let i = 0;
  const next = (): CharInfo => {
    if (i >= text.length) return SPACE;
    const cp = text.codePointAt(i) as number;
    i += cp > 0xffff ? 2 : 1;
    return info(cp);
  };
  let ahead = next();
  while (ahead !== SPACE || i < text.length) {
    prev = cur;
    cur = ahead;
    ahead = next();
    if (cur.ascii) continue;
    count++;
    if (cur.bad) {
      score -= 10;
      continue;
    }
    if (cur.halfKana) {
      score -= 1;
      continue;
    }
    if (cur.script !== undefined) {
      score += cur.script === 'kana' ? 2 : prev.script !== undefined || ahead.script !== undefined ? 1 : 0.5;
      if (prev.script !== undefined) {
        const ps = prev.script;
        const cjk = (ps === 'han' || ps === 'kana') && (cur.script === 'han' || cur.script === 'kana');
        if (ps !== cur.script && !cjk) score -= 3;
        else if (cur.upper) score -= prev.lower ? 2 : 0.5;
      }
      if (
        cur.script === 'latin' &&
        !prev.ascii &&
        !ahead.ascii &&
        prev.script === 'latin' &&
        ahead.script === 'latin'
      )
        score -= 1.5;
    } else if (cur.symbol) {
      score += prev.script !== undefined && ahead.script !== undefined ? -3 : 1;
    }
  }
  return count === 0 ? 0 : score / count;
}

/** What the plausibility score needs to know of a character; `script` is set for letters only. */
interface CharInfo {
  ascii: boolean;
  bad: boolean;
  halfKana: boolean;
  script?: Cls;
  upper: boolean;
  lower: boolean;
  symbol: boolean;
}

const SPACE: CharInfo = {
  ascii: true,
  bad: false,
  halfKana: false,
  upper: false,
  lower: false,
  symbol: false,
};
const INFO = new Map<number, CharInfo>();

function info(cp: number): CharInfo {
  let known = INFO.get(cp);
  if (known) return known;
  const ch = String.fromCodePoint(cp);
  const printableAscii = (cp >= 0x20 && cp < 0x7f) || TEXT_WS.has(cp);
  const letter = LETTER_RE.test(ch);
  known = {
    ascii: printableAscii,
    bad: !printableAscii && BAD_RE.test(ch),
    halfKana: HALFWIDTH_KANA_RE.test(ch),
    upper: UPPER_RE.test(ch),
    lower: LOWER_RE.test(ch),
    symbol: SYMBOL_RE.test(ch),
  };
  if (letter) known.script = scriptOf(ch);
  INFO.set(cp, known);
  return known;
}

/**
 * The most plausible charset for bytes that are not valid UTF-8 (or for which no declaration
 * held): each candidate decodes a sample and the best {@link plausibility} wins, ties to the
 * earlier (more common) candidate.
 */
export function sniffCharset(bytes: Uint8Array): string {
  const part = sample(bytes);
  let best = CANDIDATES[0] as string;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const charset of CANDIDATES) {
    const score = plausibility(decodeWith(part, charset));
    if (score > bestScore + 1e-9) {
      best = charset;
      bestScore = score;
    }
  }
  return best;
}
