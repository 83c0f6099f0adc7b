/**
 * Every built-in theme: a header `gzh themes` can list, overridable variables, nothing WeChat drops
 * (no theme warnings, the output contract holds on every example article) and readable colours.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileArticle, prepareTheme } from '../../src/compile/index.js';
import type { Message } from '../../src/errors.js';
import { checkOutputContract } from '../helpers/contract.js';
import { contrastRatio, sampleTextColours } from './colour.js';
import { blend, formatColor, parseColor, perceivedBrightness } from '../../src/compile/color.js';
import { convertBackground, darkPalette } from '../../src/compile/dark-mode-colors.js';

const root = path.resolve(import.meta.dirname, '../..');
const themesDir = path.join(root, 'themes');
const contentDir = path.join(root, 'content');
const themeFiles = readdirSync(themesDir).filter((f) => f.endsWith('.css')).sort();
const articles = readdirSync(contentDir).filter((f) => f.endsWith('.md')).sort();
const githubCss = readFileSync(path.join(root, 'node_modules/highlight.js/styles/github.css'), 'utf8');
const githubDarkCss = readFileSync(path.join(root, 'node_modules/highlight.js/styles/github-dark.css'), 'utf8');

const isThemeMessage = (m: Message) => m.source === 'gzh-theme' || m.ruleId.startsWith('theme/');
const REQUIRED_VARS = ['--gzh-primary', '--gzh-text', '--gzh-font-size', '--gzh-line-height'];
/** Properties that carry colours: WeChat's dark mode converts only solid colours in these. */
const COLOUR_PROPERTY = /^(color|background|background-color|border(-(top|right|bottom|left))?(-color)?|box-shadow|text-shadow|outline)$/;
const NON_COLOUR_TOKEN = /^(#[0-9a-f]{3}|#[0-9a-f]{6}|-?\d*\.?\d+(px|em|%)?|solid|dashed|dotted|double|none|transparent|inherit|currentcolor|0)$/i;

function header(css: string): Record<string, string> {
  const comment = /^\s*\/\*([\s\S]*?)\*\//.exec(css)?.[1] ?? '';
  const fields: Record<string, string> = {};
  for (const m of comment.matchAll(/^[\s*]*(\w+):\s*(.+)$/gm)) fields[m[1]!] = m[2]!.trim();
  return fields;
}

function articleColour(css: string, vars: Record<string, string> = {}): string {
  const rule = prepareTheme(css, vars).rules.find((r) => r.selector.trim() === '.article');
  const color = rule?.declarations.find((d) => d.property === 'color')?.value;
  if (!color) throw new Error('theme has no `.article { color }`');
  return color;
}

it('the built-in themes are there', () => {
  expect(themeFiles).toEqual(expect.arrayContaining(['default.css', 'serif.css', 'tech.css', 'warm.css']));
  expect(articles.length).toBeGreaterThanOrEqual(3);
});

describe.each(themeFiles)('theme %s', (file) => {
  const css = readFileSync(path.join(themesDir, file), 'utf8');
  const name = file.slice(0, -4);
  const theme = prepareTheme(css);

  it('has a header with name, description and author', () => {
    const fields = header(css);
    expect(fields.name).toBe(name);
    expect(fields.description?.length).toBeGreaterThan(20);
    expect(fields.author).toBeTruthy();
  });

  it('parses without warnings and defines the overridable variables', () => {
    expect(theme.messages).toEqual([]);
    for (const v of REQUIRED_VARS) expect(theme.variables, v).toHaveProperty(v);
    expect(theme.variables['--gzh-primary']).toMatch(/^#[0-9a-f]{6}$/i);
    expect(theme.variables['--gzh-text']).toMatch(/^#[0-9a-f]{6}$/i);
    expect(theme.variables['--gzh-font-size']).toMatch(/^\d+(\.\d+)?px$/);
    expect(Number(theme.variables['--gzh-line-height'])).toBeGreaterThanOrEqual(1.5);
  });

  it('uses only what WeChat keeps: px/em sizes, solid hex colours, simple layout', () => {
    expect(css).not.toMatch(/@(media|supports|font-face|keyframes|import)\b/);
    expect(css).not.toMatch(/::?(before|after)\b/);
    const problems: string[] = [];
    for (const rule of theme.rules) {
      for (const { property, value } of rule.declarations) {
        const where = `${rule.selector} { ${property}: ${value} }`;
        if (value.includes('var(')) problems.push(`unresolved var: ${where}`);
        if (property === 'font-size' && !/^\d*\.?\d+(px|em)$/.test(value)) problems.push(`font-size not px/em: ${where}`);
        if (property === 'position' && value !== 'relative') problems.push(`position: ${where}`);
        if (property === 'display' && /flex|grid/.test(value)) problems.push(`flex/grid layout: ${where}`);
        if (/gradient|url\(/i.test(value)) problems.push(`background image (dark mode skips it): ${where}`);
        if (COLOUR_PROPERTY.test(property)) {
          const odd = value.replace(/,/g, ' ').split(/\s+/).filter((t) => t && !NON_COLOUR_TOKEN.test(t));
          if (odd.length) problems.push(`non-hex colour ${odd.join(' ')}: ${where}`);
        }
        if (/^background(-color)?$/.test(property) && /^#f{3}(f{3})?$/i.test(value)) problems.push(`pure white block (dark mode): ${where}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('has block backgrounds that WeChat dark mode turns dark (headings and table headers too: no bright blocks)', () => {
    const palette = darkPalette();
    const light: string[] = [];
    for (const rule of theme.rules) {
      for (const { property, value } of rule.declarations) {
        if (!/^background(-color)?$/.test(property)) continue;
        const colour = parseColor(value);
        if (!colour || colour.a < 0.05) continue;
        const dark = blend(palette.background, convertBackground(colour, palette.background, palette));
        if (perceivedBrightness(dark) > 100) light.push(`${rule.selector} { ${property}: ${value} } → ${formatColor(dark)}`);
      }
    }
    expect(light).toEqual([]);
  });

  it('has body text contrast of at least 4.5:1 on a white page', () => {
    const color = articleColour(css);
    expect(color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(contrastRatio(color, '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });

  it('takes overrides from themeVars', () => {
    const r = compileArticle('Hello **world**', { file: 'x.md', themeCss: css, themeVars: { '--gzh-text': '#123456', '--gzh-font-size': '17px' } });
    expect(r.messages.filter(isThemeMessage)).toEqual([]);
    expect(r.html).toMatch(/<section style="[^"]*color:#123456/);
    expect(r.html).toMatch(/<section style="[^"]*font-size:17px/);
  });

  describe.each(articles)('compiling %s', (article) => {
    const markdown = readFileSync(path.join(contentDir, article), 'utf8');
    const compiled = compileArticle(markdown, { file: article, themeCss: css, codeThemeCss: githubCss });

    it('gives no theme warnings and meets the output contract', () => {
      expect(compiled.messages.filter(isThemeMessage)).toEqual([]);
      expect(checkOutputContract(compiled.html)).toEqual([]);
      expect(compiled.html).not.toContain('class=');
    });

    it('keeps every text run readable (≥ 3:1; body paragraphs ≥ 4.5:1)', () => {
      const samples = sampleTextColours(compiled.html);
      expect(samples.length).toBeGreaterThan(5);
      expect(samples.filter((s) => s.ratio < 3).map((s) => `${s.text} ${s.color}/${s.background} ${s.ratio.toFixed(2)}`)).toEqual([]);
      expect(samples.filter((s) => s.tag === 'p' && s.ratio < 4.5).map((s) => `${s.text} ${s.color}/${s.background}`)).toEqual([]);
    });
  });

  it('keeps code readable with a dark code theme too (github-dark)', () => {
    const markdown = readFileSync(path.join(contentDir, 'features.md'), 'utf8');
    const compiled = compileArticle(markdown, { file: 'features.md', themeCss: css, codeThemeCss: githubDarkCss });
    expect(compiled.messages.filter(isThemeMessage)).toEqual([]);
    const samples = sampleTextColours(compiled.html);
    const code = samples.filter((s) => s.background.toLowerCase() === '#0d1117');
    expect(code.length).toBeGreaterThan(20);
    expect(code.filter((s) => s.ratio < 3).map((s) => `${s.text} ${s.color}/${s.background} ${s.ratio.toFixed(2)}`)).toEqual([]);
  });
});
