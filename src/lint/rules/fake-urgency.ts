import type { WordRule } from '../types.js';
import { fakeUrgencyWords, fakeUrgencyAllow } from '../words/fake-urgency.js';

export const fakeUrgency: WordRule = {
  kind: 'words',
  id: 'title/fake-urgency',
  defaultSeverity: 'error',
  description: 'Fake urgency: 删前速看, 看完即删, 马上删, 速看, 再不看就晚了',
  reason: 'fakes urgency to force a click',
  advise: () => 'drop the countdown',
  words: fakeUrgencyWords,
  allow: fakeUrgencyAllow,
  evasionTarget: true,
  examples: {
    fire: ['删前速看！内部资料', '看完即删', 'Read this before it gets deleted'],
    pass: ['速度提升 3 倍的秘诀', '速查表：常用 Git 命令', '三分钟快速看懂 Docker', '删除前先备份'],
  },
};
