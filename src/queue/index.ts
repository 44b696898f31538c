export { LocalQueue } from './local.js';
export type { Queue } from './queue.js';
