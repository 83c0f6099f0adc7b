/** WeChat Official Account API client: tokens, retries, typed endpoints. The only network code of gzh. */
export { createWechatClient } from './client.js';
export { DEFAULT_API_BASE, resolveApiBase, stripCredentials } from './api-base.js';
export { findDraftLike, findMaterialNamed, findPublishedLike, type ArticlesLike, type LostLookup } from './find-lost.js';
export { WechatApiError, WechatNetworkError, isWechatApiError, hintFor, ipFromErrmsg, splitRid, Redactor, type NetworkFailureReason } from './errors.js';
export { WECHAT_ERRORS, PUBLISH_STATUS, describeWechatError, type WechatErrorInfo } from './errors-catalog.js';
export { defaultTokenCacheDir, TokenFileCache } from './token-cache.js';
export {
  DEFAULT_RETRIES,
  DEFAULT_BASE_DELAY_MS,
  DEFAULT_MAX_DELAY_MS,
  DEFAULT_TIMEOUT_MS,
  RETRYABLE_ERRCODES,
  TOKEN_ERRCODES,
  backoffDelay,
} from './retry-policy.js';
export type {
  ClientLogEvent,
  DraftArticle,
  DraftListItem,
  MaterialCount,
  MaterialItem,
  MaterialType,
  NewsItem,
  Page,
  PageRequest,
  PublishStatus,
  PublishedListItem,
  RetryOptions,
  WechatClient,
  WechatClientOptions,
} from './types.js';
