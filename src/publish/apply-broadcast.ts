/**
 * 群发: message/mass/sendall with the draft's media_id, journaled before it is sent with a clientmsgid derived from
 * account + draft + content, so a rerun after a kill or a lost answer resends the same id and WeChat answers 45065
 * with the push it made (adopted, never a second push). Then message/mass/get until a final status.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { GzhError, InterruptedError } from '../errors.js';
import { isWechatApiError, type WechatClient } from '../wechat/index.js';
import type { ApplyContext } from './apply-context.js';
import { decidePush, pushClientMsgId, pushContent } from './decide-push.js';
import { pushIntentId, type LockedDraft } from './lockfile.js';
import { beijingTime, checkPushQuota, describeRefusal, pushPeriod, type AccountProfile } from './push-quota.js';

/** Who a push goes to: every follower, or one follower tag (its name resolved to an id with tags/get). */
export type Audience = { all: true } | { tag: string };
export type ResolvedAudience = { is_to_all: true } | { tag_id: number; name?: string };

export interface BroadcastOutcome {
  msg_id: string;
  status: string;
  audience: string;
  msg_data_id?: string;
  clientmsgid: string;
  /** The push an interrupted run made, found by its clientmsgid (45065): nothing was pushed now. */
  adopted?: boolean;
  /** Pushed by an earlier run with this content: nothing was sent now. */
  earlier?: { time: string };
  /** This content differs from the draft's last push (then: msg_id, time). */
  changedSince?: { msg_id: string; time: string };
}

export interface BroadcastOptions {
  audience: ResolvedAudience;
  profile: AccountProfile;
  sendIgnoreReprint: boolean;
  /** Wait before resending the same clientmsgid (WeChat: 45066 within a minute). */
  retryMs: number;
}

const FINAL = new Set(['SEND_SUCCESS', 'SEND_FAIL', 'DELETE']);
export const audienceText = (a: ResolvedAudience) => ('tag_id' in a ? `tag ${a.name ? `${a.name} ` : ''}(${a.tag_id})` : 'all followers');

/** `--tag NAME|ID` → the tag id (a name is looked up with tags/get; an unknown one lists the tags there are). */
export async function resolveAudience(client: WechatClient, audience: Audience): Promise<ResolvedAudience> {
  if ('all' in audience) return { is_to_all: true };
  if (/^\d+$/.test(audience.tag)) return { tag_id: Number(audience.tag) };
  const { tags } = await client.getTags();
  const tag = tags.find((t) => t.name === audience.tag);
  if (!tag) {
    throw new GzhError('broadcast/unknown-tag', `No follower tag is named "${audience.tag}"`, { hint: tags.length ? `The account's tags: ${tags.map((t) => `${t.name} (${t.id}, ${t.count} followers)`).join(', ')}` : 'The account has no follower tags (用户管理 → 标签)' });
  }
  return { tag_id: tag.id, name: tag.name };
}

export async function broadcastDraft(ctx: ApplyContext, draftKey: string, draft: LockedDraft, titles: readonly string[], options: BroadcastOptions): Promise<BroadcastOutcome> {
  const account = ctx.lockfile.account(ctx.key);
  const content = pushContent(draft.articles)!;
  const decision = decidePush(account, draftKey, content);
  const audience = audienceText(options.audience);
  if (decision.kind === 'done' || decision.kind === 'await') {
    const { msg_id, record } = decision.push!;
    if (decision.kind === 'await') return waitForPush(ctx, msg_id);
    return { msg_id, status: record.status, audience: record.audience, clientmsgid: record.clientmsgid, ...(record.msg_data_id ? { msg_data_id: record.msg_data_id } : {}), earlier: { time: record.time } };
  }
  const clientmsgid = decision.clientmsgid ?? pushClientMsgId(ctx.key, draftKey, content);
  const id = pushIntentId(draftKey);
  const articles = draft.articles.map((a, i) => ({ path: a.path, title: titles[i] ?? '' }));
  const started = ctx.project.now().toISOString();
  if (decision.kind === 'send') await ctx.lockfile.intend(ctx.key, id, { op: 'message/mass/sendall', draft: draftKey, media_id: draft.media_id, clientmsgid, content, audience, articles, started });
  const intent = account.journal[id];
  // WeChat remembers a clientmsgid for 24 h: after that a resend could be a second push, so it is not guessed
  if (decision.kind === 'resend' && intent && ctx.project.now().getTime() - Date.parse(intent.started) > 23 * 3600_000) {
    throw new GzhError('broadcast/unknown', `A push of this draft was interrupted at ${beijingTime(intent.started)}, too long ago for WeChat to recognise it (24 h): gzh can't tell whether it went out`, {
      hint: `Look in 群发记录 on mp.weixin.qq.com. Then delete the journal entry "${id}" from ${ctx.lockfile.shown} and rerun (with --broadcast only if it was not pushed)`,
    });
  }
  ctx.emit({ type: 'step', message: decision.kind === 'resend' ? `An interrupted run was pushing this draft: sending the same push again (${clientmsgid}); WeChat answers with the push it made, if it made it` : `Pushing draft ${draft.media_id} to ${audience} (群发)` });
  const sent = await sendOnce(ctx, draft.media_id, clientmsgid, options);
  // what was pushed: the intent's articles (a resend adopts the push of the interrupted run)
  const pushed = intent?.op === 'message/mass/sendall' ? intent : { media_id: draft.media_id, content, audience, articles, started };
  account.pushes[sent.msg_id] = {
    draft: draftKey,
    media_id: pushed.media_id,
    clientmsgid,
    content: pushed.content,
    status: 'SENDING',
    time: sent.existing ? pushed.started : started,
    audience: pushed.audience,
    articles: pushed.articles,
    ...(sent.msg_data_id ? { msg_data_id: sent.msg_data_id } : {}),
  };
  delete account.journal[id];
  delete account.refusedPush;
  await ctx.lockfile.save();
  const outcome = await waitForPush(ctx, sent.msg_id);
  const changed = decision.changedSince;
  return { ...outcome, ...(sent.existing ? { adopted: true } : {}), ...(changed ? { changedSince: { msg_id: changed.msg_id, time: changed.record.time } } : {}) };
}

