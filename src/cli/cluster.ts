import { createInterface } from 'node:readline';
import { Command } from 'commander';
import { type ClusterRecord, clusterRecords } from '../cluster/index.js';
import { DaybriefError } from '../model/errors.js';
import { stringField } from './jsonl.js';

function toRecord(line: string, n: number): ClusterRecord {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    throw new DaybriefError(
      'cluster',
      'CLUSTER_BAD_INPUT',
      `line ${n} of stdin is not JSON; give one JSON object per line`,
      { cause: err },
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DaybriefError(
      'cluster',
      'CLUSTER_BAD_INPUT',
      `line ${n} of stdin is not a JSON object; give one JSON object per line`,
    );
  }
  const r = value as Record<string, unknown>;
  try {
    const record: ClusterRecord = {
      id: String(r.id ?? n),
      title: stringField(r, 'title'),
      text: stringField(r, 'text'),
    };
    for (const key of ['url', 'published', 'source'] as const) {
      const v = stringField(r, key);
      if (v) record[key] = v;
    }
    return record;
  } catch (err) {
    throw new DaybriefError('cluster', 'CLUSTER_BAD_INPUT', `line ${n}: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

/**
 * The `cluster` command: reads the whole batch (grouping needs every article before it answers),
 * then writes one `{"id","story","duplicateOf"?}` line per input line, in input order.
 */
export function clusterCli(): Command {
  return new Command('cluster')
    .description('fold syndicated copies and group articles into stories (no network)')
    .requiredOption(
      '--jsonl',
      'read {"id","title","text","url"?,"published"?,"source"?} lines on stdin, write {"id","story","duplicateOf"?}',
    )
    .action(async () => {
      const records: ClusterRecord[] = [];
      const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
      let n = 0;
      for await (const line of lines) {
        n++;
        if (line.trim()) records.push(toRecord(line, n));
      }
      const out = process.stdout;
      for (const result of clusterRecords(records)) {
        if (!out.write(`${JSON.stringify(result)}\n`)) await new Promise((ok) => out.once('drain', ok));
      }
    });
}
