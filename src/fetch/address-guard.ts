/**
 * The SSRF guard: daybrief fetches what feeds and pages name, so a hostile feed could point it at
 * the machine itself or the network behind it. Only public unicast addresses are fetched, unless
 * the user allows a host by name (`fetch.allowHosts`, `--allow-host`).
 *
 * The check runs twice in the live transport: before each request (IP literals, `localhost`, and
 * the name's DNS answer, so that a refusal is quick and clear) and again inside the socket's own
 * DNS lookup, on the very addresses the socket then connects to, so that a name answering
 * differently the second time (DNS rebinding) cannot slip past. IP literals skip the socket's
 * lookup, so the connector checks them itself; and the connected socket's peer address is checked
 * once more before a byte is sent.
 */
import dns from 'node:dns';
import net from 'node:net';
import type { buildConnector } from 'undici';
import { DaybriefError } from '../model/errors.js';
import { FETCH_CODES } from './errors.js';

export const PRIVATE_ADDRESS_CODE = FETCH_CODES.privateAddress;

/** A host the user allowed: its name as the URL parser writes it, and the port if one was given. */
export interface AllowedHost {
  /** Lower case, IPv6 without brackets, no trailing dot, numeric IPv4 forms as dotted quads. */
  host: string;
  port?: number;
}

/** One address from a DNS answer. */
export interface LookupAddress {
  address: string;
  family: number;
}

/** dns.lookup's shape, which net.connect calls for names (with `all: true` when it races families). */
export type LookupFunction = (
  hostname: string,
  options: dns.LookupOptions,
  callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
) => void;

// ---------------------------------------------------------------------------------------------
// Address classes

interface Range4 {
  base: number;
  bits: number;
  kind: string;
}

function v4(text: string): number {
  const parts = text.split('.').map(Number);
  return (((parts[0] ?? 0) << 24) | ((parts[1] ?? 0) << 16) | ((parts[2] ?? 0) << 8) | (parts[3] ?? 0)) >>> 0;
}

function range4(cidr: string, kind: string): Range4 {
  const [addr = '', bits = '32'] = cidr.split('/');
  return { base: v4(addr), bits: Number(bits), kind };
}

/** IANA's special-purpose IPv4 blocks that are not globally reachable, and multicast/broadcast. */
const V4_RANGES: Range4[] = [
  range4('0.0.0.0/8', 'unspecified ("this network")'),
  range4('10.0.0.0/8', 'private'),
  range4('100.64.0.0/10', 'shared (carrier-grade NAT)'),
  range4('127.0.0.0/8', 'loopback'),
  range4('169.254.0.0/16', 'link-local'),
  range4('172.16.0.0/12', 'private'),
  range4('192.0.0.0/24', 'reserved (IETF protocol assignments)'),
  range4('192.0.2.0/24', 'reserved (documentation)'),
  range4('192.88.99.0/24', 'reserved (6to4 relay anycast)'),
  range4('192.168.0.0/16', 'private'),
  range4('198.18.0.0/15', 'reserved (benchmarking)'),
  range4('198.51.100.0/24', 'reserved (documentation)'),
  range4('203.0.113.0/24', 'reserved (documentation)'),
  range4('224.0.0.0/4', 'multicast'),
  range4('255.255.255.255/32', 'broadcast'),
  range4('240.0.0.0/4', 'reserved'),
];

function inRange4(addr: number, r: Range4): boolean {
  const shift = 32 - r.bits;
  return shift === 32 ? true : addr >>> shift === r.base >>> shift;
}

function classify4(addr: number): string | undefined {
  return V4_RANGES.find((r) => inRange4(addr, r))?.kind;
}

