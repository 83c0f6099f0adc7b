import type { WordRule } from '../types.js';
import { adAbsoluteWords, adAbsoluteAllow } from '../words/ad-absolute.js';
import { quote } from './quote.js';

export const adAbsolute: WordRule = {
  kind: 'words',
  id: 'title/ad-absolute',
  defaultSeverity: 'warn',
  description: 'Advertising Law absolute terms: 最好/最佳/最强, 第一, 唯一, 国家级, 世界级, 顶级, 首选, 万能, 100%, 绝对, 独家, 首家, 领先 (error when the article is promotional)',
  reason: 'is an Advertising Law absolute term',
  advise: (expected) => (expected ? `say ${quote(expected)} or prove it` : 'drop it or prove it'),
  words: adAbsoluteWords,
  allow: adAbsoluteAllow,
  evasionTarget: true,
  examples: {
    fire: ['全网最低价，史上最强', '国内最好的英语培训机构', '销量第一的空气炸锅'],
    pass: ['第一次做饭', '最近读的书', '最后的夏天', '最新版本说明', 'Go 语言并发编程最佳实践', '唯一索引和普通索引怎么选'],
  },
};
