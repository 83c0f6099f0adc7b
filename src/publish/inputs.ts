/**
 * What to publish: files, a folder, or a draft manifest (`*.draft.yaml` with `articles: [paths]` and shared
 * settings). Gives the ordered article list (first = headline) and the draft key used in gzh.lock.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import type { ResolvedConfig } from '../config/schema.js';
import { GzhError, UsageError } from '../errors.js';
import { findArticles } from '../project/find-articles.js';

export const manifestSchema = z
  .object({
    articles: z.array(z.string()).min(1, 'list at least one article').describe('Article paths relative to the manifest, headline first'),
    theme: z.string().optional().describe('Theme for all articles (front matter still wins per article)'),
    author: z.string().optional().describe('Default author for articles without one'),
    comments: z.enum(['open', 'fans', 'closed']).optional(),
  })
  .strict();

export type DraftManifest = z.infer<typeof manifestSchema>;

export interface PublishInputs {
  /** Absolute paths, in draft order. */
  files: string[];
  /** Stable identity of this draft in gzh.lock: the manifest path, or the sorted article paths. */
  draftKey: string;
  manifest?: DraftManifest;
  manifestFile?: string;
}

const MANIFEST = /\.draft\.ya?ml$/i;

export function toProjectPath(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

export function resolvePublishInputs(args: readonly string[], config: ResolvedConfig, cwd: string): PublishInputs {
  const manifests = args.filter((a) => MANIFEST.test(a));
  if (manifests.length > 1 || (manifests.length === 1 && args.length > 1)) {
    throw new UsageError('Give either one draft manifest or article paths, not both');
  }
  if (manifests.length === 1) return readManifest(path.resolve(cwd, manifests[0]!), config, cwd);
  const files = findArticles(args, config, cwd);
  const draftKey = files.map((f) => toProjectPath(config.root, f)).sort().join('\n');
  return { files, draftKey };
}

function readManifest(file: string, config: ResolvedConfig, cwd: string): PublishInputs {
  const shown = path.relative(cwd, file) || file;
  if (!existsSync(file)) throw new UsageError(`No such manifest: ${shown}`);
  const counter = new LineCounter();
  const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter: counter, prettyErrors: false });
  if (doc.errors[0]) {
    const pos = counter.linePos(doc.errors[0].pos[0]);
    throw new GzhError('manifest/yaml', `${shown} is not valid YAML: ${doc.errors[0].message.split('\n')[0]}`, { file: shown, line: pos.line, column: pos.col, exitCode: 2 });
  }
  const parsed = manifestSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const node = doc.getIn(issue.path as (string | number)[], true) as { range?: [number, number, number] } | undefined;
    const line = node?.range ? counter.linePos(node.range[0]).line : undefined;
    throw new GzhError('manifest/invalid', `${shown}: \`${issue.path.join('.') || 'articles'}\` ${issue.message}`, {
      file: shown,
      line,
      exitCode: 2,
      hint: 'A manifest looks like:\narticles:\n  - content/headline.md\n  - content/second.md',
    });
  }
  const dir = path.dirname(file);
  const files = parsed.data.articles.map((a) => {
    const abs = path.resolve(dir, a);
    if (!existsSync(abs) || !statSync(abs).isFile()) throw new GzhError('manifest/missing-article', `${shown}: article ${a} does not exist`, { file: shown, exitCode: 2 });
    return abs;
  });
  return { files, draftKey: `manifest:${toProjectPath(config.root, file)}`, manifest: parsed.data, manifestFile: file };
}
