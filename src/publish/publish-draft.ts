/**
 * `gzh publish`: images through the ledger, then one draft created or updated in place, verified with
 * draft/get, optionally published. gzh.lock is saved after every step, so a rerun after any crash
 * finishes the job without a duplicate draft or a repeated upload. With `dryRun` nothing touches the
 * network: the same steps run against the ledger only and report what would happen.
 */
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ResolvedConfig } from '../config/schema.js';
import { GzhError, type Message } from '../errors.js';
import { collectImageJobs } from '../images/collect-image-jobs.js';
import { ImageBatchError, prepareArticleImages, remoteOptionsFrom, rewriteImageSources, type ImageUploader } from '../images/index.js';
import { PUBLISH_STATUS, isWechatApiError, type DraftArticle, type WechatClient } from '../wechat/index.js';
import { Lockfile, accountKey, type LockedDraft, type LockedPublish } from './lockfile.js';
import { buildDraftArticle, hashDraftArticle } from './payload.js';
import type { PreparedDraft } from './prepare-draft.js';
import { compareStoredDraft } from './verify-draft.js';

export type ArticleStatus = 'created' | 'updated' | 'unchanged' | `failed:${string}`;

export interface PublishArticleResult {
  file: string;
  title: string;
  index: number;
  status: ArticleStatus;
  /** Dry run: what would happen. */
  planned?: 'create' | 'update' | 'unchanged';
  images: { total: number; uploaded: number; toUpload: number };
}

export interface PublishResult {
  dryRun: boolean;
  draftKey: string;
  media_id?: string;
  /** What happened to the draft as a whole. */
  draft: 'created' | 'updated' | 'unchanged' | 'recreated' | 'would-create' | 'would-update' | 'would-keep';
  articles: PublishArticleResult[];
  /** Warnings and info found on the way (verification, images). */
  messages: Message[];
  replaced?: string[];
  publish?: { publish_id: string; status: number; meaning: string; urls: string[]; fail_idx?: number[] };
  uploads: number;
}

export type PublishEvent = { type: 'step'; message: string } | { type: 'progress'; label: string; done: number; total: number };

export interface PublishDraftOptions {
  config: ResolvedConfig;
  lockfile: Lockfile;
  /** Account identity for gzh.lock and the ledger scope. */
  appId: string;
  apiBase: string;
  /** Absent in dry runs. */
  client?: WechatClient;
  dryRun?: boolean;
  replace?: boolean;
  submit?: boolean;
  /** How long --submit polls, ms. */
  submitTimeoutMs?: number;
  /** First poll delay (grows ×1.5 up to 10 s). */
  pollIntervalMs?: number;
  onEvent?: (event: PublishEvent) => void;
  /** Internal: the covers were uploaded again after WeChat refused their media_id (retried once). */
  coversRefreshed?: boolean;
}

