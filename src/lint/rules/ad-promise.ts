import type { WordRule } from '../types.js';
import { adPromiseWords, adPromiseAllow } from '../words/ad-promise.js';
import { quote } from './quote.js';

export const adPromise: WordRule = {
  kind: 'words',
  id: 'title/ad-promise',
  defaultSeverity: 'error',
  description: 'Medical and financial promises: 根治, 治愈, 特效药, 稳赚, 保本, 零风险 (Advertising Law art. 16, 25)',
  reason: 'promises a medical or financial result',
  advise: (expected) => (expected ? `say ${quote(expected)}, or remove the promise` : 'remove the promise'),
  words: adPromiseWords,
  allow: adPromiseAllow,
  evasionTarget: true,
  examples: {
    fire: ['稳赚不赔的理财', '三天治愈鼻炎', 'Guaranteed returns with zero risk'],
    pass: ['电影推荐：十部治愈系动画', '无风险利率是怎么定的'],
  },
};
