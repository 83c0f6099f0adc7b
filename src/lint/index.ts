/**
 * gzh title linter: pure functions, no I/O. Rules, ids and defaults: see listRules() and rules/.
 *
 * Title rules: title/impersonation, title/sensational, title/fake-urgency, title/forced-share,
 * title/curiosity-gap, title/intimidation, title/health-scare, title/rumour, title/bait,
 * title/ad-absolute, title/ad-promise, title/custom, title/evasion, title/combined-risk, title/punctuation, title/empty,
 * title/length. Article rules (lintArticle only): title/duplicate, field/digest-length,
 * field/author-length, field/missing-cover.
 */
export { lintTitle, lintArticle, hasErrors, DEFAULT_LIMITS, LINT_SOURCE } from './run.js';
export type { LintTitleOptions, LintArticleInput } from './run.js';
export { listRules } from './rules/list.js';
export type { RuleInfo } from './rules/list.js';
export { formatLintResults, LINT_FORMATS } from './reporters/index.js';
export type { LintFormat, LintResult, ReporterOptions } from './reporters/index.js';
export { findUnknownRuleIds, isDisabled } from './config.js';
export { normalizeText } from './normalize.js';
export type { NormalizedText } from './normalize.js';
export type { FieldLimits } from './types.js';
