/** `gzh themes --preview`: `<out>/themes.html`, every theme on the given articles (else the first few of the content folder). */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { listThemes } from '../config/themes.js';
import { UsageError } from '../errors.js';
import { findArticles } from './find-articles.js';
import { loadArticle } from './load-article.js';
import type { Project } from './load-project.js';
import { renderThemeGallery, type GalleryArticle } from './theme-gallery.js';

/** Enough to compare themes; a big content folder would make a page nobody scrolls through. */
const MAX_GALLERY_ARTICLES = 4;

export async function writeThemeGallery(project: Project, paths: readonly string[], options: { outDir?: string } = {}): Promise<{ file: string; themes: number; articles: number }> {
  const { config, cwd } = project;
  const themes = listThemes(config.root);
  const outDir = path.resolve(cwd, options.outDir ?? path.join(config.root, config.outDir));
  const useContent = paths.length > 0 || existsSync(path.resolve(config.root, config.contentDir));
  const files = useContent ? findArticles(paths, config, cwd).slice(0, MAX_GALLERY_ARTICLES) : [];
  if (files.length === 0) throw new UsageError('No articles to show the themes on', { hint: `pass Markdown files, or create ${config.contentDir}/ (gzh init makes an example)` });
  const articles: GalleryArticle[] = [];
  for (const file of files) {
    const html = new Map<string, string>();
    let title = '';
    let shown = file;
    for (const theme of themes) {
      const article = await loadArticle(file, config, { cwd, theme: theme.name, env: project.env });
      html.set(theme.name, pointImagesFrom(article.html, path.dirname(article.absolutePath), outDir));
      title = article.title;
      shown = article.file;
    }
    articles.push({ title, file: shown, html });
  }
  const page = renderThemeGallery(
    themes.map((t) => ({ name: t.name, description: t.description, current: t.name === config.theme })),
    articles,
  );
  await mkdir(outDir, { recursive: true });
  const target = path.join(outDir, 'themes.html');
  await writeFileAtomic(target, page);
  return { file: path.relative(cwd, target) || target, themes: themes.length, articles: articles.length };
}

/** Relative image paths are relative to the article: make them work from the gallery page's folder. */
function pointImagesFrom(html: string, articleDir: string, outDir: string): string {
  return html.replace(/(<img\b[^>]*?\ssrc=")([^"]+)"/g, (whole, start: string, src: string) => {
    if (/^([a-z][a-z0-9+.-]*:|\/\/|#)/i.test(src) || path.isAbsolute(src)) return whole;
    return `${start}${path.relative(outDir, path.resolve(articleDir, src)).split(path.sep).join('/')}"`;
  });
}
