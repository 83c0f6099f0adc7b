/**
 * `gzh build`: the same optimisation as publishing, written beside the HTML instead of uploaded.
 * File names carry the ledger key, so unchanged images are not processed again on the next build (and
 * sharp, ~100 ms to load, is only loaded when one is).
 * A remote image that cannot be had (offline, DNS, 404, a private address, not an image) does not stop the
 * build: the HTML keeps its URL and a warning says why, so an article with shields.io badges builds on a
 * plane. `gzh publish` fetches it again and refuses the draft if it still fails. Local files are the
 * author's own: their problems stay errors.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import type { Dispatcher } from 'undici';
import { GzhError, outputError } from '../errors.js';
import { replaceFile } from '../replace-file.js';
import type { Message } from '../errors.js';
import type { ImageRef } from '../compile/types.js';
import { collectImageJobs, uploadFilename } from './collect-image-jobs.js';
import { extensionOf } from './detect-format.js';
import type { ImageMemo } from './image-memo.js';
import { ImageBatchError, placeImageError, shortenSrc } from './image-errors.js';
import { computeLedgerKey } from './ledger.js';
import { readSourceBytes } from './load-image.js';
import type { ProgressCallback, RemoteOptions, ResolvedSource } from './types.js';

export interface BuildImagesInput {
  articleFile: string;
  /** Folder `articleFile` is relative to (default: the process's working directory). */
  cwd?: string;
  root: string;
  images: readonly ImageRef[];
  maxWidth: number;
  remote: RemoteOptions;
  /** Folder the article's HTML is written to. */
  outDir: string;
  /** Sub-folder of outDir for images (default `images`). */
  assetsDir?: string;
  /** A run's memo: a local picture another article of the run used is not read, hashed or looked for again. */
  imageMemo?: ImageMemo;
}

export interface BuildImagesDeps {
  concurrency?: number;
  onProgress?: ProgressCallback;
  dispatcher?: Dispatcher;
}

/** What became of one distinct image source (several <img> may share it). */
export interface BuiltImageOutcome {
  src: string;
  line: number;
  column?: number;
  /** The <img> indexes that use it. */
  indexes: number[];
  source: ResolvedSource['kind'];
  /**
   * written: optimised now; reused: the copy from an earlier build; hosted: a WeChat URL, used as is;
   * kept-url: a remote image that could not be had, left pointing at its URL (see `code`, and the warning).
   */
  status: 'written' | 'reused' | 'hosted' | 'kept-url';
  /** written/reused: path relative to outDir; hosted: the URL. */
  path?: string;
  /** kept-url: the error code (image/fetch-failed, image/fetch-timeout, image/private-address, ...). */
  code?: string;
}

export interface BuiltImages {
  /**
   * index of the <img> → path relative to outDir (POSIX separators), or the URL of a WeChat-hosted image.
   * A remote image that could not be fetched has no entry: rewriting leaves its src as written.
   */
  pathsByIndex: Map<number, string>;
  /** Files written by this call (the rest were already there). */
  written: number;
  /** info: what was done per image (verbose); warn: remote images kept as URLs, and things to know. */
  messages: Message[];
  outcomes: BuiltImageOutcome[];
}

const OUTPUT_EXTENSIONS = ['jpg', 'png', 'gif'];

