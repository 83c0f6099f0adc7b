/** Compare what WeChat stored (draft/get) with what was sent; differences become warnings the writer can act on. */
import type { Message } from '../errors.js';
import type { DraftArticle } from '../wechat/index.js';

const countImages = (html: string) => (html.match(/<img\b/gi) ?? []).length;
const textLength = (html: string) => html.replace(/<[^>]*>/g, '').replace(/&[a-z]+;|&#\d+;/gi, ' ').replace(/\s+/g, '').length;

export function compareStoredDraft(sent: readonly DraftArticle[], stored: readonly DraftArticle[], files: readonly string[]): Message[] {
  const messages: Message[] = [];
  const warn = (message: string, file?: string) => messages.push({ ruleId: 'publish/verify', severity: 'warn', message, file, line: file ? 1 : undefined, column: file ? 1 : undefined, source: 'gzh-publish' });
  if (stored.length !== sent.length) warn(`WeChat stored ${stored.length} articles; ${sent.length} were sent`);
  sent.forEach((article, i) => {
    const got = stored[i];
    if (!got) return;
    const where = `article ${i + 1}`;
    if (got.title !== article.title) warn(`WeChat stored the title of ${where} as "${got.title}" (sent "${article.title}")`, files[i]);
    const lostImages = countImages(article.content) - countImages(got.content ?? '');
    if (lostImages > 0) warn(`WeChat removed ${lostImages} image${lostImages > 1 ? 's' : ''} from ${where}`, files[i]);
    const sentText = textLength(article.content);
    const gotText = textLength(got.content ?? '');
    if (sentText > 0 && gotText < sentText * 0.9) warn(`WeChat kept ${gotText} of ${sentText} text characters of ${where}: some content was removed`, files[i]);
  });
  return messages;
}
