import { describe, expect, it } from 'vitest';
import { checkOutputContract, visibleText } from '../helpers/contract.js';
import { compile } from '../helpers/compile.js';

describe('title and front matter', () => {
  it('takes the title from front matter and drops a repeated leading # heading', () => {
    const r = compile('---\ntitle: 你好\n---\n\n# 你好\n\n正文');
    expect(r.title).toBe('你好');
    expect(r.titlePosition).toEqual({ line: 2, column: 1 });
    expect(visibleText(r.html)).not.toContain('你好');
  });

  it('falls back to a leading # heading and removes it from the body', () => {
    const r = compile('<!-- note -->\n\n# The Title\n\nIntro\n\n## Section');
    expect(r.title).toBe('The Title');
    expect(r.titlePosition?.line).toBe(3);
    expect(r.html).not.toContain('The Title');
    expect(r.html).toContain('Section');
  });

  it('keeps a # heading that does not open the article in the body, and takes no title from it', () => {
    const r = compile('Intro\n\n# 一级标题\n\n## Section');
    expect(r.title).toBe('');
    expect(r.html).toMatch(/<h1[^>]*>一级标题<\/h1>/);
  });

  it('reports an unknown key as a warning with its line and a suggestion', () => {
    const r = compile('---\ntitle: t\nauther: me\n---\ntext');
    const m = r.messages.find((x) => x.ruleId === 'front-matter/unknown-key');
    expect(m).toMatchObject({ severity: 'warn', line: 3, file: 'test.md', expected: 'author' });
  });

  it('reports a wrong type as an error at the value line', () => {
    const r = compile('---\ntitle: t\ncomments: maybe\nauthor: [a, b]\n---\ntext');
    const errors = r.messages.filter((x) => x.severity === 'error');
    expect(errors.map((e) => e.line)).toEqual([3, 4]);
    expect(errors[0]!.message).toContain('"open", "fans", "closed"');
    expect(errors[1]!.message).toContain('must be string');
  });

  it('reports invalid YAML with a line number and does not throw', () => {
    const r = compile('---\ntitle: [unclosed\n---\ntext');
    expect(r.messages[0]).toMatchObject({ ruleId: 'front-matter/yaml', severity: 'error' });
    expect(r.messages[0]!.line).toBeGreaterThanOrEqual(2);
  });
});

