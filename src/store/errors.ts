/**
 * Store failures in words: SQLite's and Postgres's error codes become one sentence that says what is
 * wrong with the database and how to fix it, with a stable code.
 */
import { accessSync, constants, existsSync, statfsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { causeChain, DaybriefError, isDaybriefError } from '../model/errors.js';

/** Free bytes below which a disk counts as full: SQLite reports a full disk as an I/O error at times. */
const NEARLY_FULL_BYTES = 256 * 1024;

function folderOf(file: string): string {
  return dirname(resolve(file));
}

/** True when the disk holding `file` has (almost) no space left. */
function diskFull(file: string): boolean {
  try {
    const fs = statfsSync(folderOf(file));
    return fs.bavail * fs.bsize < NEARLY_FULL_BYTES;
  } catch {
    return false;
  }
}

/** True when `file` exists but it, or its folder (where SQLite keeps its -wal and -shm files), cannot be written. */
function readOnly(file: string): boolean {
  if (!existsSync(file)) return false;
  for (const path of [file, folderOf(file)]) {
    try {
      accessSync(path, constants.W_OK);
    } catch {
      return true;
    }
  }
  return false;
}

function codeOf(err: unknown): string | undefined {
  for (const e of causeChain(err)) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The SQLite error (a better-sqlite3 `SqliteError`, or a system error around it) as a DaybriefError. */
export function sqliteError(err: unknown, file: string): DaybriefError {
  if (isDaybriefError(err)) return err;
  const code = codeOf(err) ?? '';
  const raw = messageOf(err);
  const fail = (c: string, message: string) =>
    new DaybriefError('store', c, message, { cause: err, details: { database: file, code } });
  if (code === 'SQLITE_NOTADB')
    return fail(
      'STORE_NOT_SQLITE',
      `${file} is not a SQLite database; pass --db a new or existing daybrief .sqlite file, or a postgres:// URL`,
    );
  if (code.startsWith('SQLITE_CORRUPT'))
    return fail(
      'STORE_CORRUPT',
      `the SQLite database ${file} is damaged (${raw}); restore it from a backup or pass --db a new file`,
    );
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
    return fail(
      'STORE_LOCKED',
      `the SQLite database ${file} is locked by another process; wait for that run to finish (or stop it) and try again`,
    );
  const memory = file === ':memory:' || file === '';
  if (
    code.startsWith('SQLITE_READONLY') ||
    code === 'EROFS' ||
    (!memory && code.startsWith('SQLITE_CANTOPEN') && readOnly(file))
  )
    return fail(
      'STORE_READ_ONLY',
      `the SQLite database ${file} is read-only; make the file and its folder writable, or pass --db a file you can write`,
    );
  if (
    code === 'SQLITE_FULL' ||
    code === 'ENOSPC' ||
    (!memory && code.startsWith('SQLITE_IOERR') && diskFull(file))
  )
    return fail(
      'DISK_FULL',
      `the disk holding ${file} is full; free some space (or pass --db a file on another disk) and run again`,
    );
  if (code.startsWith('SQLITE_CANTOPEN') || code === 'ENOENT' || code === 'ENOTDIR')
    return fail(
      'STORE_CANT_OPEN',
      `cannot open the SQLite database ${file} (${raw}); check that its folder exists and is writable, or pass --db another file`,
    );
  if (
    code === 'EACCES' ||
    code === 'EPERM' ||
    code.startsWith('SQLITE_PERM') ||
    code.startsWith('SQLITE_AUTH')
  )
    return fail(
      'STORE_READ_ONLY',
      `permission denied on the SQLite database ${file}; make it and its folder writable, or pass --db a file you can write`,
    );
  if (code.startsWith('SQLITE_IOERR'))
    return fail(
      'STORE_IO',
      `the disk failed while using the SQLite database ${file} (${raw}); check the disk and run again`,
    );
  return fail('STORE_QUERY', `the SQLite database ${file} failed: ${raw}`);
}

/** The database URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the postgres:// URL';
  }
}

function where(url: string): { server: string; database: string; user: string } {
  try {
    const u = new URL(url);
    return {
      server: u.host || 'localhost',
      database: decodeURIComponent(u.pathname.replace(/^\//, '')) || '(default)',
      user: decodeURIComponent(u.username) || '(default)',
    };
  } catch {
    return { server: 'the server', database: '(unknown)', user: '(unknown)' };
  }
}

/** Connection-level codes: the server cannot be reached at all. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'EPIPE',
]);

/**
 * A Postgres failure (from `pg`: a system error while connecting, or a server error with its
 * SQLSTATE) as a DaybriefError: unreachable, authentication failed, database missing, disk full, or
 * a failed query.
 */
export function postgresError(err: unknown, url: string, doing = 'query'): DaybriefError {
  if (isDaybriefError(err)) return err;
  const code = codeOf(err) ?? '';
  const raw = messageOf(err);
  const { server, database, user } = where(url);
  const fail = (c: string, message: string) =>
    new DaybriefError('store', c, message, { cause: err, details: { database: redactUrl(url), code } });
  if (UNREACHABLE.has(code) || /timeout expired|Connection terminated/i.test(raw)) {
    const why = code === 'ECONNREFUSED' ? 'connection refused' : code || raw;
    return fail(
      'STORE_UNREACHABLE',
      `cannot reach Postgres at ${server} (${why}); start the server or fix the host and port in --db / "database"`,
    );
  }
  if (code === '28P01' || code === '28000')
    return fail(
      'STORE_AUTH_FAILED',
      `Postgres at ${server} refused user ${user} (${raw}); fix the user name or password in the postgres:// URL`,
    );
  if (code === '3D000')
    return fail(
      'STORE_DB_MISSING',
      `Postgres at ${server} has no database "${database}"; create it (createdb ${database}) or fix the name in the postgres:// URL`,
    );
  if (code === '53100')
    return fail(
      'DISK_FULL',
      `the Postgres server at ${server} is out of disk space; free some space there and run again`,
    );
  if (code === '25006' || code === '42501')
    return fail(
      'STORE_READ_ONLY',
      `Postgres at ${server} does not let user ${user} write (${raw}); connect as a user who may, or to a writable server`,
    );
  return fail('STORE_QUERY', `Postgres ${doing} failed: ${raw}`);
}

/**
 * The most specific account of a failure that came from Postgres somewhere down `err`'s causes (a
 * queue that could not start, say): the mapped cause when it says more than "query failed", else
 * `err` itself.
 */
export function explainPostgres(err: unknown, url: string): unknown {
  for (const cause of causeChain(err)) {
    if (isDaybriefError(cause)) continue;
    const mapped = postgresError(cause, url);
    if (mapped.code !== 'STORE_QUERY') return mapped;
  }
  return err;
}
