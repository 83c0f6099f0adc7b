/**
 * What to do with one draft, given gzh.lock and the hashes of the articles as they would be sent. The plan calls
 * it with the hashes it can know without uploading (undefined: not knowable yet), the apply step with the real
 * ones: the same rule twice, so a dry run and a real run cannot disagree about it.
 */
import type { AccountState, LockedDraft, LockedPublish } from './lockfile.js';

export type ArticleAction = 'create' | 'update' | 'unchanged';

export interface DraftDecision {
  /** create: draft/add · update: draft/update where changed · keep: nothing to write · published: nothing to send, ever. */
  kind: 'create' | 'update' | 'keep' | 'published';
  actions: ArticleAction[];
  /** The draft written in place (update, keep, published). */
  current?: LockedDraft;
  /** This key's earlier draft with another article list: left in WeChat (or deleted with --replace). */
  superseded?: LockedDraft;
  /** A draft of this key existed but can't be updated in place (published, or its list changed). */
  recreate: boolean;
  /** published: the publish recorded for it (status `publishing` when the wait was cut off). */
  publish?: { publish_id: string; record: LockedPublish };
}

export function decideDraft(account: AccountState, draftKey: string, paths: readonly string[], hashes: readonly (string | undefined)[]): DraftDecision {
  const previous = account.drafts[draftKey];
  const samePaths = previous !== undefined && previous.articles.length === paths.length && previous.articles.every((a, i) => a.path === paths[i]);
  const same = (i: number) => hashes[i] !== undefined && hashes[i] === previous?.articles[i]?.hash;
  if (previous && samePaths && paths.every((_, i) => same(i))) {
    // already published (or being published) and not changed since: never posted a second time
    const publish = publishOf(account, draftKey, previous);
    if (publish) return { kind: 'published', actions: paths.map(() => 'unchanged'), current: previous, recreate: false, publish };
  }
  if (previous && samePaths && !previous.published) {
    const actions = paths.map((_, i): ArticleAction => (same(i) ? 'unchanged' : 'update'));
    return { kind: actions.includes('update') ? 'update' : 'keep', actions, current: previous, recreate: false };
  }
  const superseded = previous && !previous.published && !samePaths ? previous : undefined;
  return { kind: 'create', actions: paths.map(() => 'create'), superseded, recreate: previous !== undefined };
}

/** The successful or still running publish of this draft recorded in gzh.lock, if any. */
export function publishOf(account: AccountState, draftKey: string, draft: LockedDraft): { publish_id: string; record: LockedPublish } | undefined {
  if (draft.published && account.publishes[draft.published]) return { publish_id: draft.published, record: account.publishes[draft.published]! };
  const running = Object.entries(account.publishes).find(([, p]) => p.draft === draftKey && p.media_id === draft.media_id && p.status === 'publishing');
  return running ? { publish_id: running[0], record: running[1] } : undefined;
}

/** Drafts of other keys that hold any of these articles (what --replace deletes). */
export function draftsSharingArticles(account: AccountState, draftKey: string, paths: readonly string[]): string[] {
  return Object.entries(account.drafts)
    .filter(([k, d]) => k !== draftKey && !d.published && d.articles.some((a) => paths.includes(a.path)))
    .map(([k]) => k);
}
