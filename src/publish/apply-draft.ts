/**
 * Save one draft: update the changed articles in place, or create it (journaled: a draft/add whose answer is
 * lost is adopted on the rerun, never added twice); then read it back. WeChat can disagree with gzh.lock: a
 * draft deleted (or published) on the platform is created again, a cover deleted from the 素材库 is uploaded
 * again — reported as such.
 */
import { GzhError, type Message } from '../errors.js';
import { isWechatApiError, type DraftArticle } from '../wechat/index.js';
import type { ApplyContext } from './apply-context.js';
import { decideDraft, type DraftDecision } from './decide-draft.js';
import { draftIntentId, type LockedDraft } from './lockfile.js';
import { compareStoredDraft } from './verify-draft.js';

export type ArticleStatus = 'created' | 'updated' | 'unchanged' | `failed:${string}`;

export interface SavedDraft {
  media_id: string;
  draft: 'created' | 'updated' | 'unchanged' | 'recreated';
  statuses: ArticleStatus[];
  messages: Message[];
}

/** WeChat refused a cover media_id (40007) of a draft that exists: the cover material was deleted. */
export class CoverGoneError extends GzhError {
  constructor() {
    super('publish/cover-gone', 'WeChat refused the cover media_id (40007)');
  }
}

interface DraftInput {
  draftKey: string;
  paths: string[];
  files: string[];
  payloads: DraftArticle[];
  hashes: string[];
}

export async function saveDraft(ctx: ApplyContext, input: DraftInput, decision: DraftDecision): Promise<SavedDraft> {
  const messages: Message[] = [];
  const account = ctx.lockfile.account(ctx.key);
  let current = decision.current;
  const statuses: ArticleStatus[] = input.paths.map(() => 'unchanged');
  let draft: SavedDraft['draft'] = 'unchanged';
  if (current) {
    for (const [i, action] of decision.actions.entries()) {
      if (action !== 'update') continue;
      ctx.emit({ type: 'step', message: `Updating article ${i + 1} of draft ${current.media_id}: ${input.files[i]}` });
      try {
        await ctx.client.updateDraft(current.media_id, i, input.payloads[i]!);
      } catch (error) {
        if (isWechatApiError(error) && (error.errcode === 40007 || error.errcode === 40114)) {
          // the draft is there: the invalid media_id is a cover, deleted from the material library
          if (error.errcode === 40007 && (await draftExists(ctx, current.media_id))) throw new CoverGoneError();
          messages.push({ ruleId: 'publish/draft-gone', severity: 'warn', message: `Draft ${current.media_id} no longer exists in WeChat (deleted or published on the platform): creating a new one`, source: 'gzh-publish' });
          current = undefined;
          break;
        }
        if (!isWechatApiError(error)) throw error;
        statuses[i] = `failed:${error.errcode}`;
        messages.push({ ruleId: 'publish/failed', severity: 'error', file: input.files[i], line: 1, column: 1, message: `draft/update failed: ${error.message}`, source: 'gzh-publish' });
        continue;
      }
      current.articles[i] = { path: input.paths[i]!, hash: input.hashes[i]! };
      current.updated = new Date().toISOString();
      await ctx.lockfile.save();
      statuses[i] = 'updated';
      draft = 'updated';
    }
  }
  if (!current) {
    current = await addDraft(ctx, input, statuses);
    draft = decision.current ? 'recreated' : 'created';
  }
  return { media_id: current.media_id, draft, statuses, messages };
}

async function addDraft(ctx: ApplyContext, input: DraftInput, statuses: ArticleStatus[]): Promise<LockedDraft> {
  const id = draftIntentId(input.draftKey);
  const started = new Date().toISOString();
  // journaled first: a crash right after draft/add must not cause a second draft on the rerun
  await ctx.lockfile.intend(ctx.key, id, { op: 'draft/add', draft: input.draftKey, titles: input.payloads.map((p) => p.title), thumbs: input.payloads.map((p) => p.thumb_media_id ?? ''), hashes: input.hashes, paths: input.paths, started });
  ctx.emit({ type: 'step', message: `Creating a draft with ${input.payloads.length} article${input.payloads.length > 1 ? 's' : ''}` });
  let media_id: string;
  try {
    ({ media_id } = await ctx.client.addDraft(input.payloads));
  } catch (error) {
    if (isWechatApiError(error)) {
      await ctx.lockfile.settle(ctx.key, id);
      // draft/add names no draft: an invalid media_id is a cover deleted from the material library
      if (error.errcode === 40007) throw new CoverGoneError();
      statuses.fill(`failed:${error.errcode}`);
    }
    throw error;
  }
  const account = ctx.lockfile.account(ctx.key);
  const now = new Date().toISOString();
  const draft: LockedDraft = { media_id, articles: input.paths.map((p, i) => ({ path: p, hash: input.hashes[i]! })), created: now, updated: now };
  account.drafts[input.draftKey] = draft;
  delete account.journal[id];
  await ctx.lockfile.save();
  statuses.fill('created');
  ctx.progress.drafts.push(media_id);
  return draft;
}

/** Read the draft back and compare: what WeChat removed becomes warnings. Undefined: the draft is gone. */
export async function verifyDraft(ctx: ApplyContext, media_id: string, sent: readonly DraftArticle[], files: readonly string[]): Promise<Message[] | undefined> {
  ctx.emit({ type: 'step', message: `Verifying draft ${media_id}` });
  try {
    const stored = await ctx.client.getDraft(media_id);
    return compareStoredDraft(sent, stored.news_item, files);
  } catch (error) {
    if (isWechatApiError(error) && error.errcode === 40007) return undefined;
    throw error;
  }
}

/** --replace: delete these drafts (already gone is fine). */
export async function deleteDrafts(ctx: ApplyContext, keys: readonly (string | undefined)[], media_ids: readonly string[]): Promise<void> {
  const account = ctx.lockfile.account(ctx.key);
  for (const [i, media_id] of media_ids.entries()) {
    try {
      await ctx.client.deleteDraft(media_id);
    } catch (error) {
      if (!isWechatApiError(error, 40007)) throw error;
    }
    const key = keys[i];
    if (key !== undefined) delete account.drafts[key];
    await ctx.lockfile.save();
  }
}

export function decideFor(ctx: ApplyContext, input: DraftInput): DraftDecision {
  return decideDraft(ctx.lockfile.account(ctx.key), input.draftKey, input.paths, input.hashes);
}

async function draftExists(ctx: ApplyContext, media_id: string): Promise<boolean> {
  try {
    await ctx.client.getDraft(media_id);
    return true;
  } catch (error) {
    if (isWechatApiError(error, 40007)) return false;
    throw error;
  }
}
