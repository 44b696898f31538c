/** Telling HTML input from other data before it is parsed. */

/** Inputs beyond this many characters are cut: a news page is far smaller, pathological input is not. */
export const MAX_INPUT_CHARS = 5_000_000;

const HTML_TAG =
  /<\s*(!doctype\s+html|html|head|body|meta|title|div|p|article|main|section|span|a|h[1-6]|script|link|table|img)\b/i;
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
