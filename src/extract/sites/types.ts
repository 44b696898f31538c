/** A site-specific extraction rule: data only, consulted before the generic rules, field by field. */
export interface SiteRule {
  /** Hosts or registrable domains it applies to, without "www." ("thehill.com"). */
  domains: string[];
  /** Why the generic rules cannot be fixed instead: what on this site defeats them. */
  why: string;
  /** Selectors of elements removed before anything reads the page. */
  drop?: string[];
  /** Selector of the article body container, when the generic finder picks wrong. */
  body?: string;
  /** Selector of the element whose text is the headline. */
  title?: string;
  /** Selector of the element whose text is the byline. */
  byline?: string;
}
