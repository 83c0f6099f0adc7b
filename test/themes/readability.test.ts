/**
 * Issue 13 §4, colour and typography, each as a repro that failed before the fix: links vs bold, the
 * references list (size, contrast, long URLs wrapping in the column), letter spacing inside code, code colours after the
 * dark-mode adaptation, headings vs body text in dark mode, justified Latin text. Layout is measured in
 * real Chromium (one browser for the file); colours are computed with WeChat's dark-mode rules.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Element } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { chromium, type Browser, type Page } from 'playwright-core';
import { visit } from 'unist-util-visit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileArticle } from '../../src/compile/index.js';
import { deltaE, parseColor, toHsl } from '../../src/compile/color.js';
import { isLatinDominant } from '../../src/compile/style-justify.js';
import { parseDeclarations } from '../../src/compile/style-declarations.js';
import { convertToDarkMode } from '../../src/preview/dark-mode.js';
import { githubCodeCss } from '../helpers/compile.js';
import { contrastRatio } from './colour.js';

const root = path.resolve(import.meta.dirname, '../..');
const themes = readdirSync(path.join(root, 'themes')).filter((f) => f.endsWith('.css')).sort();
const css = (file: string) => readFileSync(path.join(root, 'themes', file), 'utf8');
const LONG_URL = 'https://example.com/a/very/long/path/that/wraps/onto/a/second/line/in/a/phone/column/index.html';
const ARTICLE = `# 标题

正文里有**加粗**，也有[一个链接](${LONG_URL})和 \`inline code\`。

## 第二节

中文段落，用来对比两端对齐：微信公众号的正文通常是中文，两端对齐让每一行都整齐。

This paragraph is written in English to check how a justified theme treats Latin text in a narrow phone column with long words such as internationalisation.

\`\`\`js
function main() { return 'text' + 42; } // comment
\`\`\`
`;

/** Inline style declarations of the elements matching `test`, in document order. */
function stylesOf(html: string, test: (el: Element) => boolean): Map<string, string>[] {
  const out: Map<string, string>[] = [];
  visit(fromHtml(html, { fragment: true }), 'element', (el: Element) => {
    if (test(el)) out.push(new Map(parseDeclarations(String(el.properties.style ?? '')).map((d) => [d.property, d.value])));
  });
  return out;
}

describe('links and bold text', () => {
  it.each(themes)('%s: are told apart by colour or by an underline', (theme) => {
    const { html } = compileArticle('**加粗** 和 [链接](https://example.com)', { themeCss: css(theme) });
    const bold = stylesOf(html, (el) => el.tagName === 'strong')[0]!;
    const link = stylesOf(html, (el) => el.tagName === 'span' && String(el.properties.style ?? '').includes('color'))[0]!;
    const rootColour = stylesOf(html, (el) => el.tagName === 'section')[0]!.get('color')!;
    const boldColour = parseColor(bold.get('color') ?? rootColour)!;
    const linkColour = parseColor(link.get('color') ?? rootColour)!;
    const underlined = /solid|dashed|dotted|underline/.test(`${link.get('border-bottom') ?? ''} ${link.get('text-decoration') ?? ''}`);
    if (theme === 'default.css') expect(deltaE(boldColour, linkColour), 'default: colours alone').toBeGreaterThan(20);
    else expect(underlined || deltaE(boldColour, linkColour) > 20).toBe(true);
  });
});

describe('dark mode', () => {
  it.each(themes)('%s: headings stay distinct from body text', (theme) => {
    const { html } = compileArticle(ARTICLE, { themeCss: css(theme), codeThemeCss: githubCodeCss });
    const dark = convertToDarkMode(html);
    const colour = (test: (el: Element) => boolean) => parseColor(stylesOf(dark, test)[0]!.get('color')!)!;
    const body = colour((el) => el.tagName === 'section');
    const h2 = colour((el) => el.tagName === 'h2');
    expect(deltaE(body, h2)).toBeGreaterThan(15);
  });

  it('keeps code token kinds apart after adapting them (github code theme, default theme)', () => {
    const { html } = compileArticle('```js\nconst re = /x/; class A { m(n) { return n + 1 } } // c\nlet s = "str";\n```', { themeCss: css('default.css'), codeThemeCss: githubCodeCss });
    const tokens = [...new Set([...html.matchAll(/<span style="color:(#[0-9a-f]{3,6})">/g)].map((m) => m[1]!))];
    expect(tokens.length).toBeGreaterThanOrEqual(5);
    // GitHub's keyword red is adapted (it reads at 3.4:1 in dark mode): same hue, not the near-black #751821
    const red = tokens.find((t) => Math.abs(toHsl(parseColor(t)!)[0] - toHsl(parseColor('#d73a49')!)[0]) < 2);
    expect(red).toBeDefined();
    expect(red).not.toBe('#d73a49');
    const pairs = (list: string[]) => list.flatMap((a, i) => list.slice(i + 1).map((b) => deltaE(parseColor(a)!, parseColor(b)!)));
    // lightness-only adaptation left GitHub's purple and navy 18.9 apart
    expect(Math.min(...pairs(tokens))).toBeGreaterThan(25);
    const darkTokens = [...new Set([...convertToDarkMode(html).matchAll(/<span style="color: (#[0-9a-f]{6});">/g)].map((m) => m[1]!))];
    expect(Math.min(...pairs(darkTokens))).toBeGreaterThan(20);
  });
});

