import type { WordRule } from '../types.js';
import { forcedShareWords, forcedShareAllow } from '../words/forced-share.js';

export const forcedShare: WordRule = {
  kind: 'words',
  id: 'title/forced-share',
  defaultSeverity: 'error',
  description: 'Forced or induced sharing: 不转不是中国人, 转发保平安, 必须转, 不转后悔 (诱导分享)',
  reason: 'pressures readers to share (诱导分享 is banned)',
  advise: () => 'remove it',
  words: forcedShareWords,
  allow: forcedShareAllow,
  evasionTarget: true,
  examples: {
    fire: ['转发保平安', '不转不是中国人！', 'Share this with everyone you love'],
    pass: ['转发器的实现原理', '端口转发的三种方式', 'Port forwarding explained'],
  },
};
