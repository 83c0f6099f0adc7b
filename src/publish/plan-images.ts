/**
 * An article's images against the ledger, with no network: local files and data: URIs are read and hashed (the
 * ledger key), remote ones are known by their URL or not at all. When every image is known, the exact payload,
 * and so its hash, is known now: that is how a plan tells "unchanged" from "update" before anything is sent.
 */
import type { ResolvedConfig } from '../config/schema.js';
import { collectImageJobs } from '../images/collect-image-jobs.js';
import { newspicImages, newspicText } from '../check/index.js';
import type { ImagePurpose } from '../images/types.js';
import { computeLedgerKey, computeUrlKey, detectImageFormat, isEntryInScope, readSourceBytes, rewriteImageSources, type CoverCrops, type LedgerEntry, type LedgerScope, type MediaLedger } from '../images/index.js';
import type { CheckedArticle } from './check-draft.js';
import type { PublishCache } from './check-cache.js';
import { buildDraftArticle, buildNewspicArticle, hashDraftArticle } from './payload.js';

export type ImageAction = 'known' | 'upload' | 'fetch';

export interface PlannedImage {
  src: string;
  line: number;
  purpose: ImagePurpose;
  action: ImageAction;
  /** Where an upload goes (a GIF stays animated as a material; the rest is an in-article image). */
  endpoint?: 'media/uploadimg' | 'material/add_material';
}

export interface PlannedArticleImages {
  images: PlannedImage[];
  /** Hash of the payload as it would be sent: known only when every image is. */
  hash?: string;
}

/**
 * With `cache`, an article whose check was cached (same inputs, same image contents) and whose images gzh.lock
 * knows exactly as before gets the plan of last time, without reading its images or its HTML again.
 */
export async function planArticleImages(checked: CheckedArticle, config: ResolvedConfig, cwd: string, ledger: MediaLedger, scope: LedgerScope, cache?: PublishCache): Promise<PlannedArticleImages> {
  const key = cache && checked.cacheKey ? cache.planKey(checked.cacheKey, scope, checked.fields) : undefined;
  if (key) {
    const known = await cache!.plan(key, ledger);
    if (known) return known as PlannedArticleImages;
  }
  const keys: string[] = [];
  const planned = await computeArticleImages(checked, config, cwd, ledger, scope, keys);
  if (key) cache!.storePlan(key, keys, ledger, planned);
  return planned;
}

/** `keys` receives the ledger key looked up for each image, in order. */
async function computeArticleImages(checked: CheckedArticle, config: ResolvedConfig, cwd: string, ledger: MediaLedger, scope: LedgerScope, keys: string[]): Promise<PlannedArticleImages> {
  const { article, fields } = checked;
  const pictures = fields.type === 'newspic';
  const { jobs, hosted } = pictures
    ? collectImageJobs({ articleFile: article.file, cwd, root: config.root, images: newspicImages(article), withCover: false, imagesAs: 'picture' })
    : collectImageJobs({ articleFile: article.file, cwd, root: config.root, images: article.images, cover: article.meta.cover ? fields.cover : undefined, withCover: true });
  const materials = new Map<number, string>();
  const urls = new Map<number, string>(hosted);
  const images: PlannedImage[] = [];
  let cover: LedgerEntry | undefined;
  let coverBytes: Uint8Array | undefined;
  for (const job of jobs) {
    const ref = job.refs[0]!;
    const keyOptions = { purpose: job.purpose, maxWidth: config.images.maxWidth };
    const usable = (e: LedgerEntry | undefined): e is LedgerEntry => isEntryInScope(e, scope) && (job.purpose === 'body' ? Boolean(e.url) : e.kind === 'image' && Boolean(e.media_id));
    let entry: LedgerEntry | undefined;
    let bytes: Uint8Array | undefined;
    if (job.source.kind === 'remote' || job.source.kind === 'wechat') {
      // a remote cover's crops need its bytes: it is work to do even when its URL is known
      const urlKey = computeUrlKey(job.source.url, keyOptions);
      keys.push(urlKey);
      const byUrl = ledger.get(urlKey);
      entry = job.purpose !== 'cover' && usable(byUrl) ? byUrl : undefined;
    } else {
      bytes = await readSourceBytes(job.source, { remote: { timeoutMs: 1, maxBytes: 0 } });
      const ledgerKey = computeLedgerKey(bytes, keyOptions);
      keys.push(ledgerKey);
      const known = ledger.get(ledgerKey);
      entry = usable(known) ? known : undefined;
    }
    const remote = job.source.kind === 'remote' || job.source.kind === 'wechat';
    const endpoint = job.purpose !== 'body' || (bytes && detectImageFormat(bytes) === 'gif') ? 'material/add_material' : 'media/uploadimg';
    images.push({ src: ref.src, line: ref.line, purpose: job.purpose, action: entry ? 'known' : remote ? 'fetch' : 'upload', ...(entry ? {} : { endpoint }) });
    if (!entry) continue;
    if (job.purpose === 'cover') {
      cover = entry;
      coverBytes = bytes;
    } else if (job.purpose === 'picture') {
      for (const r of job.refs) if (r.index !== undefined) materials.set(r.index, entry.media_id!);
    } else for (const r of job.refs) if (r.index !== undefined) urls.set(r.index, entry.url!);
  }
  if (images.some((i) => i.action !== 'known') || (jobs.some((j) => j.purpose === 'cover') && !cover)) return { images };
  if (pictures) {
    const list = newspicImages(article).map((_, i) => materials.get(i)!);
    return { images, hash: hashDraftArticle(buildNewspicArticle(fields, newspicText(article.html), list)) };
  }
  const content = rewriteImageSources(article.html, urls);
  const crops = cover ? await coverCrops(cover, coverBytes, article.meta) : undefined;
  return { images, hash: hashDraftArticle(buildDraftArticle({ fields, meta: article.meta }, content, cover?.media_id ? { media_id: cover.media_id } : undefined, crops)) };
}

/** The crops apply would send: front matter's, else the ones recorded with the cover, else computed (older gzh.lock entries). */
async function coverCrops(cover: LedgerEntry, bytes: Uint8Array | undefined, meta: Partial<CoverCrops>): Promise<Partial<CoverCrops> | undefined> {
  if (meta.pic_crop_1_1 && meta.pic_crop_235_1) return meta;
  if (cover.crops) return { ...cover.crops, ...stripUndefined(meta) };
  if (!bytes) return undefined;
  const { computeCoverCrops } = await import('../images/compute-cover-crops.js');
  return { ...(await computeCoverCrops(bytes)), ...stripUndefined(meta) };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
