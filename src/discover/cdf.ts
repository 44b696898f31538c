/**
 * Microsoft's Channel Definition Format (CDF, 1997): `<CHANNEL HREF LASTMOD BASE>` with `TITLE`,
 * `ABSTRACT` and `ITEM HREF LASTMOD` children, channels nested in channels. feedsmith does not
 * know it; old sites still serve it and feedparser reads it, so it is read here with htmlparser2's
 * XML mode. Tag and attribute names are case-insensitive in practice (the spec writes them in
 * capitals, pages do not), relative HREFs resolve against the nearest BASE.
 */
import { Parser } from 'htmlparser2';
import type { FeedMeta, RawItem } from './items.js';

/** True when the document's first element (after the prolog, comments and doctype) is a CHANNEL. */
export function looksLikeCdf(text: string): boolean {
  const rest = text.replace(/^(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>)*/i, '');
  return /^<channel[\s>/]/i.test(rest);
}

interface Frame {
  kind: 'channel' | 'item';
  base: string | undefined;
  item?: RawItem;
}

function resolve(href: string | undefined, base: string | undefined): string | undefined {
  if (!href) return undefined;
  try {
    return new URL(href, base).href;
  } catch {
    return href;
  }
}

/**
 * The outermost channel's facts and every item of every channel, in document order. Undefined when
 * the document has no CHANNEL element.
 */
export function readCdf(text: string, feedUrl: string): { meta: FeedMeta; items: RawItem[] } | undefined {
  const stack: Frame[] = [];
  const items: RawItem[] = [];
  let meta: FeedMeta | undefined;
  let field: 'title' | 'abstract' | undefined;
  let buffer = '';
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const tag = name.toLowerCase();
        const attr = (key: string): string | undefined =>
          Object.entries(attrs).find(([k]) => k.toLowerCase() === key)?.[1];
        const outer = stack.at(-1)?.base ?? feedUrl;
        const base = resolve(attr('base'), outer) ?? outer;
        if (tag === 'channel') {
          stack.push({ kind: 'channel', base });
          meta ??= { feedUrl, link: resolve(attr('href'), base) };
        } else if (tag === 'item') {
          const item: RawItem = {
            link: resolve(attr('href'), base),
            titleIsHtml: false,
            date: attr('lastmod'),
          };
          stack.push({ kind: 'item', base, item });
        } else if ((tag === 'title' || tag === 'abstract') && stack.length > 0) {
          field = tag;
          buffer = '';
        }
      },
      ontext(data) {
        if (field) buffer += data;
      },
      onclosetag(name) {
        const tag = name.toLowerCase();
        if (field && tag === field) {
          const value = buffer.trim();
          const top = stack.at(-1);
          if (top?.item) {
            if (field === 'title') top.item.title ??= value;
            else top.item.description ??= value;
          } else if (meta && stack.length === 1 && field === 'title') meta.title ??= value;
          field = undefined;
        } else if (tag === 'item' || tag === 'channel') {
          const top = stack.pop();
          if (top?.item) items.push(top.item);
        }
      },
    },
    { xmlMode: true, decodeEntities: true, recognizeCDATA: true },
  );
  parser.end(text);
  return meta ? { meta, items } : undefined;
}
