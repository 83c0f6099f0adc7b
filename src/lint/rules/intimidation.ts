import type { WordRule } from '../types.js';
import { intimidationWords, intimidationAllow } from '../words/intimidation.js';

export const intimidation: WordRule = {
  kind: 'words',
  id: 'title/intimidation',
  defaultSeverity: 'warn',
  description: 'Intimidation and sexual bait: 吓死, 后果不堪设想, 细思极恐, 大尺度, 少儿不宜',
  reason: 'intimidates or baits readers',
  advise: () => 'state the risk calmly, or drop it',
  words: intimidationWords,
  allow: intimidationAllow,
  evasionTarget: true,
  examples: {
    fire: ['不看后果不堪设想', '细思极恐！你的手机在偷听', '深夜慎入！尺度太大'],
    pass: ['后果分析：一次故障复盘', '手机摄影：如何拍好夜景'],
  },
};
