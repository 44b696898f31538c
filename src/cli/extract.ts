import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { extract } from '../extract/index.js';
import { DaybriefError } from '../model/errors.js';
import type { Extracted } from '../model/types.js';
import { checkReadableFile } from './flags.js';
import { processJsonl, stringField } from './jsonl.js';

function toRecord(result: Extracted): Record<string, unknown> {
  if (result.kind === 'skipped') throw new DaybriefError('extract', result.code, result.reason);
  return {
    url: result.url,
    title: result.title,
    byline: result.byline ?? null,
    published: result.published ?? null,
    image: result.image ?? null,
    siteName: result.siteName ?? null,
    lang: result.lang ?? null,
    description: result.description ?? null,
    canonicalUrl: result.canonicalUrl ?? null,
    text: result.text,
    paywalled: result.paywalled,
  };
}

/** The `extract` command: one HTML file, or a JSON-lines batch on stdin. */
export function extractCli(): Command {
  return new Command('extract')
    .description('extract title, text, image, outlet, date… from HTML (no network)')
    .argument('[file]', 'an HTML file to extract (else use --jsonl)')
    .option('--url <url>', 'the page URL, to resolve relative links', 'https://example.invalid/')
    .option('--jsonl', 'read {"id","url","html"} lines on stdin, write one JSON line per page on stdout')
    .action(async (file: string | undefined, opts: { url: string; jsonl?: boolean }) => {
      if (opts.jsonl) {
        await processJsonl('extract', (r) =>
          toRecord(extract(stringField(r, 'html', true), stringField(r, 'url') || opts.url)),
        );
        return;
      }
      if (!file)
        throw new DaybriefError('cli', 'CLI_USAGE', 'extract: give an HTML file, or --jsonl to read stdin');
      await checkReadableFile('the HTML file', file, 'an HTML file that exists');
      const html = await readFile(file, 'utf8');
      process.stdout.write(`${JSON.stringify(toRecord(extract(html, opts.url)), null, 2)}\n`);
    });
}
