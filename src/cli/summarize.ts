import { Command } from 'commander';
import { summarizeText } from '../summarize/index.js';
import { processJsonl, stringField } from './jsonl.js';

function sentenceCount(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new Error('"sentences" must be a positive whole number');
  }
  return value;
}

/** The `summarize` command: a JSON-lines batch on stdin. */
export function summarizeCli(): Command {
  return new Command('summarize')
    .description('pick the sentences that summarise each article (no network)')
    .requiredOption(
      '--jsonl',
      'read {"id","title","text","sentences"?} lines on stdin, write {"id","sentences"} lines',
    )
    .option('--lang <code>', 'language of the texts when lines carry no "lang"')
    .action(async (opts: { lang?: string }) => {
      await processJsonl('summarize', (r) => {
        const input = {
          title: stringField(r, 'title'),
          text: stringField(r, 'text', true),
          description: stringField(r, 'description'),
          lang: stringField(r, 'lang') || opts.lang || 'en',
        };
        return { sentences: summarizeText(input, sentenceCount(r.sentences)) };
      });
    });
}
