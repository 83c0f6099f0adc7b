/**
 * What to publish: files, a folder, or a draft manifest (`*.draft.yaml` with `articles: [paths]` and shared
 * settings). Gives the ordered article list (first = headline) and the draft key used in gzh.lock.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { closest, distance } from 'fastest-levenshtein';
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

/**
 * `--each`: one draft per manifest (`*.draft.yaml` given, or found in the folders given) and one per article no
 * manifest names. What CI runs over the whole content folder: each draft converges to gzh.lock on its own.
 */
export function resolveEachDraft(args: readonly string[], config: ResolvedConfig, cwd: string): PublishInputs[] {
  const roots = args.length > 0 ? args.map((a) => path.resolve(cwd, a)) : [path.resolve(config.root, config.contentDir)];
  const manifestFiles = new Set<string>();
  const articleArgs: string[] = [];
  for (const [i, input] of roots.entries()) {
    if (MANIFEST.test(input)) manifestFiles.add(input);
    else {
      articleArgs.push(args[i] ?? input);
      if (existsSync(input) && statSync(input).isDirectory()) for (const m of findManifests(input)) manifestFiles.add(m);
    }
  }
  const drafts = [...manifestFiles].sort().map((m) => readManifest(m, config, cwd));
  const inManifest = new Set(drafts.flatMap((d) => d.files));
  const articles = articleArgs.length > 0 || args.length === 0 ? findArticles(articleArgs, config, cwd) : [];
  for (const file of articles) if (!inManifest.has(file)) drafts.push({ files: [file], draftKey: toProjectPath(config.root, file) });
  return drafts;
}

function findManifests(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => MANIFEST.test(f) && !f.split(path.sep).some((part) => part.startsWith('.') || part === 'node_modules'))
    .map((f) => path.join(dir, f));
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
    const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
    const keyPath = (unknownKey ? [...issue.path, unknownKey] : issue.path) as (string | number)[];
    const node = (unknownKey ? doc.getIn(issue.path as (string | number)[], true) : doc.getIn(keyPath, true)) as { range?: [number, number, number]; items?: { key?: { value?: unknown; range?: [number, number, number] } }[] } | undefined;
    // an unknown key: its own line (the map's node would point at the first key)
    const keyNode = unknownKey ? (node?.items ?? (doc.contents as typeof node)?.items ?? []).find((i) => i.key?.value === unknownKey)?.key : undefined;
    const range = keyNode?.range ?? node?.range;
    const line = range ? counter.linePos(range[0]).line : undefined;
    const near = unknownKey ? closest(unknownKey, Object.keys(manifestSchema.shape)) : undefined;
    const message = unknownKey
      ? `${shown}: \`${unknownKey}\` is not a manifest key${near && distance(near, unknownKey) <= 3 ? `: did you mean \`${near}\`?` : ''}`
      : `${shown}: \`${keyPath.join('.') || 'articles'}\` ${issue.message}`;
    throw new GzhError('manifest/invalid', message, {
      file: shown,
      line,
      exitCode: 2,
      hint: `A manifest looks like:\narticles:\n  - content/headline.md\n  - content/second.md\ntheme: serif    # optional: ${Object.keys(manifestSchema.shape).join(', ')}`,
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
