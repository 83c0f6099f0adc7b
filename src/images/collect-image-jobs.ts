/**
 * One job per distinct image source of an article (the same file used twice is processed once);
 * resolve errors are collected, not thrown, so an article reports all its broken images at once.
 */
import path from 'node:path';
import type { GzhError } from '../errors.js';
import type { ImageRef } from '../compile/types.js';
import { sha256Hex } from './ledger.js';
import type { ImageMemo } from './image-memo.js';
import { resolveImageSource } from './resolve-source.js';
import type { ImagePurpose, ResolvedSource } from './types.js';

export interface RefPlace {
  src: string;
  line: number;
  column?: number;
  /** n-th <img> of the HTML; absent for a front-matter cover. */
  index?: number;
}

export interface ImageJob {
  purpose: ImagePurpose;
  source: ResolvedSource;
  /** Every reference to this source (body: several <img> may share one file). */
  refs: RefPlace[];
}

export interface CollectedJobs {
  jobs: ImageJob[];
  /** Images WeChat already hosts: index → url, used as is. */
  hosted: Map<number, string>;
  errors: GzhError[];
}

export interface CollectInput {
  articleFile: string;
  /** Folder `articleFile` is relative to (default: the process's working directory). */
  cwd?: string;
  root: string;
  images: readonly ImageRef[];
  /** Front matter `cover`; when absent the first body image is the cover. */
  cover?: { src: string; line: number; column?: number };
  /** Whether a cover job is wanted at all (publishing: yes; `gzh build`: no). */
  withCover: boolean;
  /** `picture`: the images are an image post's pictures, each a permanent material (default `body`). */
  imagesAs?: 'body' | 'picture';
  /** A run's memo of resolved paths (a build of many articles sharing pictures). */
  imageMemo?: ImageMemo;
}

export function collectImageJobs(input: CollectInput): CollectedJobs {
  const ctx = { articleFile: input.articleFile, cwd: input.cwd, root: input.root, memo: input.imageMemo };
  const byIdentity = new Map<string, ImageJob>();
  const hosted = new Map<number, string>();
  const errors: GzhError[] = [];
  const sorted = [...input.images].sort((a, b) => a.index - b.index);

  for (const ref of sorted) {
    let source: ResolvedSource;
    try {
      source = resolveImageSource(ref, ctx);
    } catch (error) {
      errors.push(error as GzhError);
      continue;
    }
    // a picture must be a material (a media_id) even when WeChat hosts it already: it is downloaded
    if (source.kind === 'wechat' && input.imagesAs === 'picture') source = { kind: 'remote', src: source.src, url: source.url };
    if (source.kind === 'wechat') {
      hosted.set(ref.index, source.url);
      continue;
    }
    const id = `body\0${identityOf(source)}`;
    const place: RefPlace = { src: ref.src, line: ref.line, column: ref.column, index: ref.index };
    const job = byIdentity.get(id);
    if (job) job.refs.push(place);
    else byIdentity.set(id, { purpose: input.imagesAs ?? 'body', source, refs: [place] });
  }

  if (input.withCover) {
    const first = sorted[0];
    const coverRef: RefPlace | undefined = input.cover ?? (first ? { src: first.src, line: first.line, column: first.column } : undefined);
    if (coverRef) {
      try {
        const source = resolveImageSource(coverRef, ctx);
        // A hosted cover still has to become a permanent material (a media_id), so it is downloaded.
        const loadable: ResolvedSource = source.kind === 'wechat' ? { kind: 'remote', src: source.src, url: source.url } : source;
        byIdentity.set(`cover\0${identityOf(loadable)}`, { purpose: 'cover', source: loadable, refs: [coverRef] });
      } catch (error) {
        // The same broken body image would be reported twice; a front-matter cover is reported on its own.
        if (input.cover) errors.push(error as GzhError);
      }
    }
  }
  return { jobs: [...byIdentity.values()], hosted, errors };
}

function identityOf(source: ResolvedSource): string {
  switch (source.kind) {
    case 'local':
      return `file:${source.path}`;
    case 'remote':
    case 'wechat':
      return `url:${source.url}`;
    case 'data':
      return `data:${sha256Hex(source.bytes)}`;
  }
}

/**
 * A WeChat-friendly upload file name: the source's base name (ASCII), the start of the ledger key (so a material
 * whose answer was lost can be found again by name), the output extension.
 */
export function uploadFilename(source: ResolvedSource, ext: string, ledgerKey?: string): string {
  let base = 'image';
  if (source.kind === 'local') base = path.basename(source.path);
  else if (source.kind === 'remote' || source.kind === 'wechat') base = path.posix.basename(new URL(source.url).pathname) || 'image';
  const stem = base.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return `${stem || 'image'}${ledgerKey ? `-${ledgerKey.slice(0, 16)}` : ''}.${ext}`;
}