export async function publishDraft(prepared: PreparedDraft, options: PublishDraftOptions): Promise<PublishResult> {
  const { config, lockfile, client } = options;
  const dryRun = options.dryRun === true || !client;
  const emit = options.onEvent ?? (() => {});
  const key = accountKey(options.appId, options.apiBase);
  const account = lockfile.account(key);
  const ledger = lockfile.ledger(key);
  const draftKey = prepared.inputs.draftKey;
  const messages: Message[] = [];
  const results: PublishArticleResult[] = [];

  // 0. the account first: a refused IP (40164) or a wrong secret is one clear error with its hint, not a
  // failure of every image (the token is cached, so this costs nothing on the calls after it)
  if (!dryRun && prepared.articles.some((a) => a.article.images.length > 0)) await client!.getAccessToken();

  // 1. images → WeChat URLs, cover → media_id (ledger first: unchanged images are never uploaded again).
  // First every article's image paths: a missing file in article 3 must not come after article 1's uploads.
  const unresolved = prepared.articles.flatMap(({ article, fields }) =>
    collectImageJobs({
      articleFile: path.relative(process.cwd(), article.absolutePath),
      root: config.root,
      images: article.images,
      cover: article.meta.cover ? fields.cover : undefined,
      withCover: true,
    }).errors,
  );
  if (unresolved.length > 0) throw imageBatch(unresolved);
  const payloads: DraftArticle[] = [];
  let uploads = 0;
  let missingMedia = false;
  const imageErrors: GzhError[] = [];
  for (const [index, item] of prepared.articles.entries()) {
    const { article } = item;
    emit({ type: 'step', message: `${dryRun ? 'Checking' : 'Preparing'} images of ${article.file}` });
    let images;
    try {
      images = await prepareArticleImages(
        {
          articleFile: path.relative(process.cwd(), article.absolutePath),
          root: config.root,
          images: article.images,
          // only a front-matter cover: else the first body image is the cover, and a broken one is reported once
          cover: article.meta.cover ? item.fields.cover : undefined,
          coverCrops: { pic_crop_235_1: article.meta.pic_crop_235_1, pic_crop_1_1: article.meta.pic_crop_1_1 } as never,
          maxWidth: config.images.maxWidth,
          remote: remoteOptionsFrom(config.images),
        },
        {
          uploader: dryRun ? undefined : (client as ImageUploader),
          offline: dryRun,
          ledger,
          ledgerScope: { apiBase: options.apiBase, appId: options.appId },
          concurrency: config.images.concurrency,
          uploadConcurrency: config.images.uploadConcurrency,
          onProgress: (done, total, label) => emit({ type: 'progress', label: `images ${article.file}${label && label !== 'images' ? ` (${label})` : ''}`, done, total }),
        },
      );
    } catch (error) {
      if (error instanceof ImageBatchError) imageErrors.push(...error.errors);
      else if (error instanceof GzhError) imageErrors.push(error);
      else throw error;
      continue;
    }
    messages.push(...images.messages);
    uploads += images.uploads;
    const toUpload = article.images.length - images.urlsByIndex.size + (images.cover ? 0 : 1);
    if (toUpload > 0) missingMedia = true;
    const content = rewriteImageSources(article.html, images.urlsByIndex);
    payloads.push(buildDraftArticle(article, item.fields, content, images.cover, images.cover?.crops ?? images.coverCrops, item.comments));
    results.push({ file: article.file, title: item.fields.title, index, status: 'unchanged', images: { total: article.images.length, uploaded: images.uploads, toUpload: dryRun ? toUpload : 0 } });
  }
  if (imageErrors.length > 0) {
    // every image problem of every article at once; what did upload is in the ledger already
    throw imageBatch(imageErrors);
  }

  const hashes = payloads.map(hashDraftArticle);
  const paths = prepared.articles.map((a) => a.projectPath);
  const previous = account.drafts[draftKey];
  const samePaths = previous !== undefined && previous.articles.length === paths.length && previous.articles.every((a, i) => a.path === paths[i]);
  const sameList = samePaths && !previous.published;

  // already published (or being published) and not changed since: a rerun must never post it a second time
  const unchanged = previous !== undefined && samePaths && previous.articles.every((a, i) => a.hash === hashes[i]);
  const submitted = previous !== undefined && unchanged ? publishOf(account, draftKey, previous) : undefined;
  if (previous !== undefined && submitted && !missingMedia) {
    for (const r of results) {
      r.status = 'unchanged';
      if (dryRun) r.planned = 'unchanged';
    }
    const [publishId, record] = submitted;
    let publish: PublishResult['publish'];
    if (record.status === 'publishing' && !dryRun) {
      // a run that submitted and was cut off while waiting: wait for that submit, don't send another
      emit({ type: 'step', message: `Draft ${previous.media_id} was submitted before (${publishId}); waiting for that result` });
      publish = await waitForPublish(client!, lockfile, account, publishId, previous, options, emit);
    } else {
      publish = { publish_id: publishId, status: record.status === PUBLISH_STATUS[0] ? 0 : 1, meaning: record.status, urls: record.urls ?? [] };
    }
    if (publish.status === 0) {
      messages.push({ ruleId: 'publish/already-published', severity: 'info', message: `Already published (${publishId}, ${record.time}): nothing changed, so nothing is sent. Edit the article to publish a new version`, source: 'gzh-publish' });
    }
    return { dryRun, draftKey, media_id: previous.media_id, draft: dryRun ? 'would-keep' : 'unchanged', articles: results, messages, uploads, publish: options.submit || publish.status !== 0 ? publish : undefined };
  }

  // 2. dry run: say exactly what would happen
  if (dryRun) {
    for (const [i, r] of results.entries()) {
      r.planned = !sameList ? 'create' : missingMedia || previous!.articles[i]!.hash !== hashes[i] ? 'update' : 'unchanged';
    }
    const draft = !sameList ? 'would-create' : results.some((r) => r.planned === 'update') ? 'would-update' : 'would-keep';
    const replaced = options.replace
      ? [...draftsSharingArticles(account.drafts, draftKey, paths).map((k) => account.drafts[k]!.media_id), ...(previous && !sameList && !previous.published ? [previous.media_id] : [])]
      : undefined;
    return { dryRun: true, draftKey, media_id: previous?.media_id, draft, articles: results, messages, replaced, uploads: 0 };
  }
  const api = client!;

  // 3. a draft/add that may have landed before a crash: adopt it instead of adding a second one. Checked
  // even when gzh.lock still names an older draft: a re-creation (old draft gone) may be what was cut off.
  let current: LockedDraft | undefined = sameList ? previous : undefined;
  const pending = account.pending[draftKey];
  if (pending) {
    const known = new Set(Object.entries(account.drafts).filter(([k]) => k !== draftKey).map(([, d]) => d.media_id));
    const adopted = await findPendingDraft(api, pending.titles, pending.started, known);
    if (adopted && adopted !== current?.media_id) {
      emit({ type: 'step', message: `Found the draft an interrupted run created (${adopted}); updating it instead of adding another` });
      current = { media_id: adopted, articles: paths.map((p, i) => ({ path: p, hash: pending.hashes?.[i] ?? '' })), created: pending.started, updated: pending.started };
      account.drafts[draftKey] = current;
    }
    delete account.pending[draftKey];
    await lockfile.save();
  }

  let draft: PublishResult['draft'] = 'unchanged';
  if (current) {
    // 4a. same articles in the same order: update only what changed, in place
    draft = 'unchanged';
    for (const [i, r] of results.entries()) {
      if (current.articles[i]!.hash === hashes[i]) continue;
      emit({ type: 'step', message: `Updating article ${i + 1} of draft ${current.media_id}: ${r.file}` });
      try {
        await api.updateDraft(current.media_id, i, payloads[i]!);
      } catch (error) {
        if (isWechatApiError(error) && error.errcode === 40007 && !options.coversRefreshed && (await draftExists(api, current.media_id))) {
          // the draft is there: the invalid media_id is the cover, deleted from the material library
          return retryWithFreshCovers(prepared, options, account, lockfile, payloads, messages, emit);
        }
        if (isWechatApiError(error) && (error.errcode === 40007 || error.errcode === 40114)) {
          messages.push({ ruleId: 'publish/draft-gone', severity: 'warn', message: `Draft ${current.media_id} no longer exists in WeChat (deleted or published there): creating a new one`, source: 'gzh-publish' });
          current = undefined;
          break;
        }
        if (isWechatApiError(error)) {
          r.status = `failed:${error.errcode}`;
          messages.push({ ruleId: 'publish/failed', severity: 'error', file: r.file, line: 1, column: 1, message: `draft/update failed: ${error.message}`, source: 'gzh-publish' });
          continue;
        }
        throw error;
      }
      current.articles[i] = { path: paths[i]!, hash: hashes[i]! };
      current.updated = new Date().toISOString();
      await lockfile.save();
      r.status = 'updated';
      draft = 'updated';
    }
  }
  if (!current) {
    // 4b. a new draft: mark it pending first so a crash right after draft/add can't cause a duplicate
    const recreated = previous !== undefined;
    account.pending[draftKey] = { started: new Date().toISOString(), titles: payloads.map((p) => p.title), hashes };
    await lockfile.save();
    emit({ type: 'step', message: `Creating a draft with ${payloads.length} article${payloads.length > 1 ? 's' : ''}` });
    let media_id: string;
    try {
      ({ media_id } = await api.addDraft(payloads));
    } catch (error) {
      if (isWechatApiError(error)) {
        delete account.pending[draftKey];
        await lockfile.save();
        // draft/add names no draft: an invalid media_id is a cover deleted from the material library
        if (error.errcode === 40007 && !options.coversRefreshed) return retryWithFreshCovers(prepared, options, account, lockfile, payloads, messages, emit);
        for (const r of results) r.status = `failed:${error.errcode}`;
      }
      throw error;
    }
    const now = new Date().toISOString();
    current = { media_id, articles: paths.map((p, i) => ({ path: p, hash: hashes[i]! })), created: now, updated: now };
    account.drafts[draftKey] = current;
    delete account.pending[draftKey];
    await lockfile.save();
    for (const r of results) r.status = 'created';
    draft = recreated && sameList ? 'recreated' : 'created';
  }

  // 5. --replace: the old drafts of these articles go, including this key's own draft when its article list
  // changed (a reordered manifest): gzh.lock no longer names that one, so now is the only time to delete it
  const superseded = previous && !previous.published && previous.media_id !== current.media_id ? previous : undefined;
  let replaced: string[] | undefined;
  if (options.replace) {
    replaced = [];
    const old = draftsSharingArticles(account.drafts, draftKey, paths).map((k) => ({ key: k as string | undefined, entry: account.drafts[k]! }));
    if (superseded) old.push({ key: undefined, entry: superseded });
    for (const { key, entry } of old) {
      try {
        await api.deleteDraft(entry.media_id);
      } catch (error) {
        if (!(isWechatApiError(error) && error.errcode === 40007)) throw error;
      }
      replaced.push(entry.media_id);
      if (key !== undefined) delete account.drafts[key];
      await lockfile.save();
    }
  } else if (superseded) {
    messages.push({ ruleId: 'publish/old-draft-kept', severity: 'info', message: `The article list changed, so this is a new draft; the previous one (${superseded.media_id}) stays in WeChat: --replace deletes it`, source: 'gzh-publish' });
  }

  // 6. verify what WeChat stored against what was sent (also detects a draft deleted in WeChat)
  emit({ type: 'step', message: `Verifying draft ${current.media_id}` });
  try {
    const stored = await api.getDraft(current.media_id);
    messages.push(...compareStoredDraft(payloads, stored.news_item, results.map((r) => r.file)));
  } catch (error) {
    if (isWechatApiError(error) && error.errcode === 40007 && draft === 'unchanged') {
      // deleted in WeChat since the last run: create it again
      delete account.drafts[draftKey];
      await lockfile.save();
      messages.push({ ruleId: 'publish/draft-gone', severity: 'warn', message: `Draft ${current.media_id} no longer exists in WeChat: creating a new one`, source: 'gzh-publish' });
      const again = await publishDraft(prepared, { ...options, submit: false });
      return { ...again, messages: [...messages, ...again.messages], draft: 'recreated' };
    }
    throw error;
  }

  const result: PublishResult = { dryRun: false, draftKey, media_id: current.media_id, draft, articles: results, messages, replaced, uploads };
  if (options.submit) result.publish = await submitAndWait(api, lockfile, account, draftKey, current, options, emit);
  return result;
}

