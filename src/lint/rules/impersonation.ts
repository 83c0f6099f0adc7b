import type { WordRule } from '../types.js';
import { impersonationWords, impersonationAllow } from '../words/impersonation.js';
import { quote } from './quote.js';

export const impersonation: WordRule = {
  kind: 'words',
  id: 'title/impersonation',
  defaultSeverity: 'error',
  description: 'Worded like an official notice: 紧急通知, 全面实施, "X岁以上注意", "所有车主注意" (冒充官方)',
  reason: 'reads like an official notice (WeChat bans titles that pose as authorities)',
  advise: (expected) => (expected ? `write ${quote(expected)}, naming who issued it` : 'name who issued it, or drop it'),
  words: impersonationWords,
  allow: impersonationAllow,
  evasionTarget: true,
  examples: {
    fire: ['紧急通知！12月1日起全面实施', '60岁以上老人注意！新规来了', 'Urgent notice: new rules'],
    pass: ['官方文档阅读笔记', '新版个人所得税法明年起施行', '教育部发布2025年高校招生工作通知'],
  },
};
