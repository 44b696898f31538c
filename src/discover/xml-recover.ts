/**
 * Recovery for malformed feed XML, so that a bad element costs one item, not the feed.
 * {@link repairXml} fixes what breaks a strict parser without changing what a reader sees: stray
 * control characters, bare ampersands, a DOCTYPE's internal subset, unclosed CDATA, misspelt or
 * missing end tags and a truncated end. and stray `<` that start no markup. {@link itemChunks} cuts a feed into its items (RSS/RDF
 * `<item>`, Atom `<entry>`), each wrapped in the feed's own envelope, to be parsed one by one.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: stray control characters are what it removes
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
/** `&` that starts no entity or character reference. */
const BARE_AMP = /&(?!(?:[A-Za-z_][\w.-]*|#\d+|#x[0-9A-Fa-f]+);)/g;
const DOCTYPE_SUBSET = /<!DOCTYPE\b[^[>]*\[[\s\S]*?\]\s*>/i;
const CDATA_OPEN = '<![CDATA[';
const CDATA_CLOSE = ']]>';
/** Markup tokens: comments, CDATA, PIs, declarations, and tags (the rest is text). */
const TOKEN =
  /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<\?[\s\S]*?(?:\?>|$)|<![^>]*>|<\/?([A-Za-z_][\w:.-]*)[^>]*?(\/?)>/g;
/** Markup cut off by the end of the document (a truncated end tag, `<![CD`). */
const TRUNCATED_END = /<[^>]*$/;
const ITEM_NAMES = ['item', 'entry'];

/**
 * Text between markup tokens: bare `&` escaped, control characters dropped, and any `<` escaped
 * (one that started real markup would have been a token).
 */
function fixText(segment: string): string {
  return segment.replace(CONTROL, '').replace(BARE_AMP, '&amp;').replace(/</g, '&lt;');
}

/** Closes a CDATA section left open: it ends before the next end tag. */
function closeCdata(xml: string): string {
  let out = '';
  let rest = xml;
  for (;;) {
    const open = rest.indexOf(CDATA_OPEN);
    if (open < 0) return out + rest;
    const close = rest.indexOf(CDATA_CLOSE, open + CDATA_OPEN.length);
    const nextOpen = rest.indexOf(CDATA_OPEN, open + CDATA_OPEN.length);
    if (close >= 0 && (nextOpen < 0 || close < nextOpen)) {
      out += rest.slice(0, close + CDATA_CLOSE.length);
      rest = rest.slice(close + CDATA_CLOSE.length);
      continue;
    }
    const endTag = rest.indexOf('</', open + CDATA_OPEN.length);
    const cut =
      endTag >= 0 && (nextOpen < 0 || endTag < nextOpen) ? endTag : nextOpen >= 0 ? nextOpen : rest.length;
    out += `${rest.slice(0, cut)}${CDATA_CLOSE}`;
    rest = rest.slice(cut);
  }
}

/**
 * Balances tags: an end tag naming an open element closes it (and what is open inside it); one
 * naming no open element closes the innermost (a misspelt end tag); elements left open at the
 * end are closed. Text outside markup gets {@link fixText}.
 */
function balance(xml: string): string {
  const { out, stack } = scan(xml);
  return (
    out +
    stack
      .reverse()
      .map((n) => `</${n}>`)
      .join('')
  );
}

/** The mended text and the elements still open at its end, outermost first. */
function scan(xml: string): { out: string; stack: string[] } {
  const stack: string[] = [];
  let out = '';
  let last = 0;
  for (const m of xml.matchAll(TOKEN)) {
    const at = m.index ?? 0;
    out += fixText(xml.slice(last, at));
    last = at + m[0].length;
    const name = m[1];
    if (!name) {
      out += m[0];
      continue;
    }
    const isEnd = m[0].startsWith('</');
    if (!isEnd) {
      out += fixTag(m[0]);
      if (m[2] !== '/') stack.push(name);
      continue;
    }
    const idx = stack.lastIndexOf(name);
    if (idx >= 0) {
      while (stack.length > idx + 1) out += `</${stack.pop()}>`;
      stack.pop();
      out += `</${name}>`;
    } else if (stack.length) {
      out += `</${stack.pop()}>`;
    }
  }
  out += fixText(xml.slice(last));
  return { out, stack };
}

/** Bare ampersands inside attribute values. */
function fixTag(tag: string): string {
  return tag.replace(BARE_AMP, '&amp;');
}

/** The document with the usual breakages mended (see the module comment). */
export function repairXml(xml: string): string {
  return balance(closeCdata(xml.replace(DOCTYPE_SUBSET, '')).replace(TRUNCATED_END, ''));
}

/**
 * The feed's items, each inside the envelope the feed itself opens (everything before the first
 * item, with its open elements closed after the item), ready to parse alone; undefined when the
 * document has no item or entry elements.
 */
export function itemChunks(xml: string): string[] | undefined {
  for (const name of ITEM_NAMES) {
    const start = new RegExp(`<${name}[\\s>/]`, 'g');
    const starts = [...xml.matchAll(start)].map((m) => m.index ?? 0);
    if (!starts.length) continue;
    const first = starts[0] as number;
    const { out: opener, stack } = scan(closeCdata(xml.slice(0, first).replace(DOCTYPE_SUBSET, '')));
    const closers = stack
      .reverse()
      .map((n) => `</${n}>`)
      .join('');
    const chunks: string[] = [];
    for (let i = 0; i < starts.length; i++) {
      const from = starts[i] as number;
      const to = starts[i + 1] ?? xml.length;
      let body = xml.slice(from, to);
      const end = body.lastIndexOf(`</${name}>`);
      if (end >= 0) body = body.slice(0, end + name.length + 3);
      chunks.push(`${opener}${repairXml(body)}${closers}`);
    }
    return chunks;
  }
  return undefined;
}
