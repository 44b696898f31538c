/** Cleaning author names as pages give them: "By Jane Doe", profile URLs, trailing dates. */
import { collapseWhitespace } from './text.js';

const BY_PREFIX =
  /^(?:(?:written|words|story|reporting|text|posted)\s+)?(?:(?:by|von|par|por|di|door|av|af)\s*:?\s+|By(?=\p{Lu})|(?:author|autor|auteur|autore)\s*:\s*|(?:著者|作者|筆者|投稿者|記者)\s*[:：]?\s*)/iu;
/** A trailing parenthesis ("(Bruxelles, bureau européen)") is a place or role, not the name. */
const TRAILING_PAREN = /\s*\([^()]*\)\s*$/;
const URL_LIKE = /(?:https?:\/\/|www\.|\/\/|\.(?:com|org|net|html?)\b)/i;
const TRAILING_META =
  /\s*(?:[|\u2022\u00b7,]\s*)?(?:last\s+)?(?:updated|published|posted|modified|aktualisiert|veröffentlicht)\b.*$/i;
const TRAILING_DATE =
  /\s*[|\u2022\u00b7,]?\s*(?:\d{1,2}(?:st|nd|rd|th)?\.?\s+\w+,?\s+\d{4}|\w+\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4}).*$/;
const TRAILING_ON =
  /\s+(?:on|am|le|el|il)\s+(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|\d).*$/i;
const HANDLE = /\s*@\w+/g;
const MAX_BYLINE_CHARS = 120;
const LETTER = /\p{L}/u;

/** A readable byline, or undefined when the value is a URL, too long, or has no name in it. */
export function cleanByline(raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  let s = collapseWhitespace(raw);
  if (URL_LIKE.test(s)) return undefined;
  s = s
    .replace(BY_PREFIX, '')
    .replace(TRAILING_META, '')
    .replace(TRAILING_ON, '')
    .replace(TRAILING_DATE, '')
    .replace(HANDLE, '')
    .replace(TRAILING_PAREN, '');
  s = collapseWhitespace(s).replace(/^[,|:;\-\s]+|[,|:;\-\s]+$/g, '');
  if (!s || s.length > MAX_BYLINE_CHARS || !LETTER.test(s)) return undefined;
  return s;
}

/** Several names as one byline, duplicates (by case) removed. */
export function joinNames(list: string[]): string | undefined {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const n of list) {
    const c = cleanByline(n);
    if (c && !seen.has(c.toLowerCase())) {
      seen.add(c.toLowerCase());
      out.push(c);
    }
  }
  return out.length ? out.join(', ') : undefined;
}
