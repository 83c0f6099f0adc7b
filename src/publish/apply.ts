/**
 * `applyPlan`: carry out a PublishPlan against WeChat, draft by draft, recording every step in gzh.lock as it
 * happens (a rerun after any interruption finishes the job and sends nothing twice). Where WeChat disagrees with
 * gzh.lock (a draft or a cover deleted on the platform) it says so and takes the way back once.
 */
import { GzhError, InterruptedError, type Message } from '../errors.js';
import type { Project } from '../project/load-project.js';
import type { WechatClient } from '../wechat/index.js';
import type { ApplyContext, PublishEvent } from './apply-context.js';
import { deleteDrafts, decideFor, saveDraft, verifyDraft, CoverGoneError, type ArticleStatus } from './apply-draft.js';
import { uploadDraftImages } from './apply-images.js';
import { broadcastDraft, resolveAudience, type BroadcastOutcome } from './apply-broadcast.js';
import { previewDraft, type PreviewOutcome } from './apply-preview.js';
import { submitAndWait, waitForPublish, type PublishOutcome } from './apply-publish.js';
import type { CheckedDraft } from './check-draft.js';
import { PublishCache } from './check-cache.js';
import { planArticleImages } from './plan-images.js';
import { draftsSharingArticles, type DraftDecision } from './decide-draft.js';
import type { Lockfile } from './lockfile.js';
import type { DraftPlan, PublishPlan } from './plan.js';
import { recoverDraftAdd, recoverMaterials, recoverSubmit } from './recover-journal.js';

export interface ArticleResult {
  file: string;
  title: string;
  index: number;
  status: ArticleStatus;
  images: { total: number; uploaded: number };
}

export interface DraftResult {
  draftKey: string;
  media_id?: string;
  /** What happened to the draft as a whole; `published`: published before and unchanged, nothing sent. */
  draft: 'created' | 'updated' | 'unchanged' | 'recreated' | 'published';
  articles: ArticleResult[];
  replaced?: string[];
  publish?: PublishOutcome;
  /** --broadcast: the push (群发) of this draft. */
  broadcast?: BroadcastOutcome;
  /** gzh preview: who got it on their phone, who was skipped. */
  preview?: PreviewOutcome;
  uploads: number;
  messages: Message[];
}

export interface PublishResult {
  drafts: DraftResult[];
  uploads: number;
  /** Ctrl-C: stopped at a safe point; what was done is in gzh.lock and `drafts`. */
  interrupted?: { message: string; uploads: number; drafts: string[] };
}

export interface ApplyDeps {
  project: Project;
  client: WechatClient;
  lockfile: Lockfile;
  signal?: AbortSignal;
  onEvent?: (event: PublishEvent) => void;
  submitTimeoutMs?: number;
  pollIntervalMs?: number;
  /** Wait before resending a push with the same clientmsgid (WeChat: 45066 within a minute). Default 61 s. */
  pushRetryMs?: number;
}

export async function applyPlan(plan: PublishPlan, drafts: readonly CheckedDraft[], deps: ApplyDeps): Promise<PublishResult> {
  const ctx: ApplyContext = {
    project: deps.project,
    client: deps.client,
    lockfile: deps.lockfile,
    key: plan.account.key,
    scope: { appId: plan.account.appId, apiBase: plan.account.apiBase },
    signal: deps.signal,
    emit: deps.onEvent ?? (() => {}),
    submitTimeoutMs: deps.submitTimeoutMs ?? 600_000,
    pollIntervalMs: deps.pollIntervalMs ?? 2_000,
    pushRetryMs: deps.pushRetryMs ?? 61_000,
    progress: { uploads: 0, drafts: [] },
  };
  const result: PublishResult = { drafts: [], uploads: 0 };
  // the push guard (quota, unverified account, strict cadence) stops the run before any request
  const refusal = plan.broadcast?.refusal ?? plan.preview?.refusal;
  if (refusal) throw new GzhError(refusal.code, refusal.message, { hint: refusal.hint });
  try {
    // the account first: a refused IP (40164) or a wrong secret is one clear error, not a failure per image
    if (plan.drafts.some((d) => d.steps.length > 0)) await ctx.client.getAccessToken();
    // a tag named by --tag is found before anything is uploaded
    if (plan.broadcast && plan.drafts.some((d) => d.push?.kind === 'send' || d.push?.kind === 'resend')) ctx.audience = await resolveAudience(ctx.client, plan.broadcast.audience);
    if (plan.drafts[0]?.recover.includes('material/add_material')) {
      const found = await recoverMaterials(ctx.client, ctx.lockfile, ctx.key, ctx.scope);
      if (found) ctx.emit({ type: 'step', message: `Found ${found} image material${found > 1 ? 's' : ''} an interrupted run uploaded: not uploading them again` });
    }
    for (const planned of plan.drafts) {
      const checked = drafts.find((d) => d.inputs.draftKey === planned.draftKey)!;
      const done = await applyDraft(ctx, planned, checked, plan);
      result.drafts.push(done);
      result.uploads += done.uploads;
    }
  } catch (error) {
    if (!(error instanceof InterruptedError)) throw error;
    result.interrupted = { message: error.message, uploads: ctx.progress.uploads, drafts: ctx.progress.drafts };
    result.uploads = ctx.progress.uploads;
  }
  return result;
}

