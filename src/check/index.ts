/** The pre-publish checks shared by build, lint, dev and publish. */
export { checkArticle, isForceable, type CheckContext, type CheckResult, type CheckableArticle } from './check-article.js';
export { articleFields, generateDigest, type ArticleFields, type FieldDefaults } from './article-fields.js';
export { HARD_RULES } from './hard-rules.js';
export { measureContent, WECHAT_URL_CHARS, type ContentSize } from './check-limits.js';
export { articleTypeOf, checkNewspic, newspicImages, newspicText, NEWSPIC_MAX_IMAGES } from './newspic.js';
