/**
 * Read one article from disk and compile it with the project's theme and settings: the I/O shell around
 * the pure compile kernel, shared by build, lint, dev and publish.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { compileArticle } from '../compile/index.js';
import type { CompiledArticle } from '../compile/types.js';
import type { ResolvedConfig } from '../config/schema.js';
import { loadCodeTheme, loadTheme } from '../config/themes.js';
import { GzhError } from '../errors.js';

export interface LoadedArticle extends CompiledArticle {
  /** Path as shown to the user (relative to cwd). */
  file: string;
  absolutePath: string;
  /** Output name: front matter slug or the file name without extension. */
  slug: string;
  theme: string;
  source: string;
}

export interface LoadArticleOptions {
  cwd?: string;
  /** Theme from the command line: wins over front matter and config. */
  theme?: string;
}

export async function loadArticle(filePath: string, config: ResolvedConfig, options: LoadArticleOptions = {}): Promise<LoadedArticle> {
  const cwd = options.cwd ?? process.cwd();
  const absolutePath = path.resolve(cwd, filePath);
  const shown = path.relative(cwd, absolutePath) || absolutePath;
  let source: string;
  try {
    source = await readFile(absolutePath, 'utf8');
  } catch (error) {
    throw new GzhError('article/read', `Cannot read ${shown}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { file: shown, hint: 'Check the path' });
  }
  return compileSource(source, shown, absolutePath, config, options);
}

/** Compile already-read Markdown (the dev server reads files itself). */
export function compileSource(source: string, shown: string, absolutePath: string, config: ResolvedConfig, options: LoadArticleOptions = {}): LoadedArticle {
  const fmTheme = peekTheme(source);
  const themeName = options.theme ?? fmTheme ?? config.theme;
  const theme = loadTheme(themeName, config.root, options.theme ? undefined : { file: shown });
  const codeTheme = loadCodeTheme(config.codeTheme, config.root);
  const compiled = compileArticle(source, {
    file: shown,
    themeCss: theme.css,
    codeThemeCss: codeTheme.css,
    themeVars: config.themeVars,
    links: config.links,
    referencesTitle: config.referencesTitle,
    footnotesTitle: config.footnotesTitle,
    captions: config.images.captions,
  });
  const slug = compiled.meta.slug ?? path.basename(absolutePath).replace(/\.(md|markdown)$/i, '');
  return { ...compiled, file: shown, absolutePath, slug, theme: theme.name, source };
}

/** Front matter may pick the theme, which the compiler needs up front: read just that key. */
function peekTheme(source: string): string | undefined {
  const block = /^---\r?\n([\s\S]*?)\r?\n---\s*(\r?\n|$)/.exec(source)?.[1];
  if (!block || !/^theme:/m.test(block)) return undefined;
  try {
    const data = parse(block) as { theme?: unknown } | null;
    return typeof data?.theme === 'string' ? data.theme : undefined;
  } catch {
    return undefined; // the compiler reports the YAML error with its line
  }
}
