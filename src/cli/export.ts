import { rename, writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { configToOpml } from '../config/opml.js';
import { resolveSettings } from '../config/resolve.js';
import { checkWritableTarget } from './flags.js';

export interface ExportFlags {
  config?: string;
}

/** `daybrief export [FILE]`: every topic's feeds as OPML 2.0, to FILE or stdout. */
export async function exportCommand(
  file: string | undefined,
  flags: ExportFlags,
  out: NodeJS.WritableStream = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const settings = await resolveSettings(flags, {
    env,
    requireTopics: true,
    noTopicMessage: 'no topics to export: write daybrief.config.json (see README) or pass --config FILE',
  });
  const xml = configToOpml(settings.topics, { title: `${settings.title} feeds` });
  const feeds = settings.topics.reduce((n, t) => n + t.feeds.length, 0);
  if (file === undefined || file === '-') {
    out.write(xml.endsWith('\n') ? xml : `${xml}\n`);
    return 0;
  }
  await checkWritableTarget('export', file);
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, xml.endsWith('\n') ? xml : `${xml}\n`);
  await rename(tmp, file);
  process.stderr.write(`export: ${feeds} feed(s) of ${settings.topics.length} topic(s) written to ${file}\n`);
  return 0;
}

/** The `export` command's definition. */
export function exportCli(): Command {
  return new Command('export')
    .description("write every topic's feeds as an OPML 2.0 file (for a feed reader, or `daybrief import`)")
    .argument('[file]', 'where to write (default: stdout)')
    .option('-c, --config <file>', 'configuration file (default: DAYBRIEF_CONFIG, else daybrief.config.json)')
    .action(async (file: string | undefined, flags: ExportFlags) => {
      process.exitCode = await exportCommand(file, flags);
    });
}
