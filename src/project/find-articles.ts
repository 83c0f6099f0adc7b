/** Turn command-line paths (files or folders; none = the content folder) into a sorted list of Markdown files. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import type { ResolvedConfig } from '../config/schema.js';

const MARKDOWN = /\.(md|markdown)$/i;

export function findArticles(paths: readonly string[], config: ResolvedConfig, cwd: string): string[] {
  const inputs = paths.length > 0 ? paths.map((p) => path.resolve(cwd, p)) : [path.resolve(config.root, config.contentDir)];
  const files: string[] = [];
  for (const input of inputs) {
    if (!existsSync(input)) {
      throw new UsageError(`No such file or folder: ${path.relative(cwd, input) || input}`, {
        hint: paths.length === 0 ? `Create ${config.contentDir}/ with a Markdown article, or pass paths (gzh init makes an example)` : 'Check the path',
      });
    }
    if (statSync(input).isDirectory()) {
      const found = readdirSync(input, { recursive: true, encoding: 'utf8' })
        .filter((f) => MARKDOWN.test(f) && !f.split(path.sep).some((part) => part.startsWith('.') || part === 'node_modules'))
        .map((f) => path.join(input, f))
        .sort();
      files.push(...found);
    } else if (MARKDOWN.test(input)) {
      files.push(input);
    } else {
      throw new UsageError(`${path.relative(cwd, input)} is not a Markdown file (.md)`);
    }
  }
  const unique = [...new Set(files)];
  if (unique.length === 0) throw new UsageError(`No Markdown files found in ${inputs.map((i) => path.relative(cwd, i) || '.').join(', ')}`);
  return unique;
}
