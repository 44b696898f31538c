import type { ErrorInfo } from '../model/errors.js';
import type { Article, Candidate, Digest, Summary, Topic } from '../model/types.js';
import type { SearchHit, SearchOptions } from './search.js';

/** Where an article stands: fetched and extracted, or failed (and why). */
export type ArticleStatus = 'pending' | 'ok' | 'failed';

/** An article as stored: one row per canonical URL, shared by every topic-day that links it. */
export interface StoredArticle {
  id: number;
  /** The comparison key of the URL (see cluster/urls.ts). */
  urlKey: string;
  url: string;
  status: ArticleStatus;
  /** What the feed said: kept as the fallback when the page cannot be used. */
  candidate: Candidate;
  article?: Article;
  summary?: Summary;
  error?: ErrorInfo;
  attempts: number;
  fetchedAt?: string;
  etag?: string;
  lastModified?: string;
  /**
   * The queue job that works on this article now (scale-out): set while the article is pending in
   * the Postgres job queue, so that every topic finding the URL shares the one job.
   */
  jobId?: string;
}

/** The outcome of working on one article. */
export type ArticleResult =
  | {
      status: 'ok';
      article: Article;
      summary: Summary;
      fetchedAt: string;
      etag?: string;
      lastModified?: string;
    }
  | { status: 'failed'; error: ErrorInfo };

/** A local copy of a cover image, so pages need not hotlink the outlet (and survive its link rot). */
export interface Media {
  /** The image URL as the article gave it. */
  url: string;
  /** e.g. `image/jpeg`, checked against the bytes. */
  contentType: string;
  /** File extension without the dot: jpg, png, gif, webp, avif. */
  ext: string;
  /** Hex SHA-256 of the bytes. */
  sha256: string;
  bytes: Uint8Array;
}

/** A re-encoded, resized copy of a cover image: what the site serves (never the outlet's bytes). */
export interface Thumbnail {
  width: number;
  height: number;
  /** `image/webp`. */
  contentType: string;
  /** `webp`. */
  ext: string;
  /** Hex SHA-256 of the bytes; names the file in the site. */
  sha256: string;
  bytes: Uint8Array;
}

/**
 * What became of a cover image: its thumbnails, smallest first, or why it has none (a corrupt, too
 * large or unsupported image: `IMAGE_*`). Either way the image is done and not tried again.
 */
export type ThumbnailRecord = { url: string; thumbnails: Thumbnail[] } | { url: string; error: ErrorInfo };

/** A `ThumbnailRecord` as read back: the thumbnails without their bytes (`getThumbnailBytes` has them). */
export type ThumbnailInfo =
  | { url: string; thumbnails: Array<Omit<Thumbnail, 'bytes'>> }
  | { url: string; error: ErrorInfo };

/** A feed that could not be read on a run. */
export interface SourceFailure {
  source: string;
  error: ErrorInfo;
}

/**
 * A feed as last fetched: its validators, sent as If-None-Match / If-Modified-Since on the next fetch,
 * and its body, parsed again when the answer is 304 Not Modified.
 */
export interface FeedCache {
  url: string;
  etag?: string;
  lastModified?: string;
  body: string;
  fetchedAt: string;
}

/** A topic that has stored days: its newest date and how many days there are. */
export interface ArchiveTopic {
  slug: string;
  name: string;
  /** `YYYY-MM-DD`. */
  latest: string;
  days: number;
}

/** A daily email accepted by the SMTP server for one recipient. */
/** A news-search link id (e.g. a Google News article id) and the publisher URL it decodes to. */
export interface DecodedLink {
  id: string;
  url: string;
}

export interface SentEmail {
  topicSlug: string;
  /** `YYYY-MM-DD`: the day that was mailed. */
  date: string;
  /** The address as the mail code normalised it (lower case). */
  recipient: string;
  messageId: string;
  /** ISO 8601: when the server accepted it. */
  sentAt: string;
}

/**
 * Persistence for daybrief. SQLite (embedded default) and Postgres implement it; one contract-test
 * suite runs on both. All methods are idempotent where the name says put/link/save.
 */
