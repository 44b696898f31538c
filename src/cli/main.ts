import { Command, CommanderError } from 'commander';
import { DaybriefError } from '../model/errors.js';
import { clusterCli } from './cluster.js';
import { demoCli } from './demo.js';
import { extractCli } from './extract.js';
import { runCli } from './run.js';
import { serveCli } from './serve.js';
import { summarizeCli } from './summarize.js';

function program(): Command {
  return new Command('daybrief')
    .description('Self-hosted daily news briefings: one page per topic per day, deduplicated and summarised.')
    .version('0.1.0')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .addCommand(runCli())
    .addCommand(demoCli())
    .addCommand(serveCli())
    .addCommand(extractCli())
    .addCommand(summarizeCli())
    .addCommand(clusterCli());
}

/**
 * The CLI entry: parses `argv` (without node and script), runs the command, and returns the exit
 * code. The only place that turns errors into a message and a code.
 */
export async function main(argv: string[]): Promise<number> {
  const cli = program();
  for (const sub of cli.commands) sub.exitOverride();
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
