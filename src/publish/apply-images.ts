/**
 * The images of one draft, for real: every remote image downloaded first (an unreachable one stops the run
 * before anything is uploaded), then each article's images through the ledger, every image material journaled
 * before it is sent. Gives the payloads as they will be sent and their hashes.
 */
import { createHash } from 'node:crypto';
import { GzhError, type Message } from '../errors.js';
import { collectImageJobs } from '../images/collect-image-jobs.js';
import { ImageBatchError, placeImageError, prepareArticleImages, readSourceBytes, remoteOptionsFrom, rewriteImageSources, type ImageUploader, type RemoteOptions } from '../images/index.js';
import { isWechatApiError, type DraftArticle } from '../wechat/index.js';
import type { ApplyContext } from './apply-context.js';
import type { CheckedDraft } from './check-draft.js';
import { materialIntentId } from './lockfile.js';
import { newspicImages, newspicText } from '../check/index.js';
import { buildDraftArticle, buildNewspicArticle, hashDraftArticle } from './payload.js';

export interface DraftPayloads {
  payloads: DraftArticle[];
  hashes: string[];
  /** Per article: images in it (body + cover) and how many this run uploaded. */
  images: { total: number; uploaded: number }[];
  uploads: number;
  messages: Message[];
}

export async function uploadDraftImages(draft: CheckedDraft, ctx: ApplyContext): Promise<DraftPayloads> {
  const { config } = ctx.project;
  const remote = remoteOptionsFrom(config.images);
  const prefetched = await fetchRemoteImages(draft, ctx, remote);
  const result: DraftPayloads = { payloads: [], hashes: [], images: [], uploads: 0, messages: [] };
  const failures: GzhError[] = [];
  for (const { article, fields } of draft.articles) {
    ctx.emit({ type: 'step', message: `Preparing images of ${article.file}` });
    // an image post: its pictures, each a permanent material, and no separate cover
    const pictures = fields.type === 'newspic' ? newspicImages(article) : undefined;
    try {
      const images = await prepareArticleImages(
        {
          articleFile: article.file,
          cwd: ctx.project.cwd,
          root: config.root,
          images: pictures ?? article.images,
          ...(pictures ? { withCover: false, imagesAs: 'picture' as const } : {}),
          // only a front-matter cover: else the first body image is the cover, and a broken one is reported once
          cover: !pictures && article.meta.cover ? fields.cover : undefined,
          coverCrops: { pic_crop_235_1: article.meta.pic_crop_235_1, pic_crop_1_1: article.meta.pic_crop_1_1 },
          maxWidth: config.images.maxWidth,
          remote,
        },
        {
          uploader: journaledUploader(ctx),
          ledger: ctx.lockfile.ledger(ctx.key),
          ledgerScope: ctx.scope,
          prefetched,
          signal: ctx.signal,
          concurrency: config.images.concurrency,
          uploadConcurrency: config.images.uploadConcurrency,
          onProgress: (done, total, label) => ctx.emit({ type: 'progress', label: `images ${article.file}${label && label !== 'images' ? ` (${label})` : ''}`, done, total }),
        },
      );
      const payload = pictures
        ? buildNewspicArticle(fields, newspicText(article.html), pictures.map((_, i) => images.materialsByIndex.get(i)!))
        : buildDraftArticle({ fields, meta: article.meta }, rewriteImageSources(article.html, images.urlsByIndex), images.cover, images.cover?.crops ?? images.coverCrops);
      result.payloads.push(payload);
      result.hashes.push(hashDraftArticle(payload));
      result.images.push({ total: pictures ? pictures.length : article.images.length + (article.meta.cover ? 1 : 0), uploaded: images.uploads });
      result.uploads += images.uploads;
      ctx.progress.uploads += images.uploads;
      result.messages.push(...images.messages);
    } catch (error) {
      if (error instanceof ImageBatchError) failures.push(...error.errors);
      else throw error;
    }
  }
  // every image problem of every article at once; what did upload is in the ledger already
  if (failures.length > 0) throw imageBatch(failures);
  return result;
}

/** Download every remote image of the draft before the first upload: a dead link must not leave half a draft uploaded. */
async function fetchRemoteImages(draft: CheckedDraft, ctx: ApplyContext, remote: RemoteOptions): Promise<Map<string, Buffer>> {
  const fetched = new Map<string, Buffer>();
  const failures: GzhError[] = [];
  for (const { article, fields } of draft.articles) {
    const pictures = fields.type === 'newspic';
    const { jobs } = collectImageJobs({ articleFile: article.file, cwd: ctx.project.cwd, root: ctx.project.config.root, images: pictures ? newspicImages(article) : article.images, cover: !pictures && article.meta.cover ? fields.cover : undefined, withCover: !pictures, imagesAs: pictures ? 'picture' : 'body' });
    for (const job of jobs) {
      if (job.source.kind !== 'remote' || fetched.has(job.source.url)) continue;
      const ref = job.refs[0]!;
      try {
        fetched.set(job.source.url, await readSourceBytes(job.source, { remote }));
      } catch (error) {
        failures.push(placeImageError(error, ref.src, { file: article.file, line: ref.line, column: ref.column }));
      }
    }
  }
  if (failures.length > 0) throw imageBatch(failures);
  return fetched;
}

/** Image materials are journaled: one whose answer is lost is found again by its name on the rerun. */
function journaledUploader(ctx: ApplyContext): ImageUploader {
  return {
    uploadImage: (bytes, filename) => ctx.client.uploadImage(bytes, filename),
    async addMaterial(bytes, filename, type, upload) {
      const id = upload ? materialIntentId(upload.ledgerKey) : undefined;
      if (upload && id) {
        const processedSha256 = createHash('sha256').update(bytes).digest('hex');
        await ctx.lockfile.intend(ctx.key, id, { op: 'material/add_material', key: upload.ledgerKey, name: filename, processedSha256, started: new Date().toISOString() });
      }
      try {
        return await ctx.client.addMaterial(bytes, filename, type);
      } catch (error) {
        // WeChat answered an error: nothing was stored, nothing to look for later
        if (id && isWechatApiError(error)) await ctx.lockfile.settle(ctx.key, id);
        throw error;
      }
    },
  };
}

/** Image errors of one or more articles as one error, named after the article when there is one. */
export function imageBatch(errors: readonly GzhError[]): ImageBatchError {
  const files = [...new Set(errors.map((e) => e.file ?? ''))];
  return new ImageBatchError(files.length === 1 ? files[0]! : 'this draft', errors);
}
