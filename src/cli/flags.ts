import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { unreadable } from '../config/unreadable.js';
import { DaybriefError } from '../model/errors.js';

/** A whole number flag within [min, max], else CLI_BAD_FLAG naming the flag and the range. */
export function intFlag(flag: string, value: string, min: number, max: number): number {
  const n = /^\s*-?\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new DaybriefError(
      'cli',
      'CLI_BAD_FLAG',
      `--${flag} expects a whole number from ${min} to ${max}, got ${JSON.stringify(value)}; fix the flag`,
      { details: { flag, value } },
    );
  }
  return n;
}

/** A `--port` value: 0 (any free port) to 65535. */
export function portFlag(value: string): number {
  return intFlag('port', value, 0, 65_535);
}

/**
 * Throws CLI_BAD_FLAG unless `path` is a file this process can read; `label` names where it was given
 * (`--replay`, `the HTML file`) and `what` says what is expected there.
 */
export async function checkReadableFile(label: string, path: string, what: string): Promise<void> {
  try {
    const s = await stat(path);
    if (s.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
    await access(path, constants.R_OK);
  } catch (err) {
    throw new DaybriefError('cli', 'CLI_BAD_FLAG', `${label} ${path}: ${unreadable(err)}; give ${what}`, {
      cause: err,
      details: { path },
    });
  }
}

/** Throws CLI_BAD_FLAG unless a file can be written at `path` (its folder exists and is writable). */
export async function checkWritableTarget(flag: string, path: string): Promise<void> {
  const dir = dirname(resolve(path));
  try {
    const s = await stat(dir);
    if (!s.isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    await access(dir, constants.W_OK);
  } catch (err) {
    const why =
      (err as { code?: string }).code === 'ENOENT' ? `the folder ${dir} does not exist` : unreadable(err);
    throw new DaybriefError(
      'cli',
      'CLI_BAD_FLAG',
      `--${flag} ${path}: cannot write there (${why}); give a path in a folder you can write`,
      { cause: err, details: { flag, path } },
    );
  }
}
