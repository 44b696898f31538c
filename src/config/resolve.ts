/**
 * The one place where a command's settings are decided: flag > environment (`DAYBRIEF_*`) > config
 * file > default. Every command (run, serve, worker, publish, send, sources) asks `resolveSettings`,
 * so a key of the config file means the same to each of them.
 */
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { parseAllowHost } from '../fetch/address-guard.js';
import { DaybriefError } from '../model/errors.js';
import type { Topic } from '../model/types.js';
import { type Config, loadConfig, parseConfig } from './load.js';
import { configSchema, emailSchema, newsSearchSchema } from './schema.js';

/** The config file read when neither `--config` nor DAYBRIEF_CONFIG names one. */
export const DEFAULT_CONFIG_FILE = 'daybrief.config.json';

/** Where a setting's value came from. */
export type SettingSource = 'flag' | 'env' | 'config' | 'default';

/** One setting as the README's table lists it. */
export interface SettingSpec {
  key: string;
  flag?: string;
  env?: string;
  configKey?: string;
  default: string;
  what: string;
}

/** Every setting the resolver decides (the README's table is this list). */
export const SETTINGS: readonly SettingSpec[] = [
  {
    key: 'config',
    flag: '--config',
    env: 'DAYBRIEF_CONFIG',
    default: DEFAULT_CONFIG_FILE,
    what: 'the config file',
  },
  {
    key: 'database',
    flag: '--db',
    env: 'DAYBRIEF_DB',
    configKey: 'database',
    default: 'daybrief.sqlite',
    what: 'SQLite file or postgres:// URL',
  },
  {
    key: 'out',
    flag: '--out',
    env: 'DAYBRIEF_OUT',
    configKey: 'out',
    default: 'site',
    what: 'site directory',
  },
  { key: 'title', env: 'DAYBRIEF_TITLE', configKey: 'title', default: 'daybrief', what: 'site title' },
  {
    key: 'newsSearch',
    flag: '--no-news-search',
    env: 'DAYBRIEF_NEWS_SEARCH',
    configKey: 'newsSearch',
    default: 'true (GDELT and Bing News)',
    what: 'news-search engines: true, false or a list of gdelt, bing, google',
  },
  {
    key: 'schedule',
    flag: '--schedule HH:MM (serve)',
    env: 'DAYBRIEF_SCHEDULE',
    configKey: 'schedule',
    default: '06:00',
    what: 'daily run time of `serve --schedule`',
  },
  {
    key: 'allowHosts',
    flag: '--allow-host (repeatable)',
    env: 'DAYBRIEF_ALLOW_HOSTS (comma-separated)',
    configKey: 'fetch.allowHosts',
    default: 'none',
    what: 'hosts fetched on non-public addresses; all three lists are added together',
  },
  {
    key: 'gdeltEndpoint',
    env: 'DAYBRIEF_GDELT_ENDPOINT',
    configKey: 'gdelt.endpoint',
    default: "GDELT's public DOC 2.0 API",
    what: 'GDELT DOC 2.0 endpoint',
  },
  {
    key: 'smtp',
    flag: '--smtp (send)',
    env: 'DAYBRIEF_SMTP',
    configKey: 'email.smtp',
    default: 'none',
    what: 'SMTP server URL',
  },
  {
    key: 'from',
    flag: '--from (send)',
    env: 'DAYBRIEF_FROM',
    configKey: 'email.from',
    default: 'none',
    what: 'From address of the email',
  },
  {
    key: 'siteUrl',
    flag: '--site-url (send)',
    env: 'DAYBRIEF_SITE_URL',
    configKey: 'email.siteUrl',
    default: 'none',
    what: 'public address of the site, for links in the email',
  },
];

/** The flags a command may pass; each is optional, and an absent one leaves the decision to the next source. */
export interface SettingFlags {
  config?: string;
  db?: string;
  out?: string;
  /** False for `--no-news-search`; true (commander's default) or absent says nothing. */
  newsSearch?: boolean;
  schedule?: string;
  allowHost?: string[];
  smtp?: string;
  from?: string;
  siteUrl?: string;
}

