/**
 * The text of an HTML fragment as a reader sees it: block elements and `<br>` end a line, so words
 * of adjacent paragraphs never run together ("end.</p><p>Next" is "end.\nNext", where textContent
 * gives "end.Next" and the shingle scorer would read one token). Script, style and template content
 * is left out. Used to turn readability-pages' expected.html into a ground-truth body.
 */
import { Parser } from 'htmlparser2';

const BLOCK = new Set(
  (
    'address article aside blockquote br caption dd details dialog div dl dt fieldset figcaption figure footer ' +
    'form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th thead tr ul'
  ).split(' '),
);
const HIDDEN = new Set(['script', 'style', 'template', 'noscript']);

export function htmlText(html: string): string {
  const parts: string[] = [];
  let hidden = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        if (HIDDEN.has(name)) hidden++;
        else if (BLOCK.has(name)) parts.push('\n');
      },
      onclosetag(name) {
        if (HIDDEN.has(name)) hidden = Math.max(0, hidden - 1);
        else if (BLOCK.has(name)) parts.push('\n');
      },
      ontext(text) {
        if (!hidden) parts.push(text);
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return parts
    .join('')
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}
