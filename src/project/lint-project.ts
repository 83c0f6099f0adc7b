/**
 * `gzh lint`: the pre-publish checks on files (each article alone: a draft's duplicate titles are checked when
 * it is published) or on title strings. The same messages publish would print, so lint passing means publish
 * passes (network-dependent things aside: remote images, quotas the server counts).
 */
import { checkArticle } from '../check/index.js';
import { hardRulesConfig } from '../check/hard-rules.js';
import { ImageMemo } from '../images/image-memo.js';
import type { LintResult } from '../lint/index.js';
import { lintTitle } from '../lint/index.js';
import { pushReminders } from '../publish/push-reminder.js';
import { CompileCache } from './compile-cache.js';
import { findArticles } from './find-articles.js';
import { loadArticle } from './load-article.js';
import type { Project } from './load-project.js';

export async function lintArticles(project: Project, paths: readonly string[], options: { signal?: AbortSignal; /** Reuse compiles from `.gzh/cache/compile` (default true; the same entries gzh build uses). */ cache?: boolean } = {}): Promise<LintResult[]> {
  const { config, cwd } = project;
  const results: LintResult[] = [];
  const compileCache = options.cache === false ? undefined : CompileCache.forProject(config);
  // the articles share their pictures: each is resolved and sniffed once per run
  const imageMemo = new ImageMemo();
  for (const file of findArticles(paths, config, cwd)) {
    if (options.signal?.aborted) break;
    const article = await loadArticle(file, config, { cwd, env: project.env, compileCache });
    const checked = await checkArticle(article, config, { root: config.root, cwd, imageMemo });
    // compile warnings are `gzh build`'s to show; its errors (broken front matter) stop the checks and are shown here
    const compileErrors = article.messages.filter((m) => m.severity === 'error');
    results.push({ file: article.file, messages: [...compileErrors, ...checked.messages, ...pushReminders(project, article)] });
  }
  await compileCache?.flush();
  return results;
}

/** `--title "..."`: the title rules, with the title's own limits (empty, too long) as errors as publish has them. */
export function lintTitles(project: Project, titles: readonly string[]): LintResult[] {
  const { config } = project;
  return titles.map((title) => ({
    file: undefined,
    title,
    messages: [
      ...lintTitle(title, { config: config.lint, maxLength: config.limits.title }).filter((m) => m.ruleId !== 'title/empty' && m.ruleId !== 'title/length'),
      ...lintTitle(title, { config: hardRulesConfig(config.lint), maxLength: config.limits.title }),
    ],
  }));
}