/** The resolved settings: a complete Config, and where the config file and each value came from. */
export interface Settings extends Config {
  /** The config file that was read, or undefined when there was none. */
  configFile: string | undefined;
  /** Where each resolved setting came from (keys of SETTINGS). */
  sources: Record<string, SettingSource>;
}

export interface ResolveOptions {
  env?: NodeJS.ProcessEnv;
  /**
   * Topics given on the command line instead of the file's (`--topic`). The file is still read for
   * every other setting when it exists.
   */
  topics?: Topic[];
  /** Throw CLI_NO_TOPIC when no topic comes from anywhere (commands that run topics). */
  requireTopics?: boolean;
  /** The sentence of CLI_NO_TOPIC. */
  noTopicMessage?: string;
  /**
   * Called instead of throwing when the default config file (not one named by --config or
   * DAYBRIEF_CONFIG) exists but is not valid; the file is then ignored (`serve` without --schedule).
   */
  onBrokenDefault?: (err: DaybriefError) => void;
}

function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function badEnv(name: string, value: string, expected: string): DaybriefError {
  return new DaybriefError(
    'config',
    'CONFIG_BAD_ENV',
    `the environment variable ${name} is ${JSON.stringify(value)}, but ${expected}: fix or unset it`,
    { details: { variable: name, value } },
  );
}

/** Checks one environment value with the schema of the config key it stands for. */
function checked<T>(env: NodeJS.ProcessEnv, name: string, schema: z.ZodType<T>): T | undefined {
  const raw = envValue(env, name);
  if (raw === undefined) return undefined;
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  throw badEnv(name, raw, `${result.error.issues[0]?.message ?? 'it is not valid'}`);
}

/** DAYBRIEF_NEWS_SEARCH: true/false (also 1/0, yes/no, on/off) or a comma-separated list of engines. */
export function parseNewsSearchEnv(env: NodeJS.ProcessEnv): Config['newsSearch'] | undefined {
  const name = 'DAYBRIEF_NEWS_SEARCH';
  const raw = envValue(env, name);
  if (raw === undefined) return undefined;
  const lower = raw.toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(lower)) return true;
  if (['false', '0', 'no', 'off', 'none'].includes(lower)) return false;
  const list = lower
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const result = newsSearchSchema.safeParse(list);
  if (result.success && list.length > 0) return result.data;
  throw badEnv(name, raw, 'expected true, false or a comma-separated list of gdelt, bing and google');
}

function parseAllowHostsEnv(env: NodeJS.ProcessEnv): string[] {
  const name = 'DAYBRIEF_ALLOW_HOSTS';
  const raw = envValue(env, name);
  if (raw === undefined) return [];
  const hosts = raw
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  for (const h of hosts) {
    if (!parseAllowHost(h))
      throw badEnv(name, raw, `"${h}" is not a HOST or HOST:PORT (e.g. 127.0.0.1:8080)`);
  }
  return hosts;
}

function checkAllowHostFlags(hosts: readonly string[]): void {
  for (const entry of hosts) {
    if (!parseAllowHost(entry)) {
      throw new DaybriefError(
        'cli',
        'CLI_BAD_FLAG',
        `--allow-host expects HOST or HOST:PORT (e.g. 127.0.0.1:8080 or [::1]:8080), got "${entry}"`,
      );
    }
  }
}

/** Checks one flag value with the schema of the config key it stands for. */
function checkedFlag<T>(flag: string, value: string | undefined, schema: z.ZodType<T>): T | undefined {
  if (value === undefined) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new DaybriefError(
    'cli',
    'CLI_BAD_FLAG',
    `${flag} ${JSON.stringify(value)}: ${result.error.issues[0]?.message ?? 'not valid'}; fix the flag`,
  );
}

