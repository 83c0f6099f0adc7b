/**
 * The remote images a dry run did not check. A dry run fetches nothing, so it cannot know whether a remote
 * image exists, is an image, or fits: it can only say which ones the real run will have to download. Known
 * ones (the ledger has them by URL from an earlier upload) are left out through `isKnown`.
 * No network; local references are resolved (a stat each) only to tell them apart, and bad references are
 * skipped: the dry run reports those as errors on its own.
 */
import { collectImageJobs } from './collect-image-jobs.js';
import type { CollectInput } from './collect-image-jobs.js';
import type { ImagePurpose } from './types.js';

export interface UncheckedRemoteImage {
  purpose: ImagePurpose;
  /** As written in the article. */
  src: string;
  /** Normalised (what would be fetched). */
  url: string;
  line: number;
  column?: number;
  /** The <img> indexes that use it (none for a front-matter cover). */
  indexes: number[];
}

/**
 * `isKnown(url, purpose)`: true when the real run would not need the download, e.g.
 * `(url, purpose) => isEntryInScope(ledger.get(computeUrlKey(url, { purpose, maxWidth })), scope)`.
 * A WeChat-hosted cover is listed: it still has to be downloaded to become a material.
 */
export function listUncheckedRemoteImages(input: CollectInput, isKnown: (url: string, purpose: ImagePurpose) => boolean = () => false): UncheckedRemoteImage[] {
  const { jobs } = collectImageJobs(input);
  const unchecked: UncheckedRemoteImage[] = [];
  for (const job of jobs) {
    if (job.source.kind !== 'remote' || isKnown(job.source.url, job.purpose)) continue;
    const ref = job.refs[0]!;
    const indexes = job.refs.flatMap((r) => (r.index === undefined ? [] : [r.index]));
    unchecked.push({ purpose: job.purpose, src: ref.src, url: job.source.url, line: ref.line, column: ref.column, indexes });
  }
  return unchecked.sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0) || (a.purpose === 'body' ? -1 : 1));
}
