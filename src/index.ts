/**
 * gzh's public API: what the CLI uses (src/cli imports nothing else of src/) and what scripts can import.
 * Every command is a few calls of these: load the project, check, plan, apply, print.
 */
// compile's grammar and MathJax loaders (Node): provided on import, before anything compiles
import './project/compile-loaders.js';

// the project and its config
export { loadProject, envValue } from './project/load-project.js';
export type { Project, LoadProjectOptions } from './project/load-project.js';
export { defineConfig, defaultConfig, configSchema } from './config/schema.js';
export type { UserConfig, ResolvedConfig } from './config/schema.js';
export { loadConfig, findProjectRoot } from './config/load-config.js';
export { listThemes, loadTheme } from './config/themes.js';
export type { ThemeInfo } from './config/themes.js';
export { findArticles } from './project/find-articles.js';
export { initProject } from './project/init-project.js';
export type { InitOptions, InitResult } from './project/init-project.js';

// compile, check, build
export { compileArticle } from './compile/index.js';
export type { CompiledArticle, CompileOptions, ArticleMeta, ImageRef } from './compile/index.js';
export { loadArticle } from './project/load-article.js';
export type { LoadedArticle } from './project/load-article.js';
export { checkArticle, HARD_RULES } from './check/index.js';
export type { CheckResult, ArticleFields } from './check/index.js';
export { buildArticles } from './project/build-articles.js';
export { buildSummary } from './project/build-summary.js';
export type { BuildResult, BuiltArticle, BuildOptions } from './project/build-articles.js';
export { writeThemeGallery } from './project/write-theme-gallery.js';

// the title linter
export { lintTitle, lintArticle, formatLintResults, listRules, hasErrors, findUnknownRuleIds, LINT_FORMATS } from './lint/index.js';
export type { LintFormat, LintResult } from './lint/index.js';
export { lintArticles, lintTitles } from './project/lint-project.js';

// publish: inputs → checked drafts → a plan (data) → apply
export { resolvePublishInputs, resolveEachDraft } from './publish/inputs.js';
export type { PublishInputs } from './publish/inputs.js';
export { checkDraft, checkDrafts } from './publish/check-draft.js';
export type { CheckedDraft, CheckedArticle } from './publish/check-draft.js';
export { planPublish } from './publish/plan.js';
export type { PublishPlan, DraftPlan, ArticlePlan, PlanStep } from './publish/plan.js';
export { applyPlan } from './publish/apply.js';
export type { PublishResult, DraftResult, ArticleResult, ApplyDeps } from './publish/apply.js';
export type { PublishEvent } from './publish/apply-context.js';
export type { Audience, BroadcastOutcome } from './publish/apply-broadcast.js';
export type { BroadcastPlan } from './publish/plan-broadcast.js';
export type { PreviewPlan, PreviewRequest } from './publish/plan-preview.js';
export type { PreviewOutcome } from './publish/apply-preview.js';
export { checkPushQuota, checkCadence, describeCadence, beijingTime, PUSH_QUOTA, DEFAULT_CADENCE_HOURS, type QuotaCheck, type CadenceCheck } from './publish/push-quota.js';
export { openPublishSession } from './publish/session.js';
export { readScheduledArticle, decideDue } from './publish/schedule.js';
export type { ScheduledArticle, DueDraft, DueState } from './publish/schedule.js';
export { planScheduleCalendar } from './schedule/plan-calendar.js';
export type { ScheduleCalendar, ScheduleDay, PlannedPost } from './schedule/plan-calendar.js';
export type { PublishSession, SessionOptions } from './publish/session.js';
export { requireCredentials } from './publish/target.js';
export type { TargetOptions } from './publish/target.js';
export { ACCOUNT_LOCK_DIR, accountLockfilePath, accountSandboxCredentials, accountSandboxDir, accountNames, accountProject, envSuffix, namedAccount, parseAccountFlag, routeDraft } from './publish/accounts.js';
export type { DraftRoute, NamedAccount, RoutedArticle } from './publish/accounts.js';
export { Lockfile, accountKey } from './publish/lockfile.js';
export { checkSetup } from './publish/check-setup.js';
export type { DoctorCheck, SetupOptions } from './publish/check-setup.js';
export { ImageBatchError } from './images/image-errors.js';

// the WeChat client, for scripts
export { createWechatClient, isWechatApiError, stripCredentials, DEFAULT_API_BASE } from './wechat/index.js';
export type { WechatClient, WechatClientOptions, ClientLogEvent } from './wechat/index.js';

// local servers
export { startSandbox, findRunningSandbox } from './sandbox/index.js';
export type { Sandbox, SandboxOptions } from './sandbox/index.js';
export { startDevServer } from './preview/index.js';
export { openBrowser } from './preview/open-browser.js';
export { sandboxDataDir } from './project/paths.js';

export { GzhError, UsageError, ConfigError, InterruptedError, isGzhError, formatPlace } from './errors.js';
export type { Message, Severity } from './errors.js';
export { packageVersion } from './package-root.js';

// the fixed-IP relay (gzh relay) and the client's relay mode
export { startRelay, checkRelay, loadRelaySetup, formatRelayLog, generateRelayToken, hashToken as hashRelayToken, parseListen, accountEnvNames, DEFAULT_LISTEN, DEFAULT_PER_MINUTE, FORWARDED_ENDPOINTS, RELAY_ERRCODES } from './relay/index.js';
export type { Relay, RelayOptions, RelayAccount, RelayClientToken, RelayLogEntry, RelayCheck, RelayCheckResult, RelaySetup } from './relay/index.js';
export { relayFromEnv, type RelayTarget } from './wechat/relay-mode.js';

// stats: WeChat analytics per article of this repo (the HTML report loads its chart library only when called)
export { collectStats } from './stats/collect-stats.js';
export type { StatsOptions, StatsResult } from './stats/collect-stats.js';
export { aggregateStats } from './stats/aggregate.js';
export { statsToCsv, CSV_COLUMNS } from './stats/csv.js';
export { sparkline } from './stats/sparkline.js';
export { writeStatsReport } from './stats/write-report.js';
export type { ArticleDay, ArticleTotals, FollowerDay, StatsReport } from './stats/types.js';
