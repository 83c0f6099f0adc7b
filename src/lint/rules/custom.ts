import type { WordRule } from '../types.js';

/** Words from `lint.deny` in gzh.config: the project's own list. */
export const custom: WordRule = {
  kind: 'words',
  id: 'title/custom',
  defaultSeverity: 'warn',
  description: 'Words on this project\'s deny list (lint.deny in gzh.config)',
  reason: 'is on this project\'s deny list (lint.deny)',
  advise: () => 'reword it',
  words: [],
  allow: [],
  evasionTarget: true,
  examples: { fire: ['内卷的尽头'], pass: ['开源的尽头'] },
  exampleConfig: { deny: ['内卷'] },
};