/**
 * The images uploaded now are in gzh.lock: plan these articles again (cheap, no network) so the next plan, a
 * `--dry-run` or the next `--each`, finds them in .gzh/cache/publish instead of re-reading their images and HTML.
 */
async function refreshPlans(ctx: ApplyContext, planned: DraftPlan, checked: CheckedDraft): Promise<void> {
  if (!planned.articles.some((a) => a.images.some((i) => i.action !== 'known'))) return;
  const cache = PublishCache.of(ctx.project);
  const ledger = ctx.lockfile.ledger(ctx.key);
  for (const a of checked.articles) {
    if (a.cacheKey) await planArticleImages(a, ctx.project.config, ctx.project.cwd, ledger, ctx.scope, cache).catch(() => undefined);
  }
}

/** The ways back taken once each when WeChat disagrees with gzh.lock. */
interface Retried {
  /** A cover material was deleted in the 素材库: uploaded again. */
  covers?: boolean;
  /** The draft was deleted on the platform: created again. */
  draft?: boolean;
}

async function applyDraft(ctx: ApplyContext, planned: DraftPlan, checked: CheckedDraft, plan: PublishPlan, retried: Retried = {}): Promise<DraftResult> {
  const paths = checked.articles.map((a) => a.projectPath);
  const files = checked.articles.map((a) => a.article.file);
  const messages: Message[] = [...planned.messages.filter((m) => m.ruleId !== 'plan/remote-unchecked')];
  await recoverLostAnswers(ctx, checked.inputs.draftKey, paths, messages);
  if (planned.action === 'published') {
    const decision = decideFor(ctx, { draftKey: planned.draftKey, paths, files, payloads: [], hashes: planned.articles.map((a) => a.hash ?? '') });
    if (decision.kind === 'published') return publishedResult(ctx, checked, decision, messages, plan.submit);
  }
  const images = await uploadDraftImages(checked, ctx);
  messages.push(...images.messages);
  const input = { draftKey: planned.draftKey, paths, files, payloads: images.payloads, hashes: images.hashes };
  const decision = decideFor(ctx, input);
  if (decision.kind === 'published') return publishedResult(ctx, checked, decision, messages, plan.submit, images.uploads);
  const articleResults = (statuses: readonly ArticleStatus[]): ArticleResult[] =>
    checked.articles.map((a, i) => ({ file: a.article.file, title: a.fields.title, index: i, status: statuses[i]!, images: images.images[i]! }));

  let saved;
  try {
    saved = await saveDraft(ctx, input, decision);
  } catch (error) {
    if (!(error instanceof CoverGoneError) || retried.covers) throw error;
    forgetCovers(ctx, images.payloads);
    await ctx.lockfile.save();
    ctx.emit({ type: 'step', message: 'WeChat no longer has a cover material gzh uploaded (deleted in the 素材库?): uploading it again' });
    const again = await applyDraft(ctx, planned, checked, plan, { ...retried, covers: true });
    return { ...again, messages: [{ ruleId: 'publish/cover-gone', severity: 'warn', message: 'WeChat refused the cover media_id (40007): the cover was uploaded again', source: 'gzh-publish' }, ...again.messages] };
  }
  messages.push(...saved.messages);
  await refreshPlans(ctx, planned, checked);
  const replaced = plan.replace ? await replaceOldDrafts(ctx, planned, decision, saved.media_id) : undefined;

  const verified = planned.verify || saved.draft !== 'unchanged' ? await verifyDraft(ctx, saved.media_id, images.payloads, files) : [];
  if (verified === undefined && !retried.draft) {
    // deleted in WeChat since the last run: create it again (once), the way a new draft is made
    delete ctx.lockfile.account(ctx.key).drafts[planned.draftKey];
    await ctx.lockfile.save();
    const again = await applyDraft(ctx, planned, checked, plan, { ...retried, draft: true });
    const gone: Message = { ruleId: 'publish/draft-gone', severity: 'warn', message: `Draft ${saved.media_id} no longer exists in WeChat (deleted or published on the platform): created a new one`, source: 'gzh-publish' };
    return { ...again, draft: 'recreated', uploads: again.uploads + images.uploads, messages: [...messages, gone, ...again.messages] };
  }
  messages.push(...(verified ?? []));

  const result: DraftResult = { draftKey: planned.draftKey, media_id: saved.media_id, draft: saved.draft, articles: articleResults(saved.statuses), ...(replaced ? { replaced } : {}), uploads: images.uploads, messages };
  if (planned.publish === 'submit' && !saved.statuses.some((s) => s.startsWith('failed'))) {
    const current = ctx.lockfile.account(ctx.key).drafts[planned.draftKey]!;
    result.publish = await submitAndWait(ctx, planned.draftKey, current, images.payloads.map((p) => p.title));
  }
  if (plan.broadcast && planned.push && !saved.statuses.some((s) => s.startsWith('failed'))) {
    const current = ctx.lockfile.account(ctx.key).drafts[planned.draftKey]!;
    const audience = ctx.audience ?? { is_to_all: true as const };
    result.broadcast = await broadcastDraft(ctx, planned.draftKey, current, images.payloads.map((p) => p.title), { audience, profile: plan.broadcast.profile, sendIgnoreReprint: ctx.project.config.sendIgnoreReprint, retryMs: ctx.pushRetryMs });
  }
  if (planned.preview && !saved.statuses.some((s) => s.startsWith('failed'))) {
    result.preview = await previewDraft(ctx, planned.draftKey, ctx.lockfile.account(ctx.key).drafts[planned.draftKey]!, planned.preview);
  }
  return result;
}

