/**
 * `gzh lint`: the pre-publish checks on files (each article alone: a draft's duplicate titles are checked when
 * it is published) or on title strings. The same messages publish would print, so lint passing means publish
 * passes (network-dependent things aside: remote images, quotas the server counts).
 */
import { checkArticle } from '../check/index.js';
import { hardRulesConfig } from '../check/hard-rules.js';
import { InterruptedError } from '../errors.js';
import { ImageMemo } from '../images/image-memo.js';
import type { LintResult } from '../lint/index.js';
import { lintTitle } from '../lint/index.js';
import { pushReminders } from '../publish/push-reminder.js';
import { CompileCache } from './compile-cache.js';
import { findArticles } from './find-articles.js';
import { compileAhead } from './compile-ahead.js';
import type { Project } from './load-project.js';

export async function lintArticles(project: Project, paths: readonly string[], options: { signal?: AbortSignal; /** Reuse compiles from `.gzh/cache/compile` (default true; the same entries gzh build uses). */ cache?: boolean; /** Worker threads compiling (default: the number of cores). */ jobs?: number } = {}): Promise<LintResult[]> {
  const { config, cwd } = project;
  const results: LintResult[] = [];
  const compileCache = options.cache === false ? undefined : CompileCache.forProject(config);
  // the articles share their pictures: each is resolved and sniffed once per run
  const imageMemo = new ImageMemo();
  const files = findArticles(paths, config, cwd);
  // compiled ahead on every core (a repo's first lint, or after an upgrade, compiles them all), checked in order
  const compiles = compileAhead(files, config, { jobs: options.jobs, cwd, env: project.env, signal: options.signal, compileCache });
  try {
    // interrupted (Ctrl-C): an error, never a partial "No problems"
    const interrupted = (i: number) => new InterruptedError(`Interrupted after ${i} of ${files.length} articles: lint again to check them all`);
    for (let i = 0; i < files.length; i++) {
      if (options.signal?.aborted) throw interrupted(i);
      const article = await compiles.article(i).catch((error: unknown) => {
        throw options.signal?.aborted ? interrupted(i) : error;
      });
      const checked = await checkArticle(article, config, { root: config.root, cwd, imageMemo });
      // compile warnings are `gzh build`'s to show; its errors (broken front matter) stop the checks and are shown here
      const compileErrors = article.messages.filter((m) => m.severity === 'error');
      results.push({ file: article.file, messages: [...compileErrors, ...checked.messages, ...pushReminders(project, article)] });
    }
  } finally {
    await compiles.close();
    await compileCache?.tidy();
  }
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
