export { type ApiOptions, apiHandler } from './api.js';
export {
  DEFAULT_GRACE_MS,
  type Listening,
  type ListenOptions,
  listen,
  MAX_TARGET_LENGTH,
  parsePort,
} from './node.js';
export { type DailyJob, DailySchedule, nextRunAt } from './schedule.js';
export { type SignalOptions, stopOnSignals } from './shutdown.js';
export { siteHandler } from './site.js';
export { SECURITY_HEADERS, staticHandler } from './static.js';
