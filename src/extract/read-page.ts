/** Fields read straight from tags: the page's language, canonical URL and description. */
import { isNode, type LdNode, str } from './jsonld.js';
import type { LDocument } from './lightdom.js';
import { first, linkHref } from './meta-tags.js';
import { stripTags } from './text.js';
import { resolveHttpUrl } from './urls.js';

const DESCRIPTION_KEYS = ['description', 'og:description', 'twitter:description', 'dc.description'];
const LANG_CODE = /^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/i;

export function readLang(doc: LDocument, meta: Map<string, string[]>, article?: LdNode) {
  const tries = [
    doc.documentElement.getAttribute('lang'),
    doc.documentElement.getAttribute('xml:lang'),
    first(meta, ['content-language', 'language', 'dc.language']),
    str(article?.inLanguage),
    first(meta, ['og:locale']),
  ];
  for (const t of tries) {
    const code = t?.split(',')[0]?.trim().replace(/_/g, '-');
    if (code && LANG_CODE.test(code)) return code;
  }
  return undefined;
}

export function readCanonical(doc: LDocument, meta: Map<string, string[]>, base: string) {
  const href = linkHref(doc, 'canonical') ?? first(meta, ['og:url']);
  return resolveHttpUrl(href, base);
}

export function readDescription(meta: Map<string, string[]>, article?: LdNode) {
  const raw = first(meta, DESCRIPTION_KEYS) ?? (isNode(article) ? str(article.description) : undefined);
  const text = raw ? stripTags(raw) : '';
  return text || undefined;
}
