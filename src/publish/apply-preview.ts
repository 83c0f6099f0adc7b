/**
 * Phone previews (message/mass/preview) of a saved draft, one per reviewer. The day's count goes up in gzh.lock
 * before each request (a crash never under-counts the 100 a day); the (content, reviewer) pair is recorded after.
 */
import type { ApplyContext } from './apply-context.js';
import { pushContent } from './decide-push.js';
import type { LockedDraft } from './lockfile.js';
import { previewKey, reviewerTarget, type DraftPreview } from './plan-preview.js';
import { beijingDay } from './push-quota.js';

export interface PreviewOutcome {
  sent: string[];
  skipped: { to: string; time: string }[];
}

export async function previewDraft(ctx: ApplyContext, draftKey: string, draft: LockedDraft, planned: DraftPreview): Promise<PreviewOutcome> {
  const account = ctx.lockfile.account(ctx.key);
  const content = pushContent(draft.articles)!;
  const outcome: PreviewOutcome = { sent: [], skipped: [] };
  for (const to of [...planned.send, ...planned.skip.map((s) => s.to)]) {
    // the plan skipped by the hashes it knew; the saved draft's are the truth
    const earlier = account.previews[previewKey(draftKey, to)];
    if (!planned.send.includes(to) && earlier?.content === content) {
      outcome.skipped.push({ to, time: earlier.time });
      continue;
    }
    const now = ctx.project.now();
    const day = beijingDay(now);
    account.previewDay = { day, count: (account.previewDay?.day === day ? account.previewDay.count : 0) + 1 };
    await ctx.lockfile.save();
    ctx.emit({ type: 'step', message: `Sending draft ${draft.media_id} to ${to}'s phone (preview)` });
    await ctx.client.previewMass(reviewerTarget(to), draft.media_id);
    account.previews[previewKey(draftKey, to)] = { content, media_id: draft.media_id, time: now.toISOString() };
    await ctx.lockfile.save();
    outcome.sent.push(to);
  }
  return outcome;
}
