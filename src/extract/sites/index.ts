/**
 * Site rules (architecture.md §5): looked up by host, then by each parent domain down to the
 * registrable one ("news.example.co.uk" → "example.co.uk"); the generic rules fill every field a
 * rule does not give. Add a rule only when the generic rules cannot be fixed instead, with a test.
 */
import type { LDocument } from '../lightdom.js';
import { collapseWhitespace } from '../text.js';
import { thehill } from './thehill.com.js';
import type { SiteRule } from './types.js';

export type { SiteRule } from './types.js';

const RULES: SiteRule[] = [thehill];
const BY_DOMAIN = new Map<string, SiteRule>(RULES.flatMap((r) => r.domains.map((d) => [d, r] as const)));

/** The rule for a page's URL, if any. */
export function siteRuleFor(url: string, rules: Map<string, SiteRule> = BY_DOMAIN): SiteRule | undefined {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return undefined;
  }
  for (let h = host; h.includes('.'); h = h.slice(h.indexOf('.') + 1)) {
    const rule = rules.get(h);
    if (rule) return rule;
  }
  return undefined;
}

/** Removes what the rule says to drop. */
export function applyDrops(doc: LDocument, rule: SiteRule | undefined): void {
  for (const selector of rule?.drop ?? []) for (const el of doc.querySelectorAll(selector)) el.remove();
}

/** The trimmed text of the first element `selector` finds, if it has any. */
export function textOf(doc: LDocument, selector: string | undefined): string | undefined {
  if (!selector) return undefined;
  const text = collapseWhitespace(doc.querySelector(selector)?.textContent ?? '');
  return text || undefined;
}

/** Every rule, for the tests that check each one is well-formed. */
export function allSiteRules(): SiteRule[] {
  return RULES;
}
