/**
 * `gzh doctor`'s account line: the profile gzh.config declares (account.type, account.verified), what it allows
 * through the API, this period's pushes from gzh.lock, and a contradiction WeChat reported (48001 on a push).
 */
import type { ResolvedConfig } from '../config/schema.js';
import { lockfilePath } from '../project/paths.js';
import { Lockfile } from './lockfile.js';
import { PREVIEWS_PER_DAY } from './plan-preview.js';
import { beijingTime, checkPushQuota, PUSH_QUOTA } from './push-quota.js';

export interface AccountCheck {
  id: 'account';
  status: 'ok' | 'fail';
  detail: string;
  fix?: string;
}

export function checkAccount(config: ResolvedConfig, appId: string | undefined, now = new Date(), file = lockfilePath(config.root)): AccountCheck {
  const { type, verified } = config.account;
  const quota = PUSH_QUOTA[type];
  const kind = type === 'subscription' ? 'subscription account (订阅号)' : 'service account (服务号)';
  const allows = verified
    ? `push (群发) ${quota.count} a ${quota.per === 'day' ? 'day' : 'month'} (Beijing time), publish (发布), ${PREVIEWS_PER_DAY} previews a day`
    : 'drafts only through the API (unverified: no push, publish or preview: 48001)';
  let lockfile: Lockfile | undefined;
  try {
    lockfile = Lockfile.read(file);
  } catch {
    lockfile = undefined;
  }
  const keys = lockfile?.accountKeys().filter((k) => !k.endsWith('@sandbox') && (!appId || k.startsWith(`${appId}@`))) ?? [];
  const used = keys.map((k) => checkPushQuota(lockfile!.account(k), config.account, now, 0)).map((q) => `${q.used} of ${q.limit.count} pushes used in ${q.period}`);
  const detail = `${kind}, ${verified ? 'verified' : 'not verified'}: ${allows}${used.length ? `; ${used.join(', ')}` : ''}`;
  const refused = keys.map((k) => lockfile!.account(k).refusedPush).find((r) => r?.errcode === 48001);
  if (refused && verified) {
    return { id: 'account', status: 'fail', detail: `${detail}; but WeChat refused a push with 48001 at ${beijingTime(refused.at)}: this account can't push through the API: unverified?`, fix: 'verify the account (微信认证), or set `account: { verified: false }` in gzh.config and push from mp.weixin.qq.com' };
  }
  return { id: 'account', status: 'ok', detail };
}
