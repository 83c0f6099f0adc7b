/**
 * The hard limits of the WeChat draft API, checked before anything is uploaded so that every problem of
 * every article is reported at once with file:line (see shared/WECHAT.md for the numbers).
 */
import type { ResolvedConfig } from '../config/schema.js';
import type { Message } from '../errors.js';
import { isWechatHosted } from '../images/resolve-source.js';
import type { LoadedArticle } from '../project/load-article.js';

/** Lint rules that re-state API limits: publish reports the limits itself (they can't be switched off). */
export const LIMIT_LINT_RULES = new Set(['title/length', 'title/empty', 'field/author-length', 'field/digest-length', 'field/missing-cover']);

const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');
const chars = (s: string) => Array.from(s).length;

/** First sentences of the body text, whole sentences while they fit in `max` characters, no Markdown. */
export function generateDigest(text: string, max = 120): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (chars(clean) <= max) return clean;
  const sentences = clean.match(/[^。！？!?.;；]+[。！？!?.;；]?/g) ?? [clean];
  let out = '';
  for (const s of sentences) {
    if (chars(out + s) > max) break;
    out += s;
  }
  if (!out) out = Array.from(clean).slice(0, max - 1).join('') + '…';
  return out.trim();
}

export interface ArticleFields {
  title: string;
  author: string;
  digest: string;
  sourceUrl?: string;
  cover?: { src: string; line: number };
}

export function articleFields(article: LoadedArticle, config: ResolvedConfig, defaults: { author?: string } = {}): ArticleFields {
  const first = article.images[0];
  const coverLine = article.meta.cover ? findLine(article.source, /^cover:/m) : first?.line;
  return {
    title: article.title,
    author: article.meta.author ?? defaults.author ?? config.author ?? '',
    digest: article.meta.digest ?? generateDigest(article.summary),
    sourceUrl: article.meta.source_url,
    cover: article.meta.cover ? { src: article.meta.cover, line: coverLine ?? 1 } : first ? { src: first.src, line: first.line } : undefined,
  };
}

function findLine(source: string, pattern: RegExp): number | undefined {
  const m = pattern.exec(source);
  return m ? source.slice(0, m.index).split('\n').length : undefined;
}

/** Length of an uploaded image's URL (https://mmbiz.qpic.cn/mmbiz_png/<id>/0?wx_fmt=png), rounded up. */
const WECHAT_URL_CHARS = 130;

export function validateArticle(article: LoadedArticle, fields: ArticleFields, config: ResolvedConfig): Message[] {
  const limits = config.limits;
  const messages: Message[] = [];
  const line = (re: RegExp) => findLine(article.source, re);
  const add = (ruleId: string, message: string, where: number | undefined, extra: Partial<Message> = {}) =>
    messages.push({ ruleId, severity: 'error', message, file: article.file, line: where ?? 1, column: 1, source: 'gzh-publish', ...extra });

  const titleLine = article.titlePosition?.line;
  if (!fields.title.trim()) add('limit/title', 'The article has no title: add `title:` to the front matter or start with a `# Title` heading', 1);
  else if (chars(fields.title) > limits.title) {
    add('limit/title', `Title is ${chars(fields.title)} characters (${utf8(fields.title)} bytes UTF-8); WeChat's API allows ${limits.title}`, titleLine, { actual: fields.title, expected: `≤ ${limits.title} characters` });
  }
  if (chars(fields.author) > limits.author) add('limit/author', `Author is ${chars(fields.author)} characters; the limit is ${limits.author}`, line(/^author:/m), { actual: fields.author });
  if (chars(fields.digest) > limits.digest) add('limit/digest', `Digest is ${chars(fields.digest)} characters; the limit is ${limits.digest}`, line(/^digest:/m), { actual: fields.digest.slice(0, 40) + '…' });
  // image sources become WeChat URLs (~130 characters) after upload: count them as such already, so an article
  // that fits now does not fail at draft/add after every image was uploaded
  const urlGrowth = article.images.reduce((sum, img) => sum + (isWechatHosted(img.src) ? 0 : Math.max(0, WECHAT_URL_CHARS - img.src.length)), 0);
  const htmlChars = article.html.length + urlGrowth;
  const htmlBytes = utf8(article.html) + urlGrowth;
  if (htmlChars >= limits.contentChars) {
    const detail = `Content is ${htmlChars} characters of HTML after styling${urlGrowth ? ` (with WeChat's image URLs)` : ''}; WeChat accepts fewer than ${limits.contentChars}`;
    add('limit/content', detail, 1, { message: `${detail}: split the article, or use a lighter theme (inline styles count)` });
  }
  if (htmlBytes >= limits.contentBytes) add('limit/content', `Content is ${(htmlBytes / 1e6).toFixed(2)} MB; WeChat accepts less than ${(limits.contentBytes / 1e6).toFixed(2)} MB`, 1);
  if (fields.sourceUrl && utf8(fields.sourceUrl) > limits.sourceUrlBytes) add('limit/source-url', `source_url is ${utf8(fields.sourceUrl)} bytes; the limit is ${limits.sourceUrlBytes}`, line(/^source_url:/m));
  if (!fields.cover) add('limit/cover', 'No cover image: set `cover:` in the front matter or add an image to the article (the first one becomes the cover)', 1);
  return messages;
}
