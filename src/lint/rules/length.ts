import type { TitleRule } from '../types.js';

/** The web editor accepts longer titles than the API. */
const EDITOR_LIMIT = 64;

const encoder = new TextEncoder();

export const length: TitleRule = {
  kind: 'title',
  id: 'title/length',
  defaultSeverity: 'error',
  description: `Title longer than the API limit (limits.title, 32 characters by default; the web editor allows ${EDITOR_LIMIT}). Counts code points and reports UTF-8 bytes`,
  check(title, { maxLength }) {
    const chars = Array.from(title);
    if (chars.length <= maxLength) return [];
    const start = chars.slice(0, maxLength).join('').length;
    const bytes = encoder.encode(title).length;
    const editor = chars.length > EDITOR_LIMIT ? `, and over the web editor's ${EDITOR_LIMIT}` : ` (the web editor allows ${EDITOR_LIMIT})`;
    return [
      {
        start,
        end: title.length,
        actual: title.slice(start),
        message: `Title is ${chars.length} characters (${bytes} UTF-8 bytes): the API accepts ${maxLength}${editor}; cut ${chars.length - maxLength}`,
      },
    ];
  },
  examples: {
    fire: ['这是一个非常非常长的标题，用来说明标题长度超过了公众号接口允许的三十二个字符'],
    pass: ['短标题', 'TypeScript 5.9 新特性一览'],
  },
};
