/**
 * What the store says about the latest runs, read-only, for `daybrief status`: per topic, its
 * newest topic-days with their articles by status, the failure codes, the sources that failed and
 * the digest built. The same SQL runs on SQLite and Postgres except for reading JSON.
 */

/** Runs one read-only query; SQLite and Postgres readers both give plain rows. */
export interface StatusReader {
  dialect: 'sqlite' | 'postgres';
  all(sql: string): Promise<Record<string, unknown>[]>;
}

/** The last run of one topic-day, as its stored rows tell it. */
export interface DayStatus {
  topic: string;
  date: string;
  /** Articles linked to the day, and of them done, failed, still to fetch. */
  articles: number;
  ok: number;
  failed: number;
  pending: number;
  /** Failure codes of the failed articles, most frequent first. */
  failures: Array<{ code: string; count: number }>;
  /** Feeds and news-search engines that failed on the last run, by code. */
  sourceFailures: Array<{ code: string; count: number }>;
  /** Stories in the stored digest; undefined when the day has none yet (not built, or failed). */
  stories?: number;
  /** When the digest was built (ISO 8601), if any. */
  builtAt?: string;
  /** The last time one of its articles was saved (ISO 8601), if any. */
  lastSaved?: string;
}

function jsonText(dialect: StatusReader['dialect'], column: string, key: string): string {
  return dialect === 'sqlite' ? `json_extract(${column}, '$.${key}')` : `${column}->>'${key}'`;
}

function storiesOf(dialect: StatusReader['dialect']): string {
  return dialect === 'sqlite'
    ? `json_array_length(d.digest, '$.stories')`
    : `jsonb_array_length(d.digest->'stories')`;
}

/** The newest `days` topic-days of each topic, as a CTE named `recent`. */
function recentDays(days: number): string {
  return `WITH known AS (
      SELECT topic_slug, date FROM topic_day_articles GROUP BY topic_slug, date
      UNION SELECT topic_slug, date FROM digests
      UNION SELECT topic_slug, date FROM source_failures GROUP BY topic_slug, date
    ), recent AS (
      SELECT topic_slug, date FROM (
        SELECT topic_slug, date, ROW_NUMBER() OVER (PARTITION BY topic_slug ORDER BY date DESC) AS rn FROM known
      ) ranked WHERE rn <= ${days}
    )`;
}

function iso(value: unknown): string | undefined {
  if (value instanceof Date) return value.toISOString();
  if (typeof value !== 'string' || !value) return undefined;
  // SQLite's CURRENT_TIMESTAMP: "YYYY-MM-DD HH:MM:SS" in UTC.
  const t = Date.parse(
    /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(value) ? `${value.replace(' ', 'T')}Z` : value,
  );
  return Number.isNaN(t) ? value : new Date(t).toISOString();
}

const key = (topic: unknown, date: unknown) => `${String(topic)}\u0001${String(date)}`;

function codeCounts(rows: Record<string, unknown>[]): Map<string, Array<{ code: string; count: number }>> {
  const out = new Map<string, Array<{ code: string; count: number }>>();
  for (const r of rows) {
    const k = key(r.topic_slug, r.date);
    const list = out.get(k) ?? [];
    list.push({ code: String(r.code ?? 'UNKNOWN'), count: Number(r.n) });
    out.set(k, list);
  }
  for (const list of out.values()) list.sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
  return out;
}

/**
 * The last run of each topic's newest `days` topic-days (default 1), by topic then newest date
 * first. Reads only: safe while workers run.
 */
export async function dayStatus(reader: StatusReader, opts: { days?: number } = {}): Promise<DayStatus[]> {
  const days = Math.max(1, Math.floor(opts.days ?? 1));
  const d = reader.dialect;
  const recent = recentDays(days);
  // One after another: the reader may be a single connection.
  const counts = await reader.all(`${recent}
      SELECT r.topic_slug, r.date, count(a.id) AS articles,
        sum(CASE WHEN a.status = 'ok' THEN 1 ELSE 0 END) AS ok,
        sum(CASE WHEN a.status = 'failed' THEN 1 ELSE 0 END) AS failed,
        sum(CASE WHEN a.status = 'pending' THEN 1 ELSE 0 END) AS pending,
        max(a.updated_at) AS last_saved,
        max(${jsonText(d, 'd.digest', 'generatedAt')}) AS built_at,
        max(${storiesOf(d)}) AS stories
      FROM recent r
      LEFT JOIN topic_day_articles l ON l.topic_slug = r.topic_slug AND l.date = r.date
      LEFT JOIN articles a ON a.id = l.article_id
      LEFT JOIN digests d ON d.topic_slug = r.topic_slug AND d.date = r.date
      GROUP BY r.topic_slug, r.date
      ORDER BY r.topic_slug, r.date DESC`);
  const failures = await reader.all(`${recent}
      SELECT r.topic_slug, r.date, ${jsonText(d, 'a.error', 'code')} AS code, count(*) AS n
      FROM recent r
      JOIN topic_day_articles l ON l.topic_slug = r.topic_slug AND l.date = r.date
      JOIN articles a ON a.id = l.article_id
      WHERE a.status = 'failed'
      GROUP BY r.topic_slug, r.date, ${jsonText(d, 'a.error', 'code')}`);
  const sources = await reader.all(`${recent}
      SELECT r.topic_slug, r.date, ${jsonText(d, 's.error', 'code')} AS code, count(*) AS n
      FROM recent r
      JOIN source_failures s ON s.topic_slug = r.topic_slug AND s.date = r.date
      GROUP BY r.topic_slug, r.date, ${jsonText(d, 's.error', 'code')}`);
  const failed = codeCounts(failures);
  const sourceFailed = codeCounts(sources);
  return counts.map((r) => {
    const k = key(r.topic_slug, r.date);
    const out: DayStatus = {
      topic: String(r.topic_slug),
      date: String(r.date),
      articles: Number(r.articles ?? 0),
      ok: Number(r.ok ?? 0),
      failed: Number(r.failed ?? 0),
      pending: Number(r.pending ?? 0),
      failures: failed.get(k) ?? [],
      sourceFailures: sourceFailed.get(k) ?? [],
    };
    if (r.stories !== null && r.stories !== undefined) out.stories = Number(r.stories);
    const builtAt = iso(r.built_at);
    if (builtAt) out.builtAt = builtAt;
    const lastSaved = iso(r.last_saved);
    if (lastSaved) out.lastSaved = lastSaved;
    return out;
  });
}