/** Image errors of one or more articles as one error, named after the article when there is one. */
function imageBatch(errors: readonly GzhError[]): ImageBatchError {
  const files = [...new Set(errors.map((e) => e.file ?? ''))];
  return new ImageBatchError(files.length === 1 ? files[0]! : 'this draft', errors);
}

/**
 * A cover material deleted in WeChat (in the 素材库) leaves gzh.lock pointing at a media_id WeChat refuses with
 * 40007. Forget those ledger entries and run once more: the covers are uploaded again, nothing else is.
 */
async function retryWithFreshCovers(
  prepared: PreparedDraft,
  options: PublishDraftOptions,
  account: ReturnType<Lockfile['account']>,
  lockfile: Lockfile,
  payloads: readonly DraftArticle[],
  messages: Message[],
  emit: (e: PublishEvent) => void,
): Promise<PublishResult> {
  const thumbs = new Set(payloads.map((p) => p.thumb_media_id).filter(Boolean));
  for (const [key, entry] of Object.entries(account.media)) if (entry.media_id && thumbs.has(entry.media_id)) delete account.media[key];
  await lockfile.save();
  emit({ type: 'step', message: 'WeChat no longer has a cover material gzh uploaded (deleted in the 素材库?): uploading it again' });
  messages.push({ ruleId: 'publish/cover-gone', severity: 'warn', message: `WeChat refused the cover media_id (40007): the cover was uploaded again`, source: 'gzh-publish' });
  const again = await publishDraft(prepared, { ...options, coversRefreshed: true });
  return { ...again, messages: [...messages, ...again.messages] };
}

