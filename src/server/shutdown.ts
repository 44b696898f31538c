/** Stopping a long-running command on SIGTERM or SIGINT: gracefully on the first, at once on the second. */

import { constants } from 'node:os';

/** Options of `stopOnSignals`. */
export interface SignalOptions {
  /** Signals to handle, default SIGTERM and SIGINT. */
  signals?: NodeJS.Signals[];
  /** Where progress is reported. */
  log: (message: string) => void;
  /** Ends the process, default `process.exit`. */
  exit?: (code: number) => void;
}

/**
 * On the first of `signals`, runs `stop` (which finishes what is in flight and closes resources) and
 * exits 0, or 1 when `stop` fails; a second signal meanwhile exits at once with 128 + its number.
 * Returns a function that removes the handlers.
 */
export function stopOnSignals(
  stop: (signal: NodeJS.Signals) => Promise<void>,
  opts: SignalOptions,
): () => void {
  const signals = opts.signals ?? ['SIGTERM', 'SIGINT'];
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      opts.log(`${signal} again: exiting now`);
      exit(128 + (constants.signals[signal] ?? 0));
      return;
    }
    stopping = true;
    stop(signal).then(
      () => exit(0),
      (err: unknown) => {
        opts.log(`could not stop cleanly: ${err instanceof Error ? err.message : String(err)}`);
        exit(1);
      },
    );
  };
  for (const signal of signals) process.on(signal, onSignal);
  return () => {
    for (const signal of signals) process.off(signal, onSignal);
  };
}
