/** The discover stage: news-search and feed discovery of candidate articles for a topic and day. */
export { bingNewsSearchUrl, bingSources, decodeBingLink, isBingUrl } from './bing-news.js';
export { dayWindow, shiftDate, todayIn, yesterdayIn } from './day.js';
export type {
  DiscoverFailure,
  DiscoverOptions,
  DiscoverResult,
  NewsSearch,
  NewsSource,
  PlannedSource,
  SourceKind,
  SourceReport,
} from './discover.js';
export {
  DEFAULT_NEWS_SOURCES,
  discover,
  discoverSources,
  FEED_ACCEPT,
  NEWS_SOURCES,
  newsSources,
  plannedSources,
} from './discover.js';
export { parseFeed } from './feeds.js';
export { dedupeByUrl, filterToDay, isSearchFeed, LIVE_GRACE_MS } from './filter.js';
export type { FetchGdeltOptions, GdeltArticle, GdeltSettings } from './gdelt.js';
export {
  fetchGdelt,
  GDELT_ENDPOINT,
  gdeltQuery,
  gdeltSearchUrl,
  Pacer,
  parseGdelt,
  parseGdeltResponse,
  parseSeenDate,
} from './gdelt.js';
export type { DecodedLinkCache, DecodeOutcome, Edition, GoogleNewsDecoderOptions } from './gnews-decode.js';
export { GoogleNewsDecoder, resolveGoogleNewsLink } from './gnews-decode.js';
export type { PostFn } from './google-news.js';
export {
  decodeGoogleNewsLink,
  googleNewsArticleId,
  googleNewsBatchBody,
  googleNewsEdition,
  googleNewsSearchUrl,
  isGoogleNewsUrl,
  parseGoogleNewsBatchResponse,
  readGoogleNewsPage,
} from './google-news.js';
export { findSameArticle, normalTitle } from './headline-match.js';
export type { QueryMatcher } from './query.js';
export { compileQuery } from './query.js';
export { htmlToText, parseDate } from './text.js';
export { cleanUrl } from './urls.js';
