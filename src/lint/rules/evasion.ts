import type { EvasionRule } from '../types.js';

/**
 * A risky word written so review does not see it: split by spaces, symbols or invisible characters
 * (震*惊, 震 惊, 震\u200B惊) or with a character spelled in pinyin (zhen惊). The runner finds these with
 * the word lists of the rules marked `evasionTarget`.
 */
export const evasion: EvasionRule = {
  kind: 'evasion',
  id: 'title/evasion',
  defaultSeverity: 'error',
  description: 'Review evasion: a risky word split by symbols, spaces or invisible characters, or partly written in pinyin (震*惊, 震 惊, zhen惊)',
  examples: {
    fire: ['震*惊！这个功能太强了', '震 惊', '震\u200B惊', 'zhen惊！新手机发布', '转-发-保-平-安', '红*包已到账'],
    pass: ['震惊！这个功能太强了', '地震，惊人的数据', '地震预警系统的设计'],
  },
};

/** Message for an evasion of `word`, which belongs to `ruleId`. */
export function describeEvasion(actual: string, word: string, ruleId: string): string {
  return `'${actual}' disguises '${word}' (${ruleId}) to slip past review: write the title plainly without it`;
}
