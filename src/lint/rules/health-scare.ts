import type { WordRule } from '../types.js';
import { healthScareWords, healthScareAllow } from '../words/health-scare.js';

export const healthScare: WordRule = {
  kind: 'words',
  id: 'title/health-scare',
  defaultSeverity: 'warn',
  description: 'Health scares and miracle remedies: 会致癌, 千万别吃, 医生不会告诉你, 偏方, 毒药',
  reason: 'is a health scare or remedy claim',
  advise: () => 'cite the evidence and tone it down',
  words: healthScareWords,
  allow: healthScareAllow,
  evasionTarget: true,
  examples: {
    fire: ['这3种食物致癌，千万别吃', '医生不会告诉你的秘密', '老中医祖传偏方'],
    pass: ['癌症早筛指南', '吸烟致癌的证据有多强', '失眠怎么办？医生给出5个建议', '如何重构祖传代码'],
  },
};
