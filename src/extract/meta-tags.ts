/** The page's head as the metadata readers see it: meta tags by key, `<title>`, `<link>`, `<base>`. */
import type { LDocument } from './lightdom.js';
import { resolveHttpUrl } from './urls.js';

const MAX_ATTR_SCAN = 3_000;
const META_NAME_ATTRS = ['property', 'name', 'itemprop', 'http-equiv'];
const SPACES = /\s+/;

/** Meta tags by lower-cased property/name/itemprop/http-equiv: every content, in document order. */
export function metaMap(doc: LDocument): Map<string, string[]> {
  const map = new Map<string, string[]>();
  let scanned = 0;
  for (const el of doc.parsedElements('meta')) {
    if (++scanned > MAX_ATTR_SCAN) break;
    const a = el.attribs;
    const content = a.content ?? a.value;
    if (!content?.trim()) continue;
    for (const attr of META_NAME_ATTRS) {
      const names = a[attr];
      if (!names) continue;
      // RDFa allows several properties in one attribute: property="og:title twitter:title".
      for (const key of names.toLowerCase().split(SPACES)) {
        if (!key) continue;
        const list = map.get(key) ?? [];
        list.push(content.trim());
        map.set(key, list);
      }
    }
  }
  return map;
}

export function first(meta: Map<string, string[]>, keys: string[]): string | undefined {
  for (const k of keys) {
    const v = meta.get(k)?.[0];
    if (v) return v;
  }
  return undefined;
}

/** The URL relative links resolve against: `<base href>` (itself resolved) or the page URL. */
export function baseUrl(doc: LDocument, url: string): string {
  const base = doc.parsedElements('base').find((el) => el.attribs.href !== undefined);
  return resolveHttpUrl(base?.attribs.href, url) ?? url;
}

/** The first `<title>`'s text, as the DOM's `document.title` would start from. */
export function titleText(doc: LDocument): string | undefined {
  return doc.parsedElements('title')[0]?.textContent ?? undefined;
}

/** The href of the first `<link>` whose rel holds `rel`. */
export function linkHref(doc: LDocument, rel: string): string | undefined {
  for (const el of doc.parsedElements('link')) {
    const r = el.attribs.rel;
    if (r && el.attribs.href !== undefined && r.toLowerCase().split(SPACES).includes(rel))
      return el.attribs.href;
  }
  return undefined;
}
