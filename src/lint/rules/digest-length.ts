import type { FieldRule } from '../types.js';

export const digestLength: FieldRule = {
  kind: 'field',
  id: 'field/digest-length',
  defaultSeverity: 'error',
  description: 'Digest longer than limits.digest (128 characters by default; errcode 45004)',
  check(fields, limits) {
    if (fields.digest === undefined) return [];
    const count = Array.from(fields.digest).length;
    if (count <= limits.digest) return [];
    return [{ field: 'digest', message: `Digest is ${count} characters: WeChat accepts ${limits.digest} (errcode 45004); cut ${count - limits.digest}` }];
  },
  exampleInput: (value) => ({ title: '周报', digest: value, hasCover: true }),
  examples: { fire: ['摘要'.repeat(65)], pass: ['一段简短的摘要', ''] },
};
