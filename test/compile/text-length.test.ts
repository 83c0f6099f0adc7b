/** CompiledArticle.textLength: what a visible-text limit counts (issue 13 §1, `limits.contentCount: text`). */
import { describe, expect, it } from 'vitest';
import { compile } from '../helpers/compile.js';

describe('textLength', () => {
  it('counts code points of the visible text, whitespace runs as one, markup and styles not at all', () => {
    const r = compile('𠮷野家 **粗体**   and [链接](https://example.com)\n\n```\na\tb  c\n```');
    expect(r.text).toContain('𠮷野家 粗体 and 链接');
    expect(r.textLength).toBe([...r.text].length);
    // 𠮷 is two UTF-16 units but one character
    expect(r.textLength).toBe(r.text.length - 1);
    // code spaces become no-break spaces in the HTML; they still count once per run
    expect(r.text).toContain('a b c');
    expect(r.textLength).toBeLessThan(r.html.length / 5);
  });
  it('is 0 for an empty article', () => {
    expect(compile('').textLength).toBe(0);
  });
});
