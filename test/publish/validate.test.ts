/** Limits checked before anything is uploaded (the rest is covered end to end in publish.test.ts). */
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/schema.js';
import { compileSource } from '../../src/project/load-article.js';
import { articleFields, validateArticle } from '../../src/publish/validate.js';

const config = defaultConfig('/tmp/gzh-validate');

function check(markdown: string, contentChars: number) {
  const article = compileSource(markdown, 'a.md', '/tmp/gzh-validate/a.md', config);
  const limited = { ...config, limits: { ...config.limits, contentChars } };
  return { article, messages: validateArticle(article, articleFields(article, limited), limited).filter((m) => m.ruleId === 'limit/content') };
}

describe('content length', () => {
  const markdown = `# 标题\n\n${Array.from({ length: 20 }, (_, i) => `段落 ${i}\n\n![图 ${i}](./img/${i}.png)\n`).join('\n')}`;

  it('counts each local image as the ~130-character WeChat URL it becomes', () => {
    const { article } = check(markdown, 1_000_000);
    const limit = article.html.length + 100; // fits as it is now, not once 20 URLs are ~120 characters longer
    const { messages } = check(markdown, limit);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.message).toMatch(/with WeChat's image URLs/);
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
