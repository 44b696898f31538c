import iconv from 'iconv-lite';

/**
 * Text decoding of fetched bodies, after the WHATWG encoding-sniffing order: BOM, then the HTTP
 * Content-Type charset, then what the document says of itself (`<meta charset>`,
 * `<meta http-equiv=content-type>`, or an XML declaration), then UTF-8, with windows-1252 when
 * nothing was declared and the bytes are not valid UTF-8 (old sites that never said).
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
const FALLBACK = 'windows-1252';
/** A UTF-16 label inside the document cannot be right: it was read as ASCII to find it. */
const SELF_DECLARED_UTF16 = new Set(['utf-16le', 'utf-16be']);

const BOMS: { bytes: number[]; charset: string }[] = [
  { bytes: [0xef, 0xbb, 0xbf], charset: 'utf-8' },
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

/** Decodes a body; `contentType` is the raw header value. */
export function decodeBody(bytes: Uint8Array, contentType: string | undefined): Decoded {
  const bom = BOMS.find((b) => b.bytes.every((v, i) => bytes[i] === v));
  if (bom)
    return {
      text: decodeWith(bytes.subarray(bom.bytes.length), bom.charset),
      charset: bom.charset,
      source: 'bom',
    };
  const declared = declaredCharset(bytes, contentType);
  if (declared) return { text: decodeWith(bytes, declared.charset), ...declared };
  try {
    return { text: new TextDecoder(UTF8, { fatal: true }).decode(bytes), charset: UTF8, source: 'default' };
  } catch {
    return { text: decodeWith(bytes, FALLBACK), charset: FALLBACK, source: 'heuristic' };
  }
}

/** The charset the header or the document declares, if any that we can decode. */
export function declaredCharset(
  bytes: Uint8Array,
  contentType: string | undefined,
): { charset: string; source: CharsetSource } | undefined {
  const fromHeader = CHARSET_PARAM_RE.exec(contentType ?? '')?.[1];
  const headerCharset = fromHeader ? canonicalCharset(fromHeader) : undefined;
  if (headerCharset) return { charset: headerCharset, source: 'header' };
  const head = latin1(bytes, PRESCAN_BYTES);
  const xml = XML_DECL_RE.exec(head)?.[1];
  const xmlCharset = xml ? selfDeclared(xml) : undefined;
  if (xmlCharset) return { charset: xmlCharset, source: 'xml' };
  for (const match of head.replace(COMMENT_RE, '').matchAll(META_CHARSET_RE)) {
    const metaCharset = match[1] ? selfDeclared(match[1]) : undefined;
    if (metaCharset) return { charset: metaCharset, source: 'meta' };
  }
  return undefined;
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
