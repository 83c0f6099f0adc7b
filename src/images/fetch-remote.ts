/**
 * Fetch one remote image with undici: one deadline for the whole fetch, a streaming size cap,
 * redirects followed by hand (max N, loops detected, http/https only), and every hop's host checked
 * before it is connected to (check-address.ts: no private, loopback or link-local address).
 */
import { undici } from '../native-deps.js';
import type { Dispatcher } from 'undici';
import { GzhError } from '../errors.js';
import { normaliseHost, pinLookup, vetHost } from './check-address.js';
import type { HostAddress, LookupAll } from './check-address.js';
import { formatBytes } from './format-bytes.js';
import type { RemoteOptions } from './types.js';

export interface FetchedImage {
  bytes: Buffer;
  /** URL after redirects. */
  finalUrl: string;
  contentType?: string;
}

export interface FetchOptions extends RemoteOptions {
  /**
   * A dispatcher of your own (a proxy). Hosts are still checked, but the connection is the dispatcher's:
   * a proxy resolves the name again, so the address pinning of the default agent does not apply.
   */
  dispatcher?: Dispatcher;
  signal?: AbortSignal;
  /** Resolver for the host check (tests). */
  lookup?: LookupAll;
  /** Tests only: addresses taken as public (see AddressPolicy). */
  trustedAddresses?: readonly string[];
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export async function fetchRemoteImage(url: string, opts: FetchOptions): Promise<FetchedImage> {
  const maxRedirects = opts.maxRedirects ?? 5;
  const deadline = AbortSignal.timeout(opts.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([deadline, opts.signal]) : deadline;
  const seen = new Set<string>();
  const policy = { allowPrivateHosts: opts.allowPrivateHosts, lookup: opts.lookup, trustedAddresses: opts.trustedAddresses };
  // host → the addresses checked for it; the agent connects to these and never asks DNS itself
  const vetted = new Map<string, HostAddress[]>();
  const agent = opts.dispatcher ? undefined : new (undici().Agent)({ connect: { lookup: pinLookup(vetted) } });
  let current = url;

  const fail = (code: string, message: string, hint?: string, cause?: unknown) =>
    new GzhError(code, message, { hint, cause });

  try {
    for (let hop = 0; ; hop++) {
      const target = new URL(current);
      if (target.protocol !== 'http:' && target.protocol !== 'https:') {
        throw fail('image/fetch-failed', `${url}: redirected to unsupported scheme ${target.protocol} (${current})`);
      }
      seen.add(current);
      try {
        vetted.set(normaliseHost(target.hostname), await vetHost(target.hostname, policy, signal));
      } catch (error) {
        if (!(error instanceof GzhError)) throw error;
        const via = hop > 0 ? `redirected to ${current}: ` : '';
        throw fail(error.code, `${url}: ${via}${error.message}`, error.hint, error.cause);
      }
      const res = await undici().request(current, {
        method: 'GET',
        signal,
        dispatcher: opts.dispatcher ?? agent,
        headers: { 'user-agent': 'gzh (+https://github.com) image fetch', accept: 'image/*,*/*;q=0.5' },
      });

      if (REDIRECTS.has(res.statusCode)) {
        await res.body.dump().catch(() => undefined);
        const location = headerOf(res.headers, 'location');
        if (!location) throw fail('image/fetch-failed', `${url}: HTTP ${res.statusCode} without a Location header`);
        const next = new URL(location, current).href;
        if (seen.has(next)) throw fail('image/fetch-redirects', `${url}: redirect loop (${next} again)`);
        if (hop + 1 > maxRedirects) throw fail('image/fetch-redirects', `${url}: more than ${maxRedirects} redirects`);
        current = next;
        continue;
      }
      if (res.statusCode < 200 || res.statusCode >= 300) {
        await res.body.dump().catch(() => undefined);
        throw fail('image/fetch-failed', `${url}: HTTP ${res.statusCode}`, res.statusCode === 404 ? 'Check the URL' : undefined);
      }

      const tooBig = () =>
        fail('image/fetch-too-large', `${url}: larger than ${formatBytes(opts.maxBytes)}`, 'Raise images.remoteMaxBytes or use a smaller image');
      const declared = Number(headerOf(res.headers, 'content-length'));
      if (Number.isFinite(declared) && declared > opts.maxBytes) {
        res.body.destroy();
        throw tooBig();
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body) {
        const buf = chunk as Buffer;
        size += buf.length;
        if (size > opts.maxBytes) {
          res.body.destroy();
          throw tooBig();
        }
        chunks.push(buf);
      }
      return { bytes: Buffer.concat(chunks, size), finalUrl: current, contentType: headerOf(res.headers, 'content-type') };
    }
  } catch (error) {
    if (error instanceof GzhError) throw error;
    if (deadline.aborted) {
      throw fail('image/fetch-timeout', `${url}: timed out after ${opts.timeoutMs} ms`, 'Raise images.remoteTimeoutMs or download the image into the project', error);
    }
    throw fail('image/fetch-failed', `${url}: ${describeNetworkError(error)}`, undefined, error);
  } finally {
    // every body is read or destroyed by now: nothing of worth is cut off
    await agent?.destroy().catch(() => undefined);
  }
}

/** undici's message, with the system error code when there is one ("other side closed (ECONNRESET)"). */
function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code ?? ((error.cause as NodeJS.ErrnoException | undefined)?.code);
  return code && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
}

function headerOf(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
