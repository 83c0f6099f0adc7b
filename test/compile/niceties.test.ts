/** Header/footer snippets, figure numbers, 着重号, ruby, and the dark-mode contrast check. */
import { describe, expect, it } from 'vitest';
import { deltaE, parseColor, toHsl } from '../../src/compile/color.js';
import { compileArticle } from '../../src/compile/index.js';
import { compile } from '../helpers/compile.js';
import { checkOutputContract, visibleText } from '../helpers/contract.js';

describe('header and footer', () => {
  const r = compile('Body [x](https://x.example)[^1].\n\n[^1]: A note.', { header: '**Banner** <u>hi</u>', footer: '关注我们 [site](https://site.example)' });
  it('puts the header first and the footer after the notes and references', () => {
    const text = visibleText(r.html);
    expect(text.indexOf('Banner')).toBeLessThan(text.indexOf('Body'));
    expect(text.indexOf('参考链接')).toBeGreaterThan(text.indexOf('A note.'));
    expect(text.indexOf('关注我们')).toBeGreaterThan(text.indexOf('参考链接'));
  });
  it('runs the snippets through the same transforms (links numbered, theme inlined)', () => {
    expect(visibleText(r.html)).toContain('site\u2060²');
    expect(r.html).toMatch(/<strong style="[^"]+">Banner<\/strong>/);
    expect(checkOutputContract(r.html)).toEqual([]);
  });
});

describe('figure numbers', () => {
  it('numbers captions in order, and labels figures without caption', () => {
    const r = compile('![湖](a.png)\n\n![](b.png)\n\n![路](c.png)', { figureNumbers: '图 {n}：{caption}' });
    const text = visibleText(r.html);
    expect(text).toContain('图 1：湖');
    expect(text).toMatch(/图 2(?!：)/);
    expect(text).toContain('图 3：路');
  });
  it('is off by default', () => {
    expect(visibleText(compile('![湖](a.png)').html)).not.toContain('图 1');
  });
});

describe('emphasis marks (着重号)', () => {
  const theme = 'em { font-style: italic; } .emphasis-dot { font-style: normal; border-bottom: 2px dotted; }';
  it('marks emphasis on Chinese text, not on Latin text, when on', () => {
    const r = compileArticle('*重要的事* and *important*', { themeCss: theme, emphasisMarks: true });
    expect(r.html).toContain('<em style="font-style:normal;border-bottom:2px dotted">重要的事</em>');
    expect(r.html).toContain('<em style="font-style:italic">important</em>');
  });
  it('keeps italics when off', () => {
    expect(compileArticle('*重要*', { themeCss: theme }).html).toContain('<em style="font-style:italic">重要</em>');
  });
});

describe('ruby', () => {
  it('turns {base|annotation} into <ruby>, not inside code', () => {
    const r = compile('{饕餮|tāo tiè} and `{a|b}`');
    expect(r.html).toMatch(/<ruby[^>]*>饕餮<rt[^>]*>tāo tiè<\/rt><\/ruby>/);
    expect(r.html).toMatch(/<code[^>]*>\{a\|b\}<\/code>/);
  });
});

describe('dark-mode contrast', () => {
  it('warns once per pair that dark mode leaves unreadable, with the converted colours', () => {
    const css = '.article { color: #333333; } strong { color: #6c7a89; } p { margin: 0; }';
    const r = compileArticle('**a** and **b**\n\n**c**', { file: 'd.md', themeCss: css });
    const warnings = r.messages.filter((m) => m.ruleId === 'theme/dark-contrast');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ severity: 'warn', line: 1, actual: '#6c7a89 on #ffffff' });
    expect(warnings[0]!.message).toMatch(/becomes #6c7a89 on #191919 .*contrast [\d.]+:1/);
  });
  it('accepts dark text (converted to light) and looks at inline styles and backgrounds too', () => {
    const ok = compileArticle('text', { themeCss: '.article { color: #333333; }' });
    expect(ok.messages).toEqual([]);
    const inline = compileArticle('<section style="background-color: #07a35a; color: #ffffff">white on green</section>', { themeCss: '' });
    expect(inline.messages).toContainEqual(expect.objectContaining({ ruleId: 'theme/dark-contrast', actual: '#ffffff on #07a35a' }));
  });
  it('moves code-theme colours that dark mode leaves unreadable to a readable lightness, same hue', () => {
    const codeThemeCss = '.hljs-keyword { color: #d73a49; } .hljs-title { color: #24292e; }';
    const themeCss = '.article { color: #333333; } .code-block { background-color: #f6f6f6; }';
    const r = compileArticle('```js\nfunction main() {}\n```', { themeCss, codeThemeCss });
    expect(r.messages.filter((m) => m.ruleId === 'theme/dark-contrast')).toEqual([]);
    const keyword = /<span style="color:(#[0-9a-f]{3,6})">function<\/span>/.exec(r.html)?.[1];
    expect(keyword).toBeDefined();
    expect(keyword).not.toBe('#d73a49');
    const [h0, s0] = toHsl(parseColor('#d73a49')!);
    const [h1, s1, l1] = toHsl(parseColor(keyword!)!);
    expect(Math.abs(h1 - h0)).toBeLessThan(2);
    // darker, and more saturated to stay vivid: nearer the original than the lightness-only #751821
    expect(l1).toBeLessThan(toHsl(parseColor('#d73a49')!)[2]);
    expect(s1).toBeGreaterThanOrEqual(s0);
    expect(deltaE(parseColor(keyword!)!, parseColor('#d73a49')!)).toBeLessThan(deltaE(parseColor('#751821')!, parseColor('#d73a49')!) - 5);
    // a colour that already reads in both modes is left alone
    expect(r.html).toMatch(/<span style="color:#24292e">main<\/span>/);
  });
  it('skips text over background images, and can be turned off', () => {
    const image = compileArticle('<section style="background-image: url(x.png); color: #6c7a89">x</section>', { themeCss: '' });
    expect(image.messages.filter((m) => m.ruleId === 'theme/dark-contrast')).toEqual([]);
    const off = compileArticle('**a**', { themeCss: 'strong { color: #6c7a89; }', darkContrast: false });
    expect(off.messages).toEqual([]);
  });
});
