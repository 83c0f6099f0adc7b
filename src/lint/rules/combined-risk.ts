import type { CombinationRule } from '../types.js';

/**
 * Two or more risk categories in one title (震惊 + 99%的人都不知道), or an official body as the speaker
 * of a scare (国家卫健委：吃这个会致癌). Each alone may be a warning the writer weighs; together they are the
 * 标题党 pattern WeChat's 2024 rules take down, so the default is an error. The runner finds the
 * categories from the word rules' hits (see run.ts); the official speakers are in words/official-bodies.ts.
 */
export const combinedRisk: CombinationRule = {
  kind: 'combination',
  id: 'title/combined-risk',
  defaultSeverity: 'error',
  description: 'A title that combines two or more risk categories (e.g. sensational + curiosity gap), or names an official body as the speaker of a scare',
  examples: {
    fire: ['震惊！99%的人都不知道的秘密', '国家卫健委：吃这个会致癌', '重磅！全网最低价', '速看！这3种食物千万别吃', '央视提醒：不看后果不堪设想'],
    pass: ['震惊！这个功能太强了', '市卫健委提醒：流感进入高发期', '国家卫健委辟谣：吃这个会致癌是谣言', '99%的人都不知道的 Git 技巧', '官方文档阅读笔记'],
  },
};

/** Short names of the categories, for the message. */
export const CATEGORY_NAMES: Readonly<Record<string, string>> = {
  'title/impersonation': '冒充官方',
  'title/sensational': '夸大',
  'title/fake-urgency': '虚假紧迫',
  'title/forced-share': '诱导分享',
  'title/curiosity-gap': '故弄玄虚',
  'title/intimidation': '恐吓',
  'title/health-scare': '健康恐慌',
  'title/rumour': '传言',
  'title/bait': '诱导点击',
  'title/ad-absolute': '绝对化用语',
  'title/ad-promise': '虚假承诺',
};

/** Hits of these count toward a combination with an official speaker: every category but advertising terms. */
export const SCARE_CATEGORIES: ReadonlySet<string> = new Set(Object.keys(CATEGORY_NAMES).filter((id) => id !== 'title/ad-absolute'));