/** Throws an ImageBatchError (carrying the warnings too) when a local image or a bad reference fails. */
export async function writeBuildImages(input: BuildImagesInput, deps: BuildImagesDeps = {}): Promise<BuiltImages> {
  const { jobs, hosted, errors } = collectImageJobs({ ...input, withCover: false });
  const assetsDir = input.assetsDir ?? 'images';
  const targetDir = path.join(input.outDir, assetsDir);
  const limit = pLimit(Math.max(1, deps.concurrency ?? os.availableParallelism()));
  const pathsByIndex = new Map<number, string>(hosted);
  const messages: Message[] = [];
  const outcomes: BuiltImageOutcome[] = hostedOutcomes(input.images, hosted);
  const failures: GzhError[] = [...errors];
  let written = 0;
  let done = 0;
  if (jobs.length > 0 && !input.imageMemo?.folders.has(targetDir)) {
    await fs.mkdir(targetDir, { recursive: true }).catch((error: unknown) => {
      // a file where the folder goes (dist/images), or a folder that can't be written: the user's to fix
      const shown = path.relative(input.cwd ?? process.cwd(), targetDir) || targetDir;
      throw outputError(`make the images folder ${shown}`, shown, error);
    });
    input.imageMemo?.folders.add(targetDir);
  }
  deps.onProgress?.(0, jobs.length, 'images');

  await Promise.all(
    jobs.map((job) =>
      limit(async () => {
        const ref = job.refs[0]!;
        const outcome = (status: BuiltImageOutcome['status'], more: Partial<BuiltImageOutcome>): void => {
          const indexes = job.refs.flatMap((r) => (r.index === undefined ? [] : [r.index]));
          outcomes.push({ src: ref.src, line: ref.line, column: ref.column, indexes, source: job.source.kind, status, ...more });
        };
        try {
          // another article of this run made or found this picture's copy already
          const memoKey = job.source.kind === 'local' && input.imageMemo ? `${targetDir}\0${job.source.path}\0${input.maxWidth}` : undefined;
          let name = memoKey ? input.imageMemo!.copies.get(memoKey) : undefined;
          let reused = name !== undefined;
          if (name === undefined) {
            const bytes = await readSourceBytes(job.source, { remote: input.remote, dispatcher: deps.dispatcher });
            const key = computeLedgerKey(bytes, { purpose: 'body', maxWidth: input.maxWidth });
            const stem = `${uploadFilename(job.source, 'x').slice(0, -2)}-${key.slice(0, 10)}`;
            name = await findExisting(targetDir, stem);
            reused = name !== undefined;
            if (name === undefined) {
              const { optimiseImage } = await import('./optimise-image.js');
              const image = await optimiseImage(bytes, { purpose: 'body', maxWidth: input.maxWidth });
              name = `${stem}.${extensionOf(image.format)}`;
              await replaceFile(path.join(targetDir, name), image.bytes);
              written++;
              for (const w of image.warnings) push(messages, input.articleFile, ref, 'warn', 'image/warning', `${shortenSrc(ref.src)}: ${w}`);
              push(messages, input.articleFile, ref, 'info', 'image/optimised', `${shortenSrc(ref.src)}: ${image.actions.join(', ')}`);
            }
            if (memoKey) input.imageMemo!.copies.set(memoKey, name);
          }
          const rel = path.posix.join(assetsDir.split(path.sep).join('/'), name);
          for (const r of job.refs) if (r.index !== undefined) pathsByIndex.set(r.index, rel);
          outcome(reused ? 'reused' : 'written', { path: rel });
        } catch (error) {
          const placed = placeImageError(error, ref.src, { file: input.articleFile, line: ref.line, column: ref.column });
          if (job.source.kind !== 'remote' || !(error instanceof GzhError)) {
            failures.push(placed);
            return;
          }
          // offline, DNS, 404, private address, an HTML page instead of an image: build anyway
          const hint = placed.hint ? ` (${placed.hint})` : '';
          push(messages, input.articleFile, ref, 'warn', 'image/remote-unavailable', `${placed.message}: kept as a remote URL, publish fetches it again${hint}`);
          outcome('kept-url', { code: placed.code });
        } finally {
          done++;
          deps.onProgress?.(done, jobs.length, shortenSrc(ref.src));
        }
      }),
    ),
  );
  const sorted = sortByLine(messages);
  if (failures.length > 0) throw new ImageBatchError(input.articleFile, sortByLine(failures), sorted);
  return { pathsByIndex, written, messages: sorted, outcomes: sortByLine(outcomes) };
}

function hostedOutcomes(images: readonly ImageRef[], hosted: ReadonlyMap<number, string>): BuiltImageOutcome[] {
  return images
    .filter((ref) => hosted.has(ref.index))
    .map((ref) => ({ src: ref.src, line: ref.line, column: ref.column, indexes: [ref.index], source: 'wechat', status: 'hosted', path: hosted.get(ref.index) }));
}

function sortByLine<T extends { line?: number; column?: number }>(items: T[]): T[] {
  return items.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

async function findExisting(dir: string, stem: string): Promise<string | undefined> {
  for (const ext of OUTPUT_EXTENSIONS) {
    const name = `${stem}.${ext}`;
    try {
      await fs.access(path.join(dir, name));
      return name;
    } catch {
      // not built yet
    }
  }
  return undefined;
}

function push(messages: Message[], file: string, ref: { line: number; column?: number }, severity: Message['severity'], ruleId: string, message: string): void {
  messages.push({ ruleId, severity, message, file, line: ref.line, column: ref.column, source: 'gzh-images' });
}
