import type { TitleRule } from '../types.js';

export const empty: TitleRule = {
  kind: 'title',
  id: 'title/empty',
  defaultSeverity: 'error',
  description: 'Title is missing or blank (WeChat requires one)',
  check(title) {
    if (title.trim() !== '') return [];
    return [{ start: 0, end: title.length, message: 'Title is empty: WeChat requires a title (front matter `title:` or the first heading)' }];
  },
  examples: { fire: ['', '   '], pass: ['周报'] },
};
