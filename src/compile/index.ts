export { compileArticle } from './compile-article.js';
export { parseFrontMatter, frontMatterFields } from './front-matter.js';
export { prepareTheme, prepareCodeTheme, resolveVariables } from './theme-css.js';
export type { PreparedTheme, StyleRule, CodeTheme } from './theme-css.js';
export { isWechatArticleUrl } from './plugins/links.js';
export type * from './types.js';
export { ParseCache } from './block-cache.js';
