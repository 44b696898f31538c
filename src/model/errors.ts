/** The stages of the flow; every error names the one it came from. */
export type Stage =
  | 'config'
  | 'discover'
  | 'fetch'
  | 'extract'
  | 'summarize'
  | 'cluster'
  | 'store'
  | 'media'
  | 'publish'
  | 'mail'
  | 'pipeline'
  | 'cli';

/**
 * The one error type of daybrief. `code` is stable (e.g. `FETCH_HTTP_404`, `EXTRACT_EMPTY`) so that
 * stored failures and tests can match on it; the message starts with the stage name.
 */
export class DaybriefError extends Error {
  readonly stage: Stage;
  readonly code: string;
  /** Extra structured facts (url, status, …) for logs and the run report. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    stage: Stage,
    code: string,
    message: string,
    opts: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(`${stage}: ${message}`, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'DaybriefError';
    this.stage = stage;
    this.code = code;
    this.details = opts.details ?? {};
  }
}

/**
 * True for a DaybriefError, also one made by another copy of this module (a test loader or a second
 * build can load it twice, and `instanceof` then fails).
 */
export function isDaybriefError(err: unknown): err is DaybriefError {
  if (err instanceof DaybriefError) return true;
  const e = err as { name?: unknown; code?: unknown; stage?: unknown } | null;
  return (
    err instanceof Error &&
    e?.name === 'DaybriefError' &&
    typeof e.code === 'string' &&
    typeof e.stage === 'string'
  );
}

/** `err` and its chain of causes, outermost first (at most 10 deep). */
export function causeChain(err: unknown): unknown[] {
  const out: unknown[] = [];
  for (let e = err; e !== undefined && e !== null && out.length < 10; e = (e as { cause?: unknown }).cause)
    out.push(e);
  return out;
}

/** The first operating-system error code (`ENOSPC`, `EACCES`, …) in `err` or its causes. */
export function systemCode(err: unknown): string | undefined {
  for (const e of causeChain(err)) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z0-9]+$/.test(code)) return code;
  }
  return undefined;
}

/** Wraps anything thrown into a DaybriefError of the given stage, keeping DaybriefErrors as they are. */
export function toDaybriefError(
  err: unknown,
  stage: Stage,
  code = `${stage.toUpperCase()}_FAILED`,
): DaybriefError {
  if (isDaybriefError(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new DaybriefError(stage, code, message, { cause: err });
}

/** The plain-data form of an error, as stored and as printed in JSON lines. */
export interface ErrorInfo {
  stage: Stage;
  code: string;
  message: string;
}

export function errorInfo(err: unknown, stage: Stage): ErrorInfo {
  const e = toDaybriefError(err, stage);
  return { stage: e.stage, code: e.code, message: e.message };
}
