/**
 * 发布: freepublish/submit, journaled before it is sent (a lost answer is found among the published articles on
 * the rerun, never submitted twice), then freepublish/get until a final status or the timeout.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { GzhError, InterruptedError } from '../errors.js';
import { PUBLISH_STATUS, isWechatApiError } from '../wechat/index.js';
import type { ApplyContext } from './apply-context.js';
import { submitIntentId, type LockedDraft } from './lockfile.js';
import { recoverSubmit } from './recover-journal.js';

export interface PublishOutcome {
  publish_id: string;
  status: number;
  meaning: string;
  urls: string[];
  fail_idx?: number[];
  /** Published by an earlier run: nothing was sent now. */
  earlier?: { time: string };
}

export async function submitAndWait(ctx: ApplyContext, draftKey: string, draft: LockedDraft, titles: readonly string[]): Promise<PublishOutcome> {
  const account = ctx.lockfile.account(ctx.key);
  const id = submitIntentId(draftKey);
  await ctx.lockfile.intend(ctx.key, id, { op: 'freepublish/submit', draft: draftKey, media_id: draft.media_id, titles: [...titles], started: new Date().toISOString() });
  ctx.emit({ type: 'step', message: `Submitting draft ${draft.media_id} for publishing` });
  let publish_id: string;
  let msg_data_id: string | undefined;
  try {
    ({ publish_id, msg_data_id } = await ctx.client.submitPublish(draft.media_id));
  } catch (error) {
    if (isWechatApiError(error)) {
      await ctx.lockfile.settle(ctx.key, id);
      throw error;
    }
    if (error instanceof InterruptedError) throw error;
    // no answer: it may have been published; look for it instead of submitting again
    ctx.emit({ type: 'step', message: `The answer to freepublish/submit was lost; looking for the publication instead of submitting again` });
    const found = await recoverSubmit(ctx.client, ctx.lockfile, ctx.key, draftKey, { timeoutMs: ctx.submitTimeoutMs, pollMs: ctx.pollIntervalMs, signal: ctx.signal });
    if (found.outcome === 'published') return { publish_id: found.publish_id, status: 0, meaning: PUBLISH_STATUS[0]!, urls: found.urls };
    throw error;
  }
  // msg_data_id ties the publication to analytics (datacube rows carry `<msg_data_id>_<index>`)
  account.publishes[publish_id] = { draft: draftKey, media_id: draft.media_id, status: 'publishing', time: new Date().toISOString(), ...(msg_data_id ? { msg_data_id } : {}) };
  delete account.journal[id];
  await ctx.lockfile.save();
  return waitForPublish(ctx, publish_id, draft);
}

/** Poll freepublish/get until a final status (or the timeout), recording it in gzh.lock. */
export async function waitForPublish(ctx: ApplyContext, publish_id: string, draft: LockedDraft): Promise<PublishOutcome> {
  const account = ctx.lockfile.account(ctx.key);
  const deadline = Date.now() + ctx.submitTimeoutMs;
  let delay = ctx.pollIntervalMs;
  for (;;) {
    const status = await ctx.client.getPublishStatus(publish_id);
    const meaning = PUBLISH_STATUS[status.publish_status] ?? `status ${status.publish_status}`;
    if (status.publish_status !== 1) {
      const urls = status.article_detail?.item.map((i) => i.article_url) ?? [];
      account.publishes[publish_id] = { ...account.publishes[publish_id]!, status: meaning, urls, ...(status.article_id ? { article_id: status.article_id } : {}) };
      if (status.publish_status === 0) draft.published = publish_id;
      await ctx.lockfile.save();
      return { publish_id, status: status.publish_status, meaning, urls, ...(status.fail_idx?.length ? { fail_idx: status.fail_idx } : {}) };
    }
    if (Date.now() + delay > deadline) {
      throw new GzhError('publish/timeout', `Publishing ${publish_id} is still in progress after ${Math.round(ctx.submitTimeoutMs / 1000)} s`, {
        hint: 'WeChat keeps going: check the result on the platform, or rerun the same command later: it waits for this submit instead of sending another',
      });
    }
    ctx.emit({ type: 'step', message: `Publishing… (${meaning}), checking again in ${Math.round(delay / 100) / 10} s` });
    await sleep(delay, undefined, ctx.signal ? { signal: ctx.signal } : undefined).catch(() => {
      throw new InterruptedError(`Interrupted while waiting for publish ${publish_id} (rerun to keep waiting; nothing is submitted again)`);
    });
    delay = Math.min(delay * 1.5, 10_000);
  }
}
