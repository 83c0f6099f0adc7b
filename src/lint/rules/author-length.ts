import type { FieldRule } from '../types.js';

export const authorLength: FieldRule = {
  kind: 'field',
  id: 'field/author-length',
  defaultSeverity: 'error',
  description: 'Author longer than limits.author (16 characters by default; errcode 45110)',
  check(fields, limits) {
    if (fields.author === undefined) return [];
    const count = Array.from(fields.author).length;
    if (count <= limits.author) return [];
    return [{ field: 'author', actual: fields.author, message: `Author '${fields.author}' is ${count} characters: WeChat accepts ${limits.author} (errcode 45110)` }];
  },
  exampleInput: (value) => ({ title: '周报', author: value, hasCover: true }),
  examples: { fire: ['一个名字非常非常长的作者署名超过十六个字'], pass: ['张三', 'Jane Doe'] },
};
