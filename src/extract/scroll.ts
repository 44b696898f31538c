/**
 * Pages that hold several articles one after another (an endless scroll that has loaded the next
 * stories, each with its own headline): the body finder may pick the longest of them, which is not
 * the page's, or all of them at once. The page's own article is the one whose headline is the
 * page's title. When the chosen roots carry a headline (<h1>) that is not the title, while an <h1>
 * on the page is, the other articles (the siblings of the one holding that <h1> that repeat its
 * markup, each with a headline of its own) are what the finder should not see.
 */
import type { LElement } from './lightdom.js';
import { fold } from './text.js';

/** A title this short ("Home", "News") names no article. */
const MIN_TITLE_CHARS = 15;

/** The article headed by the page's title, and the other articles beside it. */
export interface OtherArticles {
  /** The element holding the page's headline and, below it, its article. */
  own: LElement;
  /** Its siblings that carry headlines of their own. */
  others: LElement[];
}

/**
 * The other articles beside the one headed by the page's `title`, when the finder's `roots` hold a
 * headline (<h1>) that is not the title: the siblings of the titled article that repeat its markup
 * (tag and class) and carry a headline of their own. Empty when the roots carry no other headline,
 * or no headline on the page is the title.
 */
export function otherArticles(roots: LElement[], body: LElement, title: string): LElement[] {
  const wanted = fold(title);
  if (wanted.length < MIN_TITLE_CHARS || !roots.length) return [];
  let stray: LElement | undefined;
  for (const r of roots) {
    stray ??= [r, ...r.querySelectorAll('h1')].find((h) => h.tagName === 'H1' && !isTitle(h, wanted));
  }
  if (!stray) return [];
  const own = body.querySelectorAll('h1').find((h) => isTitle(h, wanted));
  if (!own) return [];
  // The lowest element holding both headlines: its children are the articles, one of them the page's.
  let common: LElement | null = own.parentElement;
  while (common && !holds(common, stray)) common = common.parentElement;
  if (!common) return [];
  const unit = common.children.find((c) => holds(c, own));
  if (!unit) return [];
  // The next stories repeat the markup of the page's own: the same tag and class, a headline each.
  // (A page's own body column beside its header is no such twin, and may use <h1> for subheadings.)
  return common.children.filter(
    (c) =>
      c !== unit &&
      c.tagName === unit.tagName &&
      (c.attribs.class ?? '') === (unit.attribs.class ?? '') &&
      c.querySelector('h1') !== null,
  );
}

function isTitle(h: LElement, wanted: string): boolean {
  return fold(h.textContent) === wanted;
}

function holds(outer: LElement, inner: LElement): boolean {
  for (let p: LElement | null = inner; p; p = p.parentElement) if (p === outer) return true;
  return false;
}
