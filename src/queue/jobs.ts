/**
 * The jobs of the scale-out queue (see pgboss.ts and docs/architecture.md): what each kind carries
 * and the pg-boss queue that holds it. Plain data, no pg-boss import, so that readers of the queue
 * (`daybrief status`) and the pipeline can share the names.
 */
import type { NewsSearch } from '../discover/discover.js';
import type { Topic } from '../model/types.js';

/** The pg-boss queue of each job kind. */
export const QUEUES = {
  /** Discover a topic-day, link its candidates, queue its article jobs and its finish job. */
  topicDay: 'daybrief-topic-day',
  /** Fetch, extract and summarise one article (one job per article, shared by every topic that found it). */
  article: 'daybrief-article',
  /** Once the day's articles are settled: copy covers, cluster, store the digest; else look again later. */
  finish: 'daybrief-topic-day-finish',
} as const;

export type JobKind = keyof typeof QUEUES;

/** A topic's day, to discover. The topic travels with the job, so workers need no config of topics. */
export interface TopicDayJob {
  topic: Topic;
  /** YYYY-MM-DD in the topic's time zone. */
  date: string;
  /** Query news search for this day; the worker may still turn it off (e.g. replaying an archive). Default true. */
  newsSearch?: NewsSearch;
}

/** One article to work on. Its job id is the article's `jobId` in the store. */
export interface ArticleJob {
  articleId: number;
  /** For the log and the queue's readers; the worker reads the article from the store. */
  url: string;
}

/** The last step of a topic-day: waits for the day's article jobs, then clusters and stores the digest. */
export interface FinishJob {
  topic: Topic;
  date: string;
  /** How many times this finish step has looked and found articles still pending. */
  looks?: number;
}

/** The singleton key of a topic-day's jobs: the same topic-day is never waiting twice. */
export function topicDayKey(job: { topic: Pick<Topic, 'slug'>; date: string }): string {
  return `${job.topic.slug}:${job.date}`;
}
