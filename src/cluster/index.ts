export { type ClusterRecord, type ClusterResult, clusterRecords } from './batch.js';
export { type DedupeItem, type DedupeOptions, type DuplicateGroup, dedupe } from './dedupe.js';
export { type GroupDoc, type Grouping, type GroupOptions, groupArticles } from './group.js';
export {
  type DayStories,
  linkRunningStories,
  markRunningStories,
  type RunningOptions,
  type StoryLink,
  storyText,
} from './running.js';
export { containment, shingles } from './shingles.js';
export { buildStories, type StoryItem } from './stories.js';
export { urlKey } from './urls.js';
