/**
 * Everything before the network: resolve the inputs, compile and lint every article, check the API limits.
 * Shared by `--dry-run` and the real run, so the plan is exactly what the real run does.
 */
import type { ResolvedConfig } from '../config/schema.js';
import { UsageError, type Message } from '../errors.js';
import { lintLoadedArticle } from '../project/lint-articles.js';
import { loadArticle, type LoadedArticle } from '../project/load-article.js';
import { resolvePublishInputs, toProjectPath, type PublishInputs } from './inputs.js';
import { LIMIT_LINT_RULES, articleFields, validateArticle, type ArticleFields } from './validate.js';

export interface PreparedArticle {
  article: LoadedArticle;
  /** Path relative to the project root, posix: the identity used in gzh.lock. */
  projectPath: string;
  fields: ArticleFields;
  comments: 'open' | 'fans' | 'closed';
  /** Compile, lint and limit messages of this article. */
  messages: Message[];
}

export interface PreparedDraft {
  inputs: PublishInputs;
  articles: PreparedArticle[];
  /** True when an error blocks publishing (lint errors count unless `force`). */
  blocked: boolean;
  lintErrors: number;
  otherErrors: number;
}

export async function prepareDraft(paths: readonly string[], config: ResolvedConfig, options: { cwd: string; theme?: string; force?: boolean }): Promise<PreparedDraft> {
  const inputs = resolvePublishInputs(paths, config, options.cwd);
  const max = config.limits.articlesPerDraft;
  if (inputs.files.length > max) {
    throw new UsageError(`A draft holds at most ${max} articles; ${inputs.files.length} were given`, {
      hint: 'Split them into several drafts (one `gzh publish` per draft), e.g. with one manifest each',
    });
  }
  const theme = options.theme ?? inputs.manifest?.theme;
  const loaded: LoadedArticle[] = [];
  for (const file of inputs.files) loaded.push(await loadArticle(file, config, { cwd: options.cwd, theme }));

  let lintErrors = 0;
  let otherErrors = 0;
  const articles = loaded.map((article): PreparedArticle => {
    const fields = articleFields(article, config, { author: inputs.manifest?.author });
    const lint = lintLoadedArticle(article, config, loaded).filter((m) => !LIMIT_LINT_RULES.has(m.ruleId));
    const limits = validateArticle(article, fields, config);
    lintErrors += lint.filter((m) => m.severity === 'error').length;
    otherErrors += [...article.messages, ...limits].filter((m) => m.severity === 'error').length;
    return {
      article,
      projectPath: toProjectPath(config.root, article.absolutePath),
      fields,
      comments: article.meta.comments ?? inputs.manifest?.comments ?? config.comments,
      messages: [...article.messages, ...lint, ...limits],
    };
  });
  return { inputs, articles, lintErrors, otherErrors, blocked: otherErrors > 0 || (lintErrors > 0 && !options.force) };
}
