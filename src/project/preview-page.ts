/**
 * A standalone page showing an article as a phone shows it in WeChat: title, author, account, date, then
 * the exact inline-styled content. Used by `gzh build` (<slug>.preview.html).
 */
export interface PreviewPageInput {
  title: string;
  author?: string;
  accountName?: string;
  date?: Date;
  html: string;
}

/**
 * For the pages gzh writes to disk (opened from file:, or served by anything): they need their own <style>,
 * style attributes, images and fonts, nothing else. No script at all, so article HTML that got past the
 * sanitiser still cannot run. (`'self'` does not cover file: pages in Chromium: file: is named.)
 */
import { escapeHtml } from '../escape-html.js';
export const STATIC_PAGE_CSP = "default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; img-src 'self' file: data: http: https:; font-src 'self' file: data:; base-uri 'none'; form-action 'none'";

export { escapeHtml };

export function renderPreviewPage(input: PreviewPageInput): string {
  const date = (input.date ?? new Date()).toISOString().slice(0, 10);
  const byline = [input.author, input.accountName].filter(Boolean).map((s) => escapeHtml(s!));
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${STATIC_PAGE_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title || 'Untitled')}</title>
<style>
  body { margin: 0; background: #ededed; font-family: -apple-system, BlinkMacSystemFont, "PingFang SC", "Noto Sans CJK SC", sans-serif; }
  .phone { box-sizing: border-box; width: 390px; max-width: 100%; margin: 24px auto; background: #fff; border-radius: 24px; padding: 28px 16px 40px; box-shadow: 0 6px 30px rgba(0,0,0,.12); }
  .title { font-size: 22px; line-height: 1.4; font-weight: 600; color: #1a1a1a; margin: 0 0 12px; }
  .meta { font-size: 15px; color: rgba(0,0,0,.3); margin-bottom: 22px; }
  .meta .account { color: #576b95; margin-right: 8px; }
  .meta span + span { margin-left: 8px; }
</style>
</head>
<body>
<main class="phone">
<h1 class="title">${escapeHtml(input.title || 'Untitled')}</h1>
<div class="meta">${byline.map((b, i) => `<span${i === byline.length - 1 && input.accountName ? ' class="account"' : ''}>${b}</span>`).join('')}<span>${date}</span></div>
<div class="content">${input.html}</div>
</main>
</body>
</html>
`;
}
