/** Reading schema.org JSON-LD blocks: every node flattened, the article node picked, references resolved. */

import { type LDocument, parseLight } from './lightdom.js';

/** A JSON-LD node: an object as parsed, never trusted. */
export type LdNode = Record<string, unknown>;

const LD_TYPE = /^application\/ld\+json\b/i;
const WRAPPERS = /^\s*(?:<!--|\/\*\s*<!\[CDATA\[\s*\*\/|<!\[CDATA\[)|(?:-->|\/\*\s*\]\]>\s*\*\/|\]\]>)\s*$/g;
const MAX_NODES = 2_000;
/** Article types, best first: a NewsArticle beats a WebPage that merely has a headline. */
const ARTICLE_TYPES = [
  /^(News|Reportage|Analysis|Opinion|Review|Background|Report|Satirical|AskPublicMedia)?NewsArticle$/,
  /^(Article|ScholarlyArticle|TechArticle|Report)$/,
  /^(BlogPosting|LiveBlogPosting|SocialMediaPosting|DiscussionForumPosting|Blog)$/,
  /^(WebPage|ItemPage|CreativeWork)$/,
];

/** All JSON-LD nodes of the document, flattened through arrays, `@graph` and nesting. */
export function readJsonLd(doc: LDocument): LdNode[] {
  const nodes: LdNode[] = [];
  for (const script of doc.parsedElements('script')) {
    const type = script.attribs.type ?? '';
    if (!LD_TYPE.test(type.trim())) continue;
    const data = parseLenient(script.textContent ?? '');
    if (data !== undefined) collect(data, nodes, 0);
  }
  return nodes;
}

function parseLenient(text: string): unknown {
  const cleaned = text.replace(WRAPPERS, '').trim();
  if (!cleaned) return undefined;
  try {
    return JSON.parse(cleaned, decodeStrings);
  } catch {
    // Raw newlines and tabs inside strings are the most common fault of hand-built JSON-LD.
    try {
      return JSON.parse(cleaned.replace(/[\n\r\t]+/g, ' '), decodeStrings);
    } catch {
      return undefined;
    }
  }
}

/** An HTML character reference: `&apos;`, `&#8217;`, `&#x2019;`. */
const ENTITY = /&(?:#\d{1,7}|#x[\da-f]{1,6}|[a-z][a-z\d]{1,31});/i;

/**
 * JSON-LD strings escaped for HTML a second time ("Keepers&apos; cottages") read as text. Only
 * references are decoded: a `<` stays a `<`, so markup in a value is still seen as markup.
 */
function decodeStrings(key: string, value: unknown): unknown {
  // articleBody may hold markup: ldbody.ts reads it through the parser, which decodes it once.
  if (typeof value !== 'string' || key === 'articleBody' || !ENTITY.test(value)) return value;
  return parseLight(`<body>${value.replace(/</g, '&lt;')}</body>`).body.textContent;
}

function collect(value: unknown, out: LdNode[], depth: number): void {
  if (depth > 8 || out.length >= MAX_NODES) return;
  if (Array.isArray(value)) {
    for (const v of value) collect(v, out, depth + 1);
    return;
  }
  if (!isNode(value)) return;
  if (value['@type'] !== undefined || value['@id'] !== undefined) out.push(value);
  if (value['@graph'] !== undefined) collect(value['@graph'], out, depth + 1);
  // mainEntity and hasPart hold articles on some pages (a WebPage whose mainEntity is the story).
  for (const key of ['mainEntity', 'mainEntityOfPage', 'hasPart', 'itemListElement', 'item']) {
    const v = value[key];
    if (isNode(v) || Array.isArray(v)) collect(v, out, depth + 1);
  }
}

/** True for a plain object. */
export function isNode(v: unknown): v is LdNode {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The node's types as strings (`@type` may be a string or an array, with or without a schema.org prefix). */
export function typesOf(node: LdNode): string[] {
  const t = node['@type'];
  const list = Array.isArray(t) ? t : [t];
  return list
    .filter((x): x is string => typeof x === 'string')
    .map((x) => x.replace(/^https?:\/\/schema\.org\//, ''));
}

/** The node that describes the article: the best-ranked article type, then the first with a headline. */
export function pickArticle(nodes: LdNode[]): LdNode | undefined {
  for (const re of ARTICLE_TYPES) {
    const hit = nodes.find(
      (n) => typesOf(n).some((t) => re.test(t)) && (re !== ARTICLE_TYPES[3] || n.headline),
    );
    if (hit) return hit;
  }
  return nodes.find((n) => typeof n.headline === 'string');
}

/** Follows an `{"@id": …}` reference to the full node, when the graph has one. */
export function deref(value: unknown, nodes: LdNode[]): unknown {
  if (!isNode(value)) return value;
  const id = value['@id'];
  if (typeof id !== 'string' || Object.keys(value).length > 1) return value;
  return nodes.find((n) => n !== value && n['@id'] === id && Object.keys(n).length > 1) ?? value;
}

/** A string field, or the first string of an array field. */
export function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) for (const v of value) if (typeof v === 'string' && v.trim()) return v.trim();
  return undefined;
}

/** Names of people or organisations: strings, `{name}` objects, arrays of either, references resolved. */
export function names(value: unknown, nodes: LdNode[]): string[] {
  const list = Array.isArray(value) ? value : [value];
  const out: string[] = [];
  for (const item of list.slice(0, 20)) {
    const v = deref(item, nodes);
    if (typeof v === 'string' && v.trim()) out.push(v.trim());
    else if (isNode(v)) {
      const n = str(v.name) ?? [str(v.givenName), str(v.familyName)].filter(Boolean).join(' ');
      if (n) out.push(n);
    }
  }
  return out;
}

/** Image URLs: strings, ImageObjects (`url`, `contentUrl`), arrays of either, references resolved. */
export function imageUrls(value: unknown, nodes: LdNode[]): string[] {
  const list = Array.isArray(value) ? value : [value];
  const out: string[] = [];
  for (const item of list.slice(0, 20)) {
    const v = deref(item, nodes);
    if (typeof v === 'string') out.push(v);
    else if (isNode(v)) {
      const u = str(v.url) ?? str(v.contentUrl);
      if (u) out.push(u);
    }
  }
  return out;
}

/** True when a node declares `isAccessibleForFree: false` (boolean or string), itself or in a part. */
export function declaresNotFree(node: LdNode, nodes: LdNode[]): boolean {
  const free = (v: unknown) => v === false || (typeof v === 'string' && v.trim().toLowerCase() === 'false');
  if (free(node.isAccessibleForFree)) return true;
  const parts = Array.isArray(node.hasPart) ? node.hasPart : [node.hasPart];
  return parts.some((p) => {
    const v = deref(p, nodes);
    return isNode(v) && free(v.isAccessibleForFree);
  });
}
