import type { WordRule } from '../types.js';
import { baitWords, baitAllow } from '../words/bait.js';

export const bait: WordRule = {
  kind: 'words',
  id: 'title/bait',
  defaultSeverity: 'error',
  description: 'Imitates system, payment or prize messages: 红包已到账, 积分即将过期, 【系统通知】 (诱导点击)',
  reason: 'imitates a system or payment message (诱导点击 is banned)',
  advise: () => 'remove it',
  words: baitWords,
  allow: baitAllow,
  evasionTarget: true,
  examples: {
    fire: ['您的红包已到账', '您的积分即将过期', '【系统通知】您的账号存在异常'],
    pass: ['红包系统的高并发设计', '系统通知模块的架构设计', '会员积分兑换规则'],
  },
};
