import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { DaybriefError } from '../model/errors.js';
import type { Topic } from '../model/types.js';
import { configSchema, type ParsedConfig, topicSchema } from './schema.js';

/** A validated configuration with every topic complete. */
export interface Config extends Omit<ParsedConfig, 'topics'> {
  topics: Topic[];
}

/** `NATO enlargement` → `nato-enlargement`. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug || 'topic';
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.length ? issue.path.map(String).join('.') : '(top level)';
      return `  ${path}: ${issue.message}`;
    })
    .join('\n');
}

function completeTopics(topics: ParsedConfig['topics']): Topic[] {
  const seen = new Set<string>();
  return topics.map((t) => {
    const slug = t.slug ?? slugify(t.name);
    if (seen.has(slug)) {
      throw new DaybriefError(
        'config',
        'CONFIG_INVALID',
        `two topics share the slug "${slug}"; give one a "slug"`,
      );
    }
    seen.add(slug);
    return { ...t, slug };
  });
}

/** Validates an already-parsed config object. Errors name the bad key and what is expected. */
export function parseConfig(input: unknown, where = 'config'): Config {
  const result = configSchema.safeParse(input);
  if (!result.success) {
    throw new DaybriefError(
      'config',
      'CONFIG_INVALID',
      `${where} is not valid:\n${describeIssues(result.error)}`,
    );
  }
  return { ...result.data, topics: completeTopics(result.data.topics) };
}

/** Validates one topic given on the command line. */
export function parseTopic(input: unknown): Topic {
  const result = topicSchema.safeParse(input);
  if (!result.success) {
    throw new DaybriefError(
      'config',
      'CONFIG_INVALID',
      `the topic is not valid:\n${describeIssues(result.error)}`,
    );
  }
  return completeTopics([result.data])[0] as Topic;
}

/** Reads and validates `daybrief.config.json`. */
export async function loadConfig(path: string): Promise<Config> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (err) {
    throw new DaybriefError(
      'config',
      'CONFIG_NOT_FOUND',
      `cannot read ${path}: create it (see README) or pass --topic`,
      {
        cause: err,
      },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new DaybriefError(
      'config',
      'CONFIG_NOT_JSON',
      `${path} is not valid JSON: ${(err as Error).message}`,
    );
  }
  return parseConfig(json, path);
}
