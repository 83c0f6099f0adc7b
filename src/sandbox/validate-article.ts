/**
 * The checks WeChat makes on one article of draft/add and draft/update, in the order it reports them,
 * and the article as WeChat stores it (sanitised content, automatic digest).
 */
import { sanitizeContent, textOfHtml } from './sanitize-content.js';
import { checkNewspic } from './validate-newspic.js';
import type { SandboxArticle, SandboxLimits, SandboxMaterial } from './types.js';

export interface ArticleCheckContext {
  limits: SandboxLimits;
  findMaterial(mediaId: string): SandboxMaterial | undefined;
  isAllowedImage(src: string): boolean;
  /** Digests only exist on single-article drafts. */
  single: boolean;
}

export type ArticleCheck = { ok: true; article: SandboxArticle } | { ok: false; errcode: number; detail: string };

const codePoints = (s: string) => [...s].length;
const utf8Bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const CROP = /^(0(\.\d{1,6})?|1(\.0{1,6})?)_(0(\.\d{1,6})?|1(\.0{1,6})?)_(0(\.\d{1,6})?|1(\.0{1,6})?)_(0(\.\d{1,6})?|1(\.0{1,6})?)$/;

function fail(errcode: number, detail: string): ArticleCheck {
  return { ok: false, errcode, detail };
}

function optionalString(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : String(value);
}

export function checkArticle(raw: unknown, ctx: ArticleCheckContext): ArticleCheck {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return fail(47001, 'article must be an object');
  const a = raw as Record<string, unknown>;
  const { limits } = ctx;

  const articleType = a.article_type ?? 'news';
  if (articleType !== 'news' && articleType !== 'newspic') return fail(40097, 'article_type');

  const title = optionalString(a.title) ?? '';
  if (title.trim() === '') return fail(44003, 'title');
  if (codePoints(title) > limits.title) return fail(45003, 'title');

  const author = optionalString(a.author) ?? '';
  if (codePoints(author) > limits.author) return fail(45110, 'author');

  let digest = optionalString(a.digest) ?? '';
  if (codePoints(digest) > limits.digest) return fail(45004, 'digest');

  const content = optionalString(a.content) ?? '';
  if (content.trim() === '') return fail(44003, 'content');
  const counted = limits.contentCount === 'text' ? codePoints(textOfHtml(content).replace(/\s+/g, ' ').trim()) : codePoints(content);
  if (counted >= limits.contentChars || utf8Bytes(content) >= limits.contentBytes) return fail(45002, 'content');

  const sourceUrl = optionalString(a.content_source_url) ?? '';
  if (utf8Bytes(sourceUrl) > limits.sourceUrlBytes) return fail(41039, 'content_source_url');

  const thumb = optionalString(a.thumb_media_id) ?? '';
  let imageInfo: SandboxArticle['image_info'];
  let newspicContent = '';
  if (articleType === 'news') {
    const material = thumb ? ctx.findMaterial(thumb) : undefined;
    if (!material) return fail(40007, 'thumb_media_id');
  } else {
    const checked = checkNewspic(a, limits, (id) => ctx.findMaterial(id));
    if (!checked.ok) return fail(checked.errcode, checked.detail);
    imageInfo = checked.image_info;
    newspicContent = checked.content;
    if (thumb && !ctx.findMaterial(thumb)) return fail(40007, 'thumb_media_id');
  }

  const flags: Record<'need_open_comment' | 'only_fans_can_comment', 0 | 1> = { need_open_comment: 0, only_fans_can_comment: 0 };
  for (const key of ['need_open_comment', 'only_fans_can_comment'] as const) {
    const v = a[key];
    if (v === undefined || v === null) continue;
    if (v !== 0 && v !== 1 && v !== '0' && v !== '1') return fail(40097, key);
    flags[key] = Number(v) as 0 | 1;
  }

  const crops: Record<'pic_crop_235_1' | 'pic_crop_1_1', string> = { pic_crop_235_1: '', pic_crop_1_1: '' };
  for (const key of ['pic_crop_235_1', 'pic_crop_1_1'] as const) {
    const v = optionalString(a[key]) ?? '';
    if (v === '') continue;
    const m = CROP.exec(v);
    const n = v.split('_').map(Number);
    if (!m || n[0]! >= n[2]! || n[1]! >= n[3]!) return fail(40097, key);
    crops[key] = v;
  }

  const stored = articleType === 'news' ? sanitizeContent(content, ctx) : newspicContent;
  if (!ctx.single) digest = '';
  else if (digest === '') digest = [...textOfHtml(stored)].slice(0, 54).join('');

  return {
    ok: true,
    article: {
      article_type: articleType,
      title,
      author,
      digest,
      content: stored,
      content_source_url: sourceUrl,
      thumb_media_id: thumb,
      ...flags,
      ...crops,
      ...(imageInfo ? { image_info: imageInfo } : {}),
    },
  };
}
