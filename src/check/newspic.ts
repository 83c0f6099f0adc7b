/**
 * Image posts (newspic, 小绿书): front matter `type: newspic` (or `article_type`). Their pictures are front matter
 * `images` or else the article's images, in order, the first one the cover; their text is plain (WeChat takes
 * no HTML there). One derivation of the pictures and the text for the checks, the plan, apply and the preview.
 */
import type { CompiledArticle } from '../compile/index.js';
import type { ArticleMeta, ArticleType, ImageRef } from '../compile/types.js';
import type { ResolvedConfig } from '../config/schema.js';
import type { Message } from '../errors.js';

/** WECHAT.md: `image_info.image_list` holds at most 20 pictures. */
export const NEWSPIC_MAX_IMAGES = 20;

export function articleTypeOf(meta: Pick<ArticleMeta, 'type' | 'article_type'>): ArticleType {
  return meta.type ?? meta.article_type ?? 'news';
}

/**
 * The pictures of an image post as image references (`index` = position in `image_list`). Front matter items get
 * the line they are written on when the list is one item per line, else the line of `images:`.
 */
export function newspicImages(article: Pick<CompiledArticle, 'meta' | 'fieldLines' | 'images'> & { source?: string }): ImageRef[] {
  const listed = article.meta.images;
  if (!listed) return [...article.images].sort((a, b) => a.index - b.index).map((img, i) => ({ ...img, index: i }));
  const keyLine = article.fieldLines.images ?? 1;
  const lines = article.source?.split('\n') ?? [];
  return listed.map((src, i) => {
    const own = lines[keyLine + i]; // the line after `images:` is keyLine + 1, i.e. lines[keyLine] (0-based)
    const line = own !== undefined && /^\s*-\s/.test(own) && own.includes(src) ? keyLine + i + 1 : keyLine;
    const column = line === keyLine ? 1 : own!.indexOf(src) + 1;
    return { src, alt: '', line, column, index: i };
  });
}

/**
 * The text of an image post as WeChat gets it: plain, one paragraph (heading, list item) per line, no markup, no image.
 * From the compiled HTML, so themes, snippets and reference lists read as they do in the article.
 */
export function newspicText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|h[1-6]|li|blockquote|pre|section|figcaption|tr|div)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&amp;/g, '&')
    .split('\n')
    .map((l) => l.replace(/[ \t]+/g, ' ').trim())
    .filter((l) => l !== '')
    .join('\n')
    .trim();
}

/** The image post's own rules: at least one picture, at most 20, text within WeChat's content limit. */
export function checkNewspic(article: CompiledArticle & { file: string; source?: string }, config: ResolvedConfig): Message[] {
  const { type, article_type } = article.meta;
  const conflict: Message[] =
    type && article_type && type !== article_type
      ? [{ ruleId: 'front-matter/type-conflict', severity: 'error', message: `Front matter says \`type: ${type}\` and \`article_type: ${article_type}\`: they are the same key (WeChat's name and gzh's), keep one`, file: article.file, line: article.fieldLines.article_type ?? 1, column: 1, source: 'gzh-check' }]
      : [];
  if (articleTypeOf(article.meta) !== 'newspic') return conflict;
  const messages: Message[] = [...conflict];
  const typeLine = article.fieldLines.type ?? article.fieldLines.article_type ?? 1;
  const add = (ruleId: string, message: string, line: number, column = 1, extra: Partial<Message> = {}) =>
    messages.push({ ruleId, severity: 'error', message, file: article.file, line, column, source: 'gzh-check', ...extra });
  const images = newspicImages(article);
  if (images.length === 0) {
    add('newspic/images', 'An image post (type: newspic) needs at least one picture: add images to the article or list them under `images:`', typeLine, 1, { actual: '0', expected: `1..${NEWSPIC_MAX_IMAGES}` });
  }
  if (images.length > NEWSPIC_MAX_IMAGES) {
    const extra = images[NEWSPIC_MAX_IMAGES]!;
    add('newspic/images', `An image post holds at most ${NEWSPIC_MAX_IMAGES} pictures; this one has ${images.length} (from here on they don't fit): remove ${images.length - NEWSPIC_MAX_IMAGES}, or make it an article (type: news)`, extra.line, extra.column, { actual: String(images.length), expected: `≤ ${NEWSPIC_MAX_IMAGES}` });
  }
  const text = Array.from(newspicText(article.html)).length;
  if (text >= config.limits.contentChars) {
    add('newspic/text-length', `The text of this image post is ${text.toLocaleString('en-US')} characters; WeChat accepts fewer than ${config.limits.contentChars.toLocaleString('en-US')}: shorten it, or make it an article (type: news)`, typeLine, 1, { actual: String(text), expected: `< ${config.limits.contentChars}` });
  }
  return messages;
}
