/** The outlet's name: `og:site_name`, the JSON-LD publisher, site meta tags, `<title>`, logos, the domain. */
import { type LdNode, names, str, typesOf } from './jsonld.js';
import type { LDocument } from './lightdom.js';
import { first, titleText } from './meta-tags.js';
import { collapseWhitespace } from './text.js';
import { siteFromTitleTag, spellsDomain } from './title.js';
import { outletFromUrl, siteLabel } from './urls.js';

const SITE_KEYS = ['og:site_name', 'application-name', 'apple-mobile-web-app-title', 'publisher'];
const LOGO_SELECTOR = 'img[src*="logo"], [class*="logo"], [class*="brand"], [id*="logo"]';

export function readSiteName(
  doc: LDocument,
  meta: Map<string, string[]>,
  ld: LdNode[],
  article: LdNode | undefined,
  url: string,
) {
  const fromMeta = first(meta, ['og:site_name']);
  if (fromMeta) return collapseWhitespace(fromMeta);
  const publisher = article ? names(article.publisher ?? article.sourceOrganization, ld)[0] : undefined;
  if (publisher) return collapseWhitespace(publisher);
  const org = ld.find(
    (n) => typesOf(n).some((t) => /^(NewsMediaOrganization|WebSite)$/.test(t)) && str(n.name),
  );
  if (org) return collapseWhitespace(str(org.name) ?? '');
  const other = first(meta, SITE_KEYS.slice(1));
  if (other) return collapseWhitespace(other);
  const titleTag = titleText(doc);
  const label = domainLabel(url);
  const fromTitle = titleTag ? siteFromTitleTag(titleTag, label) : undefined;
  return fromTitle ?? spellsDomain(logoNames(doc), label) ?? outletFromUrl(url);
}

/** What logos call the site: alt texts of logo images, titles and labels of logo links. */
function logoNames(doc: LDocument): string[] {
  const out: string[] = [];
  for (const el of doc.selectFirst(LOGO_SELECTOR, 20)) {
    for (const v of [
      el.getAttribute('alt'),
      el.getAttribute('title'),
      el.getAttribute('aria-label'),
      el.textContent,
    ]) {
      if (v?.trim() && v.length < 80) out.push(v);
    }
  }
  return out;
}

function domainLabel(url: string): string {
  try {
    return siteLabel(new URL(url).hostname);
  } catch {
    return '';
  }
}
