import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Candidate, Digest, Topic } from '../model/types.js';
import { articleJson, parseArticle } from './article-json.js';
import { sqliteError } from './errors.js';
import { SQLITE_MIGRATIONS } from './migrations/sqlite.js';
import {
  ftsQuery,
  type SearchHit,
  type SearchOptions,
  SNIPPET_END,
  SNIPPET_START,
  searchPaging,
  searchRows,
} from './search.js';
import type {
  ArchiveTopic,
  ArticleResult,
  DecodedLink,
  FeedCache,
  Media,
  SentEmail,
  SourceFailure,
  Store,
  StoredArticle,
  ThumbnailInfo,
  ThumbnailRecord,
} from './store.js';
import { type ThumbnailRow, thumbnailOf } from './thumbnail-rows.js';

/** Index (0-based) of the migration that creates the search table; applying it indexes stored digests. */
const SEARCH_MIGRATION = 2;
/** bm25 column weights: title, body, outlet (the unindexed columns after them do not count). */
const BM25_WEIGHTS = '10.0, 2.0, 1.0';
/** Tokens of context in a snippet. */
const SNIPPET_TOKENS = 24;

interface ArticleRow {
  id: number;
  url_key: string;
  url: string;
  status: StoredArticle['status'];
  candidate: string;
  article: string | null;
  summary: string | null;
  error: string | null;
  attempts: number;
  fetched_at: string | null;
  etag: string | null;
  last_modified: string | null;
  job_id: string | null;
}

function rowToArticle(row: ArticleRow): StoredArticle {
  const out: StoredArticle = {
    id: row.id,
    urlKey: row.url_key,
    url: row.url,
    status: row.status,
    candidate: JSON.parse(row.candidate) as Candidate,
    attempts: row.attempts,
  };
  if (row.article) out.article = parseArticle(row.article);
  if (row.summary) out.summary = JSON.parse(row.summary);
  if (row.error) out.error = JSON.parse(row.error);
  if (row.fetched_at) out.fetchedAt = row.fetched_at;
  if (row.etag) out.etag = row.etag;
  if (row.last_modified) out.lastModified = row.last_modified;
  if (row.job_id) out.jobId = row.job_id;
  return out;
}

/**
 * Creates the missing folders above `file` one level at a time (not `mkdirSync(…, { recursive })`,
 * which spins forever on file systems such as /proc that refuse new entries with ENOENT).
 */
function makeParents(file: string): void {
  const missing: string[] = [];
  for (let dir = dirname(resolve(file)); !existsSync(dir); dir = dirname(dir)) {
    missing.push(dir);
    if (dirname(dir) === dir) break;
  }
  for (const dir of missing.reverse()) mkdirSync(dir);
}

/**
 * The embedded store: one SQLite file (or `:memory:`), WAL mode, through better-sqlite3. Every
 * failure is a DaybriefError in words (not a SQLite database, locked, read-only, disk full…; see
 * errors.ts), from opening to the last query.
 */
export class SqliteStore implements Store {
  private readonly db: Database.Database;
  /** Prepared statements by SQL text: preparing costs more than running most of them. */
  private readonly statements = new Map<string, Database.Statement>();
  /** The database file, for messages. */
  readonly file: string;

  constructor(file: string) {
    this.file = file;
    try {
      if (file !== ':memory:' && file !== '') makeParents(file);
      this.db = new Database(file);
    } catch (err) {
      throw sqliteError(err, file);
    }
    try {
      // The first statements read the file's header: a file that is not SQLite fails here.
      this.db.pragma('busy_timeout = 5000');
      this.db.pragma('journal_mode = WAL');
      // In WAL mode NORMAL syncs at checkpoints, not at every commit: a crash or kill -9 loses
      // nothing committed and never corrupts the file; only a power cut may drop the last commits
      // (which the next run redoes, as after a crash mid-article).
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('cache_size = -32000');
      this.db.pragma('temp_store = MEMORY');
      this.db.pragma('foreign_keys = ON');
    } catch (err) {
      this.db.close();
      throw sqliteError(err, file);
    }
  }

