import type { WordRule } from '../types.js';
import { rumourWords, rumourAllow } from '../words/rumour.js';

export const rumour: WordRule = {
  kind: 'words',
  id: 'title/rumour',
  defaultSeverity: 'info',
  description: 'Vague source or rumour: 网传, 网友称, 据说, 内部消息 (a warning when it carries an alarming claim)',
  reason: 'rests on a vague source',
  advise: () => 'name the source, or say it is unconfirmed',
  words: rumourWords,
  allow: rumourAllow,
  evasionTarget: false,
  examples: {
    fire: ['网传某大厂要裁员', '据说明天起全国油价大涨'],
    pass: ['网友称赞：这个社区的垃圾分类做得好', '据统计，去年全国快递量超1300亿件'],
  },
};
