/**
 * After a request whose answer was lost (a timeout, a reset, a killed process), did WeChat do it? These look for
 * its effect instead of repeating it: the one place both the client (retries within a run) and publish (reruns,
 * from the journal in gzh.lock) ask. Matching uses what gzh chose and WeChat keeps as sent: material names,
 * article titles and covers, and the time (a minute of slack for the clocks of this machine and WeChat's).
 */
import type { DraftListItem, MaterialItem, Page, PageRequest, PublishedListItem } from './types.js';

/** Pages of 20 looked at, newest first: what the lost request made is among the latest. */
const PAGES = 3;
const SLACK_S = 60;

export interface LostLookup {
  batchGetMaterial(request: { type: 'image'; offset: number; count: number }): Promise<Page<MaterialItem>>;
  batchGetDrafts(request: PageRequest): Promise<Page<DraftListItem>>;
  batchGetPublished(request: PageRequest): Promise<Page<PublishedListItem>>;
}

async function findInPages<T>(load: (offset: number) => Promise<Page<T>>, match: (item: T) => boolean): Promise<T | undefined> {
  for (let page = 0; page < PAGES; page++) {
    const { item, total_count } = await load(page * 20);
    const found = item.find(match);
    if (found || (page + 1) * 20 >= total_count || item.length === 0) return found;
  }
  return undefined;
}

/** An image material named `name` added since `since` (unix seconds). */
export function findMaterialNamed(api: LostLookup, name: string, since: number): Promise<MaterialItem | undefined> {
  return findInPages(
    (offset) => api.batchGetMaterial({ type: 'image', offset, count: 20 }),
    (m) => m.name === name && (m.update_time ?? 0) >= since - SLACK_S,
  );
}

export interface ArticlesLike {
  titles: readonly string[];
  /** Cover media_ids in order ('' for none); omitted: titles alone. */
  thumbs?: readonly string[];
  /** Unix seconds: only what was saved since then (an older same-titled draft is someone else's). */
  since: number;
  /** media_ids already known for other drafts: never one of those. */
  exclude?: ReadonlySet<string>;
}

function sameArticles(items: readonly { title: string; thumb_media_id?: string }[], like: ArticlesLike): boolean {
  return items.length === like.titles.length && items.every((n, i) => n.title === like.titles[i] && (like.thumbs === undefined || (n.thumb_media_id ?? '') === (like.thumbs[i] ?? '')));
}

/** A draft with these articles saved since `since`. Not the content: WeChat rewrites it, its length says little. */
export function findDraftLike(api: LostLookup, like: ArticlesLike): Promise<DraftListItem | undefined> {
  return findInPages(
    (offset) => api.batchGetDrafts({ offset, count: 20, no_content: 1 }),
    (d) => !like.exclude?.has(d.media_id) && (d.update_time ?? 0) >= like.since - SLACK_S && sameArticles(d.content?.news_item ?? [], like),
  );
}

/** A published article group with these articles, published since `since`. */
export function findPublishedLike(api: LostLookup, like: ArticlesLike): Promise<PublishedListItem | undefined> {
  return findInPages(
    (offset) => api.batchGetPublished({ offset, count: 20, no_content: 1 }),
    (p) => (p.update_time ?? 0) >= like.since - SLACK_S && sameArticles(p.content?.news_item ?? [], like),
  );
}