/** Requests an earlier run sent and never heard back from: adopt what they did before deciding anything. */
async function recoverLostAnswers(ctx: ApplyContext, draftKey: string, paths: readonly string[], messages: Message[]): Promise<void> {
  const adopted = await recoverDraftAdd(ctx.client, ctx.lockfile, ctx.key, draftKey, paths);
  if (adopted) ctx.emit({ type: 'step', message: `Found the draft an interrupted run created (${adopted}); using it instead of adding another` });
  const submit = await recoverSubmit(ctx.client, ctx.lockfile, ctx.key, draftKey, { timeoutMs: ctx.submitTimeoutMs, pollMs: ctx.pollIntervalMs, signal: ctx.signal });
  if (submit.outcome === 'published') messages.push({ ruleId: 'publish/recovered', severity: 'info', message: `An interrupted run's submit went through: adopted its publication (${submit.urls[0] ?? submit.publish_id})`, source: 'gzh-publish' });
}

/** Published before and unchanged: nothing is sent; a submit cut off while waiting is waited for, not sent again. */
async function publishedResult(ctx: ApplyContext, checked: CheckedDraft, decision: DraftDecision, messages: Message[], submit: boolean, uploads = 0): Promise<DraftResult> {
  const { publish_id, record } = decision.publish!;
  let publish: PublishOutcome;
  if (record.status === 'publishing') {
    ctx.emit({ type: 'step', message: `Draft ${decision.current!.media_id} was submitted before (${publish_id}); waiting for that result` });
    publish = await waitForPublish(ctx, publish_id, decision.current!);
  } else {
    publish = { publish_id, status: record.status === 'published' ? 0 : 1, meaning: record.status, urls: record.urls ?? [], earlier: { time: record.time } };
  }
  const articles = checked.articles.map((a, i): ArticleResult => ({ file: a.article.file, title: a.fields.title, index: i, status: 'unchanged', images: { total: a.article.images.length, uploaded: 0 } }));
  return { draftKey: checked.inputs.draftKey, media_id: decision.current!.media_id, draft: 'published', articles, uploads, messages, ...(submit || publish.status !== 0 || publish.earlier ? { publish } : {}) };
}

function forgetCovers(ctx: ApplyContext, payloads: readonly { thumb_media_id?: string }[]): void {
  const media = ctx.lockfile.account(ctx.key).media;
  const thumbs = new Set(payloads.map((p) => p.thumb_media_id).filter(Boolean));
  for (const [key, entry] of Object.entries(media)) if (entry.media_id && thumbs.has(entry.media_id)) delete media[key];
}

/** --replace: the old drafts of these articles go, including this key's own when its list changed. */
async function replaceOldDrafts(ctx: ApplyContext, planned: DraftPlan, decision: DraftDecision, kept: string): Promise<string[]> {
  const account = ctx.lockfile.account(ctx.key);
  const keys: (string | undefined)[] = draftsSharingArticles(account, planned.draftKey, planned.articles.map((a) => a.projectPath));
  const ids = keys.map((k) => account.drafts[k!]!.media_id);
  if (decision.superseded && decision.superseded.media_id !== kept) {
    keys.push(undefined);
    ids.push(decision.superseded.media_id);
  }
  await deleteDrafts(ctx, keys, ids);
  return ids;
}
