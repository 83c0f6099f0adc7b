/**
 * Turn an `<img src>` as written in an article into something loadable, refusing paths that leave the
 * project (a published article must never pull in ~/.ssh/id_rsa.png through a symlink).
 */
import fs from 'node:fs';
import path from 'node:path';
import { closest, distance } from 'fastest-levenshtein';
import { GzhError } from '../errors.js';
import type { ImageRef } from '../compile/types.js';
import { decodeDataUri } from './decode-data-uri.js';
import { shortenSrc } from './image-errors.js';
import type { ImageMemo } from './image-memo.js';
import type { ResolvedSource } from './types.js';

export interface ResolveContext {
  /** The Markdown file that references the image (shown in errors as given). */
  articleFile: string;
  /** Folder `articleFile` is relative to (default: the process's working directory). */
  cwd?: string;
  /** Project root: nothing outside it may be read. */
  root: string;
  /** A run's memo: a path resolved once is not resolved again (only successes are kept). */
  memo?: ImageMemo;
}

const WECHAT_HOSTS = new Set(['mmbiz.qpic.cn', 'mmbiz.qlogo.cn']);

/** True for images WeChat already hosts (left untouched: no load, no upload). */
export function isWechatHosted(url: string): boolean {
  // most sources are local paths: no URL to parse (this runs for every image of every article, twice)
  if (!/mmbiz\.q/i.test(url)) return false;
  try {
    const u = new URL(url);
    return (u.protocol === 'https:' || u.protocol === 'http:') && WECHAT_HOSTS.has(u.hostname.toLowerCase());
  } catch {
    return false;
  }
}

type RefPlace = Pick<ImageRef, 'src' | 'line'> & { column?: number };

export function resolveImageSource(ref: RefPlace, ctx: ResolveContext): ResolvedSource {
  const src = ref.src.trim();
  const place = { file: ctx.articleFile, line: ref.line, column: ref.column };
  // (also what is left of a src the sanitizer removed: its compile/unsafe-html warning on this line says why)
  if (src === '') throw new GzhError('image/empty-src', 'Image with an empty src', { ...place, hint: 'Write a path or an http(s) URL inside ![alt](...)' });

  if (/^data:/i.test(src)) {
    try {
      const { bytes, mediaType } = decodeDataUri(src);
      return { kind: 'data', src: ref.src, bytes, mediaType };
    } catch (error) {
      throw new GzhError('image/bad-data-uri', `${shortenSrc(src)}: ${(error as Error).message}`, place);
    }
  }

  const url = src.startsWith('//') ? `https:${src}` : src;
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) && !/^[a-z]:[\\/]/i.test(url)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new GzhError('image/bad-url', `Invalid image URL ${src}`, place);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new GzhError('image/bad-url', `Unsupported image URL scheme ${parsed.protocol} in ${src}`, {
        ...place,
        hint: 'Use a relative path inside the project or an http(s) URL',
      });
    }
    if (isWechatHosted(url)) return { kind: 'wechat', src: ref.src, url };
    return { kind: 'remote', src: ref.src, url: parsed.href };
  }

  return { kind: 'local', src: ref.src, path: resolveLocalPath(src, ctx, place) };
}

function resolveLocalPath(src: string, ctx: ResolveContext, place: { file: string; line: number; column?: number }): string {
  const articleDir = path.dirname(path.resolve(ctx.cwd ?? process.cwd(), ctx.articleFile));
  if (!ctx.memo) return findLocalPath(src, articleDir, ctx.root, place);
  const key = `${ctx.root}\0${articleDir}\0${src}`;
  let real = ctx.memo.paths.get(key);
  if (real === undefined) {
    real = findLocalPath(src, articleDir, ctx.root, place);
    ctx.memo.paths.set(key, real);
  }
  return real;
}

function findLocalPath(src: string, articleDir: string, projectRoot: string, place: { file: string; line: number; column?: number }): string {
  const root = realpathOr(path.resolve(projectRoot));
  const candidates = candidatePaths(src, articleDir, root);

  const outside = (p: string) => {
    const rel = path.relative(root, p);
    return rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel);
  };
  const escape = () =>
    new GzhError('image/outside-root', `Image ${src} is outside the project root (${root})`, {
      ...place,
      hint: 'Copy the image into the project and reference it with a relative path',
    });

  for (const candidate of candidates) {
    if (outside(realpathOr(candidate, true))) continue;
    if (!fs.existsSync(candidate)) continue;
    const real = fs.realpathSync(candidate);
    if (outside(real)) throw escape(); // a symlink pointing out of the project
    if (!fs.statSync(real).isFile()) throw new GzhError('image/not-a-file', `Image ${src} is not a file`, place);
    return real;
  }

  const primary = candidates[0]!;
  if (outside(realpathOr(primary, true))) throw escape();
  throw new GzhError('image/not-found', `Image not found: ${src}`, { ...place, hint: suggestSibling(primary) });
}

/** The path as written, then percent-decoded and without ?query/#hash (common in Markdown copied from the web). */
function candidatePaths(src: string, articleDir: string, root: string): string[] {
  const variants = new Set<string>([src]);
  const noQuery = src.replace(/[?#].*$/, '');
  if (noQuery) variants.add(noQuery);
  for (const v of [...variants]) {
    try {
      variants.add(decodeURI(v));
    } catch {
      // not percent-encoded
    }
  }
  const out: string[] = [];
  for (const v of variants) {
    if (path.isAbsolute(v)) {
      out.push(path.normalize(v));
      out.push(path.join(root, v)); // "/images/a.png": relative to the project root
    } else {
      out.push(path.resolve(articleDir, v));
    }
  }
  return [...new Set(out)];
}

/** realpath of an existing path; for a missing one, realpath of its nearest existing ancestor + the rest. */
function realpathOr(p: string, followParents = false): string {
  try {
    return fs.realpathSync(p);
  } catch {
    if (!followParents) return p;
    const parent = path.dirname(p);
    if (parent === p) return p;
    return path.join(realpathOr(parent, true), path.basename(p));
  }
}

function suggestSibling(missing: string): string {
  const dir = path.dirname(missing);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return `Folder ${dir} does not exist`;
  }
  const base = path.basename(missing);
  const candidates = names.filter((n) => !n.startsWith('.'));
  if (candidates.length === 0) return `Folder ${dir} has no files`;
  const best = closest(base, candidates);
  const limit = Math.max(2, Math.floor(base.length / 3));
  if (distance(base.toLowerCase(), best.toLowerCase()) <= limit) return `Did you mean ${best}?`;
  return `No file named ${base} in ${dir}`;
}