export interface Store {
  /** Creates or upgrades the schema. */
  migrate(): Promise<void>;
  putTopic(topic: Topic): Promise<void>;
  listTopics(): Promise<Topic[]>;
  /** Links a discovered candidate to a topic-day, creating the article row when its URL is new. */
  linkCandidate(
    topicSlug: string,
    date: string,
    urlKey: string,
    candidate: Candidate,
  ): Promise<StoredArticle>;
  /**
   * Links many candidates of one topic-day as `linkCandidate` does each, in order, returning their
   * rows in that order; in one transaction where the store has them (all or none are linked).
   * Optional: callers without it link one by one.
   */
  linkCandidates?(
    topicSlug: string,
    date: string,
    items: ReadonlyArray<{ urlKey: string; candidate: Candidate }>,
  ): Promise<StoredArticle[]>;
  /** The article row by id (its own candidate: the first that found it), if any. */
  getArticle(articleId: number): Promise<StoredArticle | undefined>;
  /**
   * Makes `jobId` the article's job, atomically: a pending article without a job takes it, and so
   * does a failed one when `requeueFailed` (it turns pending again, its last error kept). Returns the
   * job in effect: `jobId`, or the job another worker gave the pending article first; undefined when
   * the article needs no job (done, or failed and not to be requeued).
   */
  assignArticleJob(articleId: number, jobId: string, requeueFailed: boolean): Promise<string | undefined>;
  /**
   * `assignArticleJob` for many articles at once, answering in their order; in one transaction
   * where the store has them. Optional: callers without it assign one by one.
   */
  assignArticleJobs?(
    items: ReadonlyArray<{ articleId: number; jobId: string; requeueFailed: boolean }>,
  ): Promise<Array<string | undefined>>;
  /** Records the outcome of fetching, extracting and summarising an article. */
  saveResult(articleId: number, result: ArticleResult): Promise<void>;
  /** Every article linked to a topic-day, in the order they were first linked. */
  listDayArticles(topicSlug: string, date: string): Promise<StoredArticle[]>;
  /**
   * `listDayArticles` without the articles' `article` and `summary` (where they stand, not what they
   * say): for a look at the day that reads no bodies. Optional: callers without it read whole rows.
   */
  listDayArticleStates?(topicSlug: string, date: string): Promise<StoredArticle[]>;
  /** Replaces the source failures recorded for a topic-day. */
  saveSourceFailures(topicSlug: string, date: string, failures: SourceFailure[]): Promise<void>;
  listSourceFailures(topicSlug: string, date: string): Promise<SourceFailure[]>;
  /** The feed as last fetched with validators, if any. */
  getFeedCache(url: string): Promise<FeedCache | undefined>;
  /** Stores (replaces) a feed's validators and body. */
  saveFeedCache(feed: FeedCache): Promise<void>;
  /** Stores a local copy of an image (replacing an earlier copy of the same URL). */
  saveMedia(media: Media): Promise<void>;
  /** The stored copies among `urls`. */
  getMedia(urls: string[]): Promise<Media[]>;
  /** Stores what became of a cover image, replacing any earlier record of its URL, all at once. */
  saveThumbnails(record: ThumbnailRecord): Promise<void>;
  /** The records among `urls` (images with none have not been made yet), thumbnails smallest first. */
  getThumbnails(urls: string[]): Promise<ThumbnailInfo[]>;
  /** The bytes of a stored thumbnail by its SHA-256, if any. */
  getThumbnailBytes(sha256: string): Promise<Uint8Array | undefined>;
  /** Stores (replaces) the published digest of a topic-day, and its rows in the search index. */
  saveDigest(digest: Digest): Promise<void>;
  /** Digests of a topic, newest first (default limit 10 000). */
  listDigests(topicSlug: string, limit?: number): Promise<Digest[]>;
  /** The stored digest of one topic-day, if any. */
  getDigest(topicSlug: string, date: string): Promise<Digest | undefined>;
  /** Topics that have stored digests, by name, with their newest date. */
  listArchiveTopics(): Promise<ArchiveTopic[]>;
  /**
   * Articles of stored digests matching free text, best first. Any input is safe: words and "quoted
   * phrases" are ANDed, a bare OR between terms is kept, other syntax is plain text; an empty query
   * gives no hits. Paging defaults: limit 20 (at most 100), offset 0.
   */
  searchArticles(query: string, opts?: SearchOptions): Promise<SearchHit[]>;
  /** True when the topic-day was already mailed to `recipient` (see `markSent`). */
  wasSent(topicSlug: string, date: string, recipient: string): Promise<boolean>;
  /** Records that the server accepted the topic-day's email for the recipient; a second call keeps the first record. */
  markSent(sent: SentEmail): Promise<void>;
  /** The emails recorded for a topic-day, by recipient. */
  listSentEmails(topicSlug: string, date: string): Promise<SentEmail[]>;
  /** The publisher URLs already decoded for news-search link ids (Google News `CBMi…`), by id. */
  getDecodedLinks(ids: readonly string[]): Promise<Map<string, string>>;
  /** Records decoded link ids (a later decode of the same id replaces the URL). */
  saveDecodedLinks(links: readonly DecodedLink[]): Promise<void>;
  close(): Promise<void>;
}
