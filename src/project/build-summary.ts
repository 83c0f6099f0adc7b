/** A Markdown job summary of a build (for $GITHUB_STEP_SUMMARY): articles, characters vs the limit, images, lint. */
import type { BuildResult } from './build-articles.js';

export function buildSummary(result: Pick<BuildResult, 'outDir' | 'articles' | 'errors'>, limits: { contentChars: number; contentCount: 'html' | 'text' }): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const rows = result.articles.map((a) => {
    const chars = limits.contentCount === 'text' ? a.size.text : a.size.html;
    const errors = a.messages.filter((m) => m.severity === 'error').length;
    const warnings = a.messages.filter((m) => m.severity === 'warn').length;
    const lint = errors ? `❌ ${errors} error(s), ${warnings} warning(s)` : warnings ? `⚠️ ${warnings} warning(s)` : '✅';
    const over = chars >= limits.contentChars ? ' ❌' : '';
    return `| ${cell(a.file)} | ${cell(a.title)} | ${chars.toLocaleString('en-US')} / ${limits.contentChars.toLocaleString('en-US')}${over} | ${a.images} | ${lint} |`;
  });
  const problems = result.articles.flatMap((a) => a.messages.filter((m) => m.severity !== 'info').map((m) => `- ${m.severity} \`${cell(m.file ?? a.file)}${m.line ? `:${m.line}` : ''}\` ${cell(m.message)} (${m.ruleId})`));
  return [
    `## gzh: ${result.articles.length} article(s)${result.errors ? `, ${result.errors} error(s)` : ''}`,
    '',
    `| Article | Title | Characters (${limits.contentCount}) | Images | Lint |`,
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
    ...(problems.length ? ['### Lint', '', ...problems, ''] : []),
  ].join('\n');
}
