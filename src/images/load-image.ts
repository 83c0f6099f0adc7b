/** Bytes of a resolved image source, with the format read from its magic bytes. */
import fs from 'node:fs/promises';
import type { Dispatcher } from 'undici';
import { GzhError } from '../errors.js';
import { detectImageFormat } from './detect-format.js';
import type { ImageFormat, RemoteOptions, ResolvedSource } from './types.js';

export interface LoadOptions {
  remote: RemoteOptions;
  dispatcher?: Dispatcher;
}

export interface LoadedImage {
  bytes: Buffer;
  format: ImageFormat;
}

export async function loadImage(source: ResolvedSource, opts: LoadOptions): Promise<LoadedImage> {
  const bytes = await readSourceBytes(source, opts);
  return { bytes, format: requireImageFormat(bytes, source.src) };
}

/** The raw bytes (no format check): what the ledger key is computed from. */
export async function readSourceBytes(source: ResolvedSource, opts: LoadOptions): Promise<Buffer> {
  switch (source.kind) {
    case 'local':
      try {
        return await fs.readFile(source.path);
      } catch (error) {
        throw new GzhError('image/read-failed', `Cannot read ${source.src}: ${(error as Error).message}`, { cause: error });
      }
    case 'data':
      return source.bytes;
    case 'remote':
    case 'wechat': {
      // undici takes ~130 ms to load: only articles with remote images pay for it
      const { fetchRemoteImage } = await import('./fetch-remote.js');
      return (await fetchRemoteImage(source.url, { ...opts.remote, dispatcher: opts.dispatcher })).bytes;
    }
  }
}

export function requireImageFormat(bytes: Uint8Array, src: string): ImageFormat {
  const format = detectImageFormat(bytes);
  if (format) return format;
  if (bytes.length === 0) throw new GzhError('image/not-image', `${src} is empty`);
  const head = Buffer.from(bytes.subarray(0, 64));
  const printable = head.every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127) || b >= 0x80);
  const looks = printable ? ` (it starts with text: "${head.toString('utf8').replace(/\s+/g, ' ').slice(0, 30).trim()}")` : '';
  throw new GzhError('image/not-image', `${src} is not an image${looks}`, {
    hint: 'Supported: JPEG, PNG, GIF, WebP, AVIF/HEIF, SVG, TIFF, BMP',
  });
}