/** The eight 16-bit groups of an IPv6 address (zone id ignored), or undefined when it is not one. */
export function parseIPv6(text: string): number[] | undefined {
  let s = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (!net.isIPv6(s)) return undefined;
  const lastColon = s.lastIndexOf(':');
  const tail = s.slice(lastColon + 1);
  if (tail.includes('.')) {
    const n = v4(tail);
    s = `${s.slice(0, lastColon + 1)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const halves = s.split('::');
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length > 1 && halves[1] ? halves[1].split(':') : [];
  const zeros = halves.length > 1 ? 8 - head.length - rest.length : 0;
  const groups = [...head, ...Array<string>(zeros).fill('0'), ...rest].map((g) => Number.parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => g >= 0 && g <= 0xffff) ? groups : undefined;
}

function embedded4(hi: number, lo: number): number {
  return ((hi << 16) | lo) >>> 0;
}

function dotted(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** Why an IPv4 address embedded in an IPv6 one is refused, or undefined when it is public. */
function embeddedKind(form: string, n: number): string | undefined {
  const kind = classify4(n);
  return kind ? `${kind} (${form} of ${dotted(n)})` : undefined;
}

function classify6(g: number[]): string | undefined {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  const zeroTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroTo(8)) return 'unspecified';
  if (zeroTo(7) && g7 === 1) return 'loopback';
  // ::ffff:a.b.c.d (mapped) reaches the IPv4 address itself on a dual-stack socket.
  if (zeroTo(5) && g5 === 0xffff) return embeddedKind('IPv4-mapped form', embedded4(g6, g7));
  // ::a.b.c.d (deprecated IPv4-compatible) and ::ffff:0:a.b.c.d (IPv4-translated).
  if (zeroTo(6) || (zeroTo(4) && g4 === 0xffff && g5 === 0)) {
    return embeddedKind('IPv4-compatible form', embedded4(g6, g7)) ?? 'reserved (IPv4-compatible)';
  }
  // 64:ff9b::/96, the NAT64 well-known prefix: a NAT64 gateway connects to the embedded address.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) {
    return embeddedKind('NAT64 form', embedded4(g6, g7));
  }
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 1) return 'reserved (local-use NAT64)';
  // 2002::/16, 6to4: bits 16-47 are the IPv4 address of the tunnel end.
  if (g0 === 0x2002) return embeddedKind('6to4 form', embedded4(g1, g2));
  // 2001::/32, Teredo: the client's IPv4 address is stored inverted in the last 32 bits.
  if (g0 === 0x2001 && g1 === 0) {
    return embeddedKind('Teredo form', embedded4(~g6 & 0xffff, ~g7 & 0xffff));
  }
  if (g0 === 0x2001 && g1 === 0xdb8) return 'reserved (documentation)';
  if (g0 === 0x2001 && g1 === 2 && g2 === 0) return 'reserved (benchmarking)';
  if (g0 === 0x2001 && g1 >= 0x10 && g1 <= 0x1f) return 'reserved (ORCHID)';
  if (g0 === 0x3fff && (g1 & 0xf000) === 0) return 'reserved (documentation)';
  if ((g0 & 0xfe00) === 0xfc00) return 'unique-local';
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local';
  if ((g0 & 0xffc0) === 0xfec0) return 'site-local (deprecated)';
  if ((g0 & 0xff00) === 0xff00) return 'multicast';
  // Only 2000::/3 is allocated for global unicast; the rest is reserved by the IETF.
  if ((g0 & 0xe000) !== 0x2000) return 'reserved';
  return undefined;
}

/**
 * Why an IP address may not be fetched ("loopback", "private", "link-local", "IPv4-mapped form of
 * 127.0.0.1 …"), or undefined for a public unicast address. Input is a dotted-quad IPv4 or an IPv6
 * address (brackets and zone allowed); anything else is undefined (it is a name, not an address).
 */
export function addressKind(address: string): string | undefined {
  if (net.isIPv4(address)) return classify4(v4(address));
  const groups = parseIPv6(address);
  return groups ? classify6(groups) : undefined;
}

/** True when `address` is an IP literal that may not be fetched. */
export function isRefusedAddress(address: string): boolean {
  return addressKind(address) !== undefined;
}

/** `localhost` and `*.localhost` always mean this machine (RFC 6761), whatever DNS says. */
function isLocalhostName(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost');
}

// ---------------------------------------------------------------------------------------------
// The allow list

const ALLOW_ENTRY = /^(?:\[([^\]\s/@]+)\]|([^:[\]\s/@?#]+))(?::(\d{1,5}))?$/;

/** A host as compared: lower case, no brackets, no trailing dot. */
function bareHost(hostname: string): string {
  const h = hostname.toLowerCase();
  const unbracketed = h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
  return unbracketed.endsWith('.') ? unbracketed.slice(0, -1) : unbracketed;
}

/**
 * Reads one allow-list entry, "host" or "host:port" ("[::1]:8080" for IPv6); the host is written
 * the way the URL parser writes it, so that `127.1` and `127.0.0.1` are one entry. Undefined when
 * the entry is not a host.
 */
export function parseAllowHost(entry: string): AllowedHost | undefined {
  const text = entry.trim();
  if (net.isIPv6(text)) return { host: bareHost(text) };
  const m = ALLOW_ENTRY.exec(text);
  if (!m) return undefined;
  const raw = m[1] !== undefined ? `[${m[1]}]` : (m[2] ?? '');
  let hostname: string;
  try {
    hostname = new URL(`http://${raw}/`).hostname;
  } catch {
    return undefined;
  }
  if (!hostname) return undefined;
  if (m[3] === undefined) return { host: bareHost(hostname) };
  const port = Number(m[3]);
  if (port < 1 || port > 65535) return undefined;
  return { host: bareHost(hostname), port };
}

