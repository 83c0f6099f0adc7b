/** Callouts: GitHub alerts and ::: containers share one themable structure; other directives stay text. */
import { describe, expect, it } from 'vitest';
import { compileArticle } from '../../src/compile/index.js';
import { compile } from '../helpers/compile.js';
import { checkOutputContract, visibleText } from '../helpers/contract.js';

/** A theme that makes each class visible in the output, so the structure can be asserted after inlining. */
const markerTheme = [
  '.callout { margin: 1px; }',
  ...['note', 'tip', 'important', 'warning', 'caution'].map((t, i) => `.callout-${t} { padding: ${i + 1}px; }`),
  '.callout-title { font-weight: 700; }',
  '.callout-icon { margin-right: 2px; }',
].join('\n');
const marked = (md: string, options = {}) => compileArticle(md, { file: 'c.md', themeCss: markerTheme, ...options });

describe('callouts', () => {
  it.each([
    ['NOTE', 1, '注意'],
    ['TIP', 2, '提示'],
    ['IMPORTANT', 3, '重要'],
    ['WARNING', 4, '警告'],
    ['CAUTION', 5, '小心'],
  ])('> [!%s] becomes a callout with its type class and default title', (type, padding, title) => {
    const r = marked(`> [!${type}]\n> Body **text**.`);
    expect(r.html).toMatch(new RegExp(`^<section><section style="margin:1px;padding:${padding}px"><section style="font-weight:700"><span style="margin-right:2px">[^<]+</span>${title}</section><p>Body <strong>text</strong>.</p></section></section>$`));
  });

  it('takes a title after the marker, keeps the other paragraphs, leaves plain quotes alone', () => {
    const r = marked('> [!tip] 我的标题\n> one\n>\n> two\n\n> just a quote');
    expect(visibleText(r.html)).toMatch(/我的标题 ?one ?two ?just a quote/);
    expect(r.html).toMatch(/<blockquote>\s*<p>just a quote<\/p>\s*<\/blockquote>/);
    expect(r.html).not.toContain('[!tip]');
  });

  it('turns :::name[title] containers into the same structure (aliases too)', () => {
    const r = marked(':::warning[小心 *路滑*]\nBody.\n:::\n\n:::info\nInfo body.\n:::');
    expect(r.html).toContain('<section style="margin:1px;padding:4px"><section style="font-weight:700"><span style="margin-right:2px">⚠️</span>小心 <em>路滑</em></section><p>Body.</p></section>');
    expect(r.html).toContain('<section style="margin:1px;padding:1px"><section style="font-weight:700"><span style="margin-right:2px">ℹ️</span>注意</section><p>Info body.</p></section>');
  });

  it('nests', () => {
    const r = marked('::::note\nOuter\n\n:::tip\nInner\n:::\n::::');
    expect(r.html.match(/margin:1px/g)).toHaveLength(2);
    expect(visibleText(r.html)).toMatch(/注意 ?Outer ?💡提示 ?Inner/);
  });

  it('uses configured titles', () => {
    expect(visibleText(compile('> [!NOTE]\n> x', { calloutTitles: { note: 'Note' } }).html)).toContain('Note');
  });

  it('warns about unknown containers and keeps their content', () => {
    const r = compile('intro\n\n:::spoiler\nSecret\n:::');
    expect(r.messages).toContainEqual(expect.objectContaining({ ruleId: 'compile/directive', severity: 'warn', line: 3, actual: 'spoiler' }));
    expect(visibleText(r.html)).toContain('Secret');
  });

  it('gives text and leaf directives back as the text they were written as', () => {
    const r = compile(':::note\nx\n:::\n\nVue:ref, a:b[c]{d=e} and time 10:30.\n\n::leaf[x]');
    expect(visibleText(r.html)).toContain('Vue:ref, a:b[c]{d=e} and time 10:30.');
    expect(visibleText(r.html)).toContain('::leaf[x]');
  });

  it('meets the output contract with the default theme', () => {
    expect(checkOutputContract(compile('> [!NOTE]\n> a\n\n:::tip[t]\nb\n:::').html)).toEqual([]);
  });
});
