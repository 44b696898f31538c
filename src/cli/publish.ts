import { Command } from 'commander';
import type { Settings } from '../config/resolve.js';
import { checkOutDir, publishSite } from '../pipeline/index.js';
import { openStore } from '../store/index.js';
import { resolveConfig, type TopicFlags } from './topic-args.js';

/** The settings of a command that works on the store only (no topics needed). */
export type StoreSettings = Pick<Settings, 'database' | 'out' | 'title' | 'newsSearch' | 'gdelt'>;

/**
 * The resolved store settings (flag > DAYBRIEF_* > config file > default). Workers and `publish` need
 * no topics, so without a config file the defaults apply (database `daybrief.sqlite`, site `site`).
 */
export async function resolveStoreSettings(flags: TopicFlags): Promise<Settings> {
  return resolveConfig(flags, { requireTopics: false });
}

/** `daybrief publish`: rebuilds the static site from the digests in the store. */
export async function publishCommand(flags: TopicFlags): Promise<number> {
  const started = Date.now();
  const settings = await resolveStoreSettings(flags);
  await checkOutDir(settings.out);
  const store = await openStore(settings.database);
  try {
    const files = await publishSite(store, settings.out, { title: settings.title });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stderr.write(`published: ${files} files written in ${seconds} s\nsite: ${settings.out}\n`);
  } finally {
    await store.close().catch(() => undefined);
  }
  return 0;
}

/** The `publish` command's definition. */
export function publishCli(): Command {
  return new Command('publish')
    .description('rebuild the static site from the store (after workers have run the days)')
    .option('-c, --config <file>', 'configuration file (default: DAYBRIEF_CONFIG, else daybrief.config.json)')
    .option('--db <file|url>', 'SQLite file or postgres:// URL (default: from config, else daybrief.sqlite)')
    .option('--out <dir>', 'site directory (default: from config, else ./site)')
    .action(async function (this: Command) {
      const opts = this.opts<TopicFlags>();
      process.exitCode = await publishCommand(opts);
    });
}
