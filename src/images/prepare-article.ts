/**
 * All images of one article: load → key → (ledger hit? done) → optimise → upload → ledger.
 * Processing is bounded by the CPU count, uploads by `uploadConcurrency`, and the jobs holding bytes
 * by their sum, so a 200-image article never has 200 decoded images in memory.
 */
import os from 'node:os';
import pLimit from 'p-limit';
import type { Dispatcher } from 'undici';
import { GzhError, InterruptedError } from '../errors.js';
import type { Message } from '../errors.js';
import type { ImageRef } from '../compile/types.js';
import { collectImageJobs, uploadFilename } from './collect-image-jobs.js';
import type { ImageJob } from './collect-image-jobs.js';
import { computeCoverCrops } from './compute-cover-crops.js';
import { extensionOf } from './detect-format.js';
import { ImageBatchError, placeImageError, shortenSrc } from './image-errors.js';
import { computeLedgerKey, computeUrlKey, isEntryInScope, sha256Hex } from './ledger.js';
import { readSourceBytes } from './load-image.js';
import { optimiseImage } from './optimise-image.js';
import type { OptimisedImage } from './optimise-image.js';
import type {
  CoverCrops,
  ImagePurpose,
  ImageUploader,
  LedgerEntry,
  LedgerScope,
  MediaLedger,
  ProgressCallback,
  RemoteOptions,
} from './types.js';

export interface PrepareInput {
  /** The article's Markdown file (errors point at it). */
  articleFile: string;
  /** Folder `articleFile` is relative to (default: the process's working directory). */
  cwd?: string;
  /** Project root: no image outside it is read. */
  root: string;
  /** `CompiledArticle.images`. */
  images: readonly ImageRef[];
  /** Front matter `cover` and its line; without it the first body image is the cover. */
  cover?: { src: string; line: number; column?: number };
  /** Front matter crops: kept as given; the missing ones are computed. */
  coverCrops?: Partial<CoverCrops>;
  /** Set false to skip the cover entirely (e.g. `newspic` posts). Default true. */
  withCover?: boolean;
  /** `picture`: every image becomes a permanent image material (an image post's `image_list`). */
  imagesAs?: 'body' | 'picture';
  maxWidth: number;
  remote: RemoteOptions;
}

export interface PrepareDeps {
  /** Absent: validate and optimise only (nothing uploaded; ledger hits still fill urlsByIndex). */
  uploader?: ImageUploader;
  ledger: MediaLedger;
  ledgerScope: LedgerScope;
  onProgress?: ProgressCallback;
  /** Images processed at once (default: os.availableParallelism()). */
  concurrency?: number;
  /** Uploads at once (default 4). */
  uploadConcurrency?: number;
  /** undici dispatcher for remote images (proxies, tests). */
  dispatcher?: Dispatcher;
  now?: () => Date;
  /** Remote images already downloaded (by URL): a publish fetches them all before the first upload. */
  prefetched?: ReadonlyMap<string, Buffer>;
  /** Ctrl-C: no new image starts; the run ends with InterruptedError once the ones in flight are done. */
  signal?: AbortSignal;
}

export interface PreparedCover {
  media_id: string;
  url?: string;
  crops: CoverCrops;
}

export interface PreparedArticleImages {
  /** index of the <img> in the HTML → WeChat URL (hosted images map to themselves). */
  urlsByIndex: Map<number, string>;
  /** `imagesAs: picture`: index of the image → its material's media_id. */
  materialsByIndex: Map<number, string>;
  /** Present once the cover is a material (uploaded now or known from the ledger). */
  cover?: PreparedCover;
  /** Cover crops, also in dry runs. */
  coverCrops?: CoverCrops;
  /** Uploads performed by this call. */
  uploads: number;
  /** info: what was done per image (verbose); warn: things the author should know. */
  messages: Message[];
}

interface JobOutcome {
  entry?: LedgerEntry;
  crops?: CoverCrops;
}

