/** The local WeChat API emulator: same /cgi-bin/ surface, faults for tests, a web view of what was "published". */
export { startSandbox, DEFAULT_APP_ID, DEFAULT_APP_SECRET } from './server.js';
export { findRunningSandbox, type SandboxOwner } from './data-owner.js';
export { sniffImageFormat, type ImageFormat } from './image-format.js';
export { sanitizeContent } from './sanitize-content.js';
export { parseWechatJson } from './api.js';
export { PUSH_LIMITS, DEFAULT_ACCOUNT, type SandboxAccount, type SandboxMass, type SandboxPreview, type SandboxTag } from './mass.js';
export {
  NO_FAULTS,
  DEFAULT_LIMITS,
  DEFAULT_QUOTAS,
  type Faults,
  type Sandbox,
  type SandboxOptions,
  type SandboxLogEntry,
  type SandboxLimits,
  type SandboxArticle,
  type SandboxDraft,
  type SandboxMaterial,
  type SandboxContentImage,
  type SandboxPublish,
  type SandboxStateView,
} from './types.js';
