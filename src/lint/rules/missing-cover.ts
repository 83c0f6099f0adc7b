import type { FieldRule } from '../types.js';

export const missingCover: FieldRule = {
  kind: 'field',
  id: 'field/missing-cover',
  defaultSeverity: 'error',
  description: 'Article has no cover image (news articles need thumb_media_id; errcode 40007)',
  check(fields) {
    if (fields.hasCover) return [];
    return [{ field: 'cover', message: 'Article has no cover image: set `cover:` in front matter or add an image (WeChat requires thumb_media_id, errcode 40007)' }];
  },
  exampleInput: (value) => ({ title: '周报', hasCover: value !== '' }),
  examples: { fire: [''], pass: ['cover.jpg'] },
};
