import { createReadStream, fstatSync } from 'node:fs';
import { errorInfo, type Stage } from '../model/errors.js';
import { byteLines } from './lines.js';

/** Read size for a file on stdin: a JSON line holds a whole page, often more than 64 KiB. */
const FILE_CHUNK = 1 << 18;

/**
 * Standard input; a regular file (`< pages.jsonl`) is read in large chunks, so that the next page's
 * line is mostly read ahead while this one is handled, instead of in several more 64 KiB reads after.
 */
function stdin(): NodeJS.ReadableStream {
  try {
    if (fstatSync(0).isFile())
      return createReadStream('', { fd: 0, highWaterMark: FILE_CHUNK, autoClose: false });
  } catch {
    // No usable descriptor 0: process.stdin says what is there.
  }
  return process.stdin;
}

/**
 * Reads JSON lines from `input`, answers each with `handle`, and writes one JSON line per input line
 * to `output`, in order. A line that fails (bad JSON, a throwing handler) gives
 * `{"id", "error": {"code", "message"}}` and the batch goes on. Returns the number of failed lines.
 */
export async function processJsonl(
  stage: Stage,
  handle: (record: Record<string, unknown>) => Record<string, unknown>,
  input: NodeJS.ReadableStream = stdin(),
  output: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  let failed = 0;
  for await (const line of byteLines(input as AsyncIterable<Buffer | string>)) {
    if (!line.trim()) continue;
    let id: unknown = null;
    let out: Record<string, unknown>;
    try {
      const record = JSON.parse(line) as unknown;
      if (typeof record !== 'object' || record === null || Array.isArray(record)) {
        throw new Error('expected a JSON object on each line');
      }
      id = (record as Record<string, unknown>).id ?? null;
      out = { id, ...handle(record as Record<string, unknown>) };
    } catch (err) {
      failed++;
      const { code, message } = errorInfo(err, stage);
      out = { id, error: { code, message } };
    }
    if (!output.write(`${JSON.stringify(out)}\n`)) await new Promise((ok) => output.once('drain', ok));
  }
  return failed;
}

/** A string field of a JSONL record, or '' when absent; throws on a wrong type. */
export function stringField(record: Record<string, unknown>, key: string, required = false): string {
  const value = record[key];
  if (value === undefined || value === null) {
    if (required) throw new Error(`missing "${key}"`);
    return '';
  }
  if (typeof value !== 'string') throw new Error(`"${key}" must be a string`);
  return value;
}
