/**
 * The 群发 part of a publish plan, as data: per draft whether it is pushed (decide-push.ts), and for the run the
 * audience, the quota check and the cadence (push-quota.ts). A refusal here stops the run before any request.
 */
import type { Message } from '../errors.js';
import type { Project } from '../project/load-project.js';
import type { Audience } from './apply-broadcast.js';
import { decidePush, pushContent, type PushDecision } from './decide-push.js';
import type { AccountState } from './lockfile.js';
import type { DraftPlan } from './plan.js';
import { beijingTime, checkCadence, checkPushQuota, describeCadence, describeRefusal, type CadenceCheck, type QuotaCheck } from './push-quota.js';

export interface BroadcastPlan {
  audience: Audience;
  profile: Project['config']['account'];
  quota: QuotaCheck;
  cadence: CadenceCheck;
  /** Why nothing may be sent (quota spent, unverified account, strict cadence): the run stops before any request. */
  refusal?: { code: string; message: string; hint: string };
  messages: Message[];
}

export type DraftPush = { kind: PushDecision['kind']; msg_id?: string; time?: string; changedSince?: { msg_id: string; time: string } };

/** This draft's push, from the hashes the plan knows (unknown: the content changed, so it would be pushed). */
export function planDraftPush(account: AccountState, draft: DraftPlan): DraftPush {
  const content = pushContent(draft.articles.map((a) => ({ path: a.projectPath, hash: a.hash })));
  const d = decidePush(account, draft.draftKey, content);
  return {
    kind: d.kind,
    ...(d.push ? { msg_id: d.push.msg_id, time: d.push.record.time } : {}),
    ...(d.changedSince ? { changedSince: { msg_id: d.changedSince.msg_id, time: d.changedSince.record.time } } : {}),
  };
}

export function planBroadcast(project: Project, account: AccountState, drafts: readonly DraftPlan[], audience: Audience): BroadcastPlan {
  const now = project.now();
  const profile = project.config.account;
  const wanted = drafts.filter((d) => d.push?.kind === 'send' || d.push?.kind === 'resend').length;
  const quota = checkPushQuota(account, profile, now, wanted);
  const cadence = checkCadence(account, project.config, now);
  const messages: Message[] = [];
  let refusal: BroadcastPlan['refusal'];
  if (wanted > 0 && !profile.verified) {
    refusal = { code: 'broadcast/unverified', message: 'gzh.config says this account is not verified (`account.verified: false`): WeChat refuses pushes through the API from unverified accounts (48001)', hint: 'Save the draft without --broadcast and push it from mp.weixin.qq.com, or verify the account (微信认证) and set `account.verified: true`' };
  } else if (!quota.allowed) {
    refusal = { code: 'broadcast/quota', ...describeRefusal(quota) };
  } else if (wanted > 0 && cadence.tooSoon) {
    if (cadence.strict) refusal = { code: 'broadcast/cadence', message: describeCadence(cadence), hint: `Push after ${beijingTime(Date.parse(cadence.last!.time) + cadence.minHours * 3600_000)}, or lower cadence.minHours` };
    else messages.push({ ruleId: 'broadcast/cadence', severity: 'warn', message: describeCadence(cadence), source: 'gzh-publish' });
  }
  for (const d of drafts) {
    if (d.push?.kind === 'send' && d.push.changedSince) messages.push({ ruleId: 'broadcast/changed', severity: 'info', message: `Changed since its push of ${beijingTime(d.push.changedSince.time)} (${d.push.changedSince.msg_id}): this is a new push`, source: 'gzh-publish' });
  }
  return { audience, profile, quota, cadence, ...(refusal ? { refusal } : {}), messages };
}
