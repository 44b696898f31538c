import type { Copy, DigestArticle, Story } from '../model/types.js';
import { storyLead } from '../summarize/index.js';
import { type DedupeItem, dedupe } from './dedupe.js';
import { type GroupOptions, groupArticles } from './group.js';
import { fnv1a } from './shingles.js';
import { urlKey } from './urls.js';

/** An article ready for the day page, with what deduplication and grouping compare. */
export interface StoryItem extends DedupeItem {
  /** The day page's view of the article. */
  entry: DigestArticle;
}

const SOURCE_RANK: Record<DigestArticle['summarySource'], number> = { body: 2, description: 1, none: 0 };
const HOUR_MS = 3_600_000;
/** Sentences in a story's lead (only for stories of several articles). */
const LEAD_SENTENCES = 2;

interface Member {
  item: StoryItem;
  entry: DigestArticle;
  relevance: number;
}

function storyId(members: Member[]): string {
  const keys = members.map((m) => urlKey(m.item.url)).sort();
  return fnv1a(keys.join(' ')).toString(36).padStart(7, '0');
}

function uniqueCopies(canonical: StoryItem, others: StoryItem[]): Copy[] {
  const seen = new Set([canonical.outlet.toLowerCase()]);
  const out: Copy[] = [];
  for (const o of others) {
    const key = o.outlet.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ outlet: o.outlet, url: o.entry.url });
  }
  return out;
}

function timeOf(published: string | undefined): number {
  const t = Date.parse(published ?? '');
  return Number.isNaN(t) ? 0 : t;
}

/**
 * The lead article: a real summary first, then the most widely carried (a wire original with its
 * copies), then closeness to the story, then an image, then newest.
 */
function compareMembers(a: Member, b: Member): number {
  return (
    SOURCE_RANK[b.entry.summarySource] - SOURCE_RANK[a.entry.summarySource] ||
    b.entry.alsoPublishedBy.length - a.entry.alsoPublishedBy.length ||
    b.relevance - a.relevance ||
    Number(!!b.entry.image) - Number(!!a.entry.image) ||
    timeOf(b.entry.published) - timeOf(a.entry.published)
  );
}

interface Ranked {
  story: Story;
  outlets: number;
  newest: number;
  cohesion: number;
  source: number;
}

function rankStory(members: Member[]): Ranked {
  const sorted = [...members].sort(compareMembers);
  const lead = sorted[0] as Member;
  // The label is the most representative headline, which need not be the lead article's.
  const label = [...members].sort((a, b) => b.relevance - a.relevance)[0] as Member;
  const outlets = new Set<string>();
  for (const m of members) {
    outlets.add(m.entry.outlet.toLowerCase());
    for (const c of m.entry.alsoPublishedBy) outlets.add(c.outlet.toLowerCase());
  }
  const story: Story = {
    id: storyId(members),
    title: label.entry.title,
    articles: sorted.map((m) => m.entry),
  };
  if (members.length > 1) {
    const lines = storyLead(
      sorted.map((m) => ({ title: m.entry.title, sentences: m.entry.summary })),
      LEAD_SENTENCES,
    );
    if (lines.length) {
      story.lead = lines.map((l) => l.text);
      story.leadSources = lines.map((l) => {
        const { url, outlet } = (sorted[l.article] as Member).entry;
        return { url, outlet };
      });
    }
  }
  return {
    story,
    outlets: outlets.size,
    newest: Math.max(...members.map((m) => timeOf(m.entry.published))),
    cohesion: members.reduce((s, m) => s + m.relevance, 0) / members.length,
    source: SOURCE_RANK[lead.entry.summarySource],
  };
}

/**
 * Ranks by distinct outlets (copies count), then by summary quality, then recency (by the hour, so
 * that minutes do not beat coverage), then cohesion.
 */
function compareStories(a: Ranked, b: Ranked): number {
  return (
    b.outlets - a.outlets ||
    b.source - a.source ||
    Math.floor(b.newest / HOUR_MS) - Math.floor(a.newest / HOUR_MS) ||
    b.cohesion - a.cohesion
  );
}

/**
 * Turns a topic-day's articles (or a few adjacent days': articles more than three days apart never
 * share a story) into ranked stories: exact repeats disappear, syndicated copies become "also
 * published by" on their canonical article, and coverage of one event becomes one story whose
 * articles are ordered best first (a real summary, then closeness to the story). A story from a
 * single outlet still appears.
 */
export function buildStories(items: StoryItem[], options: GroupOptions = {}): Story[] {
  const groups = dedupe(items);
  const entries = groups.map(
    ({ canonical, copies }): DigestArticle => ({
      ...canonical.entry,
      alsoPublishedBy: uniqueCopies(canonical, copies),
    }),
  );
  const { story, relevance } = groupArticles(
    groups.map((g) => g.canonical),
    options,
  );
  const byStory = new Map<number, Member[]>();
  groups.forEach((g, i) => {
    const s = story[i] as number;
    const member: Member = {
      item: g.canonical,
      entry: entries[i] as DigestArticle,
      relevance: relevance[i] as number,
    };
    const list = byStory.get(s);
    if (list) list.push(member);
    else byStory.set(s, [member]);
  });
  return [...byStory.values()]
    .map(rankStory)
    .sort(compareStories)
    .map((r) => r.story);
}
