/**
 * One style-declaration parser (issue 19): theme inlining, the dark-contrast pass, the preview's dark mode and
 * unsafe-CSS removal all read `style="a: b; c: d"` through src/compile/style-declarations.ts (css-tree), so a
 * `;` inside a string or url() never cuts a declaration in two.
 */
import { describe, expect, it } from 'vitest';
import { parseDeclarations, serializeDeclarations, splitDeclarationText } from '../../src/compile/style-declarations.js';
import { convertToDarkMode } from '../../src/preview/dark-mode.js';
import { compile } from '../helpers/compile.js';

describe('parseDeclarations', () => {
  it('does not cut at a ; inside quotes or url(), reads !important, drops comments and empty values', () => {
    expect(parseDeclarations('font-family: "a;b", serif; background: url(x;y.png) no-repeat; COLOR: Red !important; /* c: d; */ width:; --Gap: 1px').map(({ property, value, important }) => [property, value, important])).toEqual([
      ['font-family', '"a;b", serif', false],
      ['background', 'url(x;y.png) no-repeat', false],
      ['color', 'Red', true],
      ['--Gap', '1px', false],
    ]);
  });

  it('serializes back in the compact and the spaced form', () => {
    const d = parseDeclarations('color: red !important; margin: 0 auto');
    expect(serializeDeclarations(d, { compact: true })).toBe('color:red;margin:0 auto');
    expect(serializeDeclarations(d, { keepImportant: true })).toBe('color: red !important; margin: 0 auto;');
  });
});

describe('splitDeclarationText', () => {
  it('keeps every piece as written, declarations or not', () => {
    expect(splitDeclarationText('color: red; @import "x;y.css"; junk; content: "a;b"; b: url(c;d) ;; ')).toEqual(['color: red', '@import "x;y.css"', 'junk', 'content: "a;b"', 'b: url(c;d)']);
  });
});

it('a ; inside a url() or a string survives compile and the dark-mode preview', () => {
  const r = compile('<p><span style="background: url(https://mmbiz.qpic.cn/a;b.png); color: #333333; font-family: \'x;y\'">文字</span></p>', { darkContrast: false });
  expect(r.html).toContain('url(https://mmbiz.qpic.cn/a;b.png)');
  expect(r.html).toMatch(/font-family:(?:'x;y'|"x;y"|&#x27;x;y&#x27;)/);
  const dark = convertToDarkMode(r.html);
  expect(dark).toContain('url(https://mmbiz.qpic.cn/a;b.png)');
});
