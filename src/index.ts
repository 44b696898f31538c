/**
 * daybrief's public surface: the stages as plain functions, the store and fetcher implementations,
 * and the pipeline that wires them. Re-exports only.
 */
export { buildStories, dedupe, urlKey } from './cluster/index.js';
export { type Config, loadConfig, parseConfig, parseTopic } from './config/index.js';
export { bingNewsSearchUrl, dayWindow, discover, googleNewsSearchUrl, parseFeed } from './discover/index.js';
export { extract, readMetadata } from './extract/index.js';
export { buildWarc, createFetcher, createLiveFetcher, createReplayFetcher } from './fetch/index.js';
export type { Fetcher, FetchOptions } from './fetch/types.js';
export * from './model/index.js';
export { publishSite, type RunReport, runDay, runTopics } from './pipeline/index.js';
export { buildSite, dayJson, type SiteData, writeSite } from './publish/index.js';
export { LocalQueue, type Queue } from './queue/index.js';
export { DailySchedule, listen, staticHandler } from './server/index.js';
export { openStore, PostgresStore, SqliteStore, type Store } from './store/index.js';
export { splitSentences, storyLead, summarize, summarizeText } from './summarize/index.js';
