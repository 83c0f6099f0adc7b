/** Front matter `publish_at`: the moments it names, and the values it refuses (with the key's line). */
import { describe, expect, it } from 'vitest';
import { parseFrontMatter } from '../../src/compile/index.js';
import { parsePublishAt } from '../../src/compile/publish-at.js';

describe('publish_at', () => {
  it.each([
    ['2026-12-24T08:00+08:00', '2026-12-24T00:00:00.000Z'],
    ['2026-12-24T08:00:30+0800', '2026-12-24T00:00:30.000Z'],
    ['2026-12-24T00:00Z', '2026-12-24T00:00:00.000Z'],
    ['2026-12-24T08:00-05:00', '2026-12-24T13:00:00.000Z'],
    // no offset: Beijing time, whatever the machine's zone
    ['2026-12-24 08:00', '2026-12-24T00:00:00.000Z'],
    ['2028-02-29T12:00+08:00', '2028-02-29T04:00:00.000Z'],
  ])('%s is %s', (text, iso) => {
    expect(new Date(parsePublishAt(text)!).toISOString()).toBe(iso);
  });

  it.each(['2026-02-30T08:00+08:00', '2027-02-29T08:00+08:00', '2026-12-24T24:00+08:00', '2026-13-01T08:00+08:00', '2026-12-24', 'tomorrow 8am', '2026-12-24T08:00+15:00', '2026-12-24T8:00+08:00'])('refuses %s', (text) => {
    expect(parsePublishAt(text)).toBeUndefined();
  });

  it('reports a bad value at its line with an example, and keeps a good one as written', () => {
    const bad = parseFrontMatter('title: 标题\npublish_at: 2026-02-30T08:00+08:00\n', 2, 'a.md');
    expect(bad.messages).toMatchObject([{ ruleId: 'front-matter/invalid', severity: 'error', line: 3, file: 'a.md' }]);
    expect(bad.messages[0]!.message).toMatch(/`publish_at` must be a time such as 2026-12-24T08:00\+08:00/);
    const number = parseFrontMatter('publish_at: 2026\n', 2, 'a.md');
    expect(number.messages[0]!.message).toMatch(/must be string, got number/);
    const good = parseFrontMatter('publish_at: 2026-12-24T08:00+08:00\n', 2, 'a.md');
    expect(good.messages).toEqual([]);
    expect(good.meta.publish_at).toBe('2026-12-24T08:00+08:00');
    expect(good.lines.publish_at).toBe(2);
  });
});
