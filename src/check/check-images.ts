/**
 * Every image an article needs, checked without uploading or fetching anything: local files exist, stay inside
 * the project and are images; URLs and data: URIs are well formed. Remote images are only listed (a check never
 * goes to the network): build and publish find out the rest.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { CompiledArticle } from '../compile/index.js';
import { GzhError, type Message } from '../errors.js';
import { detectImageFormat, resolveImageSource } from '../images/index.js';
import type { ArticleFields } from './article-fields.js';

export interface ImageCheck {
  messages: Message[];
  /** http(s) images a check (or a dry run) cannot vouch for without fetching them. */
  remote: { src: string; line: number; column?: number }[];
}

const SNIFF_BYTES = 4096;

export function checkImages(article: CompiledArticle & { file: string }, fields: ArticleFields, ctx: { root: string; cwd: string }): ImageCheck {
  const messages: Message[] = [];
  const remote: ImageCheck['remote'] = [];
  const refs = [...article.images.map((i) => ({ src: i.src, line: i.line, column: i.column })), ...(article.meta.cover && fields.cover ? [fields.cover] : [])];
  const seen = new Set<string>();
  for (const ref of refs) {
    if (seen.has(ref.src)) continue;
    seen.add(ref.src);
    try {
      const source = resolveImageSource(ref, { articleFile: article.file, cwd: ctx.cwd, root: ctx.root });
      if (source.kind === 'remote') remote.push(ref);
      if (source.kind === 'local') checkLocalImage(source.path, ref.src);
    } catch (error) {
      if (!(error instanceof GzhError)) throw error;
      messages.push({ ruleId: error.code, severity: 'error', message: error.hint ? `${error.message} (${error.hint})` : error.message, file: article.file, line: error.line ?? ref.line, column: error.column ?? ref.column ?? 1, source: 'gzh-check' });
    }
  }
  return { messages, remote };
}

/** The first bytes decide: a `.png` that holds text is caught here, not after the uploads began. */
function checkLocalImage(file: string, src: string): void {
  const fd = openSync(file, 'r');
  let head: Buffer;
  try {
    head = Buffer.alloc(SNIFF_BYTES);
    head = head.subarray(0, readSync(fd, head, 0, SNIFF_BYTES, 0));
  } finally {
    closeSync(fd);
  }
  if (detectImageFormat(head)) return;
  // never the bytes themselves: the file could be a .env (what it is, not what it says)
  const size = statSync(file).size;
  throw new GzhError('image/not-image', `${src}: the file is not an image (${size} bytes, no image header)`, { hint: 'Export it as PNG, JPEG, GIF, WebP, AVIF, SVG or BMP' });
}
