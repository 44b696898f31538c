/**
 * Postgres schema, one entry per version (the schema_migrations table records those applied). Never
 * edit an entry that has shipped: append a new one.
 */
export const POSTGRES_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE topics (
    slug TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    config JSONB NOT NULL
  );
  CREATE TABLE articles (
    id BIGSERIAL PRIMARY KEY,
    url_key TEXT NOT NULL UNIQUE,
    url TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'ok', 'failed')),
    candidate JSONB NOT NULL,
    article JSONB,
    summary JSONB,
    error JSONB,
    attempts INTEGER NOT NULL DEFAULT 0,
    fetched_at TEXT,
    etag TEXT,
    last_modified TEXT,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
  );
  CREATE TABLE topic_day_articles (
    seq BIGSERIAL,
    topic_slug TEXT NOT NULL,
    date TEXT NOT NULL,
    article_id BIGINT NOT NULL REFERENCES articles (id),
    candidate JSONB NOT NULL,
    PRIMARY KEY (topic_slug, date, article_id)
  );
  CREATE TABLE source_failures (
    id BIGSERIAL PRIMARY KEY,
    topic_slug TEXT NOT NULL,
    date TEXT NOT NULL,
    source TEXT NOT NULL,
    error JSONB NOT NULL
  );
  CREATE INDEX source_failures_day ON source_failures (topic_slug, date);
  CREATE TABLE digests (
    topic_slug TEXT NOT NULL,
    date TEXT NOT NULL,
    digest JSONB NOT NULL,
    PRIMARY KEY (topic_slug, date)
  );
  `,
  `
  CREATE TABLE media (
    url TEXT PRIMARY KEY,
    content_type TEXT NOT NULL,
    ext TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    bytes BYTEA NOT NULL
  );
  `,
  `
  CREATE TABLE search_articles (
    id BIGSERIAL PRIMARY KEY,
    topic_slug TEXT NOT NULL,
    date TEXT NOT NULL,
    story_id TEXT NOT NULL,
    url TEXT NOT NULL,
    title TEXT NOT NULL,
    outlet TEXT NOT NULL,
    body TEXT NOT NULL,
    document TSVECTOR GENERATED ALWAYS AS (
      setweight(to_tsvector('simple', title), 'A') ||
      setweight(to_tsvector('simple', body), 'B') ||
      setweight(to_tsvector('simple', outlet), 'C')
    ) STORED
  );
  CREATE INDEX search_articles_document ON search_articles USING GIN (document);
  CREATE INDEX search_articles_day ON search_articles (topic_slug, date);
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
    bytes BYTEA NOT NULL,
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
  CREATE TABLE host_slots (
    host TEXT PRIMARY KEY,
    next_at TIMESTAMPTZ NOT NULL
  );
  `,
];
