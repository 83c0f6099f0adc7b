/**
 * `gzh preview`: which reviewers get which draft on their phone (message/mass/preview), as data. Unchanged content
 * already previewed to a reviewer is skipped (unless --again); the account's 100 previews a Beijing day are
 * counted in gzh.lock and a run that would pass them is refused before any request.
 */
import type { Project } from '../project/load-project.js';
import { pushContent } from './decide-push.js';
import type { AccountState } from './lockfile.js';
import type { DraftPlan } from './plan.js';
import { beijingDay, beijingTime, nextPeriodStart } from './push-quota.js';

export const PREVIEWS_PER_DAY = 100;

export interface PreviewRequest {
  /** 微信号 (towxname), or `openid:<openid>` / a bare openid (touser). */
  to: readonly string[];
  again?: boolean;
}

export interface PreviewPlan {
  to: string[];
  day: string;
  used: number;
  wanted: number;
  refusal?: { code: string; message: string; hint: string };
}

export interface DraftPreview {
  send: string[];
  /** Already previewed with this content (time of that preview). */
  skip: { to: string; time: string }[];
}

export const previewKey = (draftKey: string, reviewer: string) => `${draftKey}\n${reviewer}`;

/** An openid is 28 characters starting with `o` (or written `openid:...`): sent as touser; anything else is a 微信号. */
export function reviewerTarget(reviewer: string): { wxname: string } | { openid: string } {
  if (reviewer.startsWith('openid:')) return { openid: reviewer.slice('openid:'.length) };
  return /^o[A-Za-z0-9_-]{27}$/.test(reviewer) ? { openid: reviewer } : { wxname: reviewer };
}

export function planDraftPreview(account: AccountState, draft: DraftPlan, request: PreviewRequest): DraftPreview {
  const content = pushContent(draft.articles.map((a) => ({ path: a.projectPath, hash: a.hash })));
  const result: DraftPreview = { send: [], skip: [] };
  for (const to of request.to) {
    const earlier = account.previews[previewKey(draft.draftKey, to)];
    if (!request.again && content && earlier?.content === content) result.skip.push({ to, time: earlier.time });
    else result.send.push(to);
  }
  return result;
}

export function planPreview(project: Project, account: AccountState, drafts: readonly DraftPlan[], request: PreviewRequest): PreviewPlan {
  const now = project.now();
  const day = beijingDay(now);
  const used = account.previewDay?.day === day ? account.previewDay.count : 0;
  const wanted = drafts.reduce((n, d) => n + (d.preview?.send.length ?? 0), 0);
  const plan: PreviewPlan = { to: [...request.to], day, used, wanted };
  if (wanted > 0 && !project.config.account.verified) {
    plan.refusal = { code: 'preview/unverified', message: 'gzh.config says this account is not verified (`account.verified: false`): WeChat refuses previews through the API from unverified accounts (48001)', hint: 'Preview the draft from mp.weixin.qq.com (预览 → 发送到手机), or verify the account (微信认证) and set `account.verified: true`' };
  } else if (used + wanted > PREVIEWS_PER_DAY) {
    plan.refusal = {
      code: 'preview/quota',
      message: `An account may send ${PREVIEWS_PER_DAY} previews a day: ${used} sent on ${day} (Beijing time), this run would send ${wanted}`,
      hint: `The count starts again ${beijingTime(nextPeriodStart('subscription', now))}. Nothing was sent`,
    };
  }
  return plan;
}
