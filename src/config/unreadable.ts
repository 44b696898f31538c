/**
 * Kept apart from load.ts, which pulls in the config schema (zod): a command that only checks a file
 * a flag names (`daybrief extract FILE`) should not load the schema to word its error.
 */

/** Why a file could not be read, in words (for the config file and any file a flag names). */
export function unreadable(err: unknown): string {
  switch ((err as { code?: string }).code) {
    case 'ENOENT':
      return 'there is no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder, not a file';
    case 'ENOTDIR':
      return 'a folder on the way is a file';
    default:
      return (err as Error).message;
  }
}
