/** Image problems as GzhErrors placed at the article line that references the image. */
import { GzhError } from '../errors.js';
import type { Message } from '../errors.js';

export interface ImagePlace {
  /** The article (Markdown) file that references the image. */
  file: string;
  line?: number;
  column?: number;
}

/** Give a bare pipeline error (from load/optimise) the article place and the image name. */
export function placeImageError(error: unknown, src: string, place: ImagePlace): GzhError {
  const shown = shortenSrc(src);
  if (error instanceof GzhError) {
    const message = error.message.includes(shown) ? error.message : `${shown}: ${error.message}`;
    return new GzhError(error.code, message, { ...place, hint: error.hint, exitCode: error.exitCode, cause: error });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new GzhError('image/failed', `${shown}: ${reason}`, { ...place, cause: error });
}

/** Every image error of one article, reported together. */
export class ImageBatchError extends GzhError {
  readonly errors: readonly GzhError[];
  /** Messages of the images that did not fail (warnings such as remote images kept as URLs), so none is lost. */
  readonly messages: readonly Message[];

  constructor(file: string, errors: readonly GzhError[], messages: readonly Message[] = []) {
    const first = errors[0];
    const head =
      errors.length === 1 && first
        ? first.message
        : `${errors.length} images failed in ${file}:\n` + errors.map((e) => `  ${e.where}  ${e.message}${e.hint ? ` (${e.hint})` : ''}`).join('\n');
    super(first && errors.length === 1 ? first.code : 'image/failed', head, {
      file,
      line: first?.line,
      column: first?.column,
      hint: errors.length === 1 ? first?.hint : undefined,
    });
    this.name = 'ImageBatchError';
    this.errors = errors;
    this.messages = messages;
  }

  /** The errors as content messages (for reporters that list problems one per line), then the other messages. */
  toMessages(): Message[] {
    const errors = this.errors.map((e): Message => ({
      ruleId: e.code,
      severity: 'error',
      message: e.hint ? `${e.message} (${e.hint})` : e.message,
      file: e.file,
      line: e.line,
      column: e.column,
      source: 'gzh-images',
    }));
    return [...errors, ...this.messages];
  }
}

/**
 * libvips' reason, without the file's own words: libxml quotes tag names from an SVG ("Couldn't find end of
 * Start Tag WECHAT_APP_SECRET"), so an XML error is reduced to where it is. Raster decoders say fixed things.
 */
export function describeDecodeError(error: unknown): string {
  const first = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
  const xml = /XML parse error\b.*?\bline (\d+) column (\d+)/.exec(first);
  if (xml) return `not well-formed XML at line ${xml[1]}, column ${xml[2]}`;
  if (/XML|svgload|rsvg/i.test(first)) return 'librsvg could not read it';
  return first;
}

/** data: URIs can be huge and hold anything: show their media type only (the line says which one). */
export function shortenSrc(src: string): string {
  if (!/^data:/i.test(src)) return src;
  const comma = src.indexOf(',');
  const header = comma < 0 ? src.slice(0, 40) : src.slice(0, Math.min(comma, 40));
  return `${header}…`;
}
