/**
 * WeChat's hard limits on what one draft article may hold, beyond the fields the linter knows: the content's
 * length (HTML characters or visible text: `limits.contentCount`) and size, and the "read original" URL.
 */
import type { ResolvedConfig } from '../config/schema.js';
import type { CompiledArticle } from '../compile/index.js';
import type { Message } from '../errors.js';
import { isWechatHosted } from '../images/resolve-source.js';
import type { ArticleFields } from './article-fields.js';

/** Length of an uploaded image's URL (https://mmbiz.qpic.cn/mmbiz_png/<id>/0?wx_fmt=png), rounded up. */
export const WECHAT_URL_CHARS = 130;

const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');
const count = (n: number) => n.toLocaleString('en-US');

export interface ContentSize {
  /** Characters of HTML as it will be sent (image sources counted as the WeChat URLs they become). */
  html: number;
  /** Characters of visible text. */
  text: number;
  bytes: number;
}

export function measureContent(article: Pick<CompiledArticle, 'html' | 'text' | 'images'>): ContentSize {
  // image sources become WeChat URLs after upload: count them as such already, so an article that fits now does
  // not fail at draft/add after every image was uploaded
  const growth = article.images.reduce((sum, img) => sum + (isWechatHosted(img.src) ? 0 : Math.max(0, WECHAT_URL_CHARS - img.src.length)), 0);
  return { html: article.html.length + growth, text: Array.from(article.text).length, bytes: utf8(article.html) + growth };
}

export function checkLimits(article: CompiledArticle & { file: string }, fields: ArticleFields, config: ResolvedConfig): Message[] {
  const { limits } = config;
  const messages: Message[] = [];
  const add = (ruleId: string, message: string, line: number | undefined, extra: Partial<Message> = {}) =>
    messages.push({ ruleId, severity: 'error', message, file: article.file, line: line ?? 1, column: 1, source: 'gzh-check', ...extra });

  // an image post's content is its plain text: checkNewspic measures that
  const size = fields.type === 'newspic' ? { html: 0, text: 0, bytes: 0 } : measureContent(article);
  const counted = limits.contentCount === 'text' ? size.text : size.html;
  if (counted >= limits.contentChars) {
    const both = `${count(size.html)} characters of HTML (inline styles and image URLs included), ${count(size.text)} of visible text`;
    const other = limits.contentCount === 'html' ? ' If you know WeChat counts only the visible text, set `limits.contentCount: text`.' : '';
    add('content/length', `Content is ${both}; WeChat accepts fewer than ${count(limits.contentChars)} (counting ${limits.contentCount === 'html' ? 'HTML' : 'visible text'}). Split the article into a series, or use a theme with fewer decorations.${other}`, 1, {
      actual: String(counted),
      expected: `< ${limits.contentChars}`,
    });
  }
  if (size.bytes >= limits.contentBytes) {
    add('content/length', `Content is ${(size.bytes / 1e6).toFixed(2)} MB; WeChat accepts less than ${(limits.contentBytes / 1e6).toFixed(2)} MB: split the article`, 1, { actual: String(size.bytes) });
  }
  if (fields.sourceUrl && utf8(fields.sourceUrl) > limits.sourceUrlBytes) {
    add('field/source-url-length', `source_url is ${utf8(fields.sourceUrl)} bytes; WeChat accepts ${limits.sourceUrlBytes} (errcode 45005): use a shorter link`, article.fieldLines.source_url);
  }
  return messages;
}
