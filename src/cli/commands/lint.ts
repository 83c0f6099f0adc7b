/** `gzh lint`: risky headlines and field limits, for files (front matter title or first heading) or --title strings. */
import { LINT_FORMATS, findUnknownRuleIds, formatLintResults, hasErrors, lintTitle, type LintFormat, type LintResult } from '../../lint/index.js';
import { UsageError } from '../../errors.js';
import { findArticles } from '../../project/find-articles.js';
import { lintLoadedArticle } from '../../project/lint-articles.js';
import { loadArticle } from '../../project/load-article.js';
import type { CommandContext } from '../context.js';
import { loadProjectConfig } from '../load-project.js';

export async function run(paths: string[], options: Record<string, unknown>, ctx: CommandContext): Promise<number> {
  const format = String(options.format ?? 'stylish') as LintFormat;
  if (!LINT_FORMATS.includes(format)) throw new UsageError(`Unknown format \`${format}\``, { hint: `Use one of: ${LINT_FORMATS.join(', ')}` });
  const config = await loadProjectConfig(ctx, options);
  for (const id of findUnknownRuleIds(config.lint)) ctx.output.err(`${ctx.output.colors.yellow('warn')} config lint.rules: unknown rule id \`${id}\` (see the README for the list)`);

  const titles = ([] as unknown[]).concat(options.title ?? []).filter((t) => t !== undefined && t !== true).map(String);
  const results: LintResult[] = [];
  if (titles.length > 0) {
    if (paths.length > 0) throw new UsageError('Give either --title strings or paths, not both');
    for (const title of titles) results.push({ file: undefined, title, messages: lintTitle(title, { config: config.lint, maxLength: config.limits.title }) });
  } else {
    const files = findArticles(paths, config, ctx.cwd);
    const articles = [];
    for (const file of files) articles.push(await loadArticle(file, config, { cwd: ctx.cwd }));
    for (const article of articles) {
      // front matter errors stop the title from being known: report them too
      const frontMatterErrors = article.messages.filter((m) => m.ruleId.startsWith('front-matter/') && m.severity === 'error');
      // (and only them: an unreadable title would also be reported as empty, its cover as missing)
      results.push({ file: article.file, messages: frontMatterErrors.length > 0 ? frontMatterErrors : lintLoadedArticle(article, config) });
    }
  }
  const text = formatLintResults(results, format, { color: ctx.output.color, cwd: ctx.cwd });
  if (text) ctx.output.out(text.replace(/\n$/, ''));
  return hasErrors(results) ? 1 : 0;
}
