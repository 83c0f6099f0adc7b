/** `gzh lint`: the pre-publish checks for files (front matter title or first heading), or the title rules for --title strings. */
import { LINT_FORMATS, UsageError, findUnknownRuleIds, formatLintResults, hasErrors, lintArticles, lintTitles, type LintFormat } from '../../index.js';
import type { CommandContext } from '../context.js';
import { projectOf } from '../project.js';

export async function run(paths: string[], options: Record<string, unknown>, ctx: CommandContext): Promise<number> {
  const format = String(options.format ?? 'stylish') as LintFormat;
  if (!LINT_FORMATS.includes(format)) throw new UsageError(`Unknown format \`${format}\``, { hint: `Use one of: ${LINT_FORMATS.join(', ')}` });
  const project = await projectOf(ctx, options);
  for (const id of findUnknownRuleIds(project.config.lint)) ctx.output.err(`${ctx.output.colors.yellow('warn')} config lint.rules: unknown rule id \`${id}\` (see the README for the list)`);
  const titles = ([] as unknown[]).concat(options.title ?? []).map(String);
  if (titles.length > 0 && paths.length > 0) throw new UsageError('Give either --title strings or paths, not both');
  const results = titles.length > 0 ? lintTitles(project, titles) : await lintArticles(project, paths, { signal: ctx.signal, cache: options.cache !== false });
  const text = formatLintResults(results, format, { color: ctx.output.color, cwd: ctx.cwd });
  if (text) ctx.output.out(text.replace(/\n$/, ''));
  return hasErrors(results) ? 1 : 0;
}
