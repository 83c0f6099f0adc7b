import type { WordRule } from '../types.js';
import { curiosityGapWords, curiosityGapAllow } from '../words/curiosity-gap.js';

export const curiosityGap: WordRule = {
  kind: 'words',
  id: 'title/curiosity-gap',
  defaultSeverity: 'info',
  description: 'Curiosity gap: 竟然, 居然, 万万没想到, "99%的人不知道", a title ending in …… (故弄玄虚; strong bait phrases are warnings)',
  reason: 'withholds the point to bait a click (故弄玄虚)',
  advise: () => 'say what the article tells',
  words: curiosityGapWords,
  allow: curiosityGapAllow,
  evasionTarget: false,
  examples: {
    fire: ['万万没想到，结局竟然是……', '99%的人都不知道的秘密', '竟然是时区惹的祸'],
    pass: ['时区问题排查记录', '为什么？一个 Bug 引发的思考'],
  },
};