async function draftExists(api: WechatClient, media_id: string): Promise<boolean> {
  try {
    await api.getDraft(media_id);
    return true;
  } catch (error) {
    if (isWechatApiError(error) && error.errcode === 40007) return false;
    throw error;
  }
}

/** The successful or still running publish of this draft recorded in gzh.lock, if any. */
function publishOf(account: ReturnType<Lockfile['account']>, draftKey: string, draft: LockedDraft): [string, LockedPublish] | undefined {
  if (draft.published && account.publishes[draft.published]) return [draft.published, account.publishes[draft.published]!];
  const running = Object.entries(account.publishes).find(([, p]) => p.draft === draftKey && p.media_id === draft.media_id && p.status === 'publishing');
  return running;
}

function draftsSharingArticles(drafts: Record<string, LockedDraft>, draftKey: string, paths: readonly string[]): string[] {
  return Object.entries(drafts)
    .filter(([k, d]) => k !== draftKey && !d.published && d.articles.some((a) => paths.includes(a.path)))
    .map(([k]) => k);
}

/** A draft with exactly these titles, created since `started` and not known under another key: the one an interrupted run added. */
async function findPendingDraft(api: WechatClient, titles: readonly string[], started: string, exclude: ReadonlySet<string>): Promise<string | undefined> {
  const since = Date.parse(started) / 1000 - 60;
  const page = await api.batchGetDrafts({ offset: 0, count: 20, no_content: 1 });
  // drafts of other draft keys in gzh.lock may carry the same titles: never take one of those
  const match = page.item.find((d) => !exclude.has(d.media_id) && d.update_time >= since && d.content.news_item.length === titles.length && d.content.news_item.every((n, i) => n.title === titles[i]));
  return match?.media_id;
}

