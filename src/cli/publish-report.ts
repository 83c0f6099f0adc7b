/** How `gzh publish` shows a plan and a result in the terminal: a table on a TTY, one plain line per article in CI. */
import type { DraftPlan, DraftResult, Project, PublishPlan, PublishResult } from '../index.js';
import { printBroadcastPlan, printBroadcastResult, printPreviewPlan, printPreviewResult } from './broadcast-report.js';
import { displayWidth } from './display-width.js';
import type { Output } from './output.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function printPlan(plan: PublishPlan, output: Output): void {
  const c = output.colors;
  for (const draft of plan.drafts) {
    output.out(c.bold(`Plan: ${describeDraftPlan(draft)}`));
    printRows(
      output,
      ['#', 'plan', 'article', 'title', 'images'],
      draft.articles.map((a) => [String(a.index + 1), a.action, a.file, a.title, describePlannedImages(a.images)]),
    );
    if (draft.replace.length) output.out(`would delete old draft${draft.replace.length > 1 ? 's' : ''}: ${draft.replace.join(', ')}`);
    const requests = countRequests(draft);
    output.out(c.dim(`requests: ${requests || 'none'}`));
  }
  if (plan.broadcast) printBroadcastPlan(plan.broadcast, plan.drafts, output);
  if (plan.preview) printPreviewPlan(plan.preview, plan.drafts, output);
  output.out(c.dim('dry run: nothing was sent'));
}

function describeDraftPlan(draft: DraftPlan): string {
  switch (draft.action) {
    case 'create':
      return draft.recreate ? 'create a new draft (the recorded one was published or its article list changed)' : 'create a new draft';
    case 'update':
      return `update draft ${draft.media_id}`;
    case 'keep':
      return `nothing to change in draft ${draft.media_id}`;
    case 'published':
      return draft.publish === 'await' ? `wait for the publish of draft ${draft.media_id} (${draft.published?.publish_id})` : `already published on ${draft.published?.time.slice(0, 10)}: nothing to send`;
  }
}

function describePlannedImages(images: DraftPlan['articles'][number]['images']): string {
  if (images.length === 0) return 'no images';
  const known = images.filter((i) => i.action === 'known').length;
  const upload = images.filter((i) => i.action === 'upload').length;
  const fetch = images.filter((i) => i.action === 'fetch').length;
  return [upload && `${plural(upload, 'image')} to upload`, fetch && `${fetch} remote to download and upload`, known && `${known} known`].filter(Boolean).join(', ');
}

/** `3 × media/uploadimg, draft/add, draft/get`. */
function countRequests(draft: DraftPlan): string {
  const counts = new Map<string, number>();
  for (const step of draft.steps) counts.set(step.request, (counts.get(step.request) ?? 0) + 1);
  return [...counts].map(([request, n]) => (n > 1 ? `${n} × ${request}` : request)).join(', ');
}

export interface ResultContext {
  sandboxUrl?: string;
  startedSandbox: boolean;
  lockfile: { shown: string; saves: number };
  /** One of config `accounts:`. */
  account?: string;
}

export function printResult(project: Project, result: PublishResult, context: ResultContext, output: Output): void {
  const c = output.colors;
  for (const draft of result.drafts) printDraft(draft, context, output);
  if (result.interrupted) {
    output.err(`${c.yellow('!')} ${result.interrupted.message}: stopped at a safe point. ${plural(result.interrupted.uploads, 'upload')}${result.interrupted.drafts.length ? ` and draft ${result.interrupted.drafts.join(', ')}` : ''} recorded in ${context.lockfile.shown}.`);
    output.err('  Rerun the same command to finish: what is done is not sent again.');
  }
  const committed = !context.lockfile.shown.includes('.gzh/') && (context.lockfile.shown.endsWith('gzh.lock') || context.lockfile.shown.includes('gzh.lock.d'));
  const lock = context.lockfile.saves === 0 ? `${context.lockfile.shown} unchanged` : `state saved in ${context.lockfile.shown}${committed ? ' (commit it)' : ''}`;
  output.out(c.dim(`${result.uploads === 0 ? 'nothing uploaded' : `${plural(result.uploads, 'upload')}`}; ${lock}`));
  const dir = `.gzh/sandbox${context.account ? `/${context.account}` : ''}`;
  if (context.sandboxUrl && context.startedSandbox) output.out(c.dim(`(the sandbox stops with this command; its state is kept in ${project.root === project.cwd ? dir : `the project's ${dir}`}: run \`npx gzh sandbox${context.account ? ` --account ${context.account}` : ''}\` to browse it)`));
}

function printDraft(draft: DraftResult, context: ResultContext, output: Output): void {
  const c = output.colors;
  output.out(c.bold(draft.draft === 'published' ? `Draft ${draft.media_id}: published before and unchanged` : `Draft ${draft.media_id}: ${draft.draft}`));
  printRows(
    output,
    ['#', 'result', 'article', 'title', 'images'],
    draft.articles.map((a) => [String(a.index + 1), a.status, a.file, a.title, a.images.uploaded ? `${plural(a.images.uploaded, 'image')} uploaded` : a.images.total ? 'images known' : 'no images']),
  );
  if (draft.replaced?.length) output.out(`deleted old draft${draft.replaced.length > 1 ? 's' : ''}: ${draft.replaced.join(', ')}`);
  if (draft.broadcast) printBroadcastResult(draft.broadcast, output);
  if (draft.preview) printPreviewResult(draft.preview, output);
  const p = draft.publish;
  if (context.sandboxUrl && draft.media_id && draft.draft !== 'published' && !p) output.out(`\nSandbox draft page: ${c.bold(`${context.sandboxUrl}/draft/${encodeURIComponent(draft.media_id)}/1`)}`);
  if (!p) return;
  if (p.status === 0) {
    output.out(p.earlier ? `${c.green('✓')} already published on ${p.earlier.time.slice(0, 10)} (${p.publish_id}): nothing was sent again` : `${c.green('✓')} published (${p.publish_id})`);
    for (const url of p.urls) output.out(`  ${url}`);
  } else {
    output.err(`${c.red('✗')} publishing ${p.publish_id} ended with status ${p.status}: ${p.meaning}${p.fail_idx?.length ? ` (article ${p.fail_idx.join(', ')})` : ''}`);
    output.err('  The draft is still there: fix the problem on the WeChat platform or in the article and publish again.');
  }
}

/** A table on a terminal; in CI one line per row: `created content/a.md (article 1, 3 images uploaded)`. */
function printRows(output: Output, header: string[], rows: string[][]): void {
  if (output.interactive) {
    const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i]!))));
    const line = (cells: string[]) => cells.map((cell, i) => cell + ' '.repeat(widths[i]! - displayWidth(cell))).join('  ');
    output.out(output.colors.dim(line(header)));
    for (const r of rows) output.out(line(r));
  } else {
    for (const r of rows) output.out(`${r[1]} ${r[2]} (article ${r[0]}, ${r[4]})`);
  }
}

