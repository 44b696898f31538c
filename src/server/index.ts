export { type ApiOptions, apiHandler } from './api.js';
export { listen } from './node.js';
export { type DailyJob, DailySchedule, nextRunAt } from './schedule.js';
export { siteHandler } from './site.js';
export { SECURITY_HEADERS, staticHandler } from './static.js';
