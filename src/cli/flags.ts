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
