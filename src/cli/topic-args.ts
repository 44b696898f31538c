import { type Config, loadConfig, parseConfig } from '../config/index.js';
import { DaybriefError } from '../model/errors.js';

/** Flags that define a topic without a config file, and the shared ones. */
export interface TopicFlags {
  config?: string;
  topic?: string;
  query?: string;
  feed?: string[];
  language?: string;
  region?: string;
  timezone?: string;
  max?: string;
  db?: string;
  out?: string;
}

export const DEFAULT_CONFIG = 'daybrief.config.json';

function positiveInt(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new DaybriefError(
      'cli',
      'CLI_BAD_FLAG',
      `--${flag} expects a positive whole number, got "${value}"`,
    );
  }
  return n;
}

/**
 * The configuration a command works on: the topic given by flags (`--topic NAME [--query Q] [--feed
 * URL …]`) or, without `--topic`, the config file. `--db` and `--out` override the file's values.
 */
export async function resolveConfig(flags: TopicFlags): Promise<Config> {
  let config: Config;
  if (flags.topic) {
    const topic: Record<string, unknown> = { name: flags.topic, feeds: flags.feed ?? [] };
    if (flags.query) topic.query = flags.query;
    if (flags.language) topic.language = flags.language;
    if (flags.region) topic.region = flags.region.toUpperCase();
    if (flags.timezone) topic.timezone = flags.timezone;
    if (flags.max) topic.maxArticles = positiveInt('max', flags.max);
    config = parseConfig({ topics: [topic] }, 'the command-line topic');
  } else {
    config = await loadConfig(flags.config ?? DEFAULT_CONFIG).catch((err: unknown) => {
      if (err instanceof DaybriefError && err.code === 'CONFIG_NOT_FOUND' && !flags.config) {
        throw new DaybriefError(
          'cli',
          'CLI_NO_TOPIC',
          `no topic: pass --topic NAME with --query Q and/or --feed URL, or write ${DEFAULT_CONFIG} (see README)`,
        );
      }
      throw err;
    });
  }
  if (flags.db) config.database = flags.db;
  if (flags.out) config.out = flags.out;
  return config;
}
