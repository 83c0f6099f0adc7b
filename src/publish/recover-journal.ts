/**
 * A rerun after a crash, a kill -9 or a lost answer: for every request gzh.lock says was about to be sent (an
 * intent) and has no recorded result, look for its effect in WeChat (src/wechat/find-lost.ts) and adopt it;
 * only when it is certainly not there may it be sent again. Never repeat, always recover.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { GzhError, InterruptedError } from '../errors.js';
import { PUBLISH_STATUS, findDraftLike, findMaterialNamed, findPublishedLike, isWechatApiError, type WechatClient } from '../wechat/index.js';
import { draftIntentId, submitIntentId, type Intent, type Lockfile } from './lockfile.js';

const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000);

type Intents<Op extends Intent['op']> = [string, Extract<Intent, { op: Op }>][];

function intentsOf<Op extends Intent['op']>(lockfile: Lockfile, key: string, op: Op): Intents<Op> {
  return Object.entries(lockfile.account(key).journal).filter((e): e is [string, Extract<Intent, { op: Op }>] => e[1].op === op);
}

/** Image materials an interrupted run uploaded: into the ledger when found, else forgotten (uploaded again). */
export async function recoverMaterials(api: WechatClient, lockfile: Lockfile, key: string, scope: { appId: string; apiBase: string }): Promise<number> {
  let found = 0;
  for (const [id, intent] of intentsOf(lockfile, key, 'material/add_material')) {
    const material = await findMaterialNamed(api, intent.name, unix(intent.started));
    if (material) {
      found++;
      // ledger.set writes the entry and drops the intent in one save
      await lockfile.ledger(key).set(intent.key, { kind: 'image', media_id: material.media_id, ...(material.url ? { url: material.url } : {}), processedSha256: intent.processedSha256 ?? '', ...scope, name: intent.name, time: intent.started });
    } else await lockfile.settle(key, id);
  }
  return found;
}

/** A draft/add whose answer was lost: the draft it saved becomes this key's draft (adopted, not added again). */
export async function recoverDraftAdd(api: WechatClient, lockfile: Lockfile, key: string, draftKey: string, paths: readonly string[]): Promise<string | undefined> {
  const id = draftIntentId(draftKey);
  const account = lockfile.account(key);
  const intent = account.journal[id];
  if (intent?.op !== 'draft/add') return undefined;
  // drafts of other keys may carry the same titles: never take one of those
  const exclude = new Set(Object.entries(account.drafts).filter(([k]) => k !== draftKey).map(([, d]) => d.media_id));
  const found = await findDraftLike(api, { titles: intent.titles, ...(intent.thumbs.length ? { thumbs: intent.thumbs } : {}), since: unix(intent.started), exclude });
  if (found) {
    const articlePaths = intent.paths.length ? intent.paths : paths;
    account.drafts[draftKey] = { media_id: found.media_id, articles: articlePaths.map((p, i) => ({ path: p, hash: intent.hashes[i] ?? '' })), created: intent.started, updated: intent.started };
  }
  await lockfile.settle(key, id);
  return found?.media_id;
}

export type SubmitRecovery = { outcome: 'published'; publish_id: string; urls: string[] } | { outcome: 'not-sent' } | { outcome: 'none' };

/**
 * A freepublish/submit whose answer was lost. Found among the published articles: adopted. The draft still in
 * the draft box: the submit never arrived (a submitted draft leaves the box; UNCONFIRMED on WeChat, and what
 * the sandbox does), so it may be sent. Neither: WeChat is publishing it: wait for it to appear.
 */
export async function recoverSubmit(api: WechatClient, lockfile: Lockfile, key: string, draftKey: string, options: { timeoutMs: number; pollMs: number; signal?: AbortSignal }): Promise<SubmitRecovery> {
  const id = submitIntentId(draftKey);
  const account = lockfile.account(key);
  const intent = account.journal[id];
  if (intent?.op !== 'freepublish/submit') return { outcome: 'none' };
  const like = { titles: intent.titles, since: unix(intent.started) };
  const deadline = Date.now() + options.timeoutMs;
  let delay = options.pollMs;
  for (let first = true; ; first = false) {
    const published = await findPublishedLike(api, like);
    if (published) {
      const publish_id = `recovered:${published.article_id}`;
      const urls = published.content.news_item.map((n) => n.url);
      account.publishes[publish_id] = { draft: draftKey, media_id: intent.media_id, status: PUBLISH_STATUS[0]!, time: new Date((published.update_time || like.since) * 1000).toISOString(), urls, article_id: published.article_id };
      if (account.drafts[draftKey]) account.drafts[draftKey].published = publish_id;
      await lockfile.settle(key, id);
      return { outcome: 'published', publish_id, urls };
    }
    if (first && (await draftStillThere(api, intent.media_id))) {
      await lockfile.settle(key, id);
      return { outcome: 'not-sent' };
    }
    if (Date.now() + delay > deadline) {
      throw new GzhError('publish/submit-unknown', `The submit of draft ${intent.media_id} (${intent.started}) reached WeChat but its answer was lost, and it has not appeared as published yet`, {
        hint: 'WeChat may still be publishing it, or it failed review: check 发表记录 on the platform. Rerun the same command later: it adopts the publication once it appears, and never submits a second time',
      });
    }
    await sleep(delay, undefined, options.signal ? { signal: options.signal } : undefined).catch(() => {
      throw new InterruptedError('Interrupted while looking for a lost publication');
    });
    delay = Math.min(delay * 1.5, 10_000);
  }
}

async function draftStillThere(api: WechatClient, media_id: string): Promise<boolean> {
  try {
    await api.getDraft(media_id);
    return true;
  } catch (error) {
    if (isWechatApiError(error) && error.errcode === 40007) return false;
    throw error;
  }
}
