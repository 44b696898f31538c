import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { causeChain, isDaybriefError, systemCode } from '../model/errors.js';

/**
 * Exit statuses: 0 done; 1 the run failed (database, site folder, disk, network, or articles the
 * store could not save); 2 the command line or the config is wrong (fix it and run again).
 */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

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
  send: async () => (await import('./send.js')).sendCli(),
  sources: async () => (await import('./sources.js')).sourcesCli(),
  import: async () => (await import('./import.js')).importCli(),
  export: async () => (await import('./export.js')).exportCli(),
  status: async () => (await import('./status.js')).statusCli(),
};

/** Commander's complaint (unknown option, missing value…) as one line with the help hint and a code. */
function usageLine(text: string, command: string): string {
  const what = text
    .replace(/^error:\s*/i, '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ')
    .replace(/\.$/, '');
  return `daybrief: ${what}; see \`daybrief ${command}--help\` [CLI_USAGE]\n`;
}

function quietErrors(command: Command, name: string): Command {
  return command.exitOverride().configureOutput({
    outputError: (text, write) => write(usageLine(text, name)),
  });
}

/**
 * The CLI's commander program: every command when `name` is undefined (or not a command), else
 * only that one (each loads on demand). Tests read its commands and options from here.
 */
export async function program(name?: string): Promise<Command> {
  const cli = new Command('daybrief')
    .description('Self-hosted daily news briefings: one page per topic per day, deduplicated and summarised.')
    .version('0.1.0');
  quietErrors(cli, '');
  const load = name !== undefined ? COMMANDS[name] : undefined;
  const commands = await Promise.all(load ? [load()] : Object.values(COMMANDS).map((c) => c()));
  for (const command of commands) cli.addCommand(quietErrors(command, `${command.name()} `));
  return cli;
}

function debugging(): boolean {
  return process.env.DAYBRIEF_DEBUG === '1';
}

/** The stack of `err` and its causes, for DAYBRIEF_DEBUG=1. */
function stacks(err: unknown): string {
  return causeChain(err)
    .map((e, i) => `${i ? 'caused by: ' : ''}${e instanceof Error ? (e.stack ?? e.message) : String(e)}`)
    .join('\n');
}

/** Prints what went wrong as one line on stderr and returns the exit status. */
export function reportError(err: unknown, stderr: NodeJS.WritableStream = process.stderr): number {
  if (err instanceof CommanderError) {
    // Help and --version "fail" with exit code 0; the rest was printed by usageLine.
    return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  }
  if (debugging()) stderr.write(`${stacks(err)}\n`);
  if (isDaybriefError(err)) {
    stderr.write(`daybrief: ${err.message.replace(/\s*\n\s*/g, ' ')} [${err.code}]\n`);
    return err.stage === 'cli' || err.stage === 'config' ? EXIT_USAGE : EXIT_FAILED;
  }
  const message = err instanceof Error ? err.message : String(err);
  if (systemCode(err) === 'ENOSPC') {
    stderr.write(`daybrief: the disk is full (${message}); free some space and run again [DISK_FULL]\n`);
    return EXIT_FAILED;
  }
  const hint = debugging() ? '' : ' (DAYBRIEF_DEBUG=1 shows where)';
  stderr.write(`daybrief: unexpected error: ${message}; this is a bug, please report it${hint} [INTERNAL]\n`);
  return EXIT_FAILED;
}

/**
 * The CLI: parses `argv` (without node and script), runs the command, and returns the exit status.
 * The only place that turns errors into a message and a status (see EXIT_*): one line on stderr,
 * `daybrief: <what is wrong>; <how to fix it> [CODE]`, with no stack unless DAYBRIEF_DEBUG=1.
 */
export async function main(argv: string[]): Promise<number> {
  try {
    const cli = await program(argv[0]);
    await cli.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK;
  } catch (err) {
    return reportError(err);
  }
}

/**
 * Runs `main` as the process: sets the exit status and, on failure, exits at once, so that a file
 * operation stuck on a hung file system cannot keep the process alive after the error is printed.
 */
export async function cli(argv: string[] = process.argv.slice(2)): Promise<void> {
  endQuietlyOnClosedPipe(process.stdout);
  const code = await main(argv).catch((err: unknown) => reportError(err));
  process.exitCode = code;
  if (code !== EXIT_OK) process.exit(code);
}

/**
 * `daybrief extract --jsonl … | head`: once the reader has what it wants and closes the pipe, the
 * command stops as Unix tools do, without a stack trace. Any other output error is one line and exit 1.
 */
function endQuietlyOnClosedPipe(out: NodeJS.WriteStream): void {
  out.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(EXIT_OK);
    process.stderr.write(
      `daybrief: cli: cannot write the output: ${err.message}; check where it goes (a full disk, a closed file) [CLI_OUTPUT_FAILED]\n`,
    );
    process.exit(1);
  });
}

function isEntry(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntry()) void cli();
