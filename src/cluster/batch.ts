import { type DedupeItem, dedupe } from './dedupe.js';
import { type GroupOptions, groupArticles } from './group.js';

/** One line of `daybrief cluster --jsonl`. */
export interface ClusterRecord {
  id: string;
  title: string;
  text: string;
  url?: string;
  published?: string;
  /** The outlet. */
  source?: string;
}

/** Its answer: the story, and the record it is a copy of when it is one. */
export interface ClusterResult {
  id: string;
  story: string;
  duplicateOf?: string;
}

interface Item extends DedupeItem {
  index: number;
}

function hostOf(url: string | undefined): string {
  if (!url) return '';
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return '';
  }
}

function toItem(r: ClusterRecord, index: number): Item {
  const item: Item = {
    index,
    // Records without a URL must never be joined by URL: each gets a key of its own.
    url: r.url || `record:${index}`,
    title: r.title,
    text: r.text,
    outlet: r.source || hostOf(r.url),
  };
  if (r.published) item.published = r.published;
  return item;
}

/**
 * Folds copies (see `dedupe`) and groups the remaining articles into stories (see `groupArticles`).
 * Results come in input order; copies carry their canonical record's story and id.
 */
export function clusterRecords(records: ClusterRecord[], options: GroupOptions = {}): ClusterResult[] {
  const groups = dedupe(records.map(toItem));
  const canonicals = groups.map((g) => g.canonical);
  const { story } = groupArticles(canonicals, options);
  const out: ClusterResult[] = records.map((r) => ({ id: r.id, story: '' }));
  groups.forEach((g, gi) => {
    const label = `s${story[gi] as number}`;
    const head = out[g.canonical.index] as ClusterResult;
    head.story = label;
    for (const m of [...g.repeats, ...g.copies]) {
      const res = out[m.index] as ClusterResult;
      res.story = label;
      res.duplicateOf = head.id;
    }
  });
  return out;
}