describe('justified text', () => {
  it.each([
    ['中文段落，用来对比两端对齐。', false],
    ['使用 React 和 TypeScript 开发 Web 应用，部署到 Linux 服务器。', false],
    ['This paragraph is written in English.', true],
    ['An English sentence with one 中文 term in it.', true],
    ['Short one', false],
    ['', false],
  ] as const)('%j is Latin-dominant: %s', (text, expected) => {
    expect(isLatinDominant(text)).toBe(expected);
  });

  it('serif justifies Chinese paragraphs and aligns English ones left (no stretched word gaps)', () => {
    const { html } = compileArticle(ARTICLE, { themeCss: css('serif.css') });
    const paragraphs = stylesOf(html, (el) => el.tagName === 'p');
    const rootAlign = stylesOf(html, (el) => el.tagName === 'section')[0]!.get('text-align');
    expect(rootAlign).toBe('justify');
    expect(paragraphs.at(-1)!.get('text-align')).toBe('left');
    expect(paragraphs.filter((p) => p.get('text-align') === 'left')).toHaveLength(1);
  });
});

describe('in Chromium', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
    page = await browser.newPage({ viewport: { width: 390, height: 800 } });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  const load = async (theme: string) => {
    const { html } = compileArticle(ARTICLE, { themeCss: css(theme), codeThemeCss: githubCodeCss });
    await page.setContent(`<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0;padding:0 16px">${html}</body></html>`);
  };

  // the references are one block of lines (issue 13 §1: an element per reference cost a fifth of the 20,000),
  // hanging at each line break (`text-indent: -2em each-line`)
  it.each(themes)('%s: the references list reads at ≥ 13 px and ≥ 4.5:1, with a hanging indent for [n], inside the column', async (theme) => {
    await load(theme);
    const item = await page.evaluate((url) => {
      const el = Array.from(document.querySelectorAll('section')).find((s) => s.textContent?.startsWith('[1]') && s.textContent.includes(url))!;
      const style = getComputedStyle(el);
      let bg = 'rgba(0, 0, 0, 0)';
      for (let e: HTMLElement | null = el; e && /rgba\(0, 0, 0, 0\)|transparent/.test(bg); e = e.parentElement) bg = getComputedStyle(e).backgroundColor;
      const range = document.createRange();
      range.selectNodeContents(el);
      const lines = Array.from(range.getClientRects()).map((r) => ({ left: Math.round(r.left), right: Math.round(r.right), top: Math.round(r.top) }));
      return { fontSize: parseFloat(style.fontSize), color: style.color, bg, lines };
    }, LONG_URL);
    expect(item.fontSize).toBeGreaterThanOrEqual(13);
    const hex = (rgb: string) => {
      const [r, g, b] = rgb.match(/\d+/g)!.map(Number) as [number, number, number];
      return `#${[r, g, b].map((n) => n.toString(16).padStart(2, '0')).join('')}`;
    };
    const background = /rgba\(0, 0, 0, 0\)/.test(item.bg) ? '#ffffff' : hex(item.bg);
    expect(contrastRatio(hex(item.color), background)).toBeGreaterThanOrEqual(4.5);
    const tops = [...new Set(item.lines.map((l) => l.top))].sort((a, b) => a - b);
    expect(tops.length, 'the long reference wraps').toBeGreaterThan(1);
    const leftOf = (top: number) => Math.min(...item.lines.filter((l) => l.top === top).map((l) => l.left));
    // continuation lines start to the right of the [n]: a hanging indent
    expect(leftOf(tops[1]!) - leftOf(tops[0]!)).toBeGreaterThanOrEqual(15);
    // 390 px page, 16 px margins: every line of the wrapped URL stays in the column
    for (const line of item.lines) expect(line.right, JSON.stringify(line)).toBeLessThanOrEqual(374 + 1);
  });

  it('default: code has no letter spacing of its own (the body has 0.5 px)', async () => {
    await load('default.css');
    const spacing = await page.evaluate(() => Array.from(document.querySelectorAll('code')).map((c) => getComputedStyle(c).letterSpacing));
    expect(spacing.length).toBe(2);
    for (const s of spacing) expect(['normal', '0px']).toContain(s);
    const body = await page.evaluate(() => getComputedStyle(document.querySelector('p')!).letterSpacing);
    expect(body).toBe('0.5px');
  });

  it('serif: the English paragraph is aligned left, the Chinese one justified', async () => {
    await load('serif.css');
    const aligns = await page.evaluate(() => Array.from(document.querySelectorAll('p')).map((p) => [p.textContent!.slice(0, 4), getComputedStyle(p).textAlign] as [string, string]));
    expect(aligns.find(([t]) => t.startsWith('中文'))?.[1]).toBe('justify');
    expect(aligns.find(([t]) => t.startsWith('This'))?.[1]).toBe('left');
  });
});
