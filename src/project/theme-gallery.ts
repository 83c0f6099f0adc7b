/**
 * The theme gallery: every theme side by side on the same articles, each column as a phone shows it, so
 * choosing a theme is a matter of looking. A self-contained page (no scripts, no network).
 */
import { escapeHtml, STATIC_PAGE_CSP } from './preview-page.js';

export interface GalleryTheme {
  name: string;
  description: string;
  current: boolean;
}

export interface GalleryArticle {
  title: string;
  file: string;
  /** Theme name → compiled content HTML. */
  html: ReadonlyMap<string, string>;
}

export function renderThemeGallery(themes: readonly GalleryTheme[], articles: readonly GalleryArticle[]): string {
  const sections = articles
    .map(
      (article) => `<section class="article-row">
<h2>${escapeHtml(article.title || article.file)} <small>${escapeHtml(article.file)}</small></h2>
<div class="row">
${themes
  .map(
    (theme) => `<div class="card${theme.current ? ' current' : ''}">
<header><strong>${escapeHtml(theme.name)}</strong>${theme.current ? ' <em>current</em>' : ''}<p>${escapeHtml(theme.description)}</p></header>
<div class="phone"><h1 class="title">${escapeHtml(article.title)}</h1>${article.html.get(theme.name) ?? ''}</div>
</div>`,
  )
  .join('\n')}
</div>
</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${STATIC_PAGE_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>gzh themes</title>
<style>
  body { margin: 0; padding: 24px; background: #ededed; font-family: -apple-system, BlinkMacSystemFont, "PingFang SC", "Noto Sans CJK SC", sans-serif; color: #1a1a1a; }
  body > h1 { font-size: 20px; margin: 0 0 4px; }
  body > p { margin: 0 0 20px; color: #666; font-size: 14px; }
  h2 { font-size: 16px; margin: 24px 0 12px; }
  h2 small { font-weight: normal; color: #888; margin-left: 8px; }
  .row { display: flex; gap: 20px; align-items: flex-start; overflow-x: auto; padding-bottom: 12px; }
  .card { flex: 0 0 390px; }
  .card header { font-size: 14px; margin-bottom: 8px; min-height: 3.6em; }
  .card header p { margin: 4px 0 0; color: #666; font-size: 12px; line-height: 1.5; }
  .card header em { font-style: normal; font-size: 12px; color: #fff; background: #07c160; border-radius: 3px; padding: 0 4px; }
  .phone { box-sizing: border-box; width: 390px; background: #fff; border-radius: 20px; padding: 24px 16px 32px; box-shadow: 0 4px 20px rgba(0,0,0,.1); }
  .current .phone { outline: 3px solid #07c160; }
  .title { font-size: 22px; line-height: 1.4; font-weight: 600; margin: 0 0 18px; }
</style>
</head>
<body>
<h1>Themes</h1>
<p>${themes.length} theme${themes.length === 1 ? '' : 's'} × ${articles.length} article${articles.length === 1 ? '' : 's'}. Pick one with <code>theme</code> in gzh.config, <code>--theme NAME</code>, or <code>theme:</code> in front matter.</p>
${sections}
</body>
</html>
`;
}
