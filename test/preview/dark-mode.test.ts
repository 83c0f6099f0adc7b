import { describe, expect, it } from 'vitest';
import { blend, parseColor, perceivedBrightness, type Rgba } from '../../src/compile/color.js';
import { convertToDarkMode } from '../../src/preview/dark-mode.js';
import { compile } from '../helpers/compile.js';

const DARK_BG: Rgba = { r: 25, g: 25, b: 25, a: 1 };

/** The value of `property` in the style attribute of the first element matching `tag` (in order). */
function styleOf(html: string, tag: string, property: string, nth = 0): string | undefined {
  const tags = [...html.matchAll(new RegExp(`<${tag}\\b[^>]*style="([^"]*)"`, 'g'))];
  const style = tags[nth]?.[1]?.replace(/&quot;/g, '"').replace(/&#x27;/g, "'");
  if (!style) return undefined;
  const found = style
    .split(';')
    .map((d) => d.split(':').map((s) => s.trim()))
    .filter(([k]) => k === property);
  return found[found.length - 1]?.[1];
}

function brightness(color: string | undefined, under: Rgba = DARK_BG): number {
  const parsed = parseColor(color ?? '');
  if (!parsed) throw new Error(`not a colour: ${color}`);
  return perceivedBrightness(blend(under, parsed));
}

describe('convertToDarkMode', () => {
  it('turns dark body text into the default dark text colour (#a3a3a3)', () => {
    const out = convertToDarkMode('<section style="font-size: 15px; color: #333333;"><p>正文</p></section>');
    expect(styleOf(out, 'section', 'color')).toBe('#a3a3a3');
    expect(styleOf(out, 'section', 'font-size')).toBe('15px');
  });

  it('inverts white and grey backgrounds to dark greys and re-picks the text colour under them', () => {
    const out = convertToDarkMode('<section style="background-color: #ffffff;"><p style="background: #f7f7f7;">引用</p></section>');
    const white = styleOf(out, 'section', 'background-color');
    const grey = styleOf(out, 'p', 'background');
    expect(brightness(white)).toBeLessThan(40);
    expect(brightness(grey)).toBeLessThan(45);
    expect(brightness(grey)).toBeGreaterThan(brightness(white));
    // no inline colour: one is added so text stays readable on the new background (light on the dark grey)
    const text = styleOf(out, 'section', 'color');
    expect(text).toMatch(/^(#|rgb)/);
    expect(brightness(text!) - brightness(white)).toBeGreaterThanOrEqual(65);
  });

  it('caps bright coloured backgrounds at perceived brightness 190', () => {
    const out = convertToDarkMode('<p style="background-color: #ffe98f;">黄色底</p>');
    const value = brightness(styleOf(out, 'p', 'background-color'));
    expect(value).toBeLessThanOrEqual(191);
    expect(value).toBeGreaterThan(150);
  });

  it('keeps text at least 65 brightness away from the background it sits on', () => {
    const cases = ['#d14', '#666666', '#07a35a', '#576b95', '#999999', '#3f51b5', '#ff9800'];
    for (const bg of ['#f2f2f2', '#ffe98f', '#e8f4ff', '#ffffff', '#191919']) {
      for (const text of cases) {
        const out = convertToDarkMode(`<section style="background-color: ${bg};"><span style="color: ${text};">字</span></section>`);
        const darkBg = blend(DARK_BG, parseColor(styleOf(out, 'section', 'background-color')!)!);
        const t = brightness(styleOf(out, 'span', 'color'), darkBg);
        const b = perceivedBrightness(darkBg);
        expect(Math.abs(t - b) >= 64.5 || t >= 250, `${text} on ${bg}: text ${t.toFixed(0)} vs background ${b.toFixed(0)}`).toBe(true);
      }
    }
  });

  it('keeps coloured text that already contrasts with the dark page', () => {
    const out = convertToDarkMode('<p style="color: #a3a3a3;"><strong style="font-weight: bold; color: #07a35a;">强调</strong></p>');
    expect(styleOf(out, 'strong', 'color')).toBe('#07a35a');
  });

  it('converts border colours and text-shadow, and nothing but colour declarations', () => {
    const input = '<h2 style="margin: 2em 0 1em; border-bottom: 2px solid #dddddd; text-shadow: 1px 1px 2px #ffffff; font-family: Georgia, \'Songti SC\', serif;">标题</h2>';
    const out = convertToDarkMode(input);
    expect(styleOf(out, 'h2', 'border-bottom')).toMatch(/^2px solid #[0-9a-f]{6}$/);
    expect(styleOf(out, 'h2', 'border-bottom')).not.toBe('2px solid #dddddd');
    expect(brightness(styleOf(out, 'h2', 'text-shadow')!.split(' ').pop())).toBeLessThan(60);
    expect(styleOf(out, 'h2', 'margin')).toBe('2em 0 1em');
    expect(styleOf(out, 'h2', 'font-family')).toBe("Georgia, 'Songti SC', serif");
  });

  it('leaves elements with a background image and everything inside them as authored', () => {
    const input = '<section style="background-image: url(https://mmbiz.qpic.cn/x.png); background-color: #ffffff;"><p style="color: #333333;">图上文字</p></section><p style="color: #333333;">after</p>';
    const out = convertToDarkMode(input);
    expect(styleOf(out, 'section', 'background-color')).toBe('#ffffff');
    expect(styleOf(out, 'p', 'color', 0)).toBe('#333333');
    expect(styleOf(out, 'p', 'color', 1)).toBe('#a3a3a3');
  });

  it('skips SVG (nested too) and converts what follows it', () => {
    const svg = '<svg viewBox="0 0 10 10"><g style="color: #000000;"><svg><rect style="fill: #ffffff; color: #111111;"></rect></svg></g></svg>';
    const out = convertToDarkMode(`<section style="color: #333333;">${svg}<p style="color: #222222;">x</p></section>`);
    expect(out).toContain(svg);
    expect(styleOf(out, 'p', 'color')).toBe('#a3a3a3');
  });

  it('keeps !important, transparency, unknown values and HTML without styles', () => {
    const out = convertToDarkMode('<p style="color: #333333 !important; background-color: rgba(255, 255, 255, 0.5); border-color: currentColor;">a &amp; b</p><img src="a.png" alt="x > y"><br>');
    expect(out).toMatch(/color: #[0-9a-f]{6} !important;/);
    expect(styleOf(out, 'p', 'background-color')).toMatch(/^rgba\(\d+, \d+, \d+, 0\.5\)$/);
    expect(styleOf(out, 'p', 'border-color')).toBe('currentColor');
    expect(out).toContain('a &amp; b</p><img src="a.png" alt="x > y"><br>');
    const plain = '<section><p>没有样式</p><img src="x.png"></section>';
    expect(convertToDarkMode(plain)).toBe(plain);
  });

  it('converts a whole compiled article: same text, every colour dark-ready', () => {
    const { html } = compile('# 标题\n\n正文**强调**\n\n> 引用\n\n```js\nconst a = 1;\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n');
    const out = convertToDarkMode(html);
    expect(out.replace(/style="[^"]*"/g, '')).toBe(html.replace(/style="[^"]*"/g, ''));
    // no background in the result is brighter than the cap
    for (const m of out.matchAll(/background(?:-color)?: (#[0-9a-f]{6})/g)) expect(brightness(m[1])).toBeLessThanOrEqual(191);
  });
});
