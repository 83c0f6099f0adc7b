/**
 * Read one article from disk and compile it with the project's theme and settings: the I/O shell around
 * the pure compile kernel, shared by build, lint, dev and publish.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { compileArticle, type ParseCache } from '../compile/index.js';
import { DEFAULT_FIGURE_FORMAT } from '../compile/plugins/figure-numbers.js';
import type { CompiledArticle, CompileOptions } from '../compile/types.js';
import type { ResolvedConfig } from '../config/schema.js';
import { loadCodeTheme, loadTheme } from '../config/themes.js';
import { renderMermaidDiagrams } from '../diagrams/render-mermaid.js';
import { ConfigError, GzhError } from '../errors.js';
import type { CompileCache } from './compile-cache.js';
import './compile-loaders.js';

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
  /** Pre-rendered ```mermaid diagrams (see compileSourceWithDiagrams). */
  diagrams?: ReadonlyMap<string, string>;
  /** Environment (GZH_CHROMIUM); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Reuse the parse of unchanged chunks from this article's last compile (gzh dev). */
  parseCache?: ParseCache;
  /** Reuse the compile of an unchanged article from an earlier run (`.gzh/cache/compile`). */
  compileCache?: CompileCache;
}

export async function loadArticle(filePath: string, config: ResolvedConfig, options: LoadArticleOptions = {}): Promise<LoadedArticle> {
  const cwd = options.cwd ?? process.cwd();
  const absolutePath = path.resolve(cwd, filePath);
  const shown = path.relative(cwd, absolutePath) || absolutePath;
  const source = await readArticleSource(absolutePath, shown);
  return compileSourceWithDiagrams(source, shown, absolutePath, config, options);
}

/** The Markdown of an article; a file that cannot be read is a GzhError naming it. */
export async function readArticleSource(absolutePath: string, shown: string): Promise<string> {
  try {
    return await readFile(absolutePath, 'utf8');
  } catch (error) {
    throw new GzhError('article/read', `Cannot read ${shown}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { file: shown, hint: 'Check the path' });
  }
}

/** The article's ```mermaid diagrams, rendered (cached; needs the mermaid add-on and Chromium for new ones); undefined when it has none. */
export async function renderArticleDiagrams(source: string, shown: string, config: ResolvedConfig, env: NodeJS.ProcessEnv = process.env) {
  if (!config.diagrams.mermaid || !source.includes('mermaid')) return undefined;
  return renderMermaidDiagrams(source, {
    file: shown,
    cacheDir: path.resolve(config.root, config.diagrams.cacheDir),
    chromium: env.GZH_CHROMIUM ?? config.diagrams.chromium,
    env,
    searchFrom: [config.root],
  });
}

/** compileSource after rendering the article's ```mermaid diagrams. */
export async function compileSourceWithDiagrams(source: string, shown: string, absolutePath: string, config: ResolvedConfig, options: LoadArticleOptions = {}): Promise<LoadedArticle> {
  const rendered = await renderArticleDiagrams(source, shown, config, options.env);
  const diagrams = rendered?.diagrams ?? options.diagrams;
  const compile = async () => compileSource(source, shown, absolutePath, config, { ...options, diagrams });
  const article = options.compileCache ? await options.compileCache.through({ source, shown, absolutePath, config, theme: options.theme, diagrams }, compile) : await compile();
  if (rendered) article.messages.push(...rendered.messages);
  return article;
}

/** Compile already-read Markdown (the dev server reads files itself). */
export function compileSource(source: string, shown: string, absolutePath: string, config: ResolvedConfig, options: LoadArticleOptions = {}): LoadedArticle {
  const inputs = compileInputs(source, shown, config, options);
  const compiled = compileArticle(source, { ...inputs.options, parseCache: options.parseCache });
  const slug = compiled.meta.slug ?? path.basename(absolutePath).replace(/\.(md|markdown)$/i, '');
  return { ...compiled, file: shown, absolutePath, slug, theme: inputs.theme, source };
}

/**
 * Everything the kernel is given besides the Markdown (theme and code theme CSS, snippets, config): the
 * compile is pure, so these and the source are all its output depends on (the compile cache keys on them).
 */
export function compileInputs(source: string, shown: string, config: ResolvedConfig, options: Pick<LoadArticleOptions, 'theme' | 'diagrams'> = {}): { theme: string; options: CompileOptions } {
  const fmTheme = peekTheme(source);
  const themeName = options.theme ?? fmTheme ?? config.theme;
  const theme = loadTheme(themeName, config.root, options.theme ? undefined : { file: shown });
  const codeTheme = loadCodeTheme(config.codeTheme, config.root);
  return {
    theme: theme.name,
    options: {
      file: shown,
      themeCss: theme.css,
      codeThemeCss: codeTheme.css,
      themeVars: config.themeVars,
      links: config.links,
      linkMarkers: config.linkMarkers,
      referencesTitle: config.referencesTitle,
      footnotesTitle: config.footnotesTitle,
      captions: config.images.captions,
      diagrams: options.diagrams,
      header: readSnippet(config.header, config.root, 'header'),
      footer: readSnippet(config.footer, config.root, 'footer'),
      figureNumbers: config.figureNumbers === true ? DEFAULT_FIGURE_FORMAT : config.figureNumbers,
      emphasisMarks: config.emphasisMarks,
      calloutTitles: config.calloutTitles,
      darkContrast: config.darkContrast,
    },
  };
}

/** `header`/`footer` config: inline Markdown/HTML, or a .md/.html file in the project (HTML without blank lines, so it stays one HTML block). */
function readSnippet(value: string, root: string, key: 'header' | 'footer'): string | undefined {
  if (!value.trim()) return undefined;
  if (value.includes('\n') || !/\.(md|markdown|html?)$/i.test(value.trim())) return value;
  const file = path.resolve(root, value.trim());
  if (!existsSync(file)) throw new ConfigError(`\`${key}\` file not found: ${value}`, { hint: `Paths are relative to the project root (${root}); or write the ${key} text itself` });
  const text = readFileSync(file, 'utf8');
  return /\.html?$/i.test(file) ? text.replace(/\n\s*\n/g, '\n') : text;
}

/** Front matter may pick the theme, which the compiler needs up front: read just that key. */
export function peekTheme(source: string): string | undefined {
  const block = /^---\r?\n([\s\S]*?)\r?\n---\s*(\r?\n|$)/.exec(source)?.[1];
  if (!block || !/^theme:/m.test(block)) return undefined;
  try {
    const data = parse(block) as { theme?: unknown } | null;
    return typeof data?.theme === 'string' ? data.theme : undefined;
  } catch {
    return undefined; // the compiler reports the YAML error with its line
  }
}