describe('links', () => {
  it('turns external links into numbered references, one number per URL', () => {
    const r = compile('[a](https://a.example) [b](https://b.example) [a again](https://a.example)');
    const text = visibleText(r.html);
    expect(text).toContain('a\u2060¹ b\u2060² a again\u2060¹');
    expect(text).toContain('[1] a: https://a.example');
    expect(text).toContain('[2] b: https://b.example');
    expect(r.html).not.toContain('<a ');
    expect(r.links).toEqual([{ url: 'https://a.example', text: 'a' }, { url: 'https://b.example', text: 'b' }]);
  });

  it('keeps mp.weixin.qq.com links clickable and makes #anchors plain text', () => {
    const r = compile('[wx](https://mp.weixin.qq.com/s/abc) [jump](#top)');
    expect(r.html).toMatch(/<a href="https:\/\/mp\.weixin\.qq\.com\/s\/abc"[^>]*>wx<\/a>/);
    expect(r.html).not.toContain('#top');
    expect(visibleText(r.html)).toContain('jump');
    expect(r.links).toEqual([]);
  });

  it('does not add a number to bare autolinks whose text is the URL', () => {
    const r = compile('see https://example.com/x now');
    expect(visibleText(r.html)).toContain('see https://example.com/x now');
    expect(visibleText(r.html)).not.toMatch(/https:\/\/example\.com\/x\u2060?[¹[]/);
  });

  it('supports inline mode', () => {
    const r = compile('[a](https://a.example)', { links: 'inline' });
    expect(visibleText(r.html)).toContain('a (https://a.example)');
  });

  it('warns about relative links', () => {
    const r = compile('[next](./next.md)');
    expect(r.messages).toContainEqual(expect.objectContaining({ ruleId: 'compile/relative-link', line: 1, column: 1 }));
    expect(visibleText(r.html)).toContain('next');
  });
});

describe('code blocks', () => {
  const r = compile('```ts\nfunction f() {\n\treturn  1; // x\n}\n```');
  it('keeps whitespace as &nbsp; and <br>, tabs expanded to spaces', () => {
    expect(r.html).toContain('<br>');
    expect(r.html).not.toMatch(/<code[^>]*>[^<]*\n/);
    // tab at column 0 → 4 no-break spaces; double space kept
    expect(r.html).toMatch(/<br>(&nbsp;){4}<span[^>]*>return<\/span>(&nbsp;){2}/);
  });
  it('colours tokens inline and labels the language', () => {
    // the code theme's colour as written; with darkContrast on it is adapted for dark mode (niceties.test.ts)
    const exact = compile('```ts\nfunction f() {}\n```', { darkContrast: false });
    expect(exact.html).toMatch(/<span style="color:#d73a49">function<\/span>/);
    expect(r.html).toMatch(/<span style="color:#[0-9a-f]{3,6}">function<\/span>/);
    expect(r.html).toMatch(/<section style="[^"]*">ts<\/section><pre/);
  });
  it('scrolls horizontally instead of wrapping', () => {
    expect(r.html).toMatch(/<pre style="[^"]*overflow-x:auto/);
    // `white-space` once on the `<pre>`: its `<code>` inherits it
    expect(r.html).toMatch(/<pre style="[^"]*white-space:nowrap/);
  });
  it('has no empty spans', () => {
    expect(r.html).not.toMatch(/<span[^>]*><\/span>/);
  });
  it('escapes HTML inside code', () => {
    const c = compile('```html\n<script>alert(1)</script>\n```');
    expect(c.html).not.toContain('<script');
    expect(visibleText(c.html)).toContain('<script>alert(1)</script>');
  });
});

describe('lists', () => {
  it('flattens nesting deeper than two levels and says so', () => {
    const r = compile('- a\n  - b\n    - c\n      - d\n- e');
    const depth = (html: string) => {
      let max = 0;
      let cur = 0;
      for (const m of html.matchAll(/<(\/?)ul/g)) {
        cur += m[1] ? -1 : 1;
        max = Math.max(max, cur);
      }
      return max;
    };
    expect(depth(r.html)).toBe(2);
    expect(visibleText(r.html).replace(/ /g, '')).toBe('abcde');
    expect(r.messages).toContainEqual(expect.objectContaining({ ruleId: 'compile/list-depth', severity: 'info' }));
  });
  it('wraps li content in a section', () => {
    const r = compile('- one\n- two');
    expect(r.html).toMatch(/<li[^>]*><section[^>]*>one<\/section><\/li>/);
  });
  it('renders task lists as ☑/☐ text without <input>', () => {
    const r = compile('- [x] done\n- [ ] todo');
    expect(r.html).not.toContain('<input');
    expect(visibleText(r.html)).toContain('☑ done');
    expect(visibleText(r.html)).toContain('☐ todo');
  });
});

describe('footnotes', () => {
  it('become [注n] superscripts and a notes section without anchors or back-links', () => {
    const r = compile('Text[^a] more[^b].\n\n[^a]: First note.\n[^b]: Second **note**.');
    expect(r.html).not.toContain('href');
    expect(r.html).not.toContain('↩');
    const text = visibleText(r.html);
    expect(text).toContain('Text[注1] more[注2].');
    expect(text).toContain('[注1] First note.');
    expect(text).toContain('[注2] Second note.');
    expect(text).toContain('注释');
  });
});

describe('images', () => {
  it('makes a lone image a figure with its alt as caption and records its position', () => {
    const r = compile('Intro\n\n![A lake](./lake.jpg "Title")\n\nText ![inline](x.png) here');
    expect(r.html).toMatch(/<figure[^>]*><img src="\.\/lake\.jpg"[^>]*max-width:100%[^>]*><figcaption[^>]*>A lake<\/figcaption><\/figure>/);
    expect(r.images).toEqual([
      { src: './lake.jpg', alt: 'A lake', title: 'Title', line: 3, column: 1, index: 0 },
      { src: 'x.png', alt: 'inline', title: undefined, line: 5, column: 6, index: 1 },
    ]);
  });
  it('uses the title as caption when configured, or none', () => {
    expect(visibleText(compile('![alt](a.png "The title")', { captions: 'title' }).html)).toContain('The title');
    expect(compile('![alt](a.png)', { captions: 'none' }).html).not.toContain('figcaption');
  });
});

