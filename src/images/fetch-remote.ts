/**
 * Fetch one remote image with undici: one deadline for the whole fetch, a streaming size cap,
 * redirects followed by hand (max N, loops detected, http/https only).
 */
import { request } from 'undici';
import type { Dispatcher } from 'undici';
import { GzhError } from '../errors.js';
import { formatBytes } from './format-bytes.js';
import type { RemoteOptions } from './types.js';

export interface FetchedImage {
  bytes: Buffer;
  /** URL after redirects. */
  finalUrl: string;
  contentType?: string;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export async function fetchRemoteImage(
  url: string,
  opts: RemoteOptions & { dispatcher?: Dispatcher; signal?: AbortSignal },
): Promise<FetchedImage> {
  const maxRedirects = opts.maxRedirects ?? 5;
  const deadline = AbortSignal.timeout(opts.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([deadline, opts.signal]) : deadline;
  const seen = new Set<string>();
  let current = url;

  const fail = (code: string, message: string, hint?: string, cause?: unknown) =>
    new GzhError(code, message, { hint, cause });

  try {
    for (let hop = 0; ; hop++) {
      const protocol = new URL(current).protocol;
      if (protocol !== 'http:' && protocol !== 'https:') {
        throw fail('image/fetch-failed', `${url}: redirected to unsupported scheme ${protocol} (${current})`);
      }
      seen.add(current);
      const res = await request(current, {
        method: 'GET',
        signal,
        dispatcher: opts.dispatcher,
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
    const reason = error instanceof Error ? error.message : String(error);
    throw fail('image/fetch-failed', `${url}: ${reason}`, undefined, error);
  }
}

function headerOf(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
