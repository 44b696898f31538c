/**
 * Running stories: a story of one day that continues a story of the days before (a cable fails on
 * Monday, a ship is seized over it on Tuesday). Each day is grouped alone; this step only compares a
 * day's finished stories with the stored stories of the few days before, so that earlier days and
 * their story ids never change.
 */
import type { DigestArticle, Story } from '../model/types.js';
import { topicWords } from './text.js';
import { dot, globalVector, type SparseVector, type TermCounts, Vocabulary } from './vectors.js';

const DAY_MS = 86_400_000;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
/** Terms kept per story vector: a story's text is its titles and summaries, a few hundred words. */
const KEEP_TERMS = 80;

/** One day's stories, as the digest stores them. */
export interface DayStories {
  /** `YYYY-MM-DD`. */
  date: string;
  stories: Story[];
}

/**
 * Settings, with defaults. The threshold sits mid-gap on the demo (same event 0.10–0.18, other events on
 * the topic at most 0.09) and on ECB+ split over two days (precision 0.97, recall 0.94, and 1 of 22
 * stories linked to the topic's look-alike event when only that one ran the day before).
 */
export interface RunningOptions {
  /** Similarity (see `linkRunningStories`) from which the later story continues the earlier; default 0.095. */
  threshold?: number;
  /** Days looked back (a story idle for longer starts afresh); default 3. */
  maxDaysBack?: number;
  /** The topic's name or query: its words are shared by every story, so they count for nothing. */
  topic?: string;
  /**
   * Pseudo-documents added for IDF (over the window's articles), holding none of the terms; default 0:
   * a word most articles of the window share is the topic's background and should count for little.
   */
  idfPrior?: number;
}

/** The earlier story a story continues, with the similarity that linked them. */
export interface StoryLink {
  date: string;
  storyId: string;
  title: string;
  score: number;
}

const DEFAULTS: Required<RunningOptions> = { threshold: 0.095, maxDaysBack: 3, topic: '', idfPrior: 0 };

function dayNumber(date: string): number {
  return DATE_RE.test(date) ? Date.parse(`${date}T00:00:00Z`) / DAY_MS : Number.NaN;
}

/** An article's text for comparing stories: its title, summary and description (when not the summary). */
function articleText(a: DigestArticle): string {
  const parts = [...a.summary];
  if (a.summarySource !== 'description' && a.description) parts.push(a.description);
  return parts.join(' ');
}

/** What a story says, as one text: its lead, then each article's title, summary and description. */
export function storyText(story: Story): string {
  const parts: string[] = [...(story.lead ?? [])];
  for (const a of story.articles) parts.push(`${a.title}.`, articleText(a));
  return parts.join(' ');
}

/** A story's headlines: its own title and its articles' titles. */
function storyHeadlines(story: Story): string {
  return [story.title, ...story.articles.map((a) => a.title)].join('. ');
}

/**
 * Counts on a log scale: a story of five articles names the countries involved dozens of times, and
 * raw counts would let that background outweigh the few words that name the event.
 */
function damped(c: TermCounts): TermCounts {
  const tf = c.tf.map((x) => (x > 0 ? 1 + Math.log(x) : 0));
  return { ids: c.ids, tf, years: c.years };
}

interface Vectors {
  /** Everything the story says. */
  text: SparseVector;
  /** Its headlines (and lead): what the story is about, with less of the shared background. */
  head: SparseVector;
}

interface Candidate extends Vectors {
  date: string;
  story: Story;
}

/**
 * Both vectors of each story, weighted by document frequencies over the window's articles (more
 * documents than stories, so the topic's background words are known as such).
 */
function storyVectors(stories: Story[], opts: Required<RunningOptions>): Vectors[] {
  const vocab = new Vocabulary({ ignore: topicWords(opts.topic) });
  let n = 0;
  for (const s of stories) {
    for (const a of s.articles) {
      vocab.add(a.title, articleText(a));
      n++;
    }
  }
  // Counted after the articles: the stories' own counts must not change the frequencies.
  const df = vocab.df.slice();
  const vector = (c: TermCounts) => globalVector(damped(c), df, n, KEEP_TERMS, opts.idfPrior);
  return stories.map((s) => ({
    text: vector(vocab.add(s.title, storyText(s))),
    head: vector(vocab.add(storyHeadlines(s), (s.lead ?? []).join(' '))),
  }));
}

/**
 * How alike two stories are, 0..1: the geometric mean of the cosines of their texts and of their
 * headlines. The text alone links stories that share the topic's background (an outage story recalls
 * last week's permit); the headlines alone are too short to be reliable.
 */
function similarity(a: Vectors, b: Vectors): number {
  return Math.sqrt(Math.max(0, dot(a.text, b.text)) * Math.max(0, dot(a.head, b.head)));
}

/**
 * For each story of `day`, the story of the earlier days (at most `maxDaysBack` before, by calendar
 * date) that it continues: the most similar one at or above the threshold, ties to the more recent
 * day; `undefined` when none is similar enough. `earlier` may hold any days (later ones, the day
 * itself and days too far back are ignored) in any order. Pure and deterministic.
 */
export function linkRunningStories(
  day: DayStories,
  earlier: DayStories[],
  options: RunningOptions = {},
): Array<StoryLink | undefined> {
  const opts = { ...DEFAULTS, ...options };
  const today = dayNumber(day.date);
  const window = earlier.filter((d) => {
    const back = today - dayNumber(d.date);
    return back >= 1 && back <= opts.maxDaysBack;
  });
  if (window.length === 0 || day.stories.length === 0) return day.stories.map(() => undefined);
  const older = window.flatMap((d) => d.stories.map((story) => ({ date: d.date, story })));
  const vectors = storyVectors([...day.stories, ...older.map((o) => o.story)], opts);
  const candidates: Candidate[] = older.map((o, i) => ({
    ...o,
    ...(vectors[day.stories.length + i] as Vectors),
  }));
  return day.stories.map((_, i) => bestLink(vectors[i] as Vectors, candidates, opts.threshold));
}

function bestLink(v: Vectors, candidates: Candidate[], threshold: number): StoryLink | undefined {
  let best: Candidate | undefined;
  let bestScore = threshold;
  for (const cand of candidates) {
    const s = similarity(v, cand);
    if (s < bestScore || (s === bestScore && best && cand.date <= best.date)) continue;
    best = cand;
    bestScore = s;
  }
  return best && { date: best.date, storyId: best.story.id, title: best.story.title, score: bestScore };
}

/**
 * The day's stories with `continues` set on those that continue a story of the earlier days (see
 * `linkRunningStories`) and removed from the others; ids and order are kept.
 */
export function markRunningStories(
  day: DayStories,
  earlier: DayStories[],
  options: RunningOptions = {},
): Story[] {
  const links = linkRunningStories(day, earlier, options);
  return day.stories.map((story, i) => {
    const { continues: _old, ...rest } = story;
    const link = links[i];
    return link
      ? { ...rest, continues: { date: link.date, storyId: link.storyId, title: link.title } }
      : rest;
  });
}
