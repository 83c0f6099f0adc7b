/**
 * Real-world Markdown nobody on the team wrote (test/corpus/<folder>/*.md: npm READMEs, Chinese docs and
 * articles from public repos; sources and licences in each folder's LICENSES.md), compiled offline
 * (compileArticle does no I/O: remote images are not fetched) in the default theme and in one other theme,
 * taken in turn so every theme sees several files (a compile of a 40 KB README takes ~0.5 s). Each must compile
 * without throwing, meet the output contract, keep every heading's words, place every message at a
 * line, and show no raw container fences.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileArticle } from '../../src/compile/index.js';
import { checkOutputContract, missingText, visibleText } from '../helpers/contract.js';
import { githubCodeCss } from '../helpers/compile.js';

const corpus = path.resolve(import.meta.dirname, '../corpus');
const themesDir = path.resolve(import.meta.dirname, '../../themes');
const themes = readdirSync(themesDir).filter((f) => f.endsWith('.css')).sort();
const folders = readdirSync(corpus).filter((f) => statSync(path.join(corpus, f)).isDirectory()).sort();
/** Folders this test was written against: their articles also compile without a single error. */
const ERROR_FREE = new Set(['readmes', 'zh-misc']);

/** Words of the ATX headings outside code fences, with inline markup, HTML and `{#anchor}`s removed. */
function headingWords(markdown: string): string[] {
  const words: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const mark = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (mark) {
      if (!fence) fence = mark;
      else if (mark[0] === fence[0] && line.trim() === mark) fence = undefined;
      continue;
    }
    if (fence) continue;
    const heading = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (!heading) continue;
    const text = heading
      .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/<[^>]+>/g, ' ')
      .replace(/%?\{#[^}]*\}%?/g, ' ')
      .replace(/&[a-z]+;/g, ' ');
    for (const word of text.match(/[\p{Script=Han}]{2,}|[A-Za-z][A-Za-z0-9]{2,}/gu) ?? []) words.push(word);
  }
  return words;
}

for (const folder of folders) {
  const dir = path.join(corpus, folder);
  const files = readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'LICENSES.md').sort();

  describe(`corpus ${folder}`, () => {
    it('has its sources and licences written down', () => {
      expect(existsSync(path.join(dir, 'LICENSES.md')), `${folder}/LICENSES.md`).toBe(true);
      const licences = readFileSync(path.join(dir, 'LICENSES.md'), 'utf8');
      for (const file of files) expect(licences, file).toContain(file);
    });

    describe.each(files.map((file, i) => [file, i] as const))('%s', (file, i) => {
      const markdown = readFileSync(path.join(dir, file), 'utf8');
      const words = headingWords(markdown);
      const others = themes.filter((t) => t !== 'default.css');
      const pair = ['default.css', others[i % others.length]!];

      it.each(pair)('compiles in %s: contract, headings kept, every message placed', (theme) => {
        const themeCss = readFileSync(path.join(themesDir, theme), 'utf8');
        const result = compileArticle(markdown, { file: `${folder}/${file}`, themeCss, codeThemeCss: githubCodeCss });
        expect(checkOutputContract(result.html)).toEqual([]);
        const title = result.title ? [result.title] : [];
        expect(missingText(`${title.join(' ')} ${result.html}`, words)).toEqual([]);
        const unplaced = result.messages.filter((m) => m.file !== `${folder}/${file}` || !(Number.isInteger(m.line) && m.line! >= 1 && m.line! <= markdown.split('\n').length));
        expect(unplaced).toEqual([]);
        if (ERROR_FREE.has(folder)) expect(result.messages.filter((m) => m.severity === 'error')).toEqual([]);
        // VitePress `::: tip` and the like are containers, not text
        expect(visibleText(result.html)).not.toMatch(/(^|\s):::\s?(tip|warning|info|danger|note|details)\b/i);
      });
    });
  });
}
