/**
 * For an article whose front matter asks for a push (`push: true`): what the push guard will say when CI
 * publishes it, shown by `gzh lint` and `gzh dev` so the writer knows first. Reads gzh.lock's push history (the
 * accounts of WECHAT_APP_ID when set, else every non-sandbox account in it), or with config `accounts:` each
 * account's own gzh.lock.d file, checked by its type; sends nothing.
 */
import type { Message } from '../errors.js';
import { envValue, type Project } from '../project/load-project.js';
import { lockfilePath } from '../project/paths.js';
import type { ResolvedConfig } from '../config/schema.js';
import { accountLockfilePath, accountNames, accountProject } from './accounts.js';
import { Lockfile } from './lockfile.js';
import { beijingTime, checkCadence, checkPushQuota, describeCadence, describeRefusal } from './push-quota.js';

export function pushReminders(project: Pick<Project, 'config' | 'env' | 'now'>, article: { file: string; meta: { push?: boolean; accounts?: string[] }; fieldLines: { push?: number } }): Message[] {
  if (article.meta.push !== true) return [];
  // the line compile's front matter parser found the key on (the one locator of a front-matter key)
  const at = { file: article.file, line: article.fieldLines.push ?? 1, column: 1, source: 'gzh-push' } as const;
  const names = accountNames(project.config);
  if (names.length === 0) return remind(project.config, lockfilePath(project.config.root), envValue(project.env, 'WECHAT_APP_ID'), project.now(), at, '');
  // several accounts: each one the article goes to (front matter `accounts:`, else every account), by its own state and type
  const to = (article.meta.accounts ?? names).filter((n) => names.includes(n));
  return to.flatMap((name) => remind(accountProject(project, name).config, accountLockfilePath(project.config.root, name), undefined, project.now(), at, `${name}: `));
}

function remind(config: ResolvedConfig, file: string, appId: string | undefined, now: Date, at: Pick<Message, 'file' | 'line' | 'column' | 'source'>, prefix: string): Message[] {
  let lockfile: Lockfile;
  try {
    lockfile = Lockfile.read(file);
  } catch {
    return []; // a damaged gzh.lock is publish's to report, with its fix
  }
  const keys = lockfile.accountKeys().filter((k) => !k.endsWith('@sandbox') && (!appId || k.startsWith(`${appId}@`)));
  const messages: Message[] = [];
  for (const key of keys) {
    const account = lockfile.account(key);
    const quota = checkPushQuota(account, config.account, now, 1);
    if (!quota.allowed) {
      const { message, hint } = describeRefusal(quota);
      messages.push({ ruleId: 'push/quota', severity: 'warn', message: `${prefix}push: true, but ${message[0]!.toLowerCase()}${message.slice(1)} ${hint.split('.')[0]}`, ...at });
      continue;
    }
    const cadence = checkCadence(account, config, now);
    if (cadence.tooSoon) {
      const after = beijingTime(Date.parse(cadence.last!.time) + cadence.minHours * 3600_000);
      messages.push({ ruleId: 'push/cadence', severity: cadence.strict ? 'error' : 'warn', message: `${prefix}push: true: ${describeCadence(cadence)}. Push after ${after}`, ...at });
    }
  }
  return messages;
}
