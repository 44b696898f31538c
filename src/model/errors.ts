/** The stages of the flow; every error names the one it came from. */
export type Stage =
  | 'config'
  | 'discover'
  | 'fetch'
  | 'extract'
  | 'summarize'
  | 'cluster'
  | 'store'
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

/** Wraps anything thrown into a DaybriefError of the given stage, keeping DaybriefErrors as they are. */
export function toDaybriefError(err: unknown, stage: Stage, code = `${stage.toUpperCase()}_FAILED`) {
  if (err instanceof DaybriefError) return err;
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
