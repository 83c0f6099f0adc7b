/** The draft article exactly as sent to WeChat, and its hash (what gzh.lock compares to skip unchanged work). */
import { createHash } from 'node:crypto';
import type { ArticleFields } from '../check/index.js';
import type { CoverCrops } from '../images/index.js';
import type { DraftArticle } from '../wechat/index.js';

export interface PayloadSource {
  fields: ArticleFields;
  meta: { pic_crop_235_1?: string; pic_crop_1_1?: string };
}

export function buildDraftArticle(source: PayloadSource, content: string, cover: { media_id: string } | undefined, crops: Partial<CoverCrops> | undefined): DraftArticle {
  const { fields, meta } = source;
  const payload: DraftArticle = {
    article_type: 'news',
    title: fields.title,
    author: fields.author || undefined,
    digest: fields.digest || undefined,
    content,
    content_source_url: fields.sourceUrl,
    thumb_media_id: cover?.media_id,
    need_open_comment: fields.comments === 'closed' ? 0 : 1,
    only_fans_can_comment: fields.comments === 'fans' ? 1 : 0,
    pic_crop_235_1: meta.pic_crop_235_1 ?? crops?.pic_crop_235_1,
    pic_crop_1_1: meta.pic_crop_1_1 ?? crops?.pic_crop_1_1,
  };
  // drop undefined fields so the hash and the request are the same object
  return Object.fromEntries(Object.entries(payload).filter(([, v]) => v !== undefined)) as DraftArticle;
}

/**
 * An image post (newspic): its pictures as image materials in order, the first one also the cover, and plain
 * text. No source URL or crops: WECHAT.md documents neither for image posts.
 */
export function buildNewspicArticle(fields: ArticleFields, text: string, pictures: readonly string[]): DraftArticle {
  const payload: DraftArticle = {
    article_type: 'newspic',
    title: fields.title,
    author: fields.author || undefined,
    digest: fields.digest || undefined,
    content: text,
    thumb_media_id: pictures[0],
    need_open_comment: fields.comments === 'closed' ? 0 : 1,
    only_fans_can_comment: fields.comments === 'fans' ? 1 : 0,
    image_info: { image_list: pictures.map((image_media_id) => ({ image_media_id })) },
  };
  return Object.fromEntries(Object.entries(payload).filter(([, v]) => v !== undefined)) as DraftArticle;
}

export function hashDraftArticle(article: DraftArticle): string {
  // a replacer list applies at every depth: the image post's nested keys must be in it, or its pictures vanish from the hash
  const keys = [...Object.keys(article), ...(article.image_info ? ['image_list', 'image_media_id'] : [])].sort();
  return createHash('sha256').update(JSON.stringify(article, keys)).digest('hex');
}
