/**
 * Image type from magic bytes: extensions and content-types lie, file headers rarely do. The one sniffer
 * of gzh: the image pipeline and the sandbox (judging uploads the way WeChat does) both use it, so it is
 * pure: it imports nothing and uses no Node globals, so a browser could run it.
 */

/** AVIF and HEIC/HEIF are told apart by their ISO-BMFF brands; HEIC photos are `heif` (as sharp names them). */
export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'avif' | 'heif' | 'svg' | 'bmp' | 'tiff';

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((b, i) => bytes[offset + i] === b);
}

/** Bytes start..end as latin1 text (one char per byte). */
function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, Math.max(start, Math.min(end, bytes.length))));
}

/** The image format of `bytes`, or undefined when they are not a known image. */
export function detectImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  const head = ascii(bytes, 0, 16);
  if (head.startsWith('GIF87a') || head.startsWith('GIF89a')) return 'gif';
  if (head.startsWith('RIFF') && head.slice(8, 12) === 'WEBP') return 'webp';
  if (head.startsWith('II*\0') || head.startsWith('MM\0*')) return 'tiff';
  if (head.startsWith('BM') && bytes.length > 26) return 'bmp';
  if (head.slice(4, 8) === 'ftyp') {
    // ISO-BMFF: the major brand, then compatible brands, decide between AVIF and HEIC.
    const boxSize = Math.min(bytes.length, ((bytes[0] ?? 0) << 24) | ((bytes[1] ?? 0) << 16) | ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0), 64);
    const brands = ascii(bytes, 8, boxSize);
    if (/avi[fs]/.test(brands)) return 'avif';
    if (/hei[cxms]|hev[cxms]|mif1|msf1/.test(brands)) return 'heif';
    return undefined;
  }
  if (looksLikeSvg(bytes)) return 'svg';
  return undefined;
}

function looksLikeSvg(bytes: Uint8Array): boolean {
  let text = ascii(bytes, 0, 4096);
  if (text.startsWith('\xef\xbb\xbf')) text = text.slice(3);
  text = text.trimStart();
  if (!text.startsWith('<')) return false;
  return /<svg[\s>]/i.test(text);
}

/** The file extension WeChat expects for an output format. */
export function extensionOf(format: 'jpeg' | 'png' | 'gif'): string {
  return format === 'jpeg' ? 'jpg' : format;
}
