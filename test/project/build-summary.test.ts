import { describe, expect, it } from 'vitest';
import { buildSummary } from '../../src/index.js';

describe('buildSummary: the job summary of a build', () => {
  it('tables each article with characters vs the limit, images and lint, and lists the problems', () => {
    const md = buildSummary(
      {
        outDir: 'dist',
        errors: 1,
        articles: [
          { file: 'content/a.md', slug: 'a', title: 'A | B', bytes: 10, size: { html: 21_000, text: 900, bytes: 10 }, images: 2, messages: [{ ruleId: 'title/clickbait', severity: 'error', message: '震惊', file: 'content/a.md', line: 2, column: 1, source: 'gzh-lint' }] as never },
          { file: 'content/震惊.md', slug: 'z', title: 'Z', bytes: 10, size: { html: 500, text: 100, bytes: 10 }, images: 0, messages: [] },
        ],
      },
      { contentChars: 20_000, contentCount: 'html' },
    );
    expect(md).toContain('| content/a.md | A \\| B | 21,000 / 20,000 ❌ | 2 | ❌ 1 error(s), 0 warning(s) |');
    expect(md).toContain('| content/震惊.md | Z | 500 / 20,000 | 0 | ✅ |');
    expect(md).toContain('- error `content/a.md:2` 震惊 (title/clickbait)');
    expect(buildSummary({ outDir: 'dist', errors: 0, articles: [] }, { contentChars: 20_000, contentCount: 'text' })).not.toContain('### Lint');
  });
});
