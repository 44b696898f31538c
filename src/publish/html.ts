/**
 * The one way HTML is built in publish: a tagged template that escapes every interpolation unless it
 * is already `SafeHtml`. Everything from the web is untrusted, so nothing reaches markup as a raw string.
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const ESCAPE_RE = /[&<>"']/g;
/** C0 controls (but tab, LF, CR), DEL and U+FFFE/U+FFFF are invalid in HTML and XML text; drop them rather than escape. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_RE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/g;
const SAFE_PROTOCOLS = new Set(['http:', 'https:']);

/** Markup that is known to be safe: built by `html` or explicitly trusted with `raw`. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Escapes `& < > " '` and drops control characters; safe in text and in double- or single-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(CONTROL_RE, '').replace(ESCAPE_RE, (c) => ESCAPES[c] ?? c);
}

/** Marks a trusted string (our own markup, never web data) as safe. */
export function raw(trusted: string): SafeHtml {
  return new SafeHtml(trusted);
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/**
 * Tagged template: `html\`<p>${text}</p>\``. Interpolations are escaped unless they are `SafeHtml`;
 * arrays are rendered item by item; `null`, `undefined` and `false` render as nothing.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return new SafeHtml(out);
}

/** Joins fragments with a separator (itself escaped unless safe). */
export function join(parts: readonly unknown[], separator: unknown = ''): SafeHtml {
  return new SafeHtml(parts.map(render).join(render(separator)));
}

/**
 * Returns the normalised URL when it is absolute http(s), else undefined. Relative URLs, `javascript:`,
 * `data:`, `vbscript:` and anything unparsable are refused, so callers fall back to text or a placeholder.
 */
export function safeUrl(url: unknown): string | undefined {
  if (typeof url !== 'string' || url.trim() === '') return undefined;
  try {
    const parsed = new URL(url.trim());
    return SAFE_PROTOCOLS.has(parsed.protocol) && parsed.hostname !== '' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * An external link with no opener or referrer of its own, for markup read outside the site's pages
 * (feed entries); plain (escaped) text when the URL is not http(s). Pages use `outletLink`.
 */
export function externalLink(url: unknown, text: unknown, className?: string): SafeHtml {
  const href = safeUrl(url);
  const cls = className ? html` class="${className}"` : '';
  if (href === undefined) return html`<span${cls}>${text}</span>`;
  return html`<a${cls} href="${href}" rel="noopener noreferrer" referrerpolicy="no-referrer">${text}</a>`;
}

/**
 * A link to an outlet from one of the site's pages; plain (escaped) text when the URL is not http(s).
 * It needs no attributes of its own: every page says `<meta name="referrer" content="no-referrer">`
 * (and `daybrief serve` sends `Referrer-Policy: no-referrer`), which covers each of its links, and a
 * link opened in the same tab gives the outlet no `window.opener` to guard against.
 */
export function outletLink(url: unknown, text: unknown): SafeHtml {
  const href = safeUrl(url);
  return href === undefined ? html`${text}` : html`<a href="${href}">${text}</a>`;
}
