/** Math: TeX → inline SVG that WeChat keeps (no ids/defs/fonts), readable in dark mode, errors reported. */
import { fromHtml } from 'hast-util-from-html';
import type { Element } from 'hast';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { compile } from '../helpers/compile.js';
import { checkOutputContract, visibleText } from '../helpers/contract.js';

function svgs(html: string): Element[] {
  const out: Element[] = [];
  visit(fromHtml(html, { fragment: true }), 'element', (el: Element) => {
    if (el.tagName === 'svg') out.push(el);
  });
  return out;
}

describe('math', () => {
  const r = compile('Inline $a^2 + b^2 = c^2$ here.\n\n$$\n\\int_0^1 x\\,dx = \\frac{1}{2}\n$$\n');

  it('renders inline and display formulas as SVG sized in ex', () => {
    const [inline, display] = svgs(r.html);
    expect(inline?.properties.width).toMatch(/^[\d.]+ex$/);
    expect(inline?.properties.style).toMatch(/vertical-align: -?[\d.]+ex/);
    expect(display?.properties.height).toMatch(/^[\d.]+ex$/);
    expect(r.messages.filter((m) => m.ruleId === 'compile/math')).toEqual([]);
  });

  it('leaves nothing WeChat strips or cannot resolve: no ids, classes, defs/use, data attributes, fonts', () => {
    expect(r.html).not.toMatch(/<(defs|use|style|foreignObject|text)\b/i);
    expect(r.html).not.toMatch(/\s(id|class|data-[\w-]+|href|xlink:href)=/);
    expect(r.html).not.toContain('@font-face');
    expect(checkOutputContract(r.html)).toEqual([]);
  });

  it('draws in currentColor so the formula follows the (dark-mode converted) text colour', () => {
    expect(r.html).toContain('fill="currentColor"');
    expect(r.html).not.toMatch(/fill="(#|rgb|black)/);
  });

  it('centres display math in a section that scrolls sideways when wide', () => {
    const wide = compile(`$$\n${Array.from({ length: 40 }, (_, i) => `x_{${i}}`).join(' + ')}\n$$`);
    expect(wide.html).toMatch(/<section style="[^"]*text-align:center[^"]*overflow-x:auto[^"]*"><svg/);
    expect(parseFloat(String(svgs(wide.html)[0]?.properties.width))).toBeGreaterThan(150); // ex: far wider than a phone
  });

  it('treats $$…$$ alone in a paragraph as display math', () => {
    expect(compile('$$\\sqrt{2}$$').html).toMatch(/<section style="[^"]*text-align:center[^"]*"><svg/);
  });

  it('reports bad TeX with file and line, shows the source as code, and goes on', () => {
    const bad = compile('First $x$.\n\nThen $\\frac{a$ oops.\n\n$$\n\\begin{matrix} a \n$$\n\nAfter $y$.');
    const errors = bad.messages.filter((m) => m.ruleId === 'compile/math');
    expect(errors.map((m) => [m.severity, m.file, m.line])).toEqual([
      ['error', 'test.md', 3],
      ['error', 'test.md', 5],
    ]);
    expect(errors[0]!.actual).toBe('\\frac{a');
    expect(bad.html).toMatch(/<code[^>]*>\$\\frac\{a\$<\/code>/);
    expect(visibleText(bad.html)).toContain('\\begin{matrix} a');
    expect(svgs(bad.html)).toHaveLength(2); // $x$ and $y$ still rendered
  });

  it('reports undefined macros instead of drawing them in red', () => {
    const bad = compile('$\\notamacro{x}$');
    expect(bad.messages).toContainEqual(expect.objectContaining({ ruleId: 'compile/math', line: 1 }));
  });

  it('keeps \\newcommand within one article', () => {
    const first = compile('$\\newcommand{\\myset}{\\mathbb{R}}$ then $x \\in \\myset$');
    expect(first.messages.filter((m) => m.ruleId === 'compile/math')).toEqual([]);
    const second = compile("$x \\in \\myset$");
    expect(second.messages).toContainEqual(expect.objectContaining({ ruleId: 'compile/math' }));
  });

  it('reads dollars used as money as text (Pandoc rule)', () => {
    const money = compile('It costs $5 and $10, or $ 3 $ total.');
    expect(svgs(money.html)).toEqual([]);
    expect(visibleText(money.html)).toContain('It costs $5 and $10, or $ 3 $ total.');
  });

  it('leaves math in code alone', () => {
    const code = compile('`$x$` and\n\n```\n$$y$$\n```');
    expect(svgs(code.html)).toEqual([]);
    expect(visibleText(code.html)).toContain('$x$');
  });
});
