import { effectiveLang } from './languages.js';
import { sentenceKey } from './sentences.js';
import { candidates } from './summarize.js';

/*
 * Template sentences: what an outlet prints in article after article ("The Herald is funded by its
 * readers.", a standing disclaimer, the site's promo line) is its template leaking into the body, not
 * what any one article says. A sentence counts when two of the outlet's articles that are otherwise
 * different both have it; two copies of one article (an update under a new URL) share most of their
 * sentences and say nothing about the template. A background sentence that an outlet reprints in its
 * follow-ups is caught too, and rightly: it is not what the follow-up adds. The same holds for the
 * description: one that two different articles of an outlet carry is the site's own blurb ("Example
 * News brings you the latest…"), not what either article is about.
 */

/** Two articles sharing at least this share of the smaller one's sentences are copies of one article. */
const SAME_ARTICLE_SHARE = 0.5;

/** One stored article as the template index reads it. */
export interface TemplateSource {
  /** Who publishes it: articles are compared within one outlet only (e.g. the URL's host). */
  outlet: string;
  /** Its sentences' keys (`sentenceKeys` of its body). */
  keys: readonly string[];
  /**
   * Its description's sentence keys: template when two different articles share them, but not
   * counted when judging whether two articles are copies (a blurb every page carries says nothing
   * of that).
   */
  descriptionKeys?: readonly string[];
}

/** The keys of an article's usable sentences, each once. */
export function sentenceKeys(text: string, lang?: string): string[] {
  const keys = new Set<string>();
  for (const c of candidates(text, effectiveLang(text, lang))) {
    const key = sentenceKey(c.text);
    if (key !== '') keys.add(key);
  }
  return [...keys];
}

/**
 * `text` (a description) without the outlet's template sentences: unchanged when it has none, its
 * other usable sentences joined when it has some, undefined when nothing else is left.
 */
export function withoutTemplate(
  text: string,
  template: ReadonlySet<string> | undefined,
  lang?: string,
): string | undefined {
  if (!template?.size) return text;
  const found = candidates(text, effectiveLang(text, lang));
  const kept = found.filter((c) => !template.has(sentenceKey(c.text)));
  if (kept.length === found.length) return text;
  return kept.length > 0 ? kept.map((c) => c.text).join(' ') : undefined;
}

/** The template keys of one outlet's articles. */
function outletTemplate(sources: readonly TemplateSource[]): Set<string> {
  const articles = sources.map((a) => a.keys);
  const holders = new Map<string, number[]>();
  const hold = (k: string, i: number) => {
    const list = holders.get(k);
    if (!list) holders.set(k, [i]);
    else if (!list.includes(i)) list.push(i);
  };
  articles.forEach((keys, i) => {
    for (const k of keys) hold(k, i);
  });
  const shared = sharedCounts(holders, articles.length);
  sources.forEach((a, i) => {
    for (const k of a.descriptionKeys ?? []) hold(k, i);
  });
  const pair = (i: number, j: number) => Math.min(i, j) * articles.length + Math.max(i, j);
  const different = (i: number, j: number) => {
    const smaller = Math.min(
      (articles[i] as readonly string[]).length,
      (articles[j] as readonly string[]).length,
    );
    return (shared.get(pair(i, j)) ?? 0) < SAME_ARTICLE_SHARE * smaller;
  };
  const out = new Set<string>();
  for (const [key, list] of holders) {
    if (list.length < 2) continue;
    let found = false;
    for (let a = 0; a < list.length && !found; a++)
      for (let b = a + 1; b < list.length && !found; b++)
        found = different(list[a] as number, list[b] as number);
    if (found) out.add(key);
  }
  return out;
}

/** How many body keys each pair of articles shares (pair i < j at `i * n + j`). */
function sharedCounts(holders: ReadonlyMap<string, readonly number[]>, n: number): Map<number, number> {
  const shared = new Map<number, number>();
  for (const list of holders.values())
    for (let a = 0; a < list.length; a++)
      for (let b = a + 1; b < list.length; b++) {
        const p = (list[a] as number) * n + (list[b] as number);
        shared.set(p, (shared.get(p) ?? 0) + 1);
      }
  return shared;
}

/**
 * Each outlet's template sentences (by `sentenceKey`) among `articles`: sentences that two of its
 * otherwise different articles both carry. Outlets with no such sentence are left out.
 */
export function outletTemplates(articles: readonly TemplateSource[]): Map<string, Set<string>> {
  const byOutlet = new Map<string, TemplateSource[]>();
  for (const a of articles) {
    const list = byOutlet.get(a.outlet);
    if (list) list.push(a);
    else byOutlet.set(a.outlet, [a]);
  }
  const out = new Map<string, Set<string>>();
  for (const [outlet, list] of byOutlet) {
    if (list.length < 2) continue;
    const template = outletTemplate(list);
    if (template.size > 0) out.set(outlet, template);
  }
  return out;
}
