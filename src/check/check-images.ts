/**
 * Every image an article needs, checked without uploading or fetching anything: local files exist, stay inside
 * the project and are images; URLs and data: URIs are well formed. Remote images are only listed (a check never
 * goes to the network): build and publish find out the rest.
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import type { CompiledArticle } from '../compile/index.js';
import { GzhError, type Message } from '../errors.js';
import { detectImageFormat, resolveImageSource, type ImageMemo } from '../images/index.js';
import type { ArticleFields } from './article-fields.js';
import { newspicImages } from './newspic.js';

export interface ImageCheck {
  messages: Message[];
  /** http(s) images a check (or a dry run) cannot vouch for without fetching them. */
  remote: { src: string; line: number; column?: number }[];
}

const SNIFF_BYTES = 4096;

export async function checkImages(article: CompiledArticle & { file: string }, fields: ArticleFields, ctx: { root: string; cwd: string; imageMemo?: ImageMemo }): Promise<ImageCheck> {
  const messages: Message[] = [];
  const remote: ImageCheck['remote'] = [];
  // an image post uploads its pictures (front matter `images`, else the article's), and no separate cover
  const pictures = fields.type === 'newspic' ? newspicImages(article) : article.images;
  const refs = [...pictures.map((i) => ({ src: i.src, line: i.line, column: i.column })), ...(fields.type !== 'newspic' && article.meta.cover && fields.cover ? [fields.cover] : [])];
  const seen = new Set<string>();
  for (const ref of refs) {
    if (seen.has(ref.src)) continue;
    seen.add(ref.src);
    try {
      const source = resolveImageSource(ref, { articleFile: article.file, cwd: ctx.cwd, root: ctx.root, memo: ctx.imageMemo });
      if (source.kind === 'remote') remote.push(ref);
      if (source.kind === 'local' && !ctx.imageMemo?.sniffed.has(source.path)) {
        await checkLocalImage(source.path, ref.src);
        ctx.imageMemo?.sniffed.add(source.path);
      }
    } catch (error) {
      if (!(error instanceof GzhError)) throw error;
      messages.push({ ruleId: error.code, severity: 'error', message: error.hint ? `${error.message} (${error.hint})` : error.message, file: article.file, line: error.line ?? ref.line, column: error.column ?? ref.column ?? 1, source: 'gzh-check' });
    }
  }
  return { messages, remote };
}

/** The first bytes decide: a `.png` that holds text is caught here, not after the uploads began. */
async function checkLocalImage(file: string, src: string): Promise<void> {
  const fd = openSync(file, 'r');
  let head = Buffer.alloc(SNIFF_BYTES);
  try {
    head = head.subarray(0, readSync(fd, head, 0, SNIFF_BYTES, 0));
  } finally {
    closeSync(fd);
  }
  if (detectImageFormat(head)) return;
  // what it is, never what it says (it could be a .env): the same words the image pipeline uses
  const { describeBytes } = await import('../images/describe-bytes.js');
  throw new GzhError('image/not-image', `${src}: not an image: ${describeBytes(readFileSync(file))}`, { hint: 'Supported: JPEG, PNG, GIF, WebP, AVIF/HEIF, SVG, TIFF, BMP' });
}
