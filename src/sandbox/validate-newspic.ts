/**
 * The checks on an image post (article_type newspic) of draft/add and draft/update (WECHAT.md): 1..20 pictures in
 * `image_info.image_list`, each a permanent image material; plain-text content within the content limit. The
 * content is stored as the text it is (line breaks kept); any markup in it is dropped, as WeChat takes none.
 */
import { textOfHtml } from './sanitize-content.js';
import type { SandboxArticle, SandboxLimits, SandboxMaterial } from './types.js';

export type NewspicCheck = { ok: true; image_info: NonNullable<SandboxArticle['image_info']>; content: string } | { ok: false; errcode: number; detail: string };

export function checkNewspic(a: Record<string, unknown>, limits: SandboxLimits, findMaterial: (id: string) => SandboxMaterial | undefined): NewspicCheck {
  const info = a.image_info as { image_list?: unknown } | undefined;
  const list = info && typeof info === 'object' && Array.isArray(info.image_list) ? info.image_list : undefined;
  if (!list || list.length === 0 || list.length > limits.newspicImages) return { ok: false, errcode: 40097, detail: 'image_info.image_list' };
  const image_list: { image_media_id: string }[] = [];
  for (const item of list) {
    const raw = (item as { image_media_id?: unknown } | null)?.image_media_id;
    const id = typeof raw === 'string' ? raw : '';
    // a thumb (type=thumb) is no picture: only image materials show in an image post
    if (findMaterial(id)?.type !== 'image') return { ok: false, errcode: 40007, detail: 'image_info.image_list.image_media_id' };
    image_list.push({ image_media_id: id });
  }
  const given = typeof a.content === 'string' ? a.content : '';
  const content = /<[a-z!/][^>]*>/i.test(given) ? textOfHtml(given) : given.trim();
  if ([...content].length >= limits.contentChars) return { ok: false, errcode: 45002, detail: 'content' };
  return { ok: true, image_info: { image_list }, content };
}