/** Load, optimise and upload the article's images; throws an ImageBatchError listing every failure. */
export async function prepareArticleImages(input: PrepareInput, deps: PrepareDeps): Promise<PreparedArticleImages> {
  const { jobs, hosted, errors } = collectImageJobs({
    articleFile: input.articleFile,
    cwd: input.cwd,
    root: input.root,
    images: input.images,
    cover: input.cover,
    withCover: input.withCover ?? true,
    imagesAs: input.imagesAs,
  });
  const concurrency = Math.max(1, deps.concurrency ?? os.availableParallelism());
  const uploadConcurrency = Math.max(1, deps.uploadConcurrency ?? 4);
  const processSlot = pLimit(concurrency);
  const uploadSlot = pLimit(uploadConcurrency);
  // Bounds how many jobs hold bytes at once (being processed or waiting for / doing an upload).
  const jobSlot = pLimit(concurrency + uploadConcurrency);
  const now = deps.now ?? (() => new Date());
  const messages: Message[] = [];
  const urlsByIndex = new Map<number, string>(hosted);
  const materialsByIndex = new Map<number, string>();
  let uploads = 0;
  let done = 0;
  deps.onProgress?.(0, jobs.length, 'images');

  const message = (job: ImageJob, severity: Message['severity'], ruleId: string, text: string): void => {
    const ref = job.refs[0]!;
    messages.push({ ruleId, severity, message: text, file: input.articleFile, line: ref.line, column: ref.column, source: 'gzh-images' });
  };

  const inflight = new Map<string, Promise<LedgerEntry>>();
  // an interrupt or a ledger that can't be written ends the whole batch: nothing more may be uploaded unrecorded
  let fatal: unknown;
  const runJob = async (job: ImageJob): Promise<JobOutcome> => {
    if (deps.signal?.aborted) throw new InterruptedError('Interrupted before the next image');
    const src = job.refs[0]!.src;
    const keyOptions = { purpose: job.purpose, maxWidth: input.maxWidth };
    const processed = await processSlot(async () => {
      const prefetched = job.source.kind === 'remote' ? deps.prefetched?.get(job.source.url) : undefined;
      const bytes = prefetched ?? (await readSourceBytes(job.source, { remote: input.remote, dispatcher: deps.dispatcher }));
      const key = computeLedgerKey(bytes, keyOptions);
      const known = deps.ledger.get(key);
      const usable = isEntryInScope(known, deps.ledgerScope) && isUsable(known, job.purpose);
      // a known cover brings its crops: no second look at the picture (sharp's attention pass is the slow part)
      const crops = job.purpose !== 'cover' ? undefined : usable && known.crops ? { ...known.crops, ...stripUndefined(input.coverCrops) } : await completeCrops(bytes, input.coverCrops);
      if (usable) return { key, crops, known };
      const optimised = await optimiseImage(bytes, keyOptions);
      return { key, crops, optimised };
    });
    const { key, crops } = processed;
    if (processed.known) {
      message(job, 'info', 'image/cached', `${shortenSrc(src)}: already uploaded (${processed.known.kind})`);
      return { entry: processed.known, crops };
    }
    const optimised = processed.optimised!;
    for (const warning of optimised.warnings) message(job, 'warn', 'image/warning', `${shortenSrc(src)}: ${warning}`);
    message(job, 'info', 'image/optimised', `${shortenSrc(src)}: ${optimised.actions.join(', ')}`);
    if (!deps.uploader) return { crops };

    // two files with the same bytes (a copy under another name) upload once
    const same = inflight.get(key);
    if (same) return { entry: await same, crops };
    const upload = uploadSlot(() => {
      if (fatal !== undefined || deps.signal?.aborted) throw fatal ?? new InterruptedError('Interrupted before the next upload');
      return uploadOne(deps.uploader!, job, optimised, key, deps.ledgerScope, now);
    });
    inflight.set(key, upload);
    const uploaded = await upload;
    uploads++;
    if (job.purpose === 'body' && !uploaded.url) {
      throw new GzhError('image/upload-failed', `${shortenSrc(src)}: add_material returned no url for an in-article image`);
    }
    const entry: LedgerEntry = crops && job.purpose === 'cover' ? { ...uploaded, crops } : uploaded;
    // Recorded at once, so a crash later in the batch loses nothing.
    try {
      await deps.ledger.set(key, entry);
      if (job.source.kind === 'remote') await deps.ledger.set(computeUrlKey(job.source.url, keyOptions), entry);
    } catch (error) {
      fatal ??= error;
      throw error;
    }
    return { entry, crops };
  };

  let cover: PreparedCover | undefined;
  let coverCrops: CoverCrops | undefined;
  const failures: GzhError[] = [...errors];
  const coverFailures: GzhError[] = [];
  await Promise.all(
    jobs.map((job) =>
      jobSlot(async () => {
        try {
          const outcome = await runJob(job);
          if (job.purpose === 'cover') {
            coverCrops = outcome.crops;
            if (outcome.entry?.media_id && outcome.crops) cover = { media_id: outcome.entry.media_id, url: outcome.entry.url, crops: outcome.crops };
          } else if (job.purpose === 'picture') {
            if (outcome.entry?.media_id) for (const ref of job.refs) if (ref.index !== undefined) materialsByIndex.set(ref.index, outcome.entry.media_id);
          } else if (outcome.entry?.url) {
            for (const ref of job.refs) if (ref.index !== undefined) urlsByIndex.set(ref.index, outcome.entry.url);
          }
        } catch (error) {
          if (error instanceof InterruptedError) fatal ??= error;
          if (fatal !== undefined) return;
          const ref = job.refs[0]!;
          // a cover taken from the first body image fails with it: that image is reported once, as itself
          if (job.purpose === 'cover' && !input.cover) coverFailures.push(placeImageError(error, ref.src, { file: input.articleFile, line: ref.line, column: ref.column }));
          else failures.push(placeImageError(error, ref.src, { file: input.articleFile, line: ref.line, column: ref.column }));
        } finally {
          done++;
          deps.onProgress?.(done, jobs.length, shortenSrc(job.refs[0]!.src));
        }
      }),
    ),
  );

  if (fatal !== undefined) throw fatal;
  for (const f of coverFailures) if (!failures.some((g) => g.line === f.line && g.column === f.column)) failures.push(f);
  if (failures.length > 0) throw new ImageBatchError(input.articleFile, sortByLine(failures));
  return { urlsByIndex, materialsByIndex, cover, coverCrops, uploads, messages: sortByLine(messages) };
}

