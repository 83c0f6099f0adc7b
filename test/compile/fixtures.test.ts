/**
 * One fixture per construct: test/fixtures/compile/<case>/input.md → output.html, compiled with a tiny
 * fixture theme so the files show the transforms, not the design. `UPDATE=1 npx vitest run` rewrites
 * the expected files (review the diff before committing).
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileArticle } from '../../src/compile/index.js';
import { githubCodeCss } from '../helpers/compile.js';
import { checkOutputContract } from '../helpers/contract.js';

const dir = path.resolve(import.meta.dirname, '../fixtures/compile');
const themeCss = readFileSync(path.join(dir, 'theme.css'), 'utf8');
const cases = readdirSync(dir).filter((f) => statSync(path.join(dir, f)).isDirectory());

/** One element per line so fixture diffs are readable. */
function pretty(html: string): string {
  return html.replace(/></g, '>\n<') + '\n';
}

describe('compile fixtures', () => {
  for (const name of cases) {
    it(name, () => {
      const input = readFileSync(path.join(dir, name, 'input.md'), 'utf8');
      const result = compileArticle(input, { file: 'input.md', themeCss, codeThemeCss: githubCodeCss });
      const actual = pretty(result.html);
      const expectedFile = path.join(dir, name, 'output.html');
      if (process.env.UPDATE) writeFileSync(expectedFile, actual);
      // a missing expected file is a failure, not a fixture written from the output it should check
      if (!existsSync(expectedFile)) throw new Error(`${name}/output.html is missing: write it with UPDATE=1 and review it`);
      expect(actual).toBe(readFileSync(expectedFile, 'utf8'));
      expect(checkOutputContract(result.html)).toEqual([]);
    });
  }
});
