import { describe, expect, it } from 'vitest';
import { hasErrors, lintArticle } from '../../src/lint/index.js';

const base = { title: '周报 #12', hasCover: true } as const;

function ids(messages: { ruleId: string }[]): string[] {
  return messages.map((m) => m.ruleId);
}

describe('lintArticle', () => {
  it('places title messages at the title position the caller gives', () => {
    const messages = lintArticle({ file: 'content/a.md', title: '震惊！新版发布', titleLine: 2, titleColumn: 8, hasCover: true });
    expect(messages).toEqual([
      expect.objectContaining({ ruleId: 'title/sensational', file: 'content/a.md', line: 2, column: 8, endColumn: 10, actual: '震惊' }),
    ]);
  });

  it('counts title length in code points, reports bytes, and reads the limit', () => {
    const long = '标'.repeat(33);
    const [message] = lintArticle({ ...base, title: long });
    expect(message).toMatchObject({ ruleId: 'title/length', severity: 'error', column: 33, endColumn: 34 });
    expect(message!.message).toContain('33 characters (99 UTF-8 bytes)');
    expect(message!.message).toContain('64');
    expect(lintArticle({ ...base, title: '标'.repeat(32) })).toEqual([]);
    expect(lintArticle({ ...base, title: long, limits: { title: 64 } })).toEqual([]);
    // 32 emoji are 64 UTF-16 units but 32 characters.
    expect(ids(lintArticle({ ...base, title: '📘'.repeat(32) })).filter((id) => id === 'title/length')).toEqual([]);
    const over = lintArticle({ ...base, title: '字'.repeat(70) })[0]!;
    expect(over.message).toContain("over the web editor's 64");
  });

  it('reports an empty title once', () => {
    expect(ids(lintArticle({ ...base, title: '  ' }))).toEqual(['title/empty']);
  });

  it('checks digest and author length against the limits', () => {
    expect(ids(lintArticle({ ...base, digest: '字'.repeat(128), author: '作'.repeat(16) }))).toEqual([]);
    const messages = lintArticle({ ...base, digest: '字'.repeat(129), author: '作'.repeat(17), lines: { author: 3, digest: 4 } });
    expect(messages).toEqual([
      expect.objectContaining({ ruleId: 'field/author-length', severity: 'error', line: 3 }),
      expect.objectContaining({ ruleId: 'field/digest-length', severity: 'error', line: 4 }),
    ]);
    expect(ids(lintArticle({ ...base, digest: '字'.repeat(129), limits: { digest: 200 } }))).toEqual([]);
  });

  it('requires a cover', () => {
    expect(ids(lintArticle({ ...base, hasCover: false }))).toEqual(['field/missing-cover']);
  });

  it('finds a title used by another article of the draft, ignoring width, case and spacing', () => {
    expect(ids(lintArticle({ ...base, title: 'Weekly  Notes', otherTitles: ['weekly notes'] }))).toEqual(['title/duplicate']);
    expect(ids(lintArticle({ ...base, title: '周报＃１２', otherTitles: ['周报#12'] }))).toEqual(['title/duplicate']);
    expect(ids(lintArticle({ ...base, otherTitles: ['周报 #13'] }))).toEqual([]);
  });

  it('disables field rules per article and uses the config', () => {
    expect(lintArticle({ ...base, hasCover: false, disable: ['field/missing-cover'] })).toEqual([]);
  });
});

describe('hasErrors', () => {
  it('is true only when a result has an error', () => {
    expect(hasErrors([{ messages: lintArticle({ ...base, title: '最好的选择' }) }])).toBe(false);
    expect(hasErrors([{ messages: [] }, { messages: lintArticle({ ...base, title: '转发保平安' }) }])).toBe(true);
  });
});
