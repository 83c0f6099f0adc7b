/**
 * For an article whose front matter asks for a push (`push: true`): what the push guard will say when CI
 * publishes it, shown by `gzh lint` and `gzh dev` so the writer knows first. Reads gzh.lock's push history (the
 * accounts of WECHAT_APP_ID when set, else every non-sandbox account in it); sends nothing.
 */
import type { Message } from '../errors.js';
import { envValue, type Project } from '../project/load-project.js';
import { lockfilePath } from '../project/paths.js';
import { Lockfile } from './lockfile.js';
import { beijingTime, checkCadence, checkPushQuota, describeCadence, describeRefusal } from './push-quota.js';

export function pushReminders(project: Pick<Project, 'config' | 'env' | 'now'>, article: { file: string; meta: { push?: boolean }; fieldLines: { push?: number } }): Message[] {
  if (article.meta.push !== true) return [];
  let lockfile: Lockfile;
  try {
    lockfile = Lockfile.read(lockfilePath(project.config.root));
  } catch {
    return []; // a damaged gzh.lock is publish's to report, with its fix
  }
  const appId = envValue(project.env, 'WECHAT_APP_ID');
  const keys = lockfile.accountKeys().filter((k) => !k.endsWith('@sandbox') && (!appId || k.startsWith(`${appId}@`)));
  // the line compile's front matter parser found the key on (the one locator of a front-matter key)
  const at = { file: article.file, line: article.fieldLines.push ?? 1, column: 1, source: 'gzh-push' } as const;
  const messages: Message[] = [];
  const now = project.now();
  for (const key of keys) {
    const account = lockfile.account(key);
    const quota = checkPushQuota(account, project.config.account, now, 1);
    if (!quota.allowed) {
      const { message, hint } = describeRefusal(quota);
      messages.push({ ruleId: 'push/quota', severity: 'warn', message: `push: true, but ${message[0]!.toLowerCase()}${message.slice(1)} ${hint.split('.')[0]}`, ...at });
      continue;
    }
    const cadence = checkCadence(account, project.config, now);
    if (cadence.tooSoon) {
      const after = beijingTime(Date.parse(cadence.last!.time) + cadence.minHours * 3600_000);
      messages.push({ ruleId: 'push/cadence', severity: cadence.strict ? 'error' : 'warn', message: `push: true: ${describeCadence(cadence)}. Push after ${after}`, ...at });
    }
  }
  return messages;
}
