/**
 * Dry-run view of an article's images: which would upload, without optimising or uploading.
 * Local files and data: URIs are hashed (exact answer). Remote images are NOT downloaded: they are
 * `cached: true` when the ledger holds an entry under their URL key (written when they were last
 * uploaded), else `'unknown'` — the real run downloads them and decides by content.
 */
import pLimit from 'p-limit';
import type { GzhError } from '../errors.js';
import type { ImageRef } from '../compile/types.js';
import { collectImageJobs } from './collect-image-jobs.js';
import { ImageBatchError, placeImageError } from './image-errors.js';
import { computeLedgerKey, computeUrlKey, isEntryInScope } from './ledger.js';
import { readSourceBytes } from './load-image.js';
import type { ImagePurpose, LedgerScope, MediaLedger, ResolvedSource } from './types.js';

export interface PlanInput {
  articleFile: string;
  root: string;
  images: readonly ImageRef[];
  cover?: { src: string; line: number; column?: number };
  withCover?: boolean;
  maxWidth: number;
}

export interface PlanDeps {
  ledger: MediaLedger;
  ledgerScope: LedgerScope;
}

export interface PlannedImage {
  purpose: ImagePurpose;
  /** n-th <img> (body images only). */
  index?: number;
  src: string;
  line: number;
  column?: number;
  source: ResolvedSource['kind'];
  /** Ledger key, when computable without network. */
  key?: string;
  /** true: nothing to upload (known, or hosted by WeChat); false: would upload; 'unknown': remote, not seen before. */
  cached: boolean | 'unknown';
}

export async function planArticleImages(input: PlanInput, deps: PlanDeps): Promise<PlannedImage[]> {
  const { jobs, hosted, errors } = collectImageJobs({ ...input, withCover: input.withCover ?? true });
  const failures: GzhError[] = [...errors];
  const planned: PlannedImage[] = [];
  for (const ref of input.images) {
    if (hosted.has(ref.index)) {
      planned.push({ purpose: 'body', index: ref.index, src: ref.src, line: ref.line, column: ref.column, source: 'wechat', cached: true });
    }
  }
  const limit = pLimit(8);
  await Promise.all(
    jobs.map((job) =>
      limit(async () => {
        const keyOptions = { purpose: job.purpose, maxWidth: input.maxWidth };
        let key: string | undefined;
        let cached: boolean | 'unknown';
        try {
          if (job.source.kind === 'remote' || job.source.kind === 'wechat') {
            const entry = deps.ledger.get(computeUrlKey(job.source.url, keyOptions));
            cached = isEntryInScope(entry, deps.ledgerScope) ? true : 'unknown';
          } else {
            const bytes = await readSourceBytes(job.source, { remote: { timeoutMs: 1, maxBytes: 0 } });
            key = computeLedgerKey(bytes, keyOptions);
            cached = isEntryInScope(deps.ledger.get(key), deps.ledgerScope);
          }
        } catch (error) {
          const ref = job.refs[0]!;
          failures.push(placeImageError(error, ref.src, { file: input.articleFile, line: ref.line, column: ref.column }));
          return;
        }
        for (const ref of job.refs) {
          planned.push({ purpose: job.purpose, index: ref.index, src: ref.src, line: ref.line, column: ref.column, source: job.source.kind, key, cached });
        }
      }),
    ),
  );
  if (failures.length > 0) throw new ImageBatchError(input.articleFile, failures.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
  return planned.sort((a, b) => (a.purpose === b.purpose ? (a.index ?? 0) - (b.index ?? 0) : a.purpose === 'body' ? -1 : 1));
}
