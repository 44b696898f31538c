/** Parsing HTML into a linkedom Document that always has html, head and body. */
import { DOMParser } from 'linkedom';

/** Inputs beyond this many characters are cut: a news page is far smaller, pathological input is not. */
export const MAX_INPUT_CHARS = 5_000_000;

const HTML_TAG =
  /<\s*(!doctype\s+html|html|head|body|meta|title|div|p|article|main|section|span|a|h[1-6]|script|link|table|img)\b/i;
const HAS_HTML_ROOT = /<html[\s>]/i;
const HEAD_ONLY = new Set(['META', 'TITLE', 'LINK', 'BASE']);
const SNIFF_CHARS = 4096;

/** True when the input looks like an HTML document rather than JSON, plain text or binary data. */
export function looksLikeHtml(input: string): boolean {
  const head = input.slice(0, SNIFF_CHARS);
  const controls = countControlChars(head);
  if (controls > head.length / 100 + 2) return false;
  const start = head.trimStart();
  if ((start.startsWith('{') || start.startsWith('[')) && isJson(input)) return false;
  if (start.startsWith('%PDF')) return false;
  return HTML_TAG.test(input.slice(0, 200_000));
}

/** C0 control characters other than tab, newline, form feed and carriage return: binary data. */
function countControlChars(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 9 || (c > 13 && c < 32)) n++;
  }
  return n;
}

function isJson(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}

/**
 * Parses HTML with linkedom. linkedom builds no implied html/head/body and leaves stray nodes
 * outside them, so the tree is normalised here: head-only elements go to head, the rest to body.
 */
export function parseHtml(html: string): Document {
  const source = HAS_HTML_ROOT.test(html.slice(0, 100_000))
    ? html
    : `<!DOCTYPE html><html><head></head><body>${html}</body></html>`;
  const doc = new DOMParser().parseFromString(source, 'text/html') as unknown as Document;
  normalize(doc);
  return doc;
}

function normalize(doc: Document): void {
  const root = doc.documentElement;
  let head = childByTag(root, 'HEAD');
  let body = childByTag(root, 'BODY');
  if (!head) {
    head = doc.createElement('head');
    root.insertBefore(head, root.firstChild);
  }
  if (!body) {
    body = doc.createElement('body');
    root.appendChild(body);
  }
  const strays: Node[] = Array.from(root.childNodes).filter((n) => n !== head && n !== body);
  // Content after </html> lands beside the root in linkedom.
  for (const n of Array.from(doc.childNodes)) if (n !== root && n.nodeType === 1) strays.push(n);
  for (const n of strays) {
    if (n.nodeType === 1 && HEAD_ONLY.has((n as Element).tagName)) head.appendChild(n);
    else if (n.nodeType === 1 || (n.nodeType === 3 && n.textContent?.trim())) body.appendChild(n);
  }
}

function childByTag(el: Element, tag: string): Element | undefined {
  for (const c of Array.from(el.children)) if (c.tagName === tag) return c;
  return undefined;
}