function isUsable(entry: LedgerEntry, purpose: ImagePurpose): boolean {
  return purpose === 'body' ? Boolean(entry.url) : entry.kind === 'image' && Boolean(entry.media_id);
}

async function completeCrops(bytes: Uint8Array, given: Partial<CoverCrops> | undefined): Promise<CoverCrops> {
  if (given?.pic_crop_1_1 && given.pic_crop_235_1) return { pic_crop_1_1: given.pic_crop_1_1, pic_crop_235_1: given.pic_crop_235_1 };
  const computed = await computeCoverCrops(bytes);
  return { ...computed, ...stripUndefined(given) };
}

function stripUndefined<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

async function uploadOne(
  uploader: ImageUploader,
  job: ImageJob,
  image: OptimisedImage,
  ledgerKey: string,
  scope: LedgerScope,
  now: () => Date,
): Promise<LedgerEntry> {
  const filename = uploadFilename(job.source, extensionOf(image.format), ledgerKey);
  const base = { processedSha256: sha256Hex(image.bytes), apiBase: scope.apiBase, appId: scope.appId, name: filename };
  if (image.uploadAs === 'uploadimg') {
    const { url } = await uploader.uploadImage(image.bytes, filename, { ledgerKey });
    return { ...base, kind: 'uploadimg', url, time: now().toISOString() };
  }
  const { media_id, url } = await uploader.addMaterial(image.bytes, filename, 'image', { ledgerKey });
  return { ...base, kind: 'image', media_id, ...(url ? { url } : {}), time: now().toISOString() };
}

function sortByLine<T extends { line?: number; column?: number }>(items: T[]): T[] {
  return items.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}
