import { parseConfig } from '../config/index.js';
import {
  DEFAULT_CONFIG_FILE,
  type ResolveOptions,
  resolveSettings,
  type SettingFlags,
  type Settings,
} from '../config/resolve.js';
import { parseAllowHost } from '../fetch/address-guard.js';
import { DaybriefError } from '../model/errors.js';
import type { Topic } from '../model/types.js';

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

export const DEFAULT_CONFIG = DEFAULT_CONFIG_FILE;

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

/** The topic given by flags (`--topic NAME [--query Q] [--feed URL …]`), if any. */
export function flagTopics(flags: TopicFlags): Topic[] | undefined {
  if (!flags.topic) return undefined;
  const topic: Record<string, unknown> = { name: flags.topic, feeds: flags.feed ?? [] };
  if (flags.query) topic.query = flags.query;
  if (flags.language) topic.language = flags.language;
  if (flags.region) topic.region = flags.region.toUpperCase();
  if (flags.timezone) topic.timezone = flags.timezone;
  if (flags.max) topic.maxArticles = positiveInt('max', flags.max);
  return parseConfig({ topics: [topic] }, 'the command-line topic').topics;
}

/**
 * The settings a command works on, from src/config's one resolver (flag > DAYBRIEF_* > config file >
 * default): the topic given by flags or, without `--topic`, the config file's topics.
 */
export async function resolveConfig(
  flags: TopicFlags & SettingFlags,
  opts: Omit<ResolveOptions, 'topics'> = {},
): Promise<Settings> {
  const topics = flagTopics(flags);
  return resolveSettings(flags, { requireTopics: true, ...opts, ...(topics ? { topics } : {}) });
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
  return (await resolveConfig(flags, { requireTopics: false })).fetch.allowHosts;
}

/** The `--allow-host` option, as run, worker, serve --schedule and demo take it. */
export const ALLOW_HOST_FLAG = '--allow-host <host[:port]>';
export const ALLOW_HOST_HELP =
  'fetch from this host even though its address is loopback, private or link-local (repeatable; adds to fetch.allowHosts)';

/** Commander's collector for a repeatable flag. */
export function collectFlag(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
