import { type Config, loadConfig, parseConfig } from '../config/index.js';
import { parseAllowHost } from '../fetch/address-guard.js';
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
  /** `--allow-host HOST[:PORT]`, repeatable: added to the config's `fetch.allowHosts`. */
  allowHost?: string[];
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
  config.fetch = { ...config.fetch, allowHosts: allowHosts(config.fetch.allowHosts, flags.allowHost) };
  return config;
}

/**
 * The hosts fetched even on non-public addresses: the config's `fetch.allowHosts` and every
 * `--allow-host`, each checked to be a host or host:port.
 */
export function allowHosts(fromConfig: readonly string[] = [], fromFlags: readonly string[] = []): string[] {
  for (const entry of fromFlags) {
    if (!parseAllowHost(entry)) {
      throw new DaybriefError(
        'cli',
        'CLI_BAD_FLAG',
        `--allow-host expects HOST or HOST:PORT (e.g. 127.0.0.1:8080 or [::1]:8080), got "${entry}"`,
      );
    }
  }
  return [...new Set([...fromConfig, ...fromFlags])];
}

/** The allow list for a command that may run without topics (`worker`): the config's, if any, and the flags'. */
export async function resolveAllowHosts(flags: TopicFlags): Promise<string[]> {
  try {
    return (await resolveConfig(flags)).fetch.allowHosts;
  } catch (err) {
    if (err instanceof DaybriefError && err.code === 'CLI_NO_TOPIC') return allowHosts([], flags.allowHost);
    throw err;
  }
}

/** The `--allow-host` option, as run, worker, serve --schedule and demo take it. */
export const ALLOW_HOST_FLAG = '--allow-host <host[:port]>';
export const ALLOW_HOST_HELP =
  'fetch from this host even though its address is loopback, private or link-local (repeatable; adds to fetch.allowHosts)';

/** Commander's collector for a repeatable flag. */
export function collectFlag(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
