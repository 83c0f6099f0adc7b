import type { WordRule } from '../types.js';
import { sensationalWords, sensationalAllow } from '../words/sensational.js';

export const sensational: WordRule = {
  kind: 'words',
  id: 'title/sensational',
  defaultSeverity: 'warn',
  description: 'Sensational exaggeration: 震惊, 吓尿, 惊呆, 炸了, 彻底沸腾, 重磅, 突发 (夸大)',
  reason: 'is sensational wording (标题党: exaggeration)',
  advise: () => 'say plainly what happened',
  words: sensationalWords,
  allow: sensationalAllow,
  evasionTarget: true,
  examples: {
    fire: ['震惊！这个功能太强了', '重磅！新版发布', 'SHOCKING: a new feature', 'BREAKING: big news'],
    pass: ['地震预警系统的设计', '突发流量下的限流策略', 'Breaking Changes in React 19', '炸弹人游戏的 AI 实现'],
  },
};
