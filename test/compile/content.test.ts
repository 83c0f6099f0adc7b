/** Every example article in content/ compiles to output that meets the contract, losing no text or URL. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Root } from 'mdast';
import remarkDirective from 'remark-directive';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { compile } from '../helpers/compile.js';
import { checkOutputContract, missingText, visibleText } from '../helpers/contract.js';

const contentDir = path.resolve(import.meta.dirname, '../../content');
const articles = readdirSync(contentDir).filter((f) => f.endsWith('.md'));

/** The text a reader should see, per Markdown node, and the URLs of links. */
function sourceTextOf(markdown: string): { chunks: string[]; urls: string[] } {
  // math (inlineMath/math nodes) becomes SVG, not text: parsed as math, it is not a text chunk
  const tree = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter).use(remarkMath).use(remarkDirective).parse(markdown) as Root;
  const chunks: string[] = [];
  const urls: string[] = [];
  visit(tree, (node) => {
    // callout markers (`> [!NOTE]`) become the callout's title; `{汉字|hàn zì}` becomes ruby (base then annotation)
    if (node.type === 'text') chunks.push(node.value.replace(/^\[!(note|tip|important|warning|caution)\]/i, '').replace(/\{([^{}|\n]+)\|([^{}|\n]+)\}/g, '$1$2'));
    else if (node.type === 'inlineCode' || node.type === 'code') chunks.push(node.value);
    if (node.type === 'link' && /^https?:/.test(node.url)) urls.push(node.url);
  });
  return { chunks, urls };
}

describe('content/ examples', () => {
  it('exist and cover Chinese and English', () => {
    expect(articles.length).toBeGreaterThanOrEqual(3);
  });
  for (const name of articles) {
    describe(name, () => {
      const markdown = readFileSync(path.join(contentDir, name), 'utf8');
      const result = compile(markdown, { file: `content/${name}` });
      it('compiles without errors', () => {
        expect(result.messages.filter((m) => m.severity === 'error')).toEqual([]);
        expect(result.title.length).toBeGreaterThan(0);
      });
      it('meets the output contract', () => {
        expect(checkOutputContract(result.html)).toEqual([]);
      });
      it('keeps every visible text of the source', () => {
        const { chunks } = sourceTextOf(markdown);
        // the title leaves the body (WeChat shows it above); everything else must be there
        expect(missingText(result.html, chunks.filter((c) => c !== result.title))).toEqual([]);
      });
      it('shows every external URL as text (WeChat article links stay links)', () => {
        const text = visibleText(result.html);
        for (const url of sourceTextOf(markdown).urls) {
          if (url.startsWith('https://mp.weixin.qq.com/')) expect(result.html).toContain(`href="${url}"`);
          else expect(text).toContain(url);
        }
      });
    });
  }
});

describe('the examples together use every feature', () => {
  const all = articles.map((f) => readFileSync(path.join(contentDir, f), 'utf8')).join('\n');
  it.each([
    ['table', /^\|.*\|$/m],
    ['task list', /^- \[[ x]\] /m],
    ['footnote', /\[\^\w+\]:/],
    ['fenced code with language', /^```\w+/m],
    ['code with a tab', /^```[\s\S]*?\n\t/m],
    ['image', /!\[[^\]]*\]\(/],
    ['external link', /\]\(https?:\/\//],
    ['WeChat link', /\]\(https:\/\/mp\.weixin\.qq\.com/],
    ['anchor link', /\]\(#/],
    ['nested list 3+ levels', /^ {4,}- /m],
    ['blockquote', /^> /m],
    ['strikethrough', /~~[^~]+~~/],
    ['raw HTML', /<u>|<sup>/],
    ['hr', /^---$/m],
    ['English text', /[A-Za-z]{6,} [A-Za-z]{4,}/],
  ])('%s', (_name, pattern) => {
    expect(all).toMatch(pattern);
  });
});