async function submitAndWait(
  api: WechatClient,
  lockfile: Lockfile,
  account: ReturnType<Lockfile['account']>,
  draftKey: string,
  draft: LockedDraft,
  options: PublishDraftOptions,
  emit: (e: PublishEvent) => void,
): Promise<NonNullable<PublishResult['publish']>> {
  emit({ type: 'step', message: `Submitting draft ${draft.media_id} for publishing` });
  const { publish_id } = await api.submitPublish(draft.media_id);
  account.publishes[publish_id] = { draft: draftKey, media_id: draft.media_id, status: 'publishing', time: new Date().toISOString() };
  await lockfile.save();
  return waitForPublish(api, lockfile, account, publish_id, draft, options, emit);
}

/** Poll freepublish/get until a final status (or the timeout), recording it in gzh.lock. */
async function waitForPublish(
  api: WechatClient,
  lockfile: Lockfile,
  account: ReturnType<Lockfile['account']>,
  publish_id: string,
  draft: LockedDraft,
  options: PublishDraftOptions,
  emit: (e: PublishEvent) => void,
): Promise<NonNullable<PublishResult['publish']>> {
  const deadline = Date.now() + (options.submitTimeoutMs ?? 600_000);
  let delay = options.pollIntervalMs ?? 1000;
  for (;;) {
    const status = await api.getPublishStatus(publish_id);
    const meaning = PUBLISH_STATUS[status.publish_status] ?? `status ${status.publish_status}`;
    if (status.publish_status !== 1) {
      const urls = status.article_detail?.item.map((i) => i.article_url) ?? [];
      account.publishes[publish_id] = { ...account.publishes[publish_id]!, status: meaning, urls };
      if (status.publish_status === 0) draft.published = publish_id;
      await lockfile.save();
      return { publish_id, status: status.publish_status, meaning, urls, fail_idx: status.fail_idx };
    }
    if (Date.now() + delay > deadline) {
      throw new GzhError('publish/timeout', `Publishing ${publish_id} is still in progress after ${Math.round((options.submitTimeoutMs ?? 600_000) / 1000)} s`, {
        hint: 'WeChat keeps going: check the result on the platform, or rerun the same command later: it waits for this submit instead of sending another',
      });
    }
    emit({ type: 'step', message: `Publishing… (${meaning}), checking again in ${Math.round(delay / 100) / 10} s` });
    await sleep(delay);
    delay = Math.min(delay * 1.5, 10_000);
  }
}
