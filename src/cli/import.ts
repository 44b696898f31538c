import { readFile, rename, writeFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { Command } from 'commander';
import { loadConfig, parseConfig } from '../config/index.js';
import { addOpmlFeeds, readOpml } from '../config/opml.js';
import { DEFAULT_CONFIG_FILE } from '../config/resolve.js';
import { DaybriefError } from '../model/errors.js';
import { checkReadableFile } from './flags.js';

export interface ImportFlags {
  config?: string;
  topic?: string;
  categories?: boolean;
}

/** The config file's JSON, or undefined when there is no file yet. */
async function readConfigJson(
  path: string,
): Promise<{ json: Record<string, unknown>; text: string } | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return undefined;
    await loadConfig(path); // says why in words
    throw err;
  }
  try {
    const json = JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
    if (json && typeof json === 'object' && !Array.isArray(json))
      return { json: json as Record<string, unknown>, text };
  } catch {
    await loadConfig(path); // CONFIG_NOT_JSON with the line and column
  }
  throw new DaybriefError(
    'config',
    'CONFIG_INVALID',
    `${path} is not a JSON object; fix it (daybrief.config.example.json shows every key)`,
  );
}

/**
 * `daybrief import FILE.opml`: adds the file's feeds to the config file (created when missing; its
 * other keys and their order are kept) and prints what was added. Nothing is written when the OPML
 * file or the resulting config is not valid.
 */
export async function importCommand(
  file: string,
  flags: ImportFlags,
  out: NodeJS.WritableStream = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  await checkReadableFile('the OPML file', file, 'an OPML file exported from a feed reader');
  const list = readOpml(await readFile(file, 'utf8'), file);
  const feeds = list.groups.reduce((n, g) => n + g.feeds.length, 0);
  if (feeds === 0) {
    throw new DaybriefError(
      'config',
      'OPML_NO_FEEDS',
      `${file} has no feed with an http(s) xmlUrl${list.notes.length ? ` (${list.notes.length} outline(s) skipped: ${list.notes[0]})` : ''}; nothing was added`,
    );
  }
  const path = flags.config ?? (env.DAYBRIEF_CONFIG?.trim() || DEFAULT_CONFIG_FILE);
  const existing = await readConfigJson(path);
  const topic = flags.topic?.trim() || list.title || basename(file, extname(file)) || 'imported';
  const result = addOpmlFeeds(existing?.json ?? {}, list, { topic, categories: flags.categories ?? false });
  for (const note of list.notes) out.write(`note: ${note}\n`);
  for (const d of result.duplicates) out.write(`already there: ${d.url} (topic "${d.topic}")\n`);
  if (result.added.length === 0) {
    out.write(`import: nothing new; ${path} is unchanged\n`);
    return 0;
  }
  // The result must be a valid config before it replaces the file.
  parseConfig(result.config, path);
  const indent = existing ? (/^\{\s*\n([ \t]+)"/.exec(existing.text)?.[1] ?? '  ') : '  ';
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(result.config, null, indent)}\n`);
  await rename(tmp, path);
  const byTopic = new Map<string, string[]>();
  for (const a of result.added) byTopic.set(a.topic, [...(byTopic.get(a.topic) ?? []), a.url]);
  for (const [name, urls] of byTopic) {
    const created = result.added.some((a) => a.topic === name && a.created);
    out.write(`topic "${name}"${created ? ' (new)' : ''}: added ${urls.length} feed(s)\n`);
    for (const u of urls) out.write(`  + ${u}\n`);
  }
  out.write(
    `import: ${result.added.length} feed(s) added to ${path}${result.duplicates.length ? `, ${result.duplicates.length} already there` : ''}${list.notes.length ? `, ${list.notes.length} outline(s) skipped` : ''}\n`,
  );
  return 0;
}

/** The `import` command's definition. */
export function importCli(): Command {
  return new Command('import')
    .description('add the feeds of an OPML file (exported from a feed reader) to the config file')
    .argument('<file.opml>', 'the OPML file')
    .option(
      '-c, --config <file>',
      'configuration file to add to, created when missing (default: DAYBRIEF_CONFIG, else daybrief.config.json)',
    )
    .option('--topic <name>', "the topic the feeds go to (default: the OPML file's title)")
    .option('--categories', 'make each folder (category) of the OPML file a topic of its own')
    .action(async (file: string, flags: ImportFlags) => {
      process.exitCode = await importCommand(file, flags);
    });
}