const email = emailSchema.unwrap();
const SCHEMAS = {
  nonEmpty: configSchema.shape.database,
  title: configSchema.shape.title,
  schedule: configSchema.shape.schedule.unwrap(),
  smtp: email.shape.smtp.unwrap(),
  from: email.shape.from.unwrap(),
  siteUrl: email.shape.siteUrl.unwrap(),
  endpoint: configSchema.shape.gdelt.unwrap().shape.endpoint.unwrap(),
};

/** The config file's text, or undefined when the default file does not exist. */
async function exists(path: string): Promise<boolean> {
  try {
    await readFile(path);
    return true;
  } catch (err) {
    return (err as { code?: string }).code !== 'ENOENT';
  }
}

/** The defaults of every key, as a config without topics. */
function defaults(): Config {
  const parsed = configSchema.safeParse({ topics: [{ name: 'x', query: 'x' }] });
  if (!parsed.success) throw new Error('the config schema has no defaults');
  return { ...parsed.data, topics: [] };
}

/** The settings of a command: flag > environment > config file > default, in one place. */
export async function resolveSettings(
  flags: SettingFlags = {},
  opts: ResolveOptions = {},
): Promise<Settings> {
  const env = opts.env ?? process.env;
  const sources: Record<string, SettingSource> = {};
  const pick = <T>(
    key: string,
    flag: T | undefined,
    fromEnv: T | undefined,
    fromFile: T | undefined,
    fallback: T,
  ): T => {
    if (flag !== undefined) {
      sources[key] = 'flag';
      return flag;
    }
    if (fromEnv !== undefined) {
      sources[key] = 'env';
      return fromEnv;
    }
    if (fromFile !== undefined) {
      sources[key] = 'config';
      return fromFile;
    }
    sources[key] = 'default';
    return fallback;
  };

  // The config file: --config, DAYBRIEF_CONFIG, else ./daybrief.config.json when it exists.
  const envConfig = envValue(env, 'DAYBRIEF_CONFIG');
  const named = flags.config ?? envConfig;
  const path = pick('config', flags.config, envConfig, undefined, DEFAULT_CONFIG_FILE);
  let file: Config | undefined;
  let raw: Record<string, unknown> = {};
  if (named !== undefined || (await exists(path))) {
    try {
      file = await loadConfigAllowingNoTopics(path, opts.topics !== undefined || !opts.requireTopics);
      raw = await rawJson(path);
    } catch (err) {
      if (named === undefined && opts.onBrokenDefault && err instanceof DaybriefError)
        opts.onBrokenDefault(err);
      else throw err;
    }
  }
  const base = defaults();
  // The file's values of the keys it sets (not the defaults its parsing filled in).
  const fileSet: Partial<Config> = {};
  for (const key of ['database', 'out', 'title', 'newsSearch', 'schedule'] as const) {
    if (file && raw[key] !== undefined) (fileSet as Record<string, unknown>)[key] = file[key];
  }

  // Environment values, each checked with its config key's rule.
  const e = {
    database: checked(env, 'DAYBRIEF_DB', SCHEMAS.nonEmpty),
    out: checked(env, 'DAYBRIEF_OUT', SCHEMAS.nonEmpty),
    title: checked(env, 'DAYBRIEF_TITLE', SCHEMAS.title),
    newsSearch: parseNewsSearchEnv(env),
    schedule: checked(env, 'DAYBRIEF_SCHEDULE', SCHEMAS.schedule),
    allowHosts: parseAllowHostsEnv(env),
    endpoint: checked(env, 'DAYBRIEF_GDELT_ENDPOINT', SCHEMAS.endpoint),
    smtp: checked(env, 'DAYBRIEF_SMTP', SCHEMAS.smtp),
    from: checked(env, 'DAYBRIEF_FROM', SCHEMAS.from),
    siteUrl: checked(env, 'DAYBRIEF_SITE_URL', SCHEMAS.siteUrl),
  };
  checkAllowHostFlags(flags.allowHost ?? []);
  const f = {
    schedule: checkedFlag('--schedule', flags.schedule, SCHEMAS.schedule),
    smtp: checkedFlag('--smtp', flags.smtp, SCHEMAS.smtp),
    from: checkedFlag('--from', flags.from, SCHEMAS.from),
    siteUrl: checkedFlag('--site-url', flags.siteUrl, SCHEMAS.siteUrl),
  };

  const topics = opts.topics ?? file?.topics ?? [];
  if (opts.requireTopics && topics.length === 0) {
    throw new DaybriefError(
      'cli',
      'CLI_NO_TOPIC',
      opts.noTopicMessage ??
        `no topic: pass --topic NAME with --query Q and/or --feed URL, or write ${DEFAULT_CONFIG_FILE} (see README)`,
    );
  }
  const fileEmail = file?.email;
  const mail = {
    smtp: pick('smtp', f.smtp, e.smtp, fileEmail?.smtp, undefined),
    from: pick('from', f.from, e.from, fileEmail?.from, undefined),
    siteUrl: pick('siteUrl', f.siteUrl, e.siteUrl, fileEmail?.siteUrl, undefined),
  };
  const emailOut =
    fileEmail || mail.smtp || mail.from || mail.siteUrl
      ? {
          to: fileEmail?.to ?? [],
          ...(fileEmail?.unsubscribe ? { unsubscribe: fileEmail.unsubscribe } : {}),
          ...(mail.smtp ? { smtp: mail.smtp } : {}),
          ...(mail.from ? { from: mail.from } : {}),
          ...(mail.siteUrl ? { siteUrl: mail.siteUrl } : {}),
        }
      : undefined;
  const gdelt = file?.gdelt ?? base.gdelt;
  const endpoint = pick('gdeltEndpoint', undefined, e.endpoint, gdelt.endpoint, undefined);
  const allowHosts = [
    ...new Set([...(file?.fetch.allowHosts ?? []), ...e.allowHosts, ...(flags.allowHost ?? [])]),
  ];
  sources.allowHosts = flags.allowHost?.length
    ? 'flag'
    : e.allowHosts.length
      ? 'env'
      : file?.fetch.allowHosts.length
        ? 'config'
        : 'default';

  return {
    ...base,
    ...(file ?? {}),
    database: pick('database', flags.db, e.database, fileSet.database, base.database),
    out: pick('out', flags.out, e.out, fileSet.out, base.out),
    title: pick('title', undefined, e.title, fileSet.title, base.title),
    newsSearch: pick(
      'newsSearch',
      flags.newsSearch === false ? false : undefined,
      e.newsSearch,
      fileSet.newsSearch,
      base.newsSearch,
    ),
    schedule: pick('schedule', f.schedule, e.schedule, fileSet.schedule, base.schedule),
    gdelt: { ...gdelt, ...(endpoint ? { endpoint } : {}) },
    fetch: { ...(file?.fetch ?? base.fetch), allowHosts },
    email: emailOut,
    topics,
    configFile: file ? path : undefined,
    sources,
  };
}

async function rawJson(path: string): Promise<Record<string, unknown>> {
  const json = JSON.parse((await readFile(path, 'utf8')).replace(/^\uFEFF/, '')) as unknown;
  return json && typeof json === 'object' ? (json as Record<string, unknown>) : {};
}

/**
 * Reads the config file; a file without `topics` is accepted when the command brings its own
 * (`--topic`) or needs none (publish, worker, send, serve).
 */
async function loadConfigAllowingNoTopics(path: string, topicsOptional: boolean): Promise<Config> {
  if (!topicsOptional) return loadConfig(path);
  try {
    return await loadConfig(path);
  } catch (err) {
    if (!(err instanceof DaybriefError) || err.code !== 'CONFIG_INVALID') throw err;
    const json = JSON.parse((await readFile(path, 'utf8')).replace(/^\uFEFF/, '')) as Record<string, unknown>;
    if (
      json &&
      typeof json === 'object' &&
      (json.topics === undefined || (Array.isArray(json.topics) && json.topics.length === 0))
    ) {
      const parsed = parseConfig({ ...json, topics: [{ name: 'x', query: 'x' }] }, path);
      return { ...parsed, topics: [] };
    }
    throw err;
  }
}
