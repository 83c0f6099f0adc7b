/** The sandbox web view's 群发 sections: each push (audience, status) and which reviewer got which preview. */
import type { SandboxAccount, SandboxMass, SandboxPreview } from './mass.js';
import { PUSH_LIMITS } from './mass.js';
import { escapeHtml } from './webview.js';
import { beijingTime } from '../beijing-time.js';

const date = (s: number) => beijingTime(s * 1000);

export interface MassViewModel {
  account: SandboxAccount;
  masses: readonly SandboxMass[];
  previews: readonly SandboxPreview[];
}

export function renderMassSections(m: MassViewModel): string {
  const limit = PUSH_LIMITS[m.account.type];
  const titles = (list: readonly string[], deleted: readonly number[] = []) => list.map((t, i) => `<div>${deleted.includes(i + 1) ? '<s>' : ''}${escapeHtml(t)}${deleted.includes(i + 1) ? '</s>' : ''}</div>`).join('');
  const pushes = [...m.masses]
    .reverse()
    .map((p) => {
      const audience = p.audience.is_to_all ? 'all followers' : `tag ${p.audience.tag} (${p.audience.tag_id})`;
      const cls = p.status === 'SEND_SUCCESS' ? 'status-0' : p.status === 'SENDING' ? 'status-1' : 'status-x';
      return `<tr><td>${titles(p.titles, p.deleted_idx)}</td><td>${escapeHtml(audience)}</td><td><span class="${cls}">${escapeHtml(p.status)}</span></td><td>${escapeHtml(date(p.create_time))}</td><td><code>${escapeHtml(p.msg_id)}</code><br><code>${escapeHtml(p.clientmsgid ?? '')}</code></td></tr>`;
    })
    .join('');
  const previews = [...m.previews]
    .reverse()
    .map((p) => `<tr><td>${escapeHtml(p.to)}</td><td>${escapeHtml(p.kind)}</td><td>${titles(p.titles)}</td><td>${escapeHtml(date(p.time))}</td></tr>`)
    .join('');
  const table = (head: string[], rows: string, empty: string) =>
    rows ? `<table><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>${rows}</table>` : `<p class="empty">${escapeHtml(empty)}</p>`;
  const profile = `${m.account.type === 'service' ? '服务号 (service)' : '订阅号 (subscription)'} · ${m.account.verified ? 'verified' : 'unverified: 群发 and preview answer 48001'} · ${limit.count} push${limit.count > 1 ? 'es' : ''} a ${limit.per} (Beijing time)`;
  return `<section class="block"><h2>Pushes 群发 (${m.masses.length})</h2><p>${escapeHtml(profile)}</p>${table(['Articles', 'Audience', 'Status', 'Sent', 'msg_id / clientmsgid'], pushes, 'Nothing pushed yet: gzh publish --broadcast.')}</section>
<section class="block"><h2>Previews (${m.previews.length})</h2>${table(['Reviewer', 'As', 'Articles', 'Sent'], previews, 'No previews yet: gzh preview --to <微信号>.')}</section>`;
}
