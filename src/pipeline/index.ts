export { processArticle } from './article.js';
export { buildDigest } from './digest.js';
export type { OnEvent, PipelineEvent } from './events.js';
export { checkOutDir, publishSite } from './publish-site.js';
export { type RunDeps, type RunReport, runDay } from './run-day.js';
export { type RunTopicsOptions, runTopics } from './run-topics.js';
