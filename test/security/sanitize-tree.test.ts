/** The WeChat sanitiser through the compiler: what raw HTML keeps, what goes, and that each removal says so. */
import { describe, expect, it } from 'vitest';
import { removeUnsafeCss } from '../../src/compile/unsafe-css.js';
import { compile } from '../helpers/compile.js';
import { checkOutputContract, visibleText } from '../helpers/contract.js';
import { findDangerousMarkup } from './dangerous-markup.js';

const bare = (markdown: string, options = {}) => compile(markdown, { themeCss: '', codeThemeCss: '', ...options });
const removals = (r: ReturnType<typeof compile>) => r.messages.filter((m) => m.ruleId === 'compile/unsafe-html' || m.ruleId === 'compile/unknown-html');

describe('what raw HTML keeps', () => {
  it('the elements WeChat renders, with their attributes, and no message', () => {
    const r = bare(
      [
        '<u>下划线</u> x<sup>2</sup> H<sub>2</sub>O <span style="color: #f00">红</span> <font color="red" face="serif" size="3">旧</font> <mark>标</mark> <kbd>Ctrl</kbd> <abbr title="HyperText">HTML</abbr> <small>小</small>',
        '',
        '<center>居中</center>',
        '',
        '<section style="margin: 0 0 8px"><img src="https://mmbiz.qpic.cn/a.png" alt="图" width="200" height="100"></section>',
        '',
        '<ruby>魑魅<rp>(</rp><rt>chī mèi</rt><rp>)</rp></ruby>',
        '',
        '<table><thead><tr><th colspan="2" align="center">头</th></tr></thead><tbody><tr><td rowspan="2">1</td><td>2</td></tr></tbody></table>',
      ].join('\n'),
    );
    expect(removals(r)).toEqual([]);
    for (const kept of ['<u>下划线</u>', '<sup>2</sup>', '<sub>2</sub>', '<span style="color:#f00">红</span>', '<font color="red" face="serif" size="3">旧</font>', '<mark>标</mark>', '<kbd>Ctrl</kbd>', '<abbr title="HyperText">HTML</abbr>', '<small>小</small>', '<center>居中</center>', '<img src="https://mmbiz.qpic.cn/a.png" alt="图" width="200" height="100">', '<rt>chī mèi</rt>', '<rp>(</rp>', '<th colspan="2" style="text-align:center">头</th>', '<td rowspan="2">1</td>']) {
      expect(r.html, kept).toContain(kept);
    }
  });

  it('block wrappers become <section>, unknown elements their text (an info, not a warning)', () => {
    const r = bare('<div>块</div>\n\n<article>文</article>\n\n<custom-tag>自定义</custom-tag>');
    expect(r.html.replace(/\n/g, '')).toBe('<section><section>块</section><section>文</section><p>自定义</p></section>');
    expect(removals(r).map((m) => [m.severity, m.ruleId, m.line])).toEqual([['info', 'compile/unknown-html', 5]]);
  });

  it('an SVG drawn the way gzh draws math keeps its shapes and their attributes', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" viewBox="0 0 40 20"><g transform="translate(1,1)" fill="currentColor" stroke="none" stroke-width="2"><path d="M0 0L10 10"></path><rect x="1" y="2" width="3" height="4" rx="1"></rect><circle cx="5" cy="5" r="2"></circle><line x1="0" y1="0" x2="4" y2="4"></line><polygon points="0,0 1,1 2,0"></polygon><text x="2" y="18" font-size="8" text-anchor="middle">y</text></g></svg>';
    const r = bare(svg);
    expect(removals(r)).toEqual([]);
    expect(r.html).toContain(svg);
  });

  it('math and diagrams, drawn after sanitising, are untouched', () => {
    const r = bare('$x^2$');
    expect(r.html).toMatch(/<svg [^>]*viewBox="[^"]+"[^>]*>.*<path [^>]*d="M/);
    expect(removals(r)).toEqual([]);
  });

  it('task lists still become ☐/☑; a raw <input> elsewhere is removed with a warning', () => {
    const r = bare('- [x] done\n- [ ] todo\n\n<input type="text" value="x">');
    expect(visibleText(r.html)).toContain('☑ done');
    expect(visibleText(r.html)).toContain('☐ todo');
    expect(r.html).not.toContain('<input');
    expect(removals(r).map((m) => [m.severity, m.actual, m.line])).toEqual([['warn', '<input>', 4]]);
  });
});

describe('URLs', () => {
  it.each(['https://mp.weixin.qq.com/s/abc', 'http://example.com/a', 'mailto:a@example.com', 'tel:+861234', '#top', '/page', './page', '?q=1'])('keeps href %s', (url) => {
    const r = bare(`<a href="${url}">x</a>`);
    // the links plugin then decides how WeChat shows it; the sanitiser has nothing to say
    expect(r.messages.filter((m) => m.ruleId === 'compile/unsafe-html')).toEqual([]);
  });
  it.each(['javascript:alert(1)', 'JAVASCRIPT:alert(1)', ' javascript:alert(1)', 'java\tscript:alert(1)', 'vbscript:msgbox(1)', 'data:text/html,<script>alert(1)</script>', 'file:///etc/passwd'])('removes href %j with a warning', (url) => {
    const r = bare(`<a href="${url.replace(/"/g, '&quot;')}">x</a>`);
    expect(r.html).not.toContain('href');
    expect(r.messages.filter((m) => m.ruleId === 'compile/unsafe-html').map((m) => [m.severity, m.line])).toEqual([['warn', 1]]);
  });
  it.each(['https://mmbiz.qpic.cn/a.png', './images/a.png', 'images/a%20b.png', 'data:image/png;base64,iVBORw0KGgo='])('keeps img src %s', (src) => {
    const r = bare(`<img src="${src}" alt="a">`);
    expect(r.html).toContain(`src="${src}"`);
    expect(r.images.map((i) => i.src)).toEqual([src]);
  });
  it.each(['javascript:alert(1)', 'data:text/html;base64,PHNjcmlwdD4=', 'vbscript:x'])('removes img src %s with a warning', (src) => {
    const r = bare(`<img src="${src}" alt="a">`);
    expect(r.html).not.toContain('src=');
    expect(r.messages.filter((m) => m.ruleId === 'compile/unsafe-html')).toHaveLength(1);
  });
  it('Markdown links and images with script URLs lose them too, with their line', () => {
    const r = bare('第一行\n\n[点我](javascript:alert(1)) 和 ![图](javascript:alert(2))');
    expect(findDangerousMarkup(r.html)).toEqual([]);
    expect(r.messages.filter((m) => m.ruleId === 'compile/unsafe-html').map((m) => [m.line, m.actual])).toEqual([
      [3, 'javascript:alert(1)'],
      [3, 'javascript:alert(2)'],
    ]);
  });
});

