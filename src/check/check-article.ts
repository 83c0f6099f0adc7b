/**
 * The one set of pre-publish checks. `gzh build`, `gzh lint`, `gzh dev` and `gzh publish` all call this, so a
 * problem has one rule id, severity, message and place wherever it shows. Compile messages are the caller's
 * (it has them already); these are the linter's title and field rules, WeChat's limits and the images.
 */
import { closest, distance } from 'fastest-levenshtein';
import type { CompiledArticle } from '../compile/index.js';
import type { ResolvedConfig } from '../config/schema.js';
import type { Message, Severity } from '../errors.js';
import type { ImageMemo } from '../images/index.js';
import { findUnknownRuleIds, lintArticle, listRules, type LintArticleInput } from '../lint/index.js';
import { articleFields, type ArticleFields } from './article-fields.js';
import { checkArticleAccounts } from './article-accounts.js';
import { checkImages } from './check-images.js';
import { checkLimits } from './check-limits.js';
import { HARD_RULES, hardRulesConfig } from './hard-rules.js';
import { checkNewspic } from './newspic.js';

export type CheckableArticle = CompiledArticle & { file: string; source: string };

export interface CheckContext {
  root: string;
  cwd: string;
  /** The fields as publish sends them (a manifest's defaults applied); derived from the article when absent. */
  fields?: ArticleFields;
  /** Titles of the other articles of the same draft (duplicates confuse readers of the message list). */
  otherTitles?: readonly string[];
  /** A run's memo of local images (a build of many articles sharing pictures checks each once). */
  imageMemo?: ImageMemo;
}

export interface CheckResult {
  fields: ArticleFields;
  messages: Message[];
  /** http(s) images nothing has looked at (a dry run says so). */
  remoteImages: { src: string; line: number; column?: number }[];
}

const RANK: Record<Severity, number> = { info: 0, warn: 1, error: 2 };

export async function checkArticle(article: CheckableArticle, config: ResolvedConfig, ctx: CheckContext): Promise<CheckResult> {
  const fields = ctx.fields ?? articleFields(article, config);
  // broken front matter hides the title, author and cover: checking them would only report that consequence
  if (article.messages.some((m) => m.severity === 'error' && m.ruleId.startsWith('front-matter/'))) return { fields, messages: [], remoteImages: [] };

  const input = lintInput(article, fields, config, ctx.otherTitles);
  const disable = article.meta.lint?.disable;
  const wording = lintArticle({ ...input, disable }, config.lint).filter((m) => !HARD_RULES.has(m.ruleId));
  // the API limits whatever lint.rules or lint.disable say: WeChat would refuse the draft anyway
  const limits = lintArticle(input, hardRulesConfig(config.lint));
  const images = await checkImages(article, fields, ctx);
  const messages = [...disableWarnings(article, disable), ...wording, ...limits, ...checkLimits(article, fields, config), ...checkNewspic(article, config), ...checkArticleAccounts(article.meta.accounts, { file: article.file, line: article.fieldLines.accounts }, config), ...images.messages].map((m) => placed(m, article.file));
  return { fields, messages: messages.sort(byPlace), remoteImages: images.remote };
}

/** Whether an error is a title-wording lint error, the only kind `--force` publishes despite. */
export function isForceable(message: Message): boolean {
  return message.severity === 'error' && message.source === 'gzh-lint' && !HARD_RULES.has(message.ruleId);
}

function lintInput(article: CheckableArticle, fields: ArticleFields, config: ResolvedConfig, otherTitles: readonly string[] | undefined): LintArticleInput {
  return {
    file: article.file,
    title: fields.title,
    titleLine: article.titlePosition?.line,
    titleColumn: titleColumn(article),
    titleColumns: article.titleColumns,
    author: fields.author,
    // a generated digest is cut to fit; only one the writer typed can be too long
    digest: fields.digestGenerated ? undefined : fields.digest,
    hasCover: fields.cover !== undefined,
    otherTitles,
    limits: config.limits,
    lines: { author: article.fieldLines.author, digest: article.fieldLines.digest, cover: article.fieldLines.cover },
  };
}

/** Column of the title's first character in the source: after `title:` (and a quote), or after `# `. */
function titleColumn(article: CheckableArticle): number | undefined {
  const line = article.titlePosition?.line;
  if (!line) return undefined;
  const text = article.source.split('\n')[line - 1] ?? '';
  const prefix = article.meta.title ? /^title:[ \t]*(?:['"](?=.))?/.exec(text) : /^ {0,3}#{1,6}[ \t]+/.exec(text);
  return prefix ? prefix[0].length + 1 : article.titlePosition?.column;
}

/** `lint.disable` naming no rule (a typo silences nothing) or a hard rule (can't be silenced): say so. */
function disableWarnings(article: CheckableArticle, disable: readonly string[] | undefined): Message[] {
  if (!disable?.length) return [];
  const line = article.fieldLines.lint ?? 1;
  const warn = (message: string, actual: string): Message => ({ ruleId: 'lint/unknown-rule', severity: 'warn', message, file: article.file, line, column: 1, source: 'gzh-lint', actual });
  const ids = listRules().map((r) => r.id);
  const unknown = findUnknownRuleIds(undefined, disable).map((id) => {
    const near = closest(id, ids);
    return warn(`\`lint.disable\` names \`${id}\`, which is no rule, so it disables nothing${distance(near, id) <= 4 ? `: did you mean \`${near}\`?` : ''}`, id);
  });
  const hard = disable.filter((id) => HARD_RULES.has(id)).map((id) => warn(`\`${id}\` can't be disabled: it is a WeChat API limit (the limits are set under \`limits\` in the config)`, id));
  return [...unknown, ...hard];
}

/** Every message points somewhere: a whole-article problem at 1:1 of its file. */
function placed(m: Message, file: string): Message {
  return { ...m, file: m.file ?? file, line: m.line ?? 1, column: m.column ?? 1 };
}

function byPlace(a: Message, b: Message): number {
  return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0) || RANK[b.severity] - RANK[a.severity] || a.ruleId.localeCompare(b.ruleId);
}
