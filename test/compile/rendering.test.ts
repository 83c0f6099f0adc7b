/**
 * Issue 13 §4, each rough edge a new user hit as its repro: tables with code, badge rows, markers,
 * footnotes beside references, Chinese URLs, mid-document h1s, `::: tip`, `\[ … \]`, raw `<pre>`, nested
 * lists; and §3's unclosed front matter and late YAML error lines. The phone layout is checked in
 * Chromium in phone-layout.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { displayUrl } from '../../src/compile/display-url.js';
import { formatNumbers, superscript } from '../../src/compile/plugins/links.js';
import { withBreaks } from '../../src/compile/plugins/tables.js';
import { normalizeContainerFences } from '../../src/compile/plugins/callouts.js';
import { checkOutputContract, visibleText } from '../helpers/contract.js';
import { compile } from '../helpers/compile.js';

const BADGES = '[![npm](https://img.shields.io/npm/v/x.svg)](https://npmjs.com/x) [![build](https://img.shields.io/b/y.svg)](https://ci.example.com/y) [![cov](https://img.shields.io/c/z.svg)](https://cov.example.com/z)';

describe('tables with inline code', () => {
  it('give long code tokens break opportunities, keep short ones whole, and copy without extra characters', () => {
    const r = compile('| 命令 | 说明 |\n|---|---|\n| `npx some-long-package-name --config ./config/file.json` | `useState` |');
    expect(r.html).toContain('./<wbr>config/<wbr>file.<wbr>json');
    expect(r.html).toContain('>useState</code>');
    expect(visibleText(r.html)).toContain('npx some-long-package-name --config ./config/file.json');
    expect(checkOutputContract(r.html)).toEqual([]);
  });

  it('break after separators and between camelCase humps, never inside short words', () => {
    const parts = (text: string) => withBreaks(text).map((n) => (n.type === 'text' ? n.value : '|')).join('');
    expect(parts('maxContentLength')).toBe('max|Content|Length');
    expect(parts('app.use([path,] callback)')).toBe('app.|use|([path,] callback)');
    expect(parts('node_modules/.bin/vite')).toBe('node_|modules/.|bin/|vite');
    expect(parts('a.b c_d')).toBe('a.b c_d');
    expect(parts('status >= 200')).toBe('status >= 200');
  });

  it('leave code outside tables alone', () => {
    expect(compile('`./config/file.json` and `maxContentLength`').html).not.toContain('<wbr>');
  });
});

describe('a row of linked badges', () => {
  it('stays a row of inline images with one marker after it, and the references name each badge', () => {
    const r = compile(BADGES);
    expect(r.html).not.toContain('<figure');
    expect(r.html).not.toContain('<sup');
    expect(r.html).toMatch(/alt="cov"[^>]*>\u2060¹⁻³<\/span>/);
    expect(visibleText(r.html).match(/[¹²³]/g)).toHaveLength(2);
    const text = visibleText(r.html);
    expect(text).toContain('[1] npm: https://npmjs.com/x');
    expect(text).toContain('[3] cov: https://cov.example.com/z');
    // linkMarkers: sup, as before: one styled <sup>[1-3]</sup>
    const sup = compile(BADGES, { linkMarkers: 'sup' });
    expect(sup.html.match(/<sup/g)).toHaveLength(1);
    expect(sup.html).toMatch(/alt="cov"[^>]*><sup[^>]*>\[1-3\]<\/sup>/);
  });

  it('lists numbers that are not a run, and leaves a lone linked image or text links as they were', () => {
    const r = compile(`[a](https://ci.example.com/y) ${BADGES}`);
    expect(visibleText(r.html)).toContain('a\u2060¹');
    // ci.example.com/y already has number 1
    expect(visibleText(r.html)).toContain('\u2060²˒¹˒³');
    expect(visibleText(compile(`[a](https://ci.example.com/y) ${BADGES}`, { linkMarkers: 'sup' }).html)).toContain('[2,1,3]');
    const lone = compile('[![logo](./logo.png)](https://example.com) 与 [文档](https://example.org)');
    expect(visibleText(lone.html)).toMatch(/\u2060¹ 与 文档\u2060²/);
    expect(formatNumbers([1, 2, 3, 7, 9, 10])).toBe('1-3,7,9,10');
    expect(superscript('1-3,7,10')).toBe('¹⁻³˒⁷˒¹⁰');
  });

  it('keeps images that sit inline in a paragraph inline, and a lone image a figure', () => {
    const r = compile('文字 ![a](a.png) ![b](b.png) 文字\n\n![独立](c.png)');
    expect(r.html.match(/<figure/g)).toHaveLength(1);
    expect(r.html).toMatch(/<p[^>]*>文字 <img[^>]*> <img[^>]*> 文字<\/p>/);
  });
});

describe('reference and footnote markers', () => {
  it('tell footnotes ([注1]) from link references (¹) in one article', () => {
    const r = compile('脚注[^a]和链接[文档](https://example.com/x)，再一个脚注[^b]。\n\n[^a]: 第一条。\n[^b]: 第二条。');
    const text = visibleText(r.html);
    expect(text).toContain('脚注[注1]和链接文档\u2060¹，再一个脚注[注2]。');
    expect(text).toContain('[注1] 第一条。');
    expect(text).toContain('[1] 文档: https://example.com/x');
    expect(text).not.toMatch(/脚注\[1\]/);
    expect(visibleText(compile('[文档](https://example.com/x)', { linkMarkers: 'sup' }).html)).toContain('文档[1]');
  });
});

describe('Chinese URLs in 参考链接', () => {
  it('are shown decoded, exactly', () => {
    const r = compile('[文档](https://example.com/文档/指南?q=中文#第一节)');
    expect(visibleText(r.html)).toContain('[1] 文档: https://example.com/文档/指南?q=中文#第一节');
    expect(r.links[0]!.url).toBe('https://example.com/%E6%96%87%E6%A1%A3/%E6%8C%87%E5%8D%97?q=%E4%B8%AD%E6%96%87#%E7%AC%AC%E4%B8%80%E8%8A%82');
  });

  it('keep encoded what would change meaning or hide: spaces, %23, %25, %2F, invisible characters, broken UTF-8', () => {
    expect(displayUrl('https://x.cn/a%20b/%E4%B8%AD?x=%23%25%2F')).toBe('https://x.cn/a%20b/中?x=%23%25%2F');
    expect(displayUrl('https://x.cn/%E2%80%8B%e4%b8%ad%E3%80%80')).toBe('https://x.cn/%E2%80%8B中%E3%80%80');
    expect(displayUrl('https://x.cn/%E4%B8')).toBe('https://x.cn/%E4%B8');
    expect(displayUrl('https://x.cn/plain')).toBe('https://x.cn/plain');
  });

  it('treat a bare Chinese autolink as visible: no number, no reference', () => {
    const r = compile('见 https://zh.wikipedia.org/wiki/中文 。');
    expect(r.links).toEqual([]);
    expect(visibleText(r.html)).toContain('https://zh.wikipedia.org/wiki/中文');
  });
});

describe('the title heading', () => {
  it('is only a leading # heading: a mid-document one stays in the body', () => {
    const r = compile('开头一段。\n\n# 一级标题\n\n正文');
    expect(r.title).toBe('');
    expect(r.html).toMatch(/<h1[^>]*>一级标题<\/h1>/);
  });

  it('keeps the links and images of a badges title as a row at the top, their URLs as references', () => {
    const r = compile('# express [![npm](https://img.shields.io/npm/v/express.svg)](https://npmjs.org/package/express) [![ci](https://x.example/ci.svg)](https://ci.example)\n\n正文');
    expect(r.title).toBe('express');
    expect(r.titleColumns).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(r.html).not.toContain('<h1');
    expect(r.html).toMatch(/^<section[^>]*><p[^>]*><span[^>]*><img[^>]*alt="npm"/);
    expect(r.links.map((l) => l.url)).toEqual(['https://npmjs.org/package/express', 'https://ci.example']);
    const linked = compile('# [Express](https://expressjs.com)\n\n正文');
    expect(linked.title).toBe('Express');
    expect(linked.links.map((l) => l.url)).toEqual(['https://expressjs.com']);
  });

  it('is dropped when it repeats the front matter title, keeping its badges', () => {
    const r = compile('---\ntitle: express\n---\n\n# express [![npm](https://b.svg)](https://npmjs.org/x)\n\n正文');
    expect(r.html).not.toContain('<h1');
    expect(r.links).toHaveLength(1);
  });
});

describe('VuePress containers and LaTeX delimiters', () => {
  it('reads `::: tip` and `::: warning 标题` as callouts, not raw text', () => {
    const r = compile('::: tip\n提示内容\n:::\n\n::: warning 注意事项\n内容\n:::');
    expect(r.html).not.toContain(':::');
    expect(visibleText(r.html)).toMatch(/💡 ?提示 ?提示内容/);
    expect(visibleText(r.html)).toMatch(/⚠️ ?注意事项 ?内容/);
  });

  it('keeps line lengths (positions stay true) and leaves fenced code alone', () => {
    const source = '```md\n::: tip\n```\n\n::: tip 标题\nx\n:::';
    const out = normalizeContainerFences(source);
    expect(out.split('\n').map((l) => l.length)).toEqual(source.split('\n').map((l) => l.length));
    expect(out.split('\n')[1]).toBe('::: tip');
    expect(normalizeContainerFences('::: tip\r\nx\r\n:::\r\n')).toBe(':::tip \r\nx\r\n:::\r\n');
    const r = compile('::: tip\n[next](./next.md)\n:::');
    expect(r.messages).toContainEqual(expect.objectContaining({ ruleId: 'compile/relative-link', line: 2, column: 1 }));
  });

  it('renders `\\[ … \\]` as display math and `\\( … \\)` as inline math, TeX read from the source', () => {
    const r = compile('\\[ E = mc^2 \\]\n\n行内 \\( a_1 + b_{2} \\) 公式，没有美元符号。\n\n\\[\n\\frac{1}{2} \\{x\\}\n\\]');
    expect(r.html.match(/<svg/g)).toHaveLength(3);
    expect(visibleText(r.html)).not.toMatch(/\[ E = mc\^2 \]|\( a_1/);
    expect(visibleText(r.html)).toContain('行内');
    expect(r.messages.filter((m) => m.ruleId === 'compile/math')).toEqual([]);
  });

  it('leaves escaped brackets that are not TeX as text, and warns with the line about a formula that crosses markup', () => {
    const r = compile('参见 \\[1\\] 和 \\(注\\)。\n\n第二段 \\( a *b* \\) 结束');
    expect(visibleText(r.html)).toContain('参见 [1] 和 (注)。');
    expect(r.html).not.toContain('<svg');
    expect(r.messages).toContainEqual(expect.objectContaining({ ruleId: 'compile/math', severity: 'warn', line: 3 }));
  });

  it('leaves code alone', () => {
    const r = compile('`\\[ x^2 \\]`\n\n```\n\\[ x^2 \\]\n```');
    expect(r.html).not.toContain('<svg');
  });
});

describe('raw HTML <pre>', () => {
  it('keeps its newlines and indentation as <br> and &nbsp; (WeChat collapses literal ones)', () => {
    const r = compile('<pre>\nline 1\n  line <b>2</b>\n</pre>');
    expect(r.html).toMatch(/<code[^>]*>line&nbsp;1<br>&nbsp;&nbsp;line&nbsp;<b>2<\/b><\/code>/);
    expect(r.html).not.toMatch(/<pre[^>]*>[^<]*\n/);
    expect(checkOutputContract(r.html)).toEqual([]);
  });
});

describe('nested lists', () => {
  it('sit inside the item section, not beside it in the <li>', () => {
    const r = compile('- 项目一\n  - 子项目\n- 项目二');
    expect(r.html).toMatch(/<li[^>]*><section[^>]*>项目一<ul[^>]*><li[^>]*><section[^>]*>子项目<\/section><\/li><\/ul><\/section><\/li>/);
  });
});

describe('front matter mistakes', () => {
  it('an unclosed front matter is an error at 1:1, not an <hr> and a paragraph', () => {
    const r = compile('---\ntitle: 没结束\n\n正文');
    expect(r.messages[0]).toMatchObject({ ruleId: 'front-matter/unclosed', severity: 'error', line: 1, column: 1, file: 'test.md' });
    expect(r.messages[0]!.message).toContain('front matter opened at line 1 is never closed'.replace('front', 'Front'));
    expect(r.messages[0]!.message).toContain('after line 2');
  });

  it('a leading horizontal rule is not mistaken for one', () => {
    expect(compile('---\n\n正文').messages).toEqual([]);
    expect(compile('---\n正文第一段').messages).toEqual([]);
  });

  it('an unclosed [ or quote is reported where it opens, not on the next line', () => {
    const at = (md: string) => compile(md).messages.filter((m) => m.ruleId === 'front-matter/yaml').map((m) => `${m.line}:${m.column}`);
    expect(at('---\ntitle: t\nauthor: [gzh 团队\ndigest: x\n---\n\n正文')).toEqual(['3:9']);
    expect(at('---\ntitle: t\nauthor: {a: 1\n---\n')).toEqual(['3:9']);
    expect(at('---\ntitle: "没有引号结尾\ndigest: x\n---\n')).toEqual(['2:8']);
    expect(at('---\ntags: [a, [b, c]\nx: 1\n---\n')).toEqual(['2:7']);
    // other errors keep yaml's own place
    expect(at('---\na: 1\na: 2\n---\n')).toEqual(['3:1']);
  });
});
