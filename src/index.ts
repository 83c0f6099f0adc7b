/**
 * gzh's public API: what the CLI uses and what scripts can import. Everything else is internal.
 */
export { compileArticle } from './compile/index.js';
export type { CompiledArticle, CompileOptions, ArticleMeta, ImageRef } from './compile/index.js';
export { defineConfig, defaultConfig, configSchema } from './config/schema.js';
export type { UserConfig, ResolvedConfig } from './config/schema.js';
export { loadConfig, findProjectRoot } from './config/load-config.js';
export { listThemes, loadTheme } from './config/themes.js';
export { lintTitle, lintArticle, formatLintResults, listRules } from './lint/index.js';
export { loadArticle } from './project/load-article.js';
export type { LoadedArticle } from './project/load-article.js';
export { prepareDraft as planPublish } from './publish/prepare-draft.js';
export { publishDraft as publish } from './publish/publish-draft.js';
export type { PublishResult, PublishDraftOptions } from './publish/publish-draft.js';
export { Lockfile } from './publish/lockfile.js';
export { GzhError, UsageError, ConfigError, isGzhError } from './errors.js';
export type { Message, Severity } from './errors.js';
export { startRelay, checkRelay, loadRelaySetup, formatRelayLog, generateRelayToken, hashToken as hashRelayToken, parseListen, accountEnvNames, DEFAULT_LISTEN, DEFAULT_PER_MINUTE, FORWARDED_ENDPOINTS, RELAY_ERRCODES } from './relay/index.js';
export type { Relay, RelayOptions, RelayAccount, RelayClientToken, RelayLogEntry, RelayCheck, RelayCheckResult, RelaySetup } from './relay/index.js';
export { relayFromEnv, type RelayTarget } from './wechat/relay-mode.js';