describe('each removal is one message with its place', () => {
  it('one warning per handler, per dangerous declaration, per stripped element', () => {
    const line = '<span onclick="a()" onmouseover="b()" style="color: blue; width: expression(alert(1))">x</span> <script>alert(1)</script>';
    const r = bare(`文字\n\n${line}`);
    const warnings = r.messages.filter((m) => m.ruleId === 'compile/unsafe-html');
    expect(warnings.map((m) => [m.actual, m.line, m.column, m.file])).toEqual([
      ['onclick', 3, 1, 'test.md'],
      ['onmouseover', 3, 1, 'test.md'],
      ['<script>', 3, line.indexOf('<script>') + 1, 'test.md'],
      ['width: expression(alert(1))', 3, 1, 'test.md'],
    ]);
    expect(r.html).toContain('<span style="color:blue">x</span>');
  });
  it('what a stripped element held is not reported again', () => {
    const r = bare('<svg><foreignObject><img src="x" onerror="alert(1)"><script>alert(2)</script></foreignObject></svg>');
    expect(r.messages.filter((m) => m.ruleId === 'compile/unsafe-html').map((m) => m.actual)).toEqual(['<foreignObject>']);
  });
  it('harmless attributes WeChat drops are infos, not warnings', () => {
    const r = bare('<a href="https://mp.weixin.qq.com/s/x" target="_blank" rel="noopener">x</a>');
    expect(r.messages.filter((m) => m.ruleId.startsWith('compile/un')).map((m) => [m.severity, m.ruleId, m.actual])).toEqual([
      ['info', 'compile/unknown-html', 'target'],
      ['info', 'compile/unknown-html', 'rel'],
    ]);
  });
  it('messages show control characters escaped', () => {
    const r = bare('<a href="java&#x09;script:alert(1)">x</a>');
    expect(r.messages[0]?.message).toContain('java\\u0009script');
  });
  it('header and footer snippets are sanitised too (their messages have no line of the article)', () => {
    const r = bare('正文', { header: '<img src="x.png" onerror="alert(1)">', footer: '<svg onload="alert(2)"></svg>' });
    expect(findDangerousMarkup(r.html)).toEqual([]);
    const warnings = r.messages.filter((m) => m.ruleId === 'compile/unsafe-html');
    expect(warnings.map((m) => [m.actual, m.line])).toEqual([
      ['onerror', undefined],
      ['onload', undefined],
    ]);
  });
  it('the output still meets the contract', () => {
    const r = compile('<section onclick="x()" class="c" id="d"><u>u</u><svg><set attributeName="href" to="javascript:alert(1)"></set></svg></section>');
    expect(checkOutputContract(r.html)).toEqual([]);
  });
});

describe('removeUnsafeCss', () => {
  it.each(['color: red', 'color: red; margin: 0 auto', 'background: url(https://mmbiz.qpic.cn/a.png)', 'background-image: url("data:image/png;base64,AAAA")', 'font-family: "PingFang SC", sans-serif', 'content: "a:b"', 'width: calc(100% - 2px)'])('leaves %s alone', (style) => {
    expect(removeUnsafeCss(style)).toBeUndefined();
  });
  it.each([
    ['width: expression(alert(1))', ''],
    ['color: red; width: EXPRESSION(alert(1))', 'color: red'],
    ['x: expr/**/ession(alert(1)); color: red', 'color: red'],
    ['x: \\65 xpression(alert(1))', ''],
    ['background: url(javascript:alert(1)); margin: 0', 'margin: 0'],
    ["background: url('java\\73 cript:alert(1)')", ''],
    ['background: url(" vbscript:x")', ''],
    ['-moz-binding: url(x.xml#x); color: red', 'color: red'],
    ['behavior: url(x.htc)', ''],
    ['color: red; @import "x.css"', 'color: red'],
    ['background: url(data:text/html,x)', ''],
    ['a: expr/*;*/ession(alert(1))', ''],
    // cut where a browser cuts (css-tree): not at a `;` in a string, url() or braces; a last declaration in an unclosed string stays
    ['content: "x;y"; behavior: url(x.htc)', 'content: "x;y"'],
    ['background: url(a;b.png); width: expression(1)', 'background: url(a;b.png)'],
    ['x: {a; b: url(javascript:1)}; color: red', 'color: red'],
    ['color: red; behavior: url(x.htc); content: "a;b', 'color: red; content: "a;b'],
  ])('%s → %j', (style, kept) => {
    const cleaned = removeUnsafeCss(style);
    expect(cleaned?.style).toBe(kept);
    expect(cleaned?.removed.length).toBeGreaterThan(0);
  });
});
