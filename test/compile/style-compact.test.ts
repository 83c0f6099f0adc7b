/**
 * Issue 13 §1's smaller savings at their edges: font names unquoted only where the unquoted name is the same
 * name, leading zeros, and whitespace between blocks dropped only where it draws nothing. The whole-article
 * check (same pixels in Chromium) is compact-render.test.ts.
 */
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { dropBlockWhitespace } from '../../src/compile/drop-block-whitespace.js';
import { shortenValue } from '../../src/compile/style-compact.js';

describe('shortenValue', () => {
  it('unquotes font names made of plain identifiers, keeps the quotes a name needs', () => {
    expect(shortenValue('font-family', `Menlo, Consolas, 'Courier New', monospace`)).toBe('Menlo,Consolas,Courier New,monospace');
    expect(shortenValue('font-family', `"Noto Serif CJK SC", serif`)).toBe('Noto Serif CJK SC,serif');
    // alone, these are keywords: quoted they are family names and must stay so
    expect(shortenValue('font-family', `"serif", "monospace", 'initial', Arial`)).toBe(`"serif","monospace",'initial',Arial`);
    // a digit first, punctuation or CJK: not an identifier sequence
    expect(shortenValue('font-family', `"Font 3D", '微软雅黑', "A.B", "x  y"`)).toBe(`"Font 3D",'微软雅黑',"A.B","x  y"`);
    // only font-family: content strings keep their quotes
    expect(shortenValue('content', `"Courier New"`)).toBe(`"Courier New"`);
  });

  it('drops leading zeros of fractions, not of other numbers', () => {
    expect(shortenValue('margin', '0.5em 0 1.25em')).toBe('.5em 0 1.25em');
    expect(shortenValue('margin-top', '-0.75em')).toBe('-.75em');
    expect(shortenValue('font-size', '10.5px')).toBe('10.5px');
    expect(shortenValue('line-height', '1.05')).toBe('1.05');
  });
});

describe('dropBlockWhitespace', () => {
  const run = (html: string) => {
    const tree = fromHtml(html, { fragment: true });
    dropBlockWhitespace(tree);
    return toHtml(tree);
  };

  it('drops line breaks between blocks and at a container edge', () => {
    expect(run('<section>\n<p>a</p>\n<p>b</p>\n<ul>\n<li>x</li>\n</ul>\n</section>')).toBe('<section><p>a</p><p>b</p><ul><li>x</li></ul></section>');
  });

  it('keeps spaces that are text: beside inline elements, inside paragraphs, in pre and pre-wrap', () => {
    expect(run('<p>a <strong>b</strong> <em>c</em></p>')).toBe('<p>a <strong>b</strong> <em>c</em></p>');
    expect(run('<section><span>a</span> <span>b</span></section>')).toBe('<section><span>a</span> <span>b</span></section>');
    expect(run('<pre>\n<p>a</p>\n</pre>')).toContain('<p>a</p>\n</pre>');
    expect(run('<section style="white-space: pre-wrap">\n<p>a</p>\n</section>')).toBe('<section style="white-space: pre-wrap">\n<p>a</p>\n</section>');
    // a block a theme made inline is inline: the space beside it shows
    expect(run('<section><p style="display:inline">a</p> <p style="display:inline">b</p></section>')).toContain('</p> <p');
  });
});

describe('the generated digest', () => {
  it('leaves out superscript link markers', async () => {
    const { compile } = await import('../helpers/compile.js');
    const r = compile('本杂志[开源](https://github.com/x)，欢迎[投稿](https://github.com/y)。');
    expect(r.html).toContain('开源\u2060¹');
    expect(r.summary).toBe('本杂志开源，欢迎投稿。');
  });
});