/** One push, resent (same clientmsgid) after 45066 or a lost answer; what WeChat refuses is recorded and explained. */
async function sendOnce(ctx: ApplyContext, media_id: string, clientmsgid: string, options: BroadcastOptions): Promise<{ msg_id: string; msg_data_id?: string; existing?: boolean }> {
  const filter = 'tag_id' in options.audience ? { tag_id: options.audience.tag_id } : ({ is_to_all: true } as const);
  for (let attempt = 1; ; attempt++) {
    try {
      return await ctx.client.sendMass({ media_id, filter, clientmsgid, send_ignore_reprint: options.sendIgnoreReprint });
    } catch (error) {
      if (error instanceof InterruptedError) throw error;
      const lost = !isWechatApiError(error);
      if ((lost || isWechatApiError(error, 45066)) && attempt < 3) {
        // the same id again within a minute is 45066: wait, then WeChat answers 45065 if the lost one went out
        ctx.emit({ type: 'step', message: `${lost ? 'The answer to the push was lost' : 'WeChat asks to wait before sending the same push again (45066)'}: resending the same push (${clientmsgid}) in ${Math.round(options.retryMs / 1000)} s; it is never pushed twice` });
        await sleep(options.retryMs, undefined, ctx.signal ? { signal: ctx.signal } : undefined).catch(() => {
          throw new InterruptedError('Interrupted while waiting to resend the push (rerun: the same clientmsgid is sent, never a second push)');
        });
        continue;
      }
      if (lost) throw error;
      if (isWechatApiError(error, 45066)) {
        // the push may exist: the journal keeps it, and the rerun sends the same id (45065 adopts it)
        throw new GzhError('broadcast/retry-later', `WeChat still refuses to take the same push again so soon (45066, ${clientmsgid})`, { hint: 'Rerun the same command in a minute: it sends the same clientmsgid, so WeChat answers with the push if it made it; never a second push', cause: error });
      }
      throw await explainRefusal(ctx, error as GzhError & { errcode: number }, options.profile);
    }
  }
}

async function explainRefusal(ctx: ApplyContext, error: GzhError & { errcode: number }, profile: AccountProfile): Promise<GzhError> {
  const account = ctx.lockfile.account(ctx.key);
  // WeChat refused: nothing was pushed, the intent goes
  for (const [k, i] of Object.entries(account.journal)) if (i.op === 'message/mass/sendall') delete account.journal[k];
  const now = ctx.project.now();
  if (error.errcode === 45028) {
    account.pushQuotaSpent = { period: pushPeriod(profile.type, now), at: now.toISOString() };
    await ctx.lockfile.save();
    const q = checkPushQuota(account, profile, now, 1);
    const { message, hint } = describeRefusal(q);
    return new GzhError('broadcast/quota', `WeChat refused the push (45028, no push left): ${message}`, { hint, cause: error });
  }
  if (error.errcode === 48001) account.refusedPush = { errcode: 48001, at: now.toISOString() };
  await ctx.lockfile.save();
  if (error.errcode === 48001) {
    return new GzhError('broadcast/unauthorized', `WeChat refused the push (48001 api unauthorized): this account can't push through the API: unverified?${profile.verified ? ' gzh.config says `account.verified: true`' : ''}`, {
      hint: 'Pushing (群发) through the API needs a verified account (微信认证, 设置与开发 → 账号设置). Until then: set `account: { verified: false }` in gzh.config (gzh then refuses before uploading), save the draft without --broadcast and push it from mp.weixin.qq.com',
      cause: error,
    });
  }
  return error;
}

/** Poll message/mass/get until SEND_SUCCESS, SEND_FAIL or DELETE (or the timeout), recording it in gzh.lock. */
export async function waitForPush(ctx: ApplyContext, msg_id: string): Promise<BroadcastOutcome> {
  const account = ctx.lockfile.account(ctx.key);
  const deadline = Date.now() + ctx.submitTimeoutMs;
  let delay = ctx.pollIntervalMs;
  for (;;) {
    const { msg_status } = await ctx.client.getMassStatus(msg_id);
    const record = account.pushes[msg_id]!;
    if (FINAL.has(msg_status) || Date.now() + delay > deadline) {
      if (record.status !== msg_status) {
        record.status = msg_status;
        await ctx.lockfile.save();
      }
      if (!FINAL.has(msg_status)) {
        throw new GzhError('broadcast/timeout', `Push ${msg_id} is still ${msg_status} after ${Math.round(ctx.submitTimeoutMs / 1000)} s`, { hint: 'WeChat keeps sending: rerun the same command later to record the result; it is never pushed twice' });
      }
      return { msg_id, status: msg_status, audience: record.audience, clientmsgid: record.clientmsgid, ...(record.msg_data_id ? { msg_data_id: record.msg_data_id } : {}) };
    }
    ctx.emit({ type: 'step', message: `Pushing… (${msg_status}, since ${beijingTime(record.time)}), checking again in ${Math.round(delay / 100) / 10} s` });
    await sleep(delay, undefined, ctx.signal ? { signal: ctx.signal } : undefined).catch(() => {
      throw new InterruptedError(`Interrupted while waiting for push ${msg_id} (rerun to keep waiting; nothing is pushed again)`);
    });
    delay = Math.min(delay * 1.5, 10_000);
  }
}
