import { readFileSync } from 'node:fs';
import { compileArticle } from '../../src/compile/index.js';
import type { CompileOptions } from '../../src/compile/types.js';

export const defaultThemeCss = readFileSync(new URL('../../themes/default.css', import.meta.url), 'utf8');
export const githubCodeCss = readFileSync(new URL('../../node_modules/highlight.js/styles/github.css', import.meta.url), 'utf8');

export function compile(markdown: string, options: Partial<CompileOptions> = {}) {
  return compileArticle(markdown, { file: 'test.md', themeCss: defaultThemeCss, codeThemeCss: githubCodeCss, ...options });
}
