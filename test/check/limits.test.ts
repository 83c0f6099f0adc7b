/** WeChat's limits on the content, checked before anything is uploaded (the rest is covered end to end in publish.test.ts). */
import { describe, expect, it } from 'vitest';
import { articleFields } from '../../src/check/article-fields.js';
import { checkLimits } from '../../src/check/check-limits.js';
import { defaultConfig } from '../../src/config/schema.js';
import { compileSource } from '../../src/project/load-article.js';

const config = defaultConfig('/tmp/gzh-validate');

function check(markdown: string, contentChars: number, contentCount: 'html' | 'text' = 'html') {
  const article = compileSource(markdown, 'a.md', '/tmp/gzh-validate/a.md', config);
  const limited = { ...config, limits: { ...config.limits, contentChars, contentCount } };
  return { article, messages: checkLimits(article, articleFields(article, limited), limited).filter((m) => m.ruleId === 'content/length') };
}

describe('content length', () => {
  const markdown = `# 标题\n\n${Array.from({ length: 20 }, (_, i) => `段落 ${i}\n\n![图 ${i}](./img/${i}.png)\n`).join('\n')}`;

  it('counts each local image as the ~130-character WeChat URL it becomes', () => {
    const { article } = check(markdown, 1_000_000);
    const limit = article.html.length + 100; // fits as it is now, not once 20 URLs are ~120 characters longer
    const { messages } = check(markdown, limit);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.message).toMatch(/characters of HTML \(inline styles and image URLs included\)/);
    expect(messages[0]).toMatchObject({ severity: 'error', file: 'a.md', line: 1, column: 1 });
  });

  it('says how many characters of each there are and what to do; `contentCount: text` counts the visible text', () => {
    const long = `# 长文\n\n${'这是一段很长的正文，用来把文章撑到超过限制。'.repeat(50)}\n`;
    const { article, messages } = check(long, 800);
    const text = Array.from(article.text).length;
    expect(text).toBeLessThan(1200);
    expect(messages[0]!.message).toContain(`${text.toLocaleString('en-US')} of visible text`);
    expect(messages[0]!.message).toMatch(/Split the article into a series/);
    expect(messages[0]!.message).toContain('limits.contentCount: text');
    // the same article measured by its text: fits under a limit its HTML exceeds
    expect(check(long, text + 1, 'text').messages).toEqual([]);
    expect(check(long, text, 'text').messages).toHaveLength(1);
  });

  it('does not add anything for images WeChat already hosts', () => {
    const hosted = markdown.replace(/\.\/img\/(\d+)\.png/g, 'https://mmbiz.qpic.cn/mmbiz_png/abc$1/0?wx_fmt=png');
    const { article } = check(hosted, 1_000_000);
    expect(check(hosted, article.html.length + 1).messages).toEqual([]);
  });
});

describe('generated digest', () => {
  it('takes the first sentences of the prose, without link or footnote markers, code or captions', () => {
    const markdown = '# 标题\n\n```js\nconst x = 1;\n```\n\n![图注文字](./a.png)\n\n正文的第一句，提到 [gzh](https://example.com)。第二句有脚注[^1]。\n\n[^1]: 注释内容。\n';
    const article = compileSource(markdown, 'a.md', '/tmp/gzh-validate/a.md', config);
    const { digest } = articleFields(article, config);
    expect(digest).toBe('正文的第一句，提到 gzh。第二句有脚注。');
  });
});
