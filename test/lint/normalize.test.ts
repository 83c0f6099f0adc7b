import { describe, expect, it } from 'vitest';
import { normalizeText, lintTitle } from '../../src/lint/index.js';
import { spansGap, toOriginalRange } from '../../src/lint/normalize.js';
import { traditionalTable } from '../../src/lint/traditional.js';

describe('normalizeText', () => {
  it('folds full width to half width and Latin to lower case', () => {
    expect(normalizeText('ＡＢＣ！？１２３').text).toBe('abc!?123');
    expect(normalizeText('SHOCKING News').text).toBe('shocking news');
  });

  it('maps curly quotes to ASCII', () => {
    expect(normalizeText('You Won\u2019t Believe').text).toBe("you won't believe");
  });

  it('drops zero-width and variation characters and marks the gap', () => {
    const n = normalizeText('震\u200b惊\ufe0f!');
    expect(n.text).toBe('震惊!');
    expect(n.starts).toEqual([0, 2, 4]);
    expect(n.gapBefore[1]).toBe(1);
    expect(spansGap(n, 0, 2)).toBe(true);
  });

  it('drops symbols and spaces inserted between two CJK characters', () => {
    for (const title of ['震*惊', '震 惊', '震·惊', '震-*-惊', '震\u3000惊', '震🔥惊']) {
      const n = normalizeText(title);
      expect(n.text, title).toBe('震惊');
      expect(spansGap(n, 0, 2), title).toBe(true);
    }
  });

  it('keeps sentence punctuation and spaces next to Latin text', () => {
    expect(normalizeText('地震，惊人').text).toBe('地震,惊人');
    expect(normalizeText('地震。惊人').text).toBe('地震。惊人');
    expect(normalizeText('用 Go 写服务').text).toBe('用 go 写服务');
    expect(normalizeText('a * b').text).toBe('a * b');
    // Too many separators is layout, not a split word.
    expect(normalizeText('震    惊').text).toBe('震    惊');
  });

  it('converts traditional characters of the word lists to simplified', () => {
    expect(normalizeText('震驚！這個功能太強了').text).toBe('震惊!这个功能太强了');
    expect(normalizeText('轉發保平安').text).toBe('转发保平安');
  });

  it('keeps every normalised unit pointing at its original character', () => {
    const original = '【紧急】㍻ＡＢ\u200b震*驚🎉';
    const n = normalizeText(original);
    expect(n.text).toBe('【紧急】平成ab震惊🎉');
    // ㍻ expands to two characters that both point at it.
    const heisei = n.text.indexOf('平');
    expect(toOriginalRange(n, heisei, heisei + 2)).toEqual({ start: 4, end: 5 });
    const shock = n.text.indexOf('震');
    const range = toOriginalRange(n, shock, shock + 2);
    expect(original.slice(range.start, range.end)).toBe('震*驚');
  });
});

describe('traditional table', () => {
  it.each([
    ['穩賺不賠的理財', 'title/ad-promise'],
    ['必須轉！每個家長都要看', 'title/forced-share'],
    ['緊急通知！12月1日起全面執行', 'title/impersonation'],
    ['無風險高收益', 'title/ad-promise'],
    ['您的快遞待簽收', 'title/bait'],
    ['顛覆三觀', 'title/sensational'],
    ['膽小慎入', 'title/intimidation'],
  ])('reads %s as its simplified form (%s)', (title, rule) => {
    expect(lintTitle(title).map((m) => m.ruleId)).toContain(rule);
  });

  it('maps traditional characters to different simplified ones, without chains', () => {
    const table = traditionalTable();
    expect(table.size).toBeGreaterThan(200);
    for (const [from, to] of table) {
      expect(from).not.toBe(to);
      expect(table.has(to), `${from}→${to} chains`).toBe(false);
    }
  });
});

describe('columns map back to the original title', () => {
  it('reports the original text and UTF-16 columns after hidden characters, emoji and full width', () => {
    const title = '🎉🎉 ＮＥＷ：震\u200b驚！';
    const [message] = lintTitle(title).filter((m) => m.ruleId === 'title/evasion');
    expect(message).toBeDefined();
    const start = title.indexOf('震');
    expect(message!.column).toBe(start + 1);
    expect(message!.endColumn).toBe(title.indexOf('！') + 1);
    expect(message!.actual).toBe('震\u200b驚');
    expect(title.slice(message!.column! - 1, message!.endColumn! - 1)).toBe(message!.actual);
  });

  it('offsets by the line and column the caller gives', () => {
    const [message] = lintTitle('太震惊了', { file: 'a.md', line: 2, column: 8 }).filter((m) => m.ruleId === 'title/sensational');
    expect(message).toMatchObject({ file: 'a.md', line: 2, column: 9, endLine: 2, endColumn: 11, actual: '震惊', source: 'gzh-lint' });
  });
});