  /** The statement for `sql`, prepared once per store. */
  private sql(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  async migrate(): Promise<void> {
    const current = this.db.pragma('user_version', { simple: true }) as number;
    const apply = this.db.transaction(() => {
      SQLITE_MIGRATIONS.slice(current).forEach((sql, i) => {
        this.db.exec(sql);
        this.db.pragma(`user_version = ${current + i + 1}`);
      });
      if (current <= SEARCH_MIGRATION && SQLITE_MIGRATIONS.length > SEARCH_MIGRATION) this.reindexAll();
    });
    apply();
  }

  async putTopic(topic: Topic): Promise<void> {
    this.sql(
      `INSERT INTO topics (slug, name, config) VALUES (?, ?, ?)
         ON CONFLICT (slug) DO UPDATE SET name = excluded.name, config = excluded.config`,
    ).run(topic.slug, topic.name, JSON.stringify(topic));
  }

  async listTopics(): Promise<Topic[]> {
    const rows = this.sql('SELECT config FROM topics ORDER BY name').all() as { config: string }[];
    return rows.map((r) => JSON.parse(r.config) as Topic);
  }

  async linkCandidate(
    topicSlug: string,
    date: string,
    urlKey: string,
    candidate: Candidate,
  ): Promise<StoredArticle> {
    return this.db.transaction(() => this.link(topicSlug, date, urlKey, candidate))();
  }

  async linkCandidates(
    topicSlug: string,
    date: string,
    items: ReadonlyArray<{ urlKey: string; candidate: Candidate }>,
  ): Promise<StoredArticle[]> {
    // One transaction for the day's candidates: one commit instead of one per candidate.
    return this.db.transaction(() => items.map((i) => this.link(topicSlug, date, i.urlKey, i.candidate)))();
  }

  /** Links one candidate (call inside a transaction). */
  private link(topicSlug: string, date: string, urlKey: string, candidate: Candidate): StoredArticle {
    const json = JSON.stringify(candidate);
    this.sql(
      `INSERT INTO articles (url_key, url, status, candidate) VALUES (?, ?, 'pending', ?)
         ON CONFLICT (url_key) DO NOTHING`,
    ).run(urlKey, candidate.url, json);
    const row = this.sql('SELECT * FROM articles WHERE url_key = ?').get(urlKey) as ArticleRow;
    this.sql(
      `INSERT INTO topic_day_articles (topic_slug, date, article_id, candidate) VALUES (?, ?, ?, ?)
         ON CONFLICT (topic_slug, date, article_id) DO NOTHING`,
    ).run(topicSlug, date, row.id, json);
    return rowToArticle(row);
  }

  async getArticle(articleId: number): Promise<StoredArticle | undefined> {
    const row = this.sql('SELECT * FROM articles WHERE id = ?').get(articleId) as ArticleRow | undefined;
    return row ? rowToArticle(row) : undefined;
  }

  async assignArticleJob(
    articleId: number,
    jobId: string,
    requeueFailed: boolean,
  ): Promise<string | undefined> {
    const assign = this.db.transaction(() => {
      this.sql(
        `UPDATE articles SET status = 'pending', job_id = ?, updated_at = CURRENT_TIMESTAMP
           WHERE id = ? AND ((status = 'pending' AND job_id IS NULL) OR (status = 'failed' AND ?))`,
      ).run(jobId, articleId, requeueFailed ? 1 : 0);
      const row = this.sql('SELECT status, job_id FROM articles WHERE id = ?').get(articleId) as
        | { status: string; job_id: string | null }
        | undefined;
      return row?.status === 'pending' && row.job_id ? row.job_id : undefined;
    });
    return assign();
  }

  async saveResult(articleId: number, result: ArticleResult): Promise<void> {
    if (result.status === 'ok') {
      this.sql(
        `UPDATE articles SET status = 'ok', article = ?, summary = ?, error = NULL, fetched_at = ?, etag = ?,
             last_modified = ?, attempts = attempts + 1, updated_at = CURRENT_TIMESTAMP WHERE id = ?`,
      ).run(
        articleJson(result.article),
        JSON.stringify(result.summary),
        result.fetchedAt,
        result.etag ?? null,
        result.lastModified ?? null,
        articleId,
      );
    } else {
      this.sql(
        `UPDATE articles SET status = 'failed', error = ?, attempts = attempts + 1, updated_at = CURRENT_TIMESTAMP
           WHERE id = ?`,
      ).run(JSON.stringify(result.error), articleId);
    }
  }

  async listDayArticles(topicSlug: string, date: string): Promise<StoredArticle[]> {
    const rows = this.sql(
      `SELECT a.id, a.url_key, a.url, a.status, l.candidate, a.article, a.summary, a.error, a.attempts,
           a.fetched_at, a.etag, a.last_modified, a.job_id
         FROM topic_day_articles l JOIN articles a ON a.id = l.article_id
         WHERE l.topic_slug = ? AND l.date = ? ORDER BY l.rowid`,
    ).all(topicSlug, date) as ArticleRow[];
    return rows.map(rowToArticle);
  }

  async saveSourceFailures(topicSlug: string, date: string, failures: SourceFailure[]): Promise<void> {
    const replace = this.db.transaction(() => {
      this.sql('DELETE FROM source_failures WHERE topic_slug = ? AND date = ?').run(topicSlug, date);
      const insert = this.sql(
        'INSERT INTO source_failures (topic_slug, date, source, error) VALUES (?, ?, ?, ?)',
      );
      for (const f of failures) insert.run(topicSlug, date, f.source, JSON.stringify(f.error));
    });
    replace();
  }

  async listSourceFailures(topicSlug: string, date: string): Promise<SourceFailure[]> {
    const rows = this.sql(
      'SELECT source, error FROM source_failures WHERE topic_slug = ? AND date = ? ORDER BY id',
    ).all(topicSlug, date) as { source: string; error: string }[];
    return rows.map((r) => ({ source: r.source, error: JSON.parse(r.error) }));
  }

  async getFeedCache(url: string): Promise<FeedCache | undefined> {
    const row = this.sql(
      'SELECT url, etag, last_modified, body, fetched_at FROM feed_cache WHERE url = ?',
    ).get(url) as
      | { url: string; etag: string | null; last_modified: string | null; body: string; fetched_at: string }
      | undefined;
    if (!row) return undefined;
    const feed: FeedCache = { url: row.url, body: row.body, fetchedAt: row.fetched_at };
    if (row.etag) feed.etag = row.etag;
    if (row.last_modified) feed.lastModified = row.last_modified;
    return feed;
  }

  async saveFeedCache(feed: FeedCache): Promise<void> {
    this.sql(
      `INSERT INTO feed_cache (url, etag, last_modified, body, fetched_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
           body = excluded.body, fetched_at = excluded.fetched_at`,
    ).run(feed.url, feed.etag ?? null, feed.lastModified ?? null, feed.body, feed.fetchedAt);
  }

  async saveMedia(media: Media): Promise<void> {
    this.sql(
      `INSERT INTO media (url, content_type, ext, sha256, bytes) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (url) DO UPDATE SET content_type = excluded.content_type, ext = excluded.ext,
           sha256 = excluded.sha256, bytes = excluded.bytes`,
    ).run(media.url, media.contentType, media.ext, media.sha256, Buffer.from(media.bytes));
  }

  async getMedia(urls: string[]): Promise<Media[]> {
    const get = this.sql('SELECT url, content_type, ext, sha256, bytes FROM media WHERE url = ?');
    const out: Media[] = [];
    for (const url of new Set(urls)) {
      const row = get.get(url) as
        | { url: string; content_type: string; ext: string; sha256: string; bytes: Buffer }
        | undefined;
      if (row) {
        out.push({
          url: row.url,
          contentType: row.content_type,
          ext: row.ext,
          sha256: row.sha256,
          bytes: new Uint8Array(row.bytes),
        });
      }
    }
    return out;
  }

  async saveThumbnails(record: ThumbnailRecord): Promise<void> {
    const save = this.db.transaction(() => {
      this.sql('DELETE FROM thumbnails WHERE url = ?').run(record.url);
      this.sql('DELETE FROM image_failures WHERE url = ?').run(record.url);
      if ('error' in record) {
        this.sql('INSERT INTO image_failures (url, error) VALUES (?, ?)').run(
          record.url,
          JSON.stringify(record.error),
        );
        return;
      }
      const insert = this.sql(
        `INSERT INTO thumbnails (url, width, height, content_type, ext, sha256, bytes)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const t of record.thumbnails)
        insert.run(record.url, t.width, t.height, t.contentType, t.ext, t.sha256, Buffer.from(t.bytes));
    });
    save();
  }

  async getThumbnails(urls: string[]): Promise<ThumbnailInfo[]> {
    const made = this.sql(
      'SELECT width, height, content_type, ext, sha256 FROM thumbnails WHERE url = ? ORDER BY width',
    );
    const failed = this.sql('SELECT error FROM image_failures WHERE url = ?');
    const out: ThumbnailInfo[] = [];
    for (const url of new Set(urls)) {
      const rows = made.all(url) as ThumbnailRow[];
      if (rows.length > 0) {
        out.push({ url, thumbnails: rows.map(thumbnailOf) });
        continue;
      }
      const error = failed.get(url) as { error: string } | undefined;
      if (error) out.push({ url, error: JSON.parse(error.error) });
    }
    return out;
  }

  async getThumbnailBytes(sha256: string): Promise<Uint8Array | undefined> {
    const row = this.sql('SELECT bytes FROM thumbnails WHERE sha256 = ? LIMIT 1').get(sha256) as
      | { bytes: Buffer }
      | undefined;
    return row ? new Uint8Array(row.bytes) : undefined;
  }

  async saveDigest(digest: Digest): Promise<void> {
    const save = this.db.transaction(() => {
      this.sql(
        `INSERT INTO digests (topic_slug, date, digest) VALUES (?, ?, ?)
           ON CONFLICT (topic_slug, date) DO UPDATE SET digest = excluded.digest`,
      ).run(digest.topic.slug, digest.date, JSON.stringify(digest));
      this.index(digest);
    });
    save();
    // A topic-day is done: the pages cached for it are not read again (the next day reads its own),
    // so the cache is given back instead of growing with the run up to its limit.
    this.db.pragma('shrink_memory');
  }

  /** Replaces the search rows of the digest's topic-day (call inside a transaction). */
  private index(digest: Digest): void {
    this.sql('DELETE FROM search_articles WHERE topic_slug = ? AND date = ?').run(
      digest.topic.slug,
      digest.date,
    );
    const insert = this.sql(
      `INSERT INTO search_articles (title, body, outlet, topic_slug, date, story_id, url)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const r of searchRows(digest))
      insert.run(r.title, r.body, r.outlet, r.topic, r.date, r.storyId, r.url);
  }

  /** Fills the search index from every stored digest (when the search migration is first applied). */
  private reindexAll(): void {
    const rows = this.sql('SELECT digest FROM digests').all() as { digest: string }[];
    for (const r of rows) this.index(JSON.parse(r.digest) as Digest);
  }

  async getDigest(topicSlug: string, date: string): Promise<Digest | undefined> {
    const row = this.sql('SELECT digest FROM digests WHERE topic_slug = ? AND date = ?').get(
      topicSlug,
      date,
    ) as { digest: string } | undefined;
    return row ? (JSON.parse(row.digest) as Digest) : undefined;
  }

  async listArchiveTopics(): Promise<ArchiveTopic[]> {
    const rows = this.sql(
      `SELECT topic_slug AS slug, max(date) AS latest, count(*) AS days,
           (SELECT json_extract(n.digest, '$.topic.name') FROM digests n
            WHERE n.topic_slug = d.topic_slug ORDER BY n.date DESC LIMIT 1) AS name
         FROM digests d GROUP BY topic_slug`,
    ).all() as { slug: string; latest: string; days: number; name: string | null }[];
    return rows
      .map((r) => ({ slug: r.slug, name: r.name ?? r.slug, latest: r.latest, days: r.days }))
      .sort((a, b) => a.name.localeCompare(b.name) || a.slug.localeCompare(b.slug));
  }

  async searchArticles(query: string, opts: SearchOptions = {}): Promise<SearchHit[]> {
    const match = ftsQuery(query);
    if (match === undefined) return [];
    const { limit, offset } = searchPaging(opts);
    const rows = this.sql(
      `SELECT topic_slug AS topic, date, story_id AS storyId, url, title, outlet,
           snippet(search_articles, 1, ?, ?, '…', ${SNIPPET_TOKENS}) AS snippet,
           -bm25(search_articles, ${BM25_WEIGHTS}) AS score
         FROM search_articles
         WHERE search_articles MATCH ? AND (? IS NULL OR topic_slug = ?)
         ORDER BY bm25(search_articles, ${BM25_WEIGHTS}), date DESC
         LIMIT ? OFFSET ?`,
    ).all(SNIPPET_START, SNIPPET_END, match, opts.topic ?? null, opts.topic ?? null, limit, offset);
    return rows as SearchHit[];
  }

  async listDigests(topicSlug: string, limit = 10_000): Promise<Digest[]> {
    const rows = this.sql('SELECT digest FROM digests WHERE topic_slug = ? ORDER BY date DESC LIMIT ?').all(
      topicSlug,
      limit,
    ) as { digest: string }[];
    return rows.map((r) => JSON.parse(r.digest) as Digest);
  }

  async wasSent(topicSlug: string, date: string, recipient: string): Promise<boolean> {
    const row = this.sql('SELECT 1 FROM sent_emails WHERE topic_slug = ? AND date = ? AND recipient = ?').get(
      topicSlug,
      date,
      recipient,
    );
    return row !== undefined;
  }

  async markSent(sent: SentEmail): Promise<void> {
    this.sql(
      `INSERT INTO sent_emails (topic_slug, date, recipient, message_id, sent_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (topic_slug, date, recipient) DO NOTHING`,
    ).run(sent.topicSlug, sent.date, sent.recipient, sent.messageId, sent.sentAt);
  }

  async listSentEmails(topicSlug: string, date: string): Promise<SentEmail[]> {
    return this.sql(
      `SELECT topic_slug AS topicSlug, date, recipient, message_id AS messageId, sent_at AS sentAt
         FROM sent_emails WHERE topic_slug = ? AND date = ? ORDER BY recipient`,
    ).all(topicSlug, date) as SentEmail[];
  }

  async getDecodedLinks(ids: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const get = this.sql('SELECT url FROM decoded_links WHERE id = ?');
    for (const id of new Set(ids)) {
      const row = get.get(id) as { url: string } | undefined;
      if (row) out.set(id, row.url);
    }
    return out;
  }

  async saveDecodedLinks(links: readonly DecodedLink[]): Promise<void> {
    const put = this.sql(
      'INSERT INTO decoded_links (id, url) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET url = excluded.url',
    );
    this.db.transaction(() => {
      for (const l of links) put.run(l.id, l.url);
    })();
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

// Every method reports failures in words: wrap each so that a SqliteError (or a system error) thrown
// by better-sqlite3 becomes the DaybriefError sqliteError() makes of it.
for (const name of Object.getOwnPropertyNames(SqliteStore.prototype)) {
  const proto = SqliteStore.prototype as unknown as Record<string, unknown>;
  const method = proto[name];
  if (name === 'constructor' || typeof method !== 'function') continue;
  proto[name] = function (this: SqliteStore, ...args: unknown[]) {
    try {
      const out = (method as (...a: unknown[]) => unknown).apply(this, args);
      return out instanceof Promise
        ? out.catch((err: unknown) => {
            throw sqliteError(err, this.file);
          })
        : out;
    } catch (err) {
      throw sqliteError(err, this.file);
    }
  };
}
