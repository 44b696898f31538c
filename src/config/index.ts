export { type Config, loadConfig, parseConfig, parseTopic, slugify } from './load.js';
export { type ConfigInput, configSchema, topicSchema } from './schema.js';
