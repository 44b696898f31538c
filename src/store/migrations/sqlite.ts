/**
 * SQLite schema, one entry per version (PRAGMA user_version counts those applied). Never edit an
 * entry that has shipped: append a new one.
 */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE topics (
    slug TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    config TEXT NOT NULL
  );
  CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    url_key TEXT NOT NULL UNIQUE,
    url TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'ok', 'failed')),
    candidate TEXT NOT NULL,
    article TEXT,
    summary TEXT,
    error TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    fetched_at TEXT,
    etag TEXT,
    last_modified TEXT,
    updated_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
  );
  CREATE TABLE topic_day_articles (
    topic_slug TEXT NOT NULL,
    date TEXT NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles (id),
    candidate TEXT NOT NULL,
    PRIMARY KEY (topic_slug, date, article_id)
  );
  CREATE TABLE source_failures (
    id INTEGER PRIMARY KEY,
    topic_slug TEXT NOT NULL,
    date TEXT NOT NULL,
    source TEXT NOT NULL,
    error TEXT NOT NULL
  );
  CREATE INDEX source_failures_day ON source_failures (topic_slug, date);
  CREATE TABLE digests (
    topic_slug TEXT NOT NULL,
    date TEXT NOT NULL,
    digest TEXT NOT NULL,
    PRIMARY KEY (topic_slug, date)
  );
  `,
  `
  CREATE TABLE media (
    url TEXT PRIMARY KEY,
    content_type TEXT NOT NULL,
    ext TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    bytes BLOB NOT NULL
  );
  `,
  `
  CREATE VIRTUAL TABLE search_articles USING fts5 (
    title, body, outlet,
    topic_slug UNINDEXED, date UNINDEXED, story_id UNINDEXED, url UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
  );
  `,
  `
  CREATE TABLE sent_emails (
    topic_slug TEXT NOT NULL,
    date TEXT NOT NULL,
    recipient TEXT NOT NULL,
    message_id TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    PRIMARY KEY (topic_slug, date, recipient)
  );
  `,
  `
  CREATE TABLE decoded_links (
    id TEXT PRIMARY KEY,
    url TEXT NOT NULL
  );
  `,
  `
  CREATE TABLE feed_cache (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    body TEXT NOT NULL,
    fetched_at TEXT NOT NULL
  );
  `,
  `
  CREATE TABLE thumbnails (
    url TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    ext TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    bytes BLOB NOT NULL,
    PRIMARY KEY (url, width)
  );
  CREATE INDEX thumbnails_sha256 ON thumbnails (sha256);
  CREATE TABLE image_failures (
    url TEXT PRIMARY KEY,
    error TEXT NOT NULL
  );
  `,
  `
  ALTER TABLE articles ADD COLUMN job_id TEXT;
  `,
];
