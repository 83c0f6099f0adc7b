/**
 * Which hosts a remote image may come from. gzh runs in CI beside the account's secret, and articles come
 * from many hands: `![](http://169.254.169.254/latest/meta-data/)` must not make it read the cloud's
 * metadata service, nor a LAN router's admin page. A host is resolved once, every address it resolves to is
 * judged (ranges by ipaddr.js), and the connection then goes to exactly those addresses (`pinLookup`), so a
 * DNS answer that changes between the check and the connect (rebinding) gains nothing.
 */
import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { GzhError } from '../errors.js';

export interface HostAddress {
  address: string;
  family: 4 | 6;
}

/** Every address of a host name, like `dns.lookup(host, {all: true})`. */
export type LookupAll = (hostname: string) => Promise<readonly { address: string; family: number }[]>;

export interface AddressPolicy {
  /** `images.allowPrivateHosts`: images served from the LAN (and tests on 127.0.0.1). */
  allowPrivateHosts?: boolean;
  /** Resolver (default: the system's, `dns.lookup`); tests inject one to play a public host. */
  lookup?: LookupAll;
  /** Tests only: addresses taken as public although their range is not, to stand in for the internet. */
  trustedAddresses?: readonly string[];
}

export const PRIVATE_ADDRESS_HINT =
  'gzh fetches no private, loopback or link-local address, as it runs next to your secrets; for images on your LAN set images.allowPrivateHosts: true';

/**
 * Names that are private by definition, refused without asking DNS: localhost (RFC 6761), mDNS `.local`
 * (RFC 6762), `.home.arpa` (RFC 8375) and `.internal` (ICANN's private-use TLD, e.g. metadata.google.internal).
 */
const PRIVATE_NAME = /(?:^|\.)(?:localhost|local|home\.arpa|internal)$/;
/** RFC 6761 §6.4: `.invalid` never resolves, and resolvers should say so at once rather than ask the network. */
const INVALID_NAME = /(?:^|\.)invalid$/;

const RANGE_NAMES: Readonly<Record<string, string>> = {
  unspecified: 'the unspecified address (it reaches this machine)',
  loopback: 'a loopback address (this machine)',
  private: 'a private (RFC 1918) address',
  linkLocal: 'a link-local address (where cloud metadata services answer)',
  carrierGradeNat: 'a carrier-grade NAT (100.64.0.0/10) address',
  uniqueLocal: 'a unique-local (private IPv6) address',
  deprecatedSiteLocal: 'a site-local (private IPv6) address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  reserved: 'a reserved address',
};

/**
 * Why `address` may not be fetched (its range, in words), or undefined for a public unicast address.
 * IPv4 inside IPv6 (`::ffff:127.0.0.1`, NAT64 `64:ff9b::a9fe:a9fe`) is judged as the IPv4 address it carries.
 */
export function describePrivateAddress(address: string): string | undefined {
  let ip: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    ip = ipaddr.parse(address);
  } catch {
    return 'not an IP address';
  }
  if (ip.kind() === 'ipv6') {
    const v6 = ip as ipaddr.IPv6;
    const parts = v6.parts;
    if (v6.isIPv4MappedAddress()) ip = v6.toIPv4Address();
    else if (parts[0] === 0x64 && parts[1] === 0xff9b && parts.slice(2, 6).every((p) => p === 0)) {
      ip = ipaddr.fromByteArray(v6.toByteArray().slice(12));
    }
  }
  const range = ip.range();
  if (range === 'unicast') return undefined;
  const words = RANGE_NAMES[range] ?? `a special-purpose (${range}) address`;
  return ip.kind() === 'ipv4' && address.includes(':') ? `${words}, IPv4 ${ip.toString()} in IPv6 form` : words;
}

/**
 * The addresses `hostname` (as `URL.hostname` gives it) may be fetched from, all of them checked; throws a
 * GzhError naming the host and the address when one is private and `allowPrivateHosts` is off.
 * The message has no URL: the caller says which image (and which redirect) it was.
 */
export async function vetHost(hostname: string, policy: AddressPolicy, signal?: AbortSignal): Promise<HostAddress[]> {
  const host = normaliseHost(hostname);
  const allowed = (address: string) => policy.allowPrivateHosts || policy.trustedAddresses?.includes(address);
  const refuse = (what: string) => new GzhError('image/private-address', what, { hint: PRIVATE_ADDRESS_HINT });

  if (ipaddr.isValid(host)) {
    const why = describePrivateAddress(host);
    if (why && !allowed(host)) throw refuse(`${host} is ${why}`);
    return [{ address: host, family: host.includes(':') ? 6 : 4 }];
  }
  if (INVALID_NAME.test(host)) throw notFound(host, 'ENOTFOUND');
  if (!policy.allowPrivateHosts && PRIVATE_NAME.test(host)) throw refuse(`${host} is a private host name`);

  const lookup = policy.lookup ?? ((name: string) => dns.promises.lookup(name, { all: true }));
  let found: readonly { address: string; family: number }[];
  try {
    found = await abortable(lookup(host), signal);
  } catch (error) {
    if (signal?.aborted) throw error;
    throw notFound(host, (error as NodeJS.ErrnoException).code ?? (error as Error).message, error);
  }
  if (found.length === 0) throw notFound(host, 'ENOTFOUND');
  const addresses: HostAddress[] = [];
  for (const { address } of found) {
    // every address, not just the first: the connection may go to any of them (happy eyeballs)
    const why = describePrivateAddress(address);
    if (why && !allowed(address)) throw refuse(`${host} resolves to ${address}, ${why}`);
    addresses.push({ address, family: address.includes(':') ? 6 : 4 });
  }
  return addresses;
}

/** `URL.hostname` as the key of `vetHost`/`pinLookup`: no IPv6 brackets, no trailing dot, lower case. */
export function normaliseHost(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
}

function notFound(host: string, code: string, cause?: unknown): GzhError {
  return new GzhError('image/fetch-failed', `host ${host} not found (${code})`, { hint: 'Check the URL, or whether this machine is online', cause });
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * A `lookup` for net/tls.connect that answers only from hosts vetted by `vetHost` (and never asks DNS), so
 * the socket goes to an address that was checked. A host that was not vetted is an error, not a lookup.
 */
export function pinLookup(vetted: ReadonlyMap<string, readonly HostAddress[]>): LookupFunction {
  return (hostname, options, callback) => {
    const all = vetted.get(normaliseHost(hostname)) ?? [];
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
    const usable = family === 4 || family === 6 ? all.filter((a) => a.family === family) : all;
    if (usable.length === 0) {
      const error: NodeJS.ErrnoException = new Error(`gzh: ${hostname} was not checked before connecting`);
      error.code = 'ENOTFOUND';
      callback(error, '');
    } else if (options.all) callback(null, usable.map((a) => ({ ...a })));
    else callback(null, usable[0]!.address, usable[0]!.family);
  };
}
