import { Command } from 'commander';
import { listen, staticHandler } from '../server/index.js';

/** The `serve` command: serves a built site. */
export function serveCli(): Command {
  return new Command('serve')
    .description('serve a built site over HTTP')
    .option('--out <dir>', 'the site directory', 'site')
    .option('--port <n>', 'port', '8080')
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .action(async (opts: { out: string; port: string; host: string }) => {
      const { url } = await listen(staticHandler(opts.out), { port: Number(opts.port), host: opts.host });
      process.stderr.write(`serving ${opts.out} at ${url} (Ctrl+C to stop)\n`);
    });
}
