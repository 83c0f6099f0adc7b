/** Bytes of a resolved image source, with the format read from its magic bytes. */
import fs from 'node:fs/promises';
import type { Dispatcher } from 'undici';
import { GzhError } from '../errors.js';
import { shortenSrc } from './image-errors.js';
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
  return { bytes, format: await requireImageFormat(bytes, shortenSrc(source.src)) };
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

/**
 * The format of `bytes`; else an error saying what they are (never what they say: it may be ../.env).
 * The describer's signature table costs ~30 ms to load: only a file that is not an image pays for it.
 */
export async function requireImageFormat(bytes: Uint8Array, src?: string): Promise<ImageFormat> {
  const format = detectImageFormat(bytes);
  if (format) return format;
  const { describeBytes } = await import('./describe-bytes.js');
  throw new GzhError('image/not-image', `${src ? `${src} is not` : 'not'} an image: ${describeBytes(bytes)}`, {
    hint: 'Supported: JPEG, PNG, GIF, WebP, AVIF/HEIF, SVG, TIFF, BMP',
  });
}
