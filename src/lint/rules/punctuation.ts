import type { TitleFinding, TitleRule } from '../types.js';

/** Symbols that only decorate or bait (㊣品, ‼): one is enough to fire. */
const BAIT_SYMBOLS = /[㊣㊙㊗‼⁉〓]/gu;
/** Decorative symbols that fire when repeated (★★★). */
const DECORATIONS = /([★☆✪✩✫✬✭✮✯✰❀✿❁♥♡❤◆◇●○■□▲△▼▽☞☛☜✔✖✘❗❓※])\1+/gu;
const EMOJI_RUN = /(?:\p{Extended_Pictographic}(?:\uFE0F|\u200D\p{Extended_Pictographic}\uFE0F?)*){2,}/gu;
const MARK_RUN = /[!！?？]{2,}/gu;
/** More than one 省略号 (……), four or more dots, or repeated 。. */
const ELLIPSIS_RUN = /…{3,}|\.{4,}|。{2,}/gu;
/** Same punctuation in both widths in one title. */
const WIDTH_PAIRS: readonly [string, string][] = [
  ['!', '！'],
  ['?', '？'],
  [',', '，'],
  [':', '：'],
  [';', '；'],
];

function markKind(mark: string): '!' | '?' {
  return mark === '!' || mark === '！' ? '!' : '?';
}

/** First half-width `mark` that is not inside a number (1,000 and 8:30 are fine). */
function findHalfWidth(title: string, mark: string): number {
  for (let at = title.indexOf(mark); at >= 0; at = title.indexOf(mark, at + 1)) {
    if (!(/\d/.test(title[at - 1] ?? '') && /\d/.test(title[at + 1] ?? ''))) return at;
  }
  return -1;
}

function collect(title: string, pattern: RegExp, describe: (text: string) => { message: string; expected?: string } | undefined): TitleFinding[] {
  const found: TitleFinding[] = [];
  for (const match of title.matchAll(pattern)) {
    const described = describe(match[0]);
    if (!described) continue;
    found.push({ start: match.index, end: match.index + match[0].length, actual: match[0], ...described });
  }
  return found;
}

function checkPunctuation(title: string): TitleFinding[] {
  const findings = [
    ...collect(title, MARK_RUN, (run) => {
      // '？！' is ordinary; '！！', '？？' and longer runs are shouting.
      if (run.length === 2 && markKind(run[0]!) !== markKind(run[1]!)) return undefined;
      const first = run[0]!;
      return { message: `'${run}' repeats punctuation: use one '${first}'`, expected: first };
    }),
    ...collect(title, ELLIPSIS_RUN, (run) => ({ message: `'${run}' is an overlong ellipsis: use '……' once`, expected: '……' })),
    ...collect(title, BAIT_SYMBOLS, (symbol) => ({ message: `'${symbol}' is a bait symbol: remove it` })),
    ...collect(title, DECORATIONS, (run) => ({ message: `'${run}' decorates the title with repeated symbols: remove them` })),
    ...collect(title, EMOJI_RUN, (run) => ({ message: `'${run}' is a run of emoji: keep at most one` })),
  ];
  for (const [half, full] of WIDTH_PAIRS) {
    const at = findHalfWidth(title, half);
    if (at >= 0 && title.includes(full)) {
      findings.push({ start: at, end: at + 1, actual: half, expected: full, message: `'${half}' mixes half-width and full-width punctuation: write '${full}' throughout` });
    }
  }
  return findings;
}

export const punctuation: TitleRule = {
  kind: 'title',
  id: 'title/punctuation',
  defaultSeverity: 'warn',
  description: 'Shouting punctuation: repeated ！！ ？？, overlong ……, bait symbols (★★★, ㊣), emoji runs, mixed half/full-width marks',
  check: checkPunctuation,
  examples: {
    fire: ['太好用了！！！', '这是真的吗？？', '绝了…………', '★★★重磅推荐★★★', '㊣品保证', '🔥🔥🔥今日爆款', '好消息!新版本发布！'],
    pass: ['为什么？', '什么？！', '万万没想到……', '发布 v2.0 🎉', '问答：如何选择数据库？'],
  },
};
