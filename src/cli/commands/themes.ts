/** `gzh themes`: the themes available to this project, with their descriptions; `--preview` builds a gallery page. */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { ResolvedConfig } from '../../config/schema.js';
import { listThemes, type ThemeInfo } from '../../config/themes.js';
import { findArticles } from '../../project/find-articles.js';
import { loadArticle } from '../../project/load-article.js';
import { renderThemeGallery, type GalleryArticle } from '../../project/theme-gallery.js';
import type { CommandContext } from '../context.js';
import { loadProjectConfig } from '../load-project.js';

/** Enough to compare themes; a big content folder would make a page nobody scrolls through. */
const MAX_GALLERY_ARTICLES = 4;

export async function run(args: string[], options: Record<string, unknown>, ctx: CommandContext): Promise<number> {
  const config = await loadProjectConfig(ctx, options);
  const themes = listThemes(config.root);
  if (options.preview) return writeGallery(args, options, ctx, config, themes);
  if (options.json) {
    ctx.output.out(JSON.stringify(themes.map(({ name, description, author, builtin }) => ({ name, description, author, builtin, current: name === config.theme })), null, 2));
    return 0;
  }
  const width = Math.max(...themes.map((t) => t.name.length));
  for (const t of themes) {
    const mark = t.name === config.theme ? ctx.output.colors.green('*') : ' ';
    ctx.output.out(`${mark} ${ctx.output.colors.bold(t.name.padEnd(width))}  ${t.description}${t.builtin ? '' : ctx.output.colors.dim(' (project)')}`);
  }
  ctx.output.out(ctx.output.colors.dim(`\n* current (config \`theme\`); use one with --theme NAME or \`theme:\` in front matter; \`gzh themes --preview\` shows them all`));
  return 0;
}

/** Relative image paths are relative to the article: make them work from the gallery page's folder. */
function pointImagesFrom(html: string, articleDir: string, outDir: string): string {
  return html.replace(/(<img\b[^>]*?\ssrc=")([^"]+)"/g, (whole, start: string, src: string) => {
    if (/^([a-z][a-z0-9+.-]*:|\/\/|#)/i.test(src) || path.isAbsolute(src)) return whole;
    return `${start}${path.relative(outDir, path.resolve(articleDir, src)).split(path.sep).join('/')}"`;
  });
}

/** `<outDir>/themes.html`: every theme on the project's articles (paths given, else the content folder). */
async function writeGallery(args: string[], options: Record<string, unknown>, ctx: CommandContext, config: ResolvedConfig, themes: ThemeInfo[]): Promise<number> {
  const outDir = path.resolve(ctx.cwd, typeof options.out === 'string' ? options.out : path.join(config.root, config.outDir));
  const useContent = args.length > 0 || existsSync(path.resolve(config.root, config.contentDir));
  const files = useContent ? findArticles(args, config, ctx.cwd).slice(0, MAX_GALLERY_ARTICLES) : [];
  if (files.length === 0) {
    ctx.output.err(`${ctx.output.colors.red('error')} No articles to show the themes on`);
    ctx.output.err(`  ${ctx.output.colors.dim('hint:')} pass Markdown files, or create ${config.contentDir}/ (gzh init makes an example)`);
    return 2;
  }
  const articles: GalleryArticle[] = [];
  for (const file of files) {
    const html = new Map<string, string>();
    let title = '';
    let shown = file;
    for (const theme of themes) {
      const article = await loadArticle(file, config, { cwd: ctx.cwd, theme: theme.name });
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
  ctx.output.out(`${ctx.output.colors.green('✓')} ${themes.length} themes × ${articles.length} articles → ${path.relative(ctx.cwd, target) || target}`);
  return 0;
}
