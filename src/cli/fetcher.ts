import { createLiveFetcher, createReplayFetcher } from '../fetch/index.js';
import type { HostSlots } from '../fetch/politeness.js';
import type { Fetcher } from '../fetch/types.js';

/** The flags that choose a command's fetcher. */
export interface FetcherFlags {
  replay?: string;
  record?: string;
  robots: boolean;
  /**
   * Hosts fetched even on non-public addresses (the resolved `fetch.allowHosts` with every
   * `--allow-host`). Replay never touches the network, so it needs none.
   */
  allowHosts?: readonly string[];
  /** Per-host slots shared with the other workers (Postgres); live fetching only. */
  hostSlots?: HostSlots;
}

/** A replay fetcher with `--replay FILE`, else a live one (recording with `--record FILE`). */
export async function openFetcher(flags: FetcherFlags): Promise<Fetcher> {
  const common = { robots: flags.robots, ...(flags.record ? { record: flags.record } : {}) };
  return flags.replay
    ? createReplayFetcher(flags.replay, common)
    : createLiveFetcher({
        ...common,
        allowHosts: flags.allowHosts ?? [],
        ...(flags.hostSlots ? { hostSlots: flags.hostSlots } : {}),
      });
}
