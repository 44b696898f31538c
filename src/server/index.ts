export { listen } from './node.js';
export { type DailyJob, DailySchedule, nextRunAt } from './schedule.js';
export { staticHandler } from './static.js';
