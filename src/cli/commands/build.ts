/**
 * `gzh build`: compile articles to `<out>/<slug>.html` (the draft content as it will be sent, with local
 * images pointing at optimised copies in `<out>/images/` instead of WeChat URLs) and `<slug>.preview.html`.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { GzhError, type Message } from '../../errors.js';
import type { LoadedArticle } from '../../project/load-article.js';
import type { ResolvedConfig } from '../../config/schema.js';
import { findArticles } from '../../project/find-articles.js';
import { loadArticle } from '../../project/load-article.js';
import { renderPreviewPage } from '../../project/preview-page.js';
import type { CommandContext } from '../context.js';
import { loadProjectConfig } from '../load-project.js';
import { formatMessage } from '../output.js';

interface BuiltArticle {
  file: string;
  slug: string;
  title: string;
  html: string;
  preview: string;
  bytes: number;
  images: number;
  messages: Message[];
}

export async function run(paths: string[], options: Record<string, unknown>, ctx: CommandContext): Promise<number> {
  const config = await loadProjectConfig(ctx, options);
  const outDir = path.resolve(ctx.cwd, typeof options.out === 'string' ? options.out : path.join(config.root, config.outDir));
  const files = findArticles(paths, config, ctx.cwd);
  const theme = typeof options.theme === 'string' ? options.theme : undefined;
  const { output } = ctx;
  const built: BuiltArticle[] = [];
  const slugs = new Map<string, string>();
  let errors = 0;

  await mkdir(outDir, { recursive: true });
  for (const [i, file] of files.entries()) {
    output.progress('Building', i, files.length);
    const article = await loadArticle(file, config, { cwd: ctx.cwd, theme });
    const clash = slugs.get(article.slug);
    if (clash) {
      article.messages.push({ ruleId: 'build/slug-clash', severity: 'error', file: article.file, line: 1, column: 1, message: `Slug \`${article.slug}\` is also used by ${clash}: set \`slug:\` in the front matter of one of them`, source: 'gzh-build' });
    }
    slugs.set(article.slug, article.file);
    const compileErrors = article.messages.some((m) => m.severity === 'error');
    // images only for articles that will be written: the same optimisation as publishing, no upload
    const html = compileErrors || article.images.length === 0 ? article.html : await buildImages(article, config, outDir, ctx);
    const articleErrors = article.messages.filter((m) => m.severity === 'error').length;
    errors += articleErrors;
    const htmlFile = path.join(outDir, `${article.slug}.html`);
    const previewFile = path.join(outDir, `${article.slug}.preview.html`);
    if (articleErrors === 0) {
      // never leave a half-written file behind: write to a temp file and rename
      await writeFileAtomic(htmlFile, html);
      await writeFileAtomic(previewFile, renderPreviewPage({ title: article.title, author: article.meta.author ?? config.author, accountName: config.accountName, html }));
    }
    built.push({
      file: article.file,
      slug: article.slug,
      title: article.title,
      html: path.relative(ctx.cwd, htmlFile),
      preview: path.relative(ctx.cwd, previewFile),
      bytes: Buffer.byteLength(html),
      images: article.images.length,
      messages: article.messages,
    });
  }
  output.progress('Building', files.length, files.length);

  if (options.json) {
    output.out(JSON.stringify({ ok: errors === 0, outDir: path.relative(ctx.cwd, outDir) || '.', articles: built }, null, 2));
  } else {
    for (const b of built) {
      for (const m of b.messages) if (m.severity !== 'info' || options.verbose) output.err(formatMessage(m, output.colors));
      const failed = b.messages.some((m) => m.severity === 'error');
      output.out(failed ? `${output.colors.red('✗')} ${b.file}: not written (fix the errors above)` : `${output.colors.green('✓')} ${b.file} → ${b.html} (${(b.bytes / 1024).toFixed(1)} KB, ${b.images} images), preview ${b.preview}`);
    }
  }
  return errors > 0 ? 1 : 0;
}

/**
 * Optimised copies of the article's images in `<out>/images/` (named by content hash, so an unchanged image
 * is not processed again), the HTML pointed at them. Image problems become the article's error messages.
 */
async function buildImages(article: LoadedArticle, config: ResolvedConfig, outDir: string, ctx: CommandContext): Promise<string> {
  // not images/index.js: that loads sharp, which an unchanged image never needs
  const [{ writeBuildImages }, { rewriteImageSources }, { ImageBatchError }] = await Promise.all([
    import('../../images/write-build-images.js'),
    import('../../images/rewrite-sources.js'),
    import('../../images/image-errors.js'),
  ]);
  try {
    const built = await writeBuildImages(
      {
        articleFile: article.file,
        cwd: ctx.cwd,
        root: config.root,
        images: article.images,
        maxWidth: config.images.maxWidth,
        remote: { timeoutMs: config.images.remoteTimeoutMs, maxBytes: config.images.remoteMaxBytes },
        outDir,
      },
      { concurrency: config.images.concurrency, onProgress: (done, total) => ctx.output.progress(`images ${article.file}`, done, total) },
    );
    article.messages.push(...built.messages);
    return rewriteImageSources(article.html, built.pathsByIndex);
  } catch (error) {
    if (error instanceof ImageBatchError) article.messages.push(...error.toMessages());
    else if (error instanceof GzhError) article.messages.push({ ruleId: error.code, severity: 'error', message: error.hint ? `${error.message} (${error.hint})` : error.message, file: error.file ?? article.file, line: error.line, column: error.column, source: 'gzh-images' });
    else throw error;
    return article.html;
  }
}
