import type { FetcherOptions } from './client.js';
import { createFetcher } from './client.js';
import type { LiveTransportOptions } from './live.js';
import { createLiveTransport } from './live.js';
import type { Transport } from './transport.js';
import type { Fetcher } from './types.js';
import { openReplayTransport } from './warc-replay.js';
import { createRecordingTransport } from './warc-write.js';

export type { AddressGuardOptions, AllowedHost, LookupFunction } from './address-guard.js';
export { AddressGuard, addressKind, isRefusedAddress, parseAllowHost } from './address-guard.js';
export type { CharsetSource, Decoded } from './charset.js';
export { canonicalCharset, declaredCharset, decodeBody, mediaType, sniffMediaType } from './charset.js';
export type { FetcherOptions } from './client.js';
export { createFetcher, retryAfterMs, withoutCredentials } from './client.js';
export { dechunk, decodeContentEncoding } from './content-encoding.js';
export type { Permanence } from './errors.js';
export {
  ERROR_PERMANENCE,
  FETCH_CODES,
  fetchError,
  httpError,
  isPermanent,
  isTransient,
  networkError,
  permanenceOf,
} from './errors.js';
export type { LiveTransportOptions } from './live.js';
export { createLiveTransport, DEFAULT_USER_AGENT } from './live.js';
export type { BudgetStop, FetchBudgets, HostSlots } from './politeness.js';
export {
  BudgetClock,
  DEFAULT_FETCH_BUDGETS,
  HostScheduler,
  Limiter,
} from './politeness.js';
export type { RobotsRules } from './robots.js';
export { ALLOW_ALL, parseRobots } from './robots.js';
export type { Transport, TransportRequest, TransportResponse } from './transport.js';
export type { Fetcher, FetchOptions } from './types.js';
export type { WarcIndex } from './warc-replay.js';
export { createReplayTransport, loadWarc, openReplayTransport } from './warc-replay.js';
export type { WarcEntry } from './warc-write.js';
export { buildWarc, createRecordingTransport, WarcWriter } from './warc-write.js';

/** Client options without the transport, plus where to record a WARC of every exchange. */
export type FetcherConfig = Omit<FetcherOptions, 'transport'> & {
  /** Path of a .warc.gz (or .warc) to record every exchange to. */
  record?: string;
};

function maybeRecording(transport: Transport, record: string | undefined): Transport {
  return record ? createRecordingTransport(transport, record) : transport;
}

/**
 * The live fetcher: undici with the client's defaults (1 s per host, 8 in flight, robots.txt
 * obeyed, 10 MiB cap, 5 redirects), fetching only public addresses unless `allowHosts` names the
 * host. `record` writes every exchange to a WARC.
 */
export function createLiveFetcher(opts: FetcherConfig & LiveTransportOptions = {}): Fetcher {
  return createFetcher({ ...opts, transport: maybeRecording(createLiveTransport(opts), opts.record) });
}

/**
 * A fetcher that answers from a WARC archive (indexed first; a large .warc.gz keeps its payloads
 * on disk, see loadWarc): no per-host delay and
 * no backoff by default, robots.txt obeyed when the archive holds one (a missing one allows all).
 * It never touches the network, so the address guard does not apply: an archive recorded from
 * allowed local servers replays as it was recorded.
 */
export async function createReplayFetcher(warcPath: string, opts: FetcherConfig = {}): Promise<Fetcher> {
  const transport = maybeRecording(await openReplayTransport(warcPath), opts.record);
  return createFetcher({ perHostDelayMs: 0, backoffMs: 0, ...opts, transport });
}