/** Reads a list of allow-list entries; throws the `onBad` error for the first that is not a host. */
export function parseAllowHosts(entries: readonly string[], onBad: (entry: string) => Error): AllowedHost[] {
  return entries.map((e) => {
    const parsed = parseAllowHost(e);
    if (!parsed) throw onBad(e);
    return parsed;
  });
}

/** How an entry for `host` and `port` is written, e.g. `127.0.0.1:8080` or `[::1]:8080`. */
function entryFor(host: string, port: number | undefined): string {
  const h = host.includes(':') ? `[${host}]` : host;
  return port === undefined ? h : `${h}:${port}`;
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

/** The port a connection to `url` uses. */
function portOf(protocol: string, port: string | number | undefined): number | undefined {
  if (port !== undefined && port !== '' && Number(port) > 0) return Number(port);
  return DEFAULT_PORTS[protocol];
}

// ---------------------------------------------------------------------------------------------
// The error

interface Refusal {
  /** The host as in the URL (or as connected). */
  host: string;
  port: number | undefined;
  /** The refused address; the host itself for literals and `localhost`. */
  address: string;
  kind: string;
}

/** "loopback" → "a loopback address"; "private (NAT64 form of 10.0.0.1)" → "a private address (NAT64 form of 10.0.0.1)". */
function describeKind(kind: string): string {
  const open = kind.indexOf(' (');
  const name = open < 0 ? kind : kind.slice(0, open);
  const note = open < 0 ? '' : kind.slice(open);
  return `${/^([aeio]|un(?!i))/i.test(name) ? 'an' : 'a'} ${name} address${note}`;
}

/**
 * FETCH_PRIVATE_ADDRESS: says what was refused, and how to allow it on purpose. Never retried
 * (isTransient is false for it), recorded with the item like any fetch failure.
 */
export function privateAddressError(url: string, r: Refusal): DaybriefError {
  const what =
    r.address === r.host
      ? `${r.host} is ${describeKind(r.kind)}`
      : `${r.host} resolves to ${r.address}, ${describeKind(r.kind)}`;
  const entry = entryFor(r.host, r.port === 80 || r.port === 443 ? undefined : r.port);
  return new DaybriefError(
    'fetch',
    PRIVATE_ADDRESS_CODE,
    `refused ${url}: ${what}, and daybrief fetches only public addresses; ` +
      `if this host is yours, allow it with --allow-host ${entry} or "fetch": {"allowHosts": ["${entry}"]} in the config`,
    { details: { url, host: r.host, address: r.address, kind: r.kind, ...(r.port ? { port: r.port } : {}) } },
  );
}

/** The same refusal told for the URL that was asked for (the connector knows only the origin). */
export function refusalFor(err: DaybriefError, url: string): DaybriefError {
  const d = err.details as Partial<Refusal>;
  if (typeof d.host !== 'string' || typeof d.address !== 'string' || typeof d.kind !== 'string') return err;
  return privateAddressError(url, {
    host: d.host,
    address: d.address,
    kind: d.kind,
    port: typeof d.port === 'number' ? d.port : undefined,
  });
}

/** The FETCH_PRIVATE_ADDRESS error in `err` or its causes, if any. */
export function findPrivateAddressError(err: unknown): DaybriefError | undefined {
  let cur: unknown = err;
  for (let depth = 0; depth < 6 && cur && typeof cur === 'object'; depth++) {
    if (cur instanceof DaybriefError && cur.code === PRIVATE_ADDRESS_CODE) return cur;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The guard

/** Options of {@link AddressGuard}. */
export interface AddressGuardOptions {
  /** Hosts fetched whatever their address: entries as `parseAllowHost` reads them. */
  allowHosts?: readonly (string | AllowedHost)[];
  /** DNS lookup for names; default dns.lookup. Tests inject a resolver here. */
  lookup?: LookupFunction;
}

type Connector = buildConnector.connector;

function toAllowed(entry: string | AllowedHost): AllowedHost {
  if (typeof entry !== 'string') return { ...entry, host: bareHost(entry.host) };
  const parsed = parseAllowHost(entry);
  if (!parsed) {
    throw new DaybriefError(
      'config',
      'CONFIG_INVALID',
      `"${entry}" in fetch.allowHosts is not a host or host:port`,
    );
  }
  return parsed;
}

/** Decides which hosts and addresses may be fetched; see the module comment for where it runs. */
export class AddressGuard {
  readonly #allowed: AllowedHost[];
  readonly #lookup: LookupFunction;

  constructor(opts: AddressGuardOptions = {}) {
    this.#allowed = (opts.allowHosts ?? []).map(toAllowed);
    this.#lookup = opts.lookup ?? (dns.lookup as unknown as LookupFunction);
  }

  /** True when the user allowed this host (on this port, when the entry names one). */
  isAllowed(hostname: string, port: number | undefined): boolean {
    const host = bareHost(hostname);
    return this.#allowed.some((a) => a.host === host && (a.port === undefined || a.port === port));
  }

  /**
   * The check before a request: throws FETCH_PRIVATE_ADDRESS when the URL's host is a refused IP
   * literal, `localhost`, or a name whose DNS answer holds a refused address. DNS failures are left
   * to the connection, which reports them as FETCH_DNS.
   */
  async checkUrl(href: string): Promise<void> {
    const url = new URL(href);
    const port = portOf(url.protocol, url.port);
    if (this.isAllowed(url.hostname, port)) return;
    const host = bareHost(url.hostname);
    const refusal = this.#literalRefusal(host, port);
    if (refusal) throw privateAddressError(href, refusal);
    if (net.isIP(host)) return;
    const addresses = await this.#resolve(host).catch(() => []);
    const bad = this.#firstRefused(host, port, addresses);
    if (bad) throw privateAddressError(href, bad);
  }

  /**
   * A lookup for net.connect that resolves every address of the name and fails the connection with
   * FETCH_PRIVATE_ADDRESS when any of them is refused, so the socket connects only to addresses
   * that were checked.
   */
  guardedLookup(port: number | undefined, protocol: string): LookupFunction {
    return (hostname, options, callback) => {
      this.#lookup(hostname, { ...options, all: true }, (err, result, family) => {
        if (err) return callback(err, '');
        const addresses = asAddresses(result, family);
        const bad = this.#firstRefused(bareHost(hostname), port, addresses);
        if (bad) return callback(asErrno(privateAddressError(originOf(protocol, hostname, port), bad)), '');
        if (addresses.length === 0) return callback(notFound(hostname), '');
        if (options.all) return callback(null, addresses);
        const first = addresses[0] as LookupAddress;
        return callback(null, first.address, first.family);
      });
    };
  }

  /**
   * Wraps an undici connector factory: allowed hosts connect as they are; IP literals are checked
   * here (net.connect does no lookup for them); names connect through {@link guardedLookup}. The
   * connected socket's peer address is checked again before the socket is handed over.
   */
  connector(build: (lookup: LookupFunction) => Connector): Connector {
    const open = build(this.#lookup);
    const guardedByPort = new Map<string, Connector>();
    return (opts, callback) => {
      const port = portOf(opts.protocol, opts.port);
      const host = bareHost(opts.hostname);
      if (this.isAllowed(host, port)) return open(opts, callback);
      const origin = originOf(opts.protocol, host, port);
      const refusal = this.#literalRefusal(host, port);
      if (refusal) return callback(privateAddressError(origin, refusal), null);
      const key = `${opts.protocol}//${port}`;
      let guarded = guardedByPort.get(key);
      if (!guarded) {
        guarded = build(this.guardedLookup(port, opts.protocol));
        guardedByPort.set(key, guarded);
      }
      return guarded(opts, (err, socket) => {
        if (err || !socket) return callback(err ?? new Error('no socket'), null);
        const peer = socket.remoteAddress;
        const kind = peer ? addressKind(peer) : undefined;
        if (peer && kind) {
          socket.destroy();
          return callback(privateAddressError(origin, { host, port, address: peer, kind }), null);
        }
        return callback(null, socket);
      });
    };
  }

  #literalRefusal(host: string, port: number | undefined): Refusal | undefined {
    if (isLocalhostName(host)) return { host, port, address: host, kind: 'loopback' };
    const kind = addressKind(host);
    return kind ? { host, port, address: host, kind } : undefined;
  }

  #firstRefused(host: string, port: number | undefined, addresses: LookupAddress[]): Refusal | undefined {
    for (const a of addresses) {
      const kind = addressKind(a.address);
      if (kind) return { host, port, address: a.address, kind };
    }
    return undefined;
  }

  #resolve(host: string): Promise<LookupAddress[]> {
    return new Promise((resolve, reject) => {
      this.#lookup(host, { all: true }, (err, result, family) =>
        err ? reject(err) : resolve(asAddresses(result, family)),
      );
    });
  }
}

function asAddresses(result: string | LookupAddress[] | undefined, family?: number): LookupAddress[] {
  if (Array.isArray(result)) return result;
  if (typeof result === 'string' && result) return [{ address: result, family: family ?? net.isIP(result) }];
  return [];
}

function originOf(protocol: string, host: string, port: number | undefined): string {
  const h = host.includes(':') ? `[${host}]` : host;
  const p = port !== undefined && port !== DEFAULT_PORTS[protocol] ? `:${port}` : '';
  return `${protocol}//${h}${p}/`;
}

/** net.connect expects errno-style errors from a lookup; the DaybriefError travels as it is. */
function asErrno(err: DaybriefError): NodeJS.ErrnoException {
  return err as unknown as NodeJS.ErrnoException;
}

function notFound(hostname: string): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
  err.code = 'ENOTFOUND';
  return err;
}