describe('tables', () => {
  it('are wrapped in a horizontally scrolling section', () => {
    const r = compile('| a | b |\n|---|---|\n| 1 | 2 |');
    expect(r.html).toMatch(/<section style="[^"]*overflow-x:auto[^"]*"><table/);
  });
});

describe('raw HTML', () => {
  it('keeps the allow-list and removes dangerous parts with warnings', () => {
    const r = compile('<u>under</u> x<sup>2</sup> <span style="color: red" onclick="steal()">red</span>\n\n<script>alert(1)</script>\n\n<iframe src="https://x"></iframe>\n\n<div>block</div>');
    expect(r.html).toContain('<u>under</u>');
    expect(r.html).toMatch(/<sup[^>]*>2<\/sup>/);
    expect(r.html).toContain('color:red');
    expect(r.html).not.toMatch(/onclick|<script|<iframe|<div/i);
    expect(visibleText(r.html)).toContain('block');
    const unsafe = r.messages.filter((m) => m.ruleId === 'compile/unsafe-html');
    expect(unsafe.map((m) => m.actual)).toEqual(expect.arrayContaining(['onclick', '<script>', '<iframe>']));
    expect(unsafe.every((m) => m.line !== undefined)).toBe(true);
  });
  it('drops unsupported inline declarations with a warning', () => {
    const r = compile('<span style="position: fixed; color: blue; width: var(--w)">x</span>');
    expect(r.html).toContain('color:blue');
    expect(r.html).not.toMatch(/position|var\(/);
    expect(r.messages.filter((m) => m.ruleId === 'compile/unsupported-style')).toHaveLength(2);
  });
  it('removes javascript: URLs', () => {
    const r = compile('<a href="javascript:alert(1)">x</a>');
    expect(r.html).not.toContain('javascript:');
  });
});

describe('themes', () => {
  it('resolves custom properties and applies overrides', () => {
    const css = ':root { --c: #111111; } p { color: var(--c); margin: var(--missing, 2px); }';
    expect(compile('hi', { themeCss: css }).html).toContain('color:#111;margin:2px');
    expect(compile('hi', { themeCss: css, themeVars: { '--c': '#222222' } }).html).toContain('color:#222');
    expect(compile('hi', { themeCss: css, compactStyles: false }).html).toContain('color: #111111; margin: 2px;');
  });
  it('cascades by specificity, then order; !important wins over inline styles', () => {
    const css = 'p { color: red; } .article p { color: blue; } p { margin: 1px !important; }';
    const r = compile('hi\n\n<p style="margin: 9px; color: green">raw</p>', { themeCss: css });
    expect(r.html).toContain('<p style="color:blue;margin:1px">hi</p>');
    expect(r.html).toContain('<p style="color:green;margin:1px">raw</p>');
    const spaced = compile('hi\n\n<p style="margin: 9px; color: green">raw</p>', { themeCss: css, compactStyles: false });
    expect(spaced.html).toContain('<p style="color: blue; margin: 1px;">hi</p>');
    expect(spaced.html).toContain('<p style="color: green; margin: 1px;">raw</p>');
  });
  it('drops pseudo-elements and positions from themes', () => {
    const css = 'h2::before { content: "#"; } h2 { position: absolute; color: red; }';
    const r = compile('## Head', { themeCss: css });
    expect(r.html).toBe('<section><h2 style="color:red">Head</h2></section>');
  });
});

describe('output contract on a mixed article', () => {
  it('holds', () => {
    const r = compile('# T\n\n[x](https://x.y) <b class="c" id="d">b</b>\n\n```js\nvar a\n```\n\n- [ ] t\n\n|a|\n|-|\n|1|');
    expect(checkOutputContract(r.html)).toEqual([]);
  });
});
