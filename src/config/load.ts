import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { DaybriefError } from '../model/errors.js';
import type { Topic } from '../model/types.js';
import { configSchema, type ParsedConfig, topicSchema } from './schema.js';
import { unreadable } from './unreadable.js';

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

/** Where the command-line topic's keys come from, so errors name the flag to fix. */
const TOPIC_FLAGS: Record<string, string> = {
  name: '--topic',
  query: '--query',
  feeds: '--feed',
  language: '--language',
  region: '--region',
  timezone: '--timezone',
  maxArticles: '--max',
};
/** The `where` that src/cli/topic-args.ts gives for a topic built from flags. */
const COMMAND_LINE_TOPIC = 'the command-line topic';

function issuePath(issue: z.core.$ZodIssue, where: string): string {
  const path = issue.path.map(String);
  if (where === COMMAND_LINE_TOPIC && path[0] === 'topics' && path.length >= 3) {
    const flag = TOPIC_FLAGS[path[2] as string];
    if (flag) return flag;
  }
  return path.length ? path.join('.') : '(top level)';
}

/** Every issue on one line: `topics.0.timezone: expected …; topics.0.feeds.0: expected …`. */
function describeIssues(error: z.ZodError, where: string): string {
  return error.issues.map((issue) => `${issuePath(issue, where)}: ${issue.message}`).join('; ');
}

/** CONFIG_BAD_TIMEZONE when the time zone is all that is wrong, else CONFIG_INVALID. */
function issueCode(error: z.ZodError): string {
  const zoneOnly = error.issues.every((i) => i.path[i.path.length - 1] === 'timezone');
  return zoneOnly ? 'CONFIG_BAD_TIMEZONE' : 'CONFIG_INVALID';
}

function invalid(error: z.ZodError, where: string): DaybriefError {
  const fix =
    where === COMMAND_LINE_TOPIC
      ? 'fix the flag (see daybrief run --help)'
      : 'fix it (daybrief.config.example.json shows every key)';
  return new DaybriefError(
    'config',
    issueCode(error),
    `${where} is not valid: ${describeIssues(error, where)}; ${fix}`,
  );
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
  if (!result.success) throw invalid(result.error, where);
  return { ...result.data, topics: completeTopics(result.data.topics) };
}

/** Validates one topic given on the command line. */
export function parseTopic(input: unknown): Topic {
  const result = topicSchema.safeParse(input);
  if (!result.success) throw invalid(result.error, 'the topic');
  return completeTopics([result.data])[0] as Topic;
}

/** Line and column (1-based) of character `offset` in `text`. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1] as string).length + 1 };
}

/**
 * The offset of the first character that makes `text` invalid JSON (its length when it ends too
 * early), found by a small scanner: some Node versions say where JSON.parse failed, others do not.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw i;
  };
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const literal = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) fail();
      i++;
    }
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      const ch = text.charCodeAt(i);
      if (ch < 0x20) fail();
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) fail();
      }
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const value = (): void => {
    space();
    const ch = text[i];
    if (ch === '{' || ch === '[') {
      const close = ch === '{' ? '}' : ']';
      i++;
      space();
      if (text[i] === close) {
        i++;
        return;
      }
      for (;;) {
        if (close === '}') {
          space();
          if (text[i] !== '"') fail();
          string();
          space();
          if (text[i] !== ':') fail();
          i++;
        }
        value();
        space();
        if (text[i] === ',') i++;
        else if (text[i] === close) {
          i++;
          return;
        } else fail();
      }
    }
    if (ch === '"') string();
    else if (ch === 't') literal('true');
    else if (ch === 'f') literal('false');
    else if (ch === 'n') literal('null');
    else number();
  };
  const number = () => {
    const num = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!num) fail();
    i += (num as RegExpExecArray)[0].length;
  };
  try {
    value();
    space();
    return i < text.length ? i : -1;
  } catch (at) {
    if (typeof at === 'number') return Math.min(at, text.length);
    throw at;
  }
}

/** What is wrong with the JSON text, as "at line L, column C: what". */
function jsonProblem(raw: string): string {
  if (!raw.trim()) return 'at all: the file is empty';
  const offset = jsonErrorOffset(raw);
  if (offset < 0) return 'somewhere';
  if (offset >= raw.length) return 'at the end: the file ends too early';
  const { line, column } = lineAndColumn(raw, offset);
  return `at line ${line}, column ${column}: unexpected ${JSON.stringify(raw.slice(offset, offset + 1))}`;
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
      `cannot read the config file ${path} (${unreadable(err)}): create it (start from daybrief.config.example.json), pass --config FILE, or pass --topic`,
      { cause: err },
    );
  }
  let json: unknown;
  const text = raw.replace(/^\uFEFF/, '');
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new DaybriefError(
      'config',
      'CONFIG_NOT_JSON',
      `${path} is not valid JSON ${jsonProblem(text)}; fix the file there (a missing comma, quote or brace is the usual cause)`,
      { cause: err },
    );
  }
  return parseConfig(json, path);
}
