/** Lint compiled articles with the project's config: the title linter plus where each field is written. */
import type { ResolvedConfig } from '../config/schema.js';
import type { Message } from '../errors.js';
import { closest, distance } from 'fastest-levenshtein';
import { findUnknownRuleIds, lintArticle, listRules } from '../lint/index.js';
import type { LoadedArticle } from './load-article.js';

function lineOf(source: string, key: string): number | undefined {
  const m = new RegExp(`^${key}:`, 'm').exec(source);
  return m ? source.slice(0, m.index).split('\n').length : undefined;
}

/** Column of the title's first character in the source: after `title:` (and a quote), or after `# `. */
function titleColumn(article: LoadedArticle): number | undefined {
  const line = article.titlePosition?.line;
  if (!line) return undefined;
  const text = article.source.split('\n')[line - 1] ?? '';
  const prefix = article.meta.title ? /^title:[ \t]*(?:['"](?=.))?/.exec(text) : /^ {0,3}#{1,6}[ \t]+/.exec(text);
  return prefix ? prefix[0].length + 1 : article.titlePosition?.column;
}

/** Lint one article; `others` are the other articles of the same draft (duplicate titles). */
export function lintLoadedArticle(article: LoadedArticle, config: ResolvedConfig, others: readonly LoadedArticle[] = []): Message[] {
  return [...unknownDisabledRules(article), ...lintArticle(
    {
      file: article.file,
      title: article.title,
      titleLine: article.titlePosition?.line,
      titleColumn: titleColumn(article),
      titleColumns: article.titleColumns,
      author: article.meta.author ?? config.author,
      digest: article.meta.digest,
      hasCover: Boolean(article.meta.cover) || article.images.length > 0,
      otherTitles: others.filter((o) => o !== article).map((o) => o.title),
      disable: article.meta.lint?.disable,
      limits: config.limits,
      lines: { author: lineOf(article.source, 'author'), digest: lineOf(article.source, 'digest'), cover: lineOf(article.source, 'cover') },
    },
    config.lint,
  )];
}

/** A misspelt id in front matter `lint.disable` silences nothing: say so, with the closest rule id. */
function unknownDisabledRules(article: LoadedArticle): Message[] {
  const disable = article.meta.lint?.disable ?? [];
  const line = lineOf(article.source, 'lint') ?? 1;
  return findUnknownRuleIds(undefined, disable).map((id) => {
    const near = closest(id, listRules().map((r) => r.id));
    return {
      ruleId: 'lint/unknown-rule',
      severity: 'warn' as const,
      message: `\`lint.disable\` names \`${id}\`, which is no rule, so it disables nothing${distance(near, id) <= 4 ? `: did you mean \`${near}\`?` : ''}`,
      file: article.file,
      line,
      column: 1,
      source: 'gzh-lint',
      actual: id,
    };
  });
}
