/** Live preview for `gzh dev`: the dev server and the dark-mode simulation it serves. */
export { startDevServer } from './dev-server.js';
export type { DevServer, DevServerOptions, PreviewState } from './dev-server.js';
export { convertToDarkMode } from './dark-mode.js';
export type { DarkModeOptions } from './dark-mode.js';
export type { ArticlePayload, ArticleSummary, PreviewError, PreviewTiming } from './preview-articles.js';
