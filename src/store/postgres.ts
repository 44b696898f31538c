import pg from 'pg';
import type { HostSlots } from '../fetch/politeness.js';
import { DaybriefError } from '../model/errors.js';
import type { Candidate, Digest, Topic } from '../model/types.js';
import { articleJson, withParagraphs } from './article-json.js';
import { postgresError } from './errors.js';
import { POSTGRES_MIGRATIONS } from './migrations/postgres.js';
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

interface ArticleRow {
  id: string;
  url_key: string;
  url: string;
  status: StoredArticle['status'];
  candidate: Candidate;
  article: StoredArticle['article'] | null;
  summary: StoredArticle['summary'] | null;
  error: StoredArticle['error'] | null;
  attempts: number;
  fetched_at: string | null;
  etag: string | null;
  last_modified: string | null;
  job_id: string | null;
}

const ARTICLE_COLUMNS = `a.id, a.url_key, a.url, a.status, a.article, a.summary, a.error, a.attempts, a.fetched_at,
  a.etag, a.last_modified, a.job_id`;
/** Index (0-based) of the migration that creates the search table; applying it indexes stored digests. */
const SEARCH_MIGRATION = 2;
/** ts_headline options: the snippet's markers, length and fragments. */
const HEADLINE_OPTIONS = `StartSel=${SNIPPET_START}, StopSel=${SNIPPET_END}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;
/** Serialises migrations across processes that start at once. */
const MIGRATION_LOCK = 4_242_001;

function rowToArticle(row: ArticleRow): StoredArticle {
  const out: StoredArticle = {
    id: Number(row.id),
    urlKey: row.url_key,
    url: row.url,
    status: row.status,
    candidate: row.candidate,
    attempts: row.attempts,
  };
  if (row.article) out.article = withParagraphs(row.article);
  if (row.summary) out.summary = row.summary;
  if (row.error) out.error = row.error;
  if (row.fetched_at) out.fetchedAt = row.fetched_at;
  if (row.etag) out.etag = row.etag;
  if (row.last_modified) out.lastModified = row.last_modified;
  if (row.job_id) out.jobId = row.job_id;
  return out;
}

/** Replaces the search rows of the digest's topic-day, in one statement. */
async function index(c: pg.PoolClient, digest: Digest): Promise<void> {
  await c.query('DELETE FROM search_articles WHERE topic_slug = $1 AND date = $2', [
    digest.topic.slug,
    digest.date,
  ]);
  await c.query(
    `INSERT INTO search_articles (topic_slug, date, story_id, url, title, outlet, body)
     SELECT topic, date, "storyId", url, title, outlet, body
     FROM jsonb_to_recordset($1::jsonb)
       AS r(topic text, date text, "storyId" text, url text, title text, outlet text, body text)`,
    [JSON.stringify(searchRows(digest))],
  );
}

/** Fills the search index from every stored digest (when the search migration is first applied). */
async function reindexAll(c: pg.PoolClient): Promise<void> {
  const { rows } = await c.query<{ digest: Digest }>('SELECT digest FROM digests');
  for (const r of rows) await index(c, r.digest);
}

/** Options for the Postgres store. */
export interface PostgresStoreOptions {
  /** A postgres:// connection string. */
  url: string;
  /** Schema to use (created when missing), default `public`. */
  schema?: string;
  /** Pool size, default 5. */
  max?: number;
  /** How long to wait for a connection before giving up, default 10 000 ms. */
  connectTimeoutMs?: number;
}

/** The scale-out store: many workers on many machines share one Postgres database. */
export class PostgresStore implements Store {
  private readonly pool: pg.Pool;
  private readonly schema: string;
  private readonly url: string;
  /** The article reads asked for in this tick, answered together (see getArticle). */
  #reads: Map<number, Array<(row: StoredArticle | undefined, err?: unknown) => void>> | undefined;

  constructor(opts: PostgresStoreOptions) {
    this.schema = opts.schema ?? 'public';
    if (!/^[a-z_][a-z0-9_]*$/.test(this.schema)) {
      throw new DaybriefError('store', 'STORE_BAD_SCHEMA', `"${this.schema}" is not a valid schema name`);
    }
    // The schema is a connection option, so every pooled connection uses it from its first query.
    this.url = opts.url;
    this.pool = new pg.Pool({
      connectionString: opts.url,
      max: opts.max ?? 5,
      connectionTimeoutMillis: opts.connectTimeoutMs ?? 10_000,
      options: `-c search_path=${this.schema}`,
    });
    // An idle connection that the server drops (restart, timeout) must not crash the process: the
    // next query takes a fresh connection, and its own failure is reported there.
    this.pool.on('error', () => undefined);
  }

  private async query<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    try {
      return (await this.pool.query<R>(sql, params)).rows;
    } catch (err) {
      throw postgresError(err, this.url);
    }
  }

  private async inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect().catch((err: unknown) => {
      throw postgresError(err, this.url, 'connection');
    });
    try {
      await client.query('BEGIN');
      const out = await work(client);
      await client.query('COMMIT');
      return out;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw postgresError(err, this.url, 'transaction');
    } finally {
      client.release();
    }
  }

  async migrate(): Promise<void> {
    await this.inTransaction(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await c.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
      await c.query(`SET LOCAL search_path TO ${this.schema}`);
      await c.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)');
      const done = await c.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
      const current = done.rows[0]?.v ?? 0;
      for (const [i, sql] of POSTGRES_MIGRATIONS.entries()) {
        if (i < current) continue;
        await c.query(sql);
        await c.query('INSERT INTO schema_migrations (version) VALUES ($1)', [i + 1]);
        if (i === SEARCH_MIGRATION) await reindexAll(c);
      }
    });
  }

  async putTopic(topic: Topic): Promise<void> {
    await this.query(
      `INSERT INTO topics (slug, name, config) VALUES ($1, $2, $3)
       ON CONFLICT (slug) DO UPDATE SET name = excluded.name, config = excluded.config`,
      [topic.slug, topic.name, JSON.stringify(topic)],
    );
  }

  async listTopics(): Promise<Topic[]> {
    const rows = await this.query<{ config: Topic }>('SELECT config FROM topics ORDER BY name');
    return rows.map((r) => r.config);
  }

  async linkCandidate(
    topicSlug: string,
    date: string,
    urlKey: string,
    candidate: Candidate,
  ): Promise<StoredArticle> {
    return this.inTransaction(async (c) => {
      await c.query(
        `INSERT INTO articles (url_key, url, status, candidate) VALUES ($1, $2, 'pending', $3)
         ON CONFLICT (url_key) DO NOTHING`,
        [urlKey, candidate.url, JSON.stringify(candidate)],
      );
      const found = await c.query<ArticleRow>(
        `SELECT ${ARTICLE_COLUMNS}, a.candidate FROM articles a WHERE url_key = $1`,
        [urlKey],
      );
      const row = found.rows[0] as ArticleRow;
      await c.query(
        `INSERT INTO topic_day_articles (topic_slug, date, article_id, candidate) VALUES ($1, $2, $3, $4)
         ON CONFLICT (topic_slug, date, article_id) DO NOTHING`,
        [topicSlug, date, row.id, JSON.stringify(candidate)],
      );
      return rowToArticle(row);
    });
  }

  /**
   * A day's candidates in one transaction of three statements, whatever their number: the new
   * articles (the first candidate of a URL key makes its row), the day's links (in the candidates'
   * order, the first of a key kept), and the rows read back. Articles are inserted in URL-key order,
   * so that two days linking the same URLs at once wait for each other instead of deadlocking.
   */
  async linkCandidates(
    topicSlug: string,
    date: string,
    items: ReadonlyArray<{ urlKey: string; candidate: Candidate }>,
  ): Promise<StoredArticle[]> {
    if (items.length === 0) return [];
    const keys = items.map((i) => i.urlKey);
    const urls = items.map((i) => i.candidate.url);
    const json = items.map((i) => JSON.stringify(i.candidate));
    const input =
      'unnest($1::text[], $2::text[], $3::jsonb[]) WITH ORDINALITY AS i(url_key, url, candidate, ord)';
    return this.inTransaction(async (c) => {
      await c.query(
        `INSERT INTO articles (url_key, url, status, candidate)
         SELECT DISTINCT ON (url_key) url_key, url, 'pending', candidate FROM ${input} ORDER BY url_key, ord
         ON CONFLICT (url_key) DO NOTHING`,
        [keys, urls, json],
      );
      await c.query(
        `INSERT INTO topic_day_articles (topic_slug, date, article_id, candidate)
         SELECT $4, $5, a.id, first.candidate FROM (
           SELECT DISTINCT ON (url_key) url_key, candidate, ord FROM ${input} ORDER BY url_key, ord
         ) AS first JOIN articles a ON a.url_key = first.url_key
         ORDER BY first.ord
         ON CONFLICT (topic_slug, date, article_id) DO NOTHING`,
        [keys, urls, json, topicSlug, date],
      );
      const found = await c.query<ArticleRow>(
        `SELECT ${ARTICLE_COLUMNS}, a.candidate FROM articles a WHERE a.url_key = ANY($1::text[])`,
        [[...new Set(keys)]],
      );
      const byKey = new Map(found.rows.map((r) => [r.url_key, r]));
      return items.map((i) => rowToArticle(byKey.get(i.urlKey) as ArticleRow));
    });
  }

  /**
   * The article row by id. Calls made in the same tick (a worker starting a batch of article jobs)
   * share one query: one round trip for the batch instead of one per article.
   */
  getArticle(articleId: number): Promise<StoredArticle | undefined> {
    if (!this.#reads) {
      const reads = new Map<number, Array<(row: StoredArticle | undefined, err?: unknown) => void>>();
      this.#reads = reads;
      queueMicrotask(() => {
        this.#reads = undefined;
        this.readArticles(reads);
      });
    }
    const reads = this.#reads;
    return new Promise((ok, fail) => {
      const waiting = reads.get(articleId) ?? [];
      waiting.push((row, err) => (err === undefined ? ok(row) : fail(err)));
      reads.set(articleId, waiting);
    });
  }

  /** Answers the coalesced reads of {@link getArticle} with one query. */
  private readArticles(
    reads: Map<number, Array<(row: StoredArticle | undefined, err?: unknown) => void>>,
  ): void {
    const ids = [...reads.keys()];
    this.query<ArticleRow>(
      `SELECT ${ARTICLE_COLUMNS}, a.candidate FROM articles a WHERE a.id = ANY($1::bigint[])`,
      [ids],
    ).then(
      (rows) => {
        const byId = new Map(rows.map((r) => [Number(r.id), r]));
        for (const [id, waiting] of reads) {
          const row = byId.get(id);
          // Each caller gets its own copy: callers may change what they are given.
          for (const done of waiting) done(row ? rowToArticle(row) : undefined);
        }
      },
      (err: unknown) => {
        for (const waiting of reads.values())
          for (const done of waiting) done(undefined, err ?? new Error('read failed'));
      },
    );
  }

  async assignArticleJob(
    articleId: number,
    jobId: string,
    requeueFailed: boolean,
  ): Promise<string | undefined> {
    const taken = await this.query<{ job_id: string }>(
      `UPDATE articles SET status = 'pending', job_id = $2, updated_at = now()
       WHERE id = $1 AND ((status = 'pending' AND job_id IS NULL) OR (status = 'failed' AND $3))
       RETURNING job_id`,
      [articleId, jobId, requeueFailed],
    );
    if (taken[0]) return taken[0].job_id;
    const [row] = await this.query<{ status: string; job_id: string | null }>(
      'SELECT status, job_id FROM articles WHERE id = $1',
      [articleId],
    );
    return row?.status === 'pending' && row.job_id ? row.job_id : undefined;
  }

  /**
   * `assignArticleJob` for many articles in one transaction: the rows are locked in id order first
   * (two workers assigning overlapping days never deadlock), then updated in one statement and, for
   * those not taken, read back in one more.
   */
  async assignArticleJobs(
    items: ReadonlyArray<{ articleId: number; jobId: string; requeueFailed: boolean }>,
  ): Promise<Array<string | undefined>> {
    if (items.length === 0) return [];
    return this.inTransaction(async (c) => {
      // The first item of an article decides its job, as one call after another would.
      const first = new Map<number, { jobId: string; requeueFailed: boolean }>();
      for (const i of items) if (!first.has(i.articleId)) first.set(i.articleId, i);
      const ids = [...first.keys()];
      await c.query('SELECT id FROM articles WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE', [ids]);
      await c.query(
        `UPDATE articles a SET status = 'pending', job_id = i.job_id, updated_at = now()
         FROM unnest($1::bigint[], $2::text[], $3::boolean[]) AS i(id, job_id, requeue)
         WHERE a.id = i.id AND ((a.status = 'pending' AND a.job_id IS NULL) OR (a.status = 'failed' AND i.requeue))`,
        [ids, ids.map((id) => first.get(id)?.jobId), ids.map((id) => first.get(id)?.requeueFailed)],
      );
      const { rows } = await c.query<{ id: string; status: string; job_id: string | null }>(
        'SELECT id, status, job_id FROM articles WHERE id = ANY($1::bigint[])',
        [ids],
      );
      const jobs = new Map(
        rows.map((r) => [Number(r.id), r.status === 'pending' && r.job_id ? r.job_id : undefined]),
      );
      return items.map((i) => jobs.get(i.articleId));
    });
  }

  /** The per-host request slots shared by every worker on this database (see fetch/politeness.ts). */
  hostSlots(): HostSlots {
    return {
      reserve: async (host, spacingMs) => {
        const [row] = await this.query<{ wait_ms: number }>(
          `INSERT INTO host_slots (host, next_at) VALUES ($1, now() + $2 * interval '1 millisecond')
           ON CONFLICT (host) DO UPDATE
             SET next_at = greatest(host_slots.next_at, now()) + $2 * interval '1 millisecond'
           RETURNING extract(epoch FROM (next_at - now())) * 1000 - $2 AS wait_ms`,
          [host, spacingMs],
        );
        return Math.max(0, Number(row?.wait_ms ?? 0));
      },
      holdOff: async (host, ms) => {
        await this.query(
          `INSERT INTO host_slots (host, next_at) VALUES ($1, now() + $2 * interval '1 millisecond')
           ON CONFLICT (host) DO UPDATE
             SET next_at = greatest(host_slots.next_at, now() + $2 * interval '1 millisecond')`,
          [host, ms],
        );
      },
    };
  }

  async saveResult(articleId: number, result: ArticleResult): Promise<void> {
    if (result.status === 'ok') {
      await this.query(
        `UPDATE articles SET status = 'ok', article = $1, summary = $2, error = NULL, fetched_at = $3, etag = $4,
           last_modified = $5, attempts = attempts + 1, updated_at = now() WHERE id = $6`,
        [
          articleJson(result.article),
          JSON.stringify(result.summary),
          result.fetchedAt,
          result.etag ?? null,
          result.lastModified ?? null,
          articleId,
        ],
      );
    } else {
      await this.query(
        `UPDATE articles SET status = 'failed', error = $1, attempts = attempts + 1, updated_at = now() WHERE id = $2`,
        [JSON.stringify(result.error), articleId],
      );
    }
  }

  async listDayArticles(topicSlug: string, date: string): Promise<StoredArticle[]> {
    const rows = await this.query<ArticleRow>(
      `SELECT ${ARTICLE_COLUMNS}, l.candidate FROM topic_day_articles l JOIN articles a ON a.id = l.article_id
       WHERE l.topic_slug = $1 AND l.date = $2 ORDER BY l.seq`,
      [topicSlug, date],
    );
    return rows.map(rowToArticle);
  }

  async listDayArticleStates(topicSlug: string, date: string): Promise<StoredArticle[]> {
    const rows = await this.query<ArticleRow>(
      `SELECT a.id, a.url_key, a.url, a.status, a.error, a.attempts, a.fetched_at, a.etag, a.last_modified,
         a.job_id, l.candidate
       FROM topic_day_articles l JOIN articles a ON a.id = l.article_id
       WHERE l.topic_slug = $1 AND l.date = $2 ORDER BY l.seq`,
      [topicSlug, date],
    );
    return rows.map(rowToArticle);
  }

  async saveSourceFailures(topicSlug: string, date: string, failures: SourceFailure[]): Promise<void> {
    await this.inTransaction(async (c) => {
      await c.query('DELETE FROM source_failures WHERE topic_slug = $1 AND date = $2', [topicSlug, date]);
      for (const f of failures) {
        await c.query(
          'INSERT INTO source_failures (topic_slug, date, source, error) VALUES ($1, $2, $3, $4)',
          [topicSlug, date, f.source, JSON.stringify(f.error)],
        );
      }
    });
  }

  async listSourceFailures(topicSlug: string, date: string): Promise<SourceFailure[]> {
    return this.query<SourceFailure>(
      'SELECT source, error FROM source_failures WHERE topic_slug = $1 AND date = $2 ORDER BY id',
      [topicSlug, date],
    );
  }

  async getFeedCache(url: string): Promise<FeedCache | undefined> {
    const [row] = await this.query<{
      url: string;
      etag: string | null;
      lastModified: string | null;
      body: string;
      fetchedAt: string;
    }>(
      `SELECT url, etag, last_modified AS "lastModified", body, fetched_at AS "fetchedAt"
       FROM feed_cache WHERE url = $1`,
      [url],
    );
    if (!row) return undefined;
    const feed: FeedCache = { url: row.url, body: row.body, fetchedAt: row.fetchedAt };
    if (row.etag) feed.etag = row.etag;
    if (row.lastModified) feed.lastModified = row.lastModified;
    return feed;
  }

  async saveFeedCache(feed: FeedCache): Promise<void> {
    await this.query(
      `INSERT INTO feed_cache (url, etag, last_modified, body, fetched_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
         body = excluded.body, fetched_at = excluded.fetched_at`,
      [feed.url, feed.etag ?? null, feed.lastModified ?? null, feed.body, feed.fetchedAt],
    );
  }

  async saveMedia(media: Media): Promise<void> {
    await this.query(
      `INSERT INTO media (url, content_type, ext, sha256, bytes) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (url) DO UPDATE SET content_type = excluded.content_type, ext = excluded.ext,
         sha256 = excluded.sha256, bytes = excluded.bytes`,
      [media.url, media.contentType, media.ext, media.sha256, Buffer.from(media.bytes)],
    );
  }

  async getMedia(urls: string[]): Promise<Media[]> {
    if (urls.length === 0) return [];
    const rows = await this.query<{
      url: string;
      content_type: string;
      ext: string;
      sha256: string;
      bytes: Buffer;
    }>('SELECT url, content_type, ext, sha256, bytes FROM media WHERE url = ANY($1)', [[...new Set(urls)]]);
    return rows.map((r) => ({
      url: r.url,
      contentType: r.content_type,
      ext: r.ext,
      sha256: r.sha256,
      bytes: new Uint8Array(r.bytes),
    }));
  }

  async saveThumbnails(record: ThumbnailRecord): Promise<void> {
    await this.inTransaction(async (c) => {
      await c.query('DELETE FROM thumbnails WHERE url = $1', [record.url]);
      await c.query('DELETE FROM image_failures WHERE url = $1', [record.url]);
      if ('error' in record) {
        await c.query('INSERT INTO image_failures (url, error) VALUES ($1, $2)', [
          record.url,
          JSON.stringify(record.error),
        ]);
        return;
      }
      for (const t of record.thumbnails) {
        await c.query(
          `INSERT INTO thumbnails (url, width, height, content_type, ext, sha256, bytes)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [record.url, t.width, t.height, t.contentType, t.ext, t.sha256, Buffer.from(t.bytes)],
        );
      }
    });
  }

  async getThumbnails(urls: string[]): Promise<ThumbnailInfo[]> {
    if (urls.length === 0) return [];
    const wanted = [...new Set(urls)];
    const made = await this.query<ThumbnailRow & { url: string }>(
      'SELECT url, width, height, content_type, ext, sha256 FROM thumbnails WHERE url = ANY($1) ORDER BY url, width',
      [wanted],
    );
    const failed = await this.query<{ url: string; error: string }>(
      'SELECT url, error FROM image_failures WHERE url = ANY($1)',
      [wanted],
    );
    const byUrl = new Map<string, ThumbnailRow[]>();
    for (const r of made) byUrl.set(r.url, [...(byUrl.get(r.url) ?? []), r]);
    const errors = new Map(failed.map((r) => [r.url, JSON.parse(r.error)]));
    const out: ThumbnailInfo[] = [];
    for (const url of wanted) {
      const rows = byUrl.get(url);
      if (rows) out.push({ url, thumbnails: rows.map(thumbnailOf) });
      else if (errors.has(url)) out.push({ url, error: errors.get(url) });
    }
    return out;
  }

  async getThumbnailBytes(sha256: string): Promise<Uint8Array | undefined> {
    const [row] = await this.query<{ bytes: Buffer }>(
      'SELECT bytes FROM thumbnails WHERE sha256 = $1 LIMIT 1',
      [sha256],
    );
    return row ? new Uint8Array(row.bytes) : undefined;
  }

  async saveDigest(digest: Digest): Promise<void> {
    await this.inTransaction(async (c) => {
      await c.query(
        `INSERT INTO digests (topic_slug, date, digest) VALUES ($1, $2, $3)
         ON CONFLICT (topic_slug, date) DO UPDATE SET digest = excluded.digest`,
        [digest.topic.slug, digest.date, JSON.stringify(digest)],
      );
      await index(c, digest);
    });
  }

  async getDigest(topicSlug: string, date: string): Promise<Digest | undefined> {
    const rows = await this.query<{ digest: Digest }>(
      'SELECT digest FROM digests WHERE topic_slug = $1 AND date = $2',
      [topicSlug, date],
    );
    return rows[0]?.digest;
  }

  async listArchiveTopics(): Promise<ArchiveTopic[]> {
    const rows = await this.query<{ slug: string; name: string | null; latest: string; days: string }>(
      `SELECT DISTINCT ON (topic_slug) topic_slug AS slug, digest #>> '{topic,name}' AS name, date AS latest,
         count(*) OVER (PARTITION BY topic_slug) AS days
       FROM digests ORDER BY topic_slug, date DESC`,
    );
    return rows
      .map((r) => ({ slug: r.slug, name: r.name ?? r.slug, latest: r.latest, days: Number(r.days) }))
      .sort((a, b) => a.name.localeCompare(b.name) || a.slug.localeCompare(b.slug));
  }

  async searchArticles(query: string, opts: SearchOptions = {}): Promise<SearchHit[]> {
    // The same normalised terms as SQLite's, so both stores read a query alike (websearch syntax accepts it).
    const terms = ftsQuery(query);
    if (terms === undefined) return [];
    const { limit, offset } = searchPaging(opts);
    const rows = await this.query<SearchHit>(
      `SELECT topic_slug AS topic, date, story_id AS "storyId", url, title, outlet,
         ts_headline('simple', body, q, $2) AS snippet, ts_rank(document, q) AS score
       FROM search_articles, websearch_to_tsquery('simple', $1) AS q
       WHERE document @@ q AND ($3::text IS NULL OR topic_slug = $3)
       ORDER BY score DESC, date DESC, id
       LIMIT $4 OFFSET $5`,
      [terms, HEADLINE_OPTIONS, opts.topic ?? null, limit, offset],
    );
    return rows.map((r) => ({ ...r, score: Number(r.score) }));
  }

  async listDigests(topicSlug: string, limit = 10_000): Promise<Digest[]> {
    const rows = await this.query<{ digest: Digest }>(
      'SELECT digest FROM digests WHERE topic_slug = $1 ORDER BY date DESC LIMIT $2',
      [topicSlug, limit],
    );
    return rows.map((r) => r.digest);
  }

  async wasSent(topicSlug: string, date: string, recipient: string): Promise<boolean> {
    const rows = await this.query(
      'SELECT 1 FROM sent_emails WHERE topic_slug = $1 AND date = $2 AND recipient = $3',
      [topicSlug, date, recipient],
    );
    return rows.length > 0;
  }

  async markSent(sent: SentEmail): Promise<void> {
    await this.query(
      `INSERT INTO sent_emails (topic_slug, date, recipient, message_id, sent_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (topic_slug, date, recipient) DO NOTHING`,
      [sent.topicSlug, sent.date, sent.recipient, sent.messageId, sent.sentAt],
    );
  }

  async listSentEmails(topicSlug: string, date: string): Promise<SentEmail[]> {
    return this.query<SentEmail>(
      `SELECT topic_slug AS "topicSlug", date, recipient, message_id AS "messageId", sent_at AS "sentAt"
       FROM sent_emails WHERE topic_slug = $1 AND date = $2 ORDER BY recipient`,
      [topicSlug, date],
    );
  }

  async getDecodedLinks(ids: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (ids.length === 0) return out;
    const rows = await this.query<{ id: string; url: string }>(
      'SELECT id, url FROM decoded_links WHERE id = ANY($1::text[])',
      [[...new Set(ids)]],
    );
    for (const r of rows) out.set(r.id, r.url);
    return out;
  }

  async saveDecodedLinks(links: readonly DecodedLink[]): Promise<void> {
    for (const l of links) {
      await this.query(
        'INSERT INTO decoded_links (id, url) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET url = excluded.url',
        [l.id, l.url],
      );
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
