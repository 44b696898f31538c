import { Command, CommanderError } from 'commander';
import { DaybriefError } from '../model/errors.js';

/**
 * Each command's definition, loaded on demand: a batch command (`extract --jsonl`) then loads only its
 * own stage, which keeps start-up short for benchmarks and scripts.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  run: async () => (await import('./run.js')).runCli(),
  demo: async () => (await import('./demo.js')).demoCli(),
  serve: async () => (await import('./serve.js')).serveCli(),
  extract: async () => (await import('./extract.js')).extractCli(),
  summarize: async () => (await import('./summarize.js')).summarizeCli(),
  cluster: async () => (await import('./cluster.js')).clusterCli(),
  worker: async () => (await import('./worker.js')).workerCli(),
  publish: async () => (await import('./publish.js')).publishCli(),
  sources: async () => (await import('./sources.js')).sourcesCli(),
};

async function program(name: string | undefined): Promise<Command> {
  const cli = new Command('daybrief')
    .description('Self-hosted daily news briefings: one page per topic per day, deduplicated and summarised.')
    .version('0.1.0')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  const load = name !== undefined ? COMMANDS[name] : undefined;
  const commands = await Promise.all(load ? [load()] : Object.values(COMMANDS).map((c) => c()));
  for (const command of commands) cli.addCommand(command.exitOverride());
  return cli;
}

/**
 * The CLI entry: parses `argv` (without node and script), runs the command, and returns the exit
 * code. The only place that turns errors into a message and a code.
 */
export async function main(argv: string[]): Promise<number> {
  const cli = await program(argv[0]);
  try {
    await cli.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (err instanceof DaybriefError) {
      process.stderr.write(`daybrief: ${err.message} [${err.code}]\n`);
      return 1;
    }
    throw err;
  }
}
