/**
 * Theme files: `themes/<name>.css` in the project (wins) or built into gzh; code colours in `themes/code/`.
 * A theme starts with a comment header: `name:`, `description:`, `author:` lines.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../package-root.js';
import { createRequire } from 'node:module';
import { distance } from 'fastest-levenshtein';
import { ConfigError } from '../errors.js';

/** gzh's own themes folder (next to dist/ in the package). */
export const BUILTIN_THEMES_DIR = path.join(packageRoot(), 'themes');

export interface ThemeInfo {
  name: string;
  description: string;
  author?: string;
  file: string;
  builtin: boolean;
}

export interface LoadedTheme extends ThemeInfo {
  css: string;
}

function readHeader(css: string): { description: string; author?: string; name?: string } {
  const comment = /^\s*\/\*([\s\S]*?)\*\//.exec(css)?.[1] ?? '';
  const field = (key: string) => new RegExp(`^[\\s*]*${key}:\\s*(.+)$`, 'mi').exec(comment)?.[1]?.trim();
  return { name: field('name'), description: field('description') ?? '', author: field('author') };
}

function themesIn(dir: string, builtin: boolean): ThemeInfo[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.css'))
    .map((f) => {
      const file = path.join(dir, f);
      const header = readHeader(readFileSync(file, 'utf8'));
      return { name: f.slice(0, -4), description: header.description, author: header.author, file, builtin };
    });
}

/** Built-in themes, overridden by same-named project themes; sorted by name. */
export function listThemes(root: string, sub = ''): ThemeInfo[] {
  const byName = new Map<string, ThemeInfo>();
  for (const t of themesIn(path.join(BUILTIN_THEMES_DIR, sub), true)) byName.set(t.name, t);
  const projectDir = path.join(root, 'themes', sub);
  if (path.resolve(projectDir) !== path.resolve(BUILTIN_THEMES_DIR, sub)) for (const t of themesIn(projectDir, false)) byName.set(t.name, t);
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function loadFrom(list: ThemeInfo[], name: string, kind: string, where?: { file?: string; line?: number }): LoadedTheme {
  const theme = list.find((t) => t.name === name);
  if (!theme) throw unknownTheme(list, name, kind, where);
  return { ...theme, css: readFileSync(theme.file, 'utf8') };
}

/** The closest three names, not all ~90 highlight.js styles. */
function unknownTheme(list: readonly ThemeInfo[], name: string, kind: string, where?: { file?: string; line?: number }): ConfigError {
  const near = list.map((t) => t.name).sort((a, b) => distance(a, name) - distance(b, name));
  const limit = Math.max(2, Math.floor(name.length / 3));
  const close = near.filter((n) => distance(n, name) <= limit).slice(0, 3);
  const listed = list.length <= 8 ? `Available: ${list.map((t) => t.name).join(', ')}` : `${list.length} are available${kind === 'theme' ? ' (run `gzh themes`)' : ' (any highlight.js style name, or themes/code/<name>.css)'}`;
  return new ConfigError(`Unknown ${kind} \`${name}\``, {
    ...where,
    hint: `${close.length ? `Did you mean ${close.map((n) => `\`${n}\``).join(', ')}? ` : ''}${listed}${kind === 'theme' && list.length <= 8 ? ' (run `gzh themes`)' : ''}`,
  });
}

/** Whether the config's `theme` and `codeTheme` exist: checked where the config names them, not blamed on an article. */
export function checkConfigThemes(config: { theme: string; codeTheme: string }, root: string, where: (key: 'theme' | 'codeTheme') => { file?: string; line?: number }): ConfigError[] {
  const errors: ConfigError[] = [];
  const themes = listThemes(root);
  if (!themes.some((t) => t.name === config.theme)) errors.push(unknownTheme(themes, config.theme, 'theme', where('theme')));
  const codeThemes = listCodeThemes(root);
  if (!codeThemes.some((t) => t.name === config.codeTheme)) errors.push(unknownTheme(codeThemes, config.codeTheme, 'code theme', where('codeTheme')));
  return errors;
}

export function loadTheme(name: string, root: string, where?: { file?: string; line?: number }): LoadedTheme {
  return loadNamed(themeDirs(root, ''), name) ?? loadFrom(listThemes(root), name, 'theme', where);
}

/** Where themes live, the winning folder first: the project's, then gzh's (one folder when they are the same). */
function themeDirs(root: string, sub: string): { dir: string; builtin: boolean }[] {
  const builtin = path.join(BUILTIN_THEMES_DIR, sub);
  const project = path.join(root, 'themes', sub);
  return path.resolve(project) === path.resolve(builtin) ? [{ dir: builtin, builtin: true }] : [{ dir: project, builtin: false }, { dir: builtin, builtin: true }];
}

/**
 * The theme `name` from the first folder that has it, as listThemes would find it, reading that one file only
 * (a build loads its theme once per article; listing reads every theme's header). Undefined when none has it:
 * the listing then says what is available.
 */
function loadNamed(dirs: readonly { dir: string; builtin: boolean }[], name: string, describe?: () => string): LoadedTheme | undefined {
  const fileName = `${name}.css`;
  for (const { dir, builtin } of dirs) {
    // a listing, not a path join: the name comes from front matter and must name a file in the folder
    if (!existsSync(dir) || !readdirSync(dir).includes(fileName)) continue;
    const file = path.join(dir, fileName);
    const css = readFileSync(file, 'utf8');
    const header = describe ? { description: describe(), author: undefined } : readHeader(css);
    return { name, description: header.description, author: header.author, file, builtin, css };
  }
  return undefined;
}

/** highlight.js ships ~80 colour schemes as CSS; they are code themes too (project `themes/code/` wins). */
const HLJS_STYLES_DIR = path.join(path.dirname(createRequire(import.meta.url).resolve('highlight.js/package.json')), 'styles');

export function listCodeThemes(root: string): ThemeInfo[] {
  const byName = new Map<string, ThemeInfo>();
  for (const f of readdirSync(HLJS_STYLES_DIR)) {
    if (!f.endsWith('.css') || f.endsWith('.min.css')) continue;
    byName.set(f.slice(0, -4), { name: f.slice(0, -4), description: 'highlight.js style', file: path.join(HLJS_STYLES_DIR, f), builtin: true });
  }
  for (const t of listThemes(root, 'code')) byName.set(t.name, t);
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export function loadCodeTheme(name: string, root: string, where?: { file?: string; line?: number }): LoadedTheme {
  const found = loadNamed(themeDirs(root, 'code'), name) ?? (name.endsWith('.min') ? undefined : loadNamed([{ dir: HLJS_STYLES_DIR, builtin: true }], name, () => 'highlight.js style'));
  return found ?? loadFrom(listCodeThemes(root), name, 'code theme', where);
}
