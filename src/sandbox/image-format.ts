/**
 * Image format from magic bytes, the way WeChat judges uploads (not from the file name alone). The sniffer
 * is the image pipeline's own: a pure function with no imports, so the sandbox shares code with nothing
 * that does I/O (it still imports nothing from relay/).
 */
export { detectImageFormat as sniffImageFormat, type ImageFormat } from '../images/detect-format.js';

export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  bmp: 'image/bmp',
};

/** File extension (lower case, no dot) of a file name, '' when none. */
export function fileExtension(filename: string): string {
  const m = /\.([A-Za-z0-9]+)$/.exec(filename);
  return m?.[1]?.toLowerCase() ?? '';
}
