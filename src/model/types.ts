/**
 * Plain data shared by all stages. Everything that comes from the web is untrusted: stages validate
 * it at their boundary, and publishing escapes it.
 */

/** A subject the user follows. */
export interface Topic {
  name: string;
  /** URL-safe identifier, used in paths: `nato`. */
  slug: string;
  /** News-search query (phrases, OR, -exclusions), or undefined for feeds only. */
  query?: string;
  /** The user's own RSS/Atom/RDF/JSON feeds. */
  feeds: string[];
  /** BCP 47 language, default `en`. */
  language: string;
  /** Region (ISO 3166 alpha-2), default `US`. */
  region: string;
  /** IANA time zone that defines "the day", default `UTC`. */
  timezone: string;
  /** Upper bound on articles fetched per day, default 100. */
  maxArticles: number;
}

/** One calendar day in a time zone, as a half-open interval [start, end). */
export interface DayWindow {
  /** `YYYY-MM-DD` in `timezone`. */
  date: string;
  timezone: string;
  start: Date;
  end: Date;
}

/** An item found by discovery: what a feed says about an article. Never trusted. */
export interface Candidate {
  /** The publisher's URL (news-search redirect links already resolved where possible). */
  url: string;
  /** The feed's title (may be truncated with "..." or carry a " - Outlet" suffix, which discovery strips). */
  title: string;
  outlet?: string;
  /** ISO 8601. */
  published?: string;
  /** Plain text, HTML removed. */
  description?: string;
  /** Absolute http(s) URL of an image the source gives for the article (GDELT's `socialimage`). */
  image?: string;
  /** Where it came from: the feed URL. */
  source: string;
  /** The outlet's home page, when the source names it (Google News `<source url="…">`). */
  outletUrl?: string;
  /**
   * Only a headline is known (a news-search link that could not be decoded nor matched to another
   * source's item): `url` is the news-search link, kept as its identity; link readers to `outletUrl`.
   * The pipeline does not fetch it as an article.
   */
  headlineOnly?: boolean;
}

/** A fetched HTTP response, decoded. */
export interface Page {
  url: string;
  /** After redirects. */
  finalUrl: string;
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** The body as received (after content-encoding is undone). */
  bytes: Uint8Array;
  /** The body decoded with `charset`. */
  text: string;
  /** The charset used to decode, lower-case WHATWG label, e.g. `utf-8`, `windows-1252`. */
  charset: string;
  /** The media type without parameters, e.g. `text/html`. */
  contentType: string;
  /** ISO 8601. */
  fetchedAt: string;
}

/** What extraction makes of an article page. */
export interface Article {
  kind: 'article';
  url: string;
  canonicalUrl?: string;
  /** The full headline, never the feed's truncated one. */
  title: string;
  byline?: string;
  /** ISO 8601 with offset where known. */
  published?: string;
  /** Absolute http(s) URL of the cover image. */
  image?: string;
  /** Outlet name. */
  siteName?: string;
  lang?: string;
  description?: string;
  /** Paragraphs joined by blank lines. */
  text: string;
  paragraphs: string[];
  /** True when the page is a paywall teaser, a consent wall or a bot check. */
  paywalled: boolean;
}

/** A page that extraction declined, with why. */
export interface Skipped {
  kind: 'skipped';
  /** Stable code, e.g. `EXTRACT_NOT_HTML`, `EXTRACT_EMPTY`. */
  code: string;
  reason: string;
}

export type Extracted = Article | Skipped;

export type SummarySource = 'body' | 'description' | 'none';

/** An extractive summary: sentences of the article, in reading order. */
export interface Summary {
  sentences: string[];
  source: SummarySource;
}

/** A syndicated copy folded into another article. */
export interface Copy {
  outlet: string;
  url: string;
}

/** One article as it appears on a day page. */
export interface DigestArticle {
  url: string;
  title: string;
  outlet: string;
  published?: string;
  image?: string;
  description?: string;
  summary: string[];
  summarySource: SummarySource;
  paywalled: boolean;
  alsoPublishedBy: Copy[];
  /** BCP 47 language of the article as its page declares it, when known. */
  lang?: string;
  /** Only the headline is known (an undecodable news-search link): `url` is the outlet's site, not the article. */
  headlineOnly?: boolean;
}

/** Coverage of one event: its articles, best first. */
export interface Story {
  id: string;
  title: string;
  /** A sentence or two that represent the story across its articles. */
  lead?: string[];
  /** Where each `lead` sentence comes from (same length and order): the article that has it. */
  leadSources?: Copy[];
  articles: DigestArticle[];
  /** The story of an earlier day (at most a few days before) that this one continues. */
  continues?: { date: string; storyId: string; title: string };
}

/** One topic's day: the data behind a day page and its JSON. */
export interface Digest {
  topic: { name: string; slug: string };
  /** `YYYY-MM-DD`. */
  date: string;
  timezone?: string;
  /** ISO 8601. */
  generatedAt?: string;
  stories: Story[];
}
