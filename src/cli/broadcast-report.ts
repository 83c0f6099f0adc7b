/** How `gzh publish --broadcast` shows the push part of a plan (audience, quota, cadence) and of a result. */
import { beijingTime, type BroadcastOutcome, type BroadcastPlan, type DraftPlan, type PreviewOutcome, type PreviewPlan } from '../index.js';
import type { Output } from './output.js';

export function printBroadcastPlan(plan: BroadcastPlan, drafts: readonly DraftPlan[], output: Output): void {
  const c = output.colors;
  const q = plan.quota;
  const audience = 'tag' in plan.audience ? `follower tag ${plan.audience.tag}` : 'all followers';
  output.out(c.bold(`Push (群发) to ${audience}`));
  for (const d of drafts) output.out(`  ${describeDraftPush(d)}`);
  const kind = q.type === 'subscription' ? 'subscription account (订阅号)' : 'service account (服务号)';
  output.out(`  quota: ${kind}, ${q.limit.count} a ${q.limit.per}: ${q.used} used in ${q.period}, this run ${q.wanted} → ${plan.refusal?.code === 'broadcast/quota' ? c.red('refused') : c.green('ok')}`);
  if (plan.cadence.last) output.out(`  cadence: last push ${plan.cadence.hoursSince} h ago (${beijingTime(plan.cadence.last.time)}), minimum ${plan.cadence.minHours} h${plan.cadence.tooSoon ? c.yellow(' → too soon') : ''}`);
  if (plan.refusal) output.err(`${c.red('✗')} ${plan.refusal.message}\n  ${plan.refusal.hint}`);
}

function describeDraftPush(d: DraftPlan): string {
  const p = d.push;
  if (!p) return `${d.draftKey.replace(/\n/g, ' + ')}: published (发布) before, not pushed`;
  switch (p.kind) {
    case 'done':
      return `already pushed on ${beijingTime(p.time!)} (${p.msg_id}) and unchanged: not pushed again`;
    case 'await':
      return `pushed (${p.msg_id}) and still sending: wait for its status`;
    case 'resend':
      return 'an interrupted push: resend it with the same clientmsgid (WeChat answers 45065 if it went out: never two pushes)';
    case 'send':
      return p.changedSince ? `changed since its push of ${beijingTime(p.changedSince.time)}: a new push` : 'push it';
  }
}

export function printBroadcastResult(b: BroadcastOutcome, output: Output): void {
  const c = output.colors;
  if (b.earlier) {
    output.out(`${c.green('✓')} already pushed on ${beijingTime(b.earlier.time)} (msg_id ${b.msg_id}, ${b.status}): nothing was pushed again`);
    return;
  }
  const ok = b.status === 'SEND_SUCCESS';
  const line = `${ok ? c.green('✓') : c.red('✗')} ${b.adopted ? 'an interrupted run had pushed it: adopted' : 'pushed'} to ${b.audience} (msg_id ${b.msg_id}${b.msg_data_id ? `, msg_data_id ${b.msg_data_id}` : ''}): ${b.status}`;
  if (ok) output.out(line);
  else output.err(line);
  if (b.changedSince) output.out(c.dim(`  (a new push: the content changed since ${beijingTime(b.changedSince.time)})`));
}

export function printPreviewPlan(plan: PreviewPlan, drafts: readonly DraftPlan[], output: Output): void {
  const c = output.colors;
  for (const d of drafts) {
    if (d.preview?.send.length) output.out(`Preview to ${d.preview.send.join(', ')}`);
    for (const s of d.preview?.skip ?? []) output.out(c.dim(`  ${s.to}: got this content on ${beijingTime(s.time)}: skipped (--again sends it anyway)`));
  }
  output.out(`  previews today (${plan.day}): ${plan.used} of 100 used, this run ${plan.wanted}`);
  if (plan.refusal) output.err(`${c.red('✗')} ${plan.refusal.message}\n  ${plan.refusal.hint}`);
}

export function printPreviewResult(p: PreviewOutcome, output: Output): void {
  const c = output.colors;
  if (p.sent.length) output.out(`${c.green('✓')} preview sent to ${p.sent.join(', ')}`);
  for (const s of p.skipped) output.out(`${c.dim('-')} ${s.to} got this content on ${beijingTime(s.time)}: not sent again (--again sends it anyway)`);
}
