/**
 * The sandbox web view: server-rendered HTML listing drafts, publishes and materials, and each article the way
 * WeChat shows it on a phone. Everything but the (already sanitised) article content is escaped.
 */
import { escapeHtml } from '../escape-html.js';
import { PUBLISH_STATUS } from '../wechat/errors-catalog.js';
import type { SandboxArticle, SandboxContentImage, SandboxDraft, SandboxMaterial, SandboxPublish } from './types.js';
import { beijingTime } from '../beijing-time.js';

/** The pages need their own <style>, style attributes and images: nothing else, above all no script. */
export const WEB_VIEW_CSP = "default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; img-src 'self' data: http: https:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export { escapeHtml };

/** WeChat shows Beijing time (UTC+8, no daylight saving), wherever the sandbox runs. */
const date = (s: number) => beijingTime(s * 1000);

/** Sandbox image urls carry the port of the run that issued them: serve them from this run. */
function localiseImages(html: string): string {
  return html.replace(/https?:\/\/(?:127\.0\.0\.1|localhost|\[::1\])(?::\d+)?\/mmbiz\//g, '/mmbiz/');
}

const CSS = `
*{box-sizing:border-box}body{margin:0;font:15px/1.6 -apple-system,BlinkMacSystemFont,"PingFang SC","Hiragino Sans GB","Microsoft YaHei",sans-serif;background:#f2f3f5;color:#222}
header.bar{background:#07c160;color:#fff;padding:12px 24px;display:flex;gap:16px;align-items:baseline}header.bar a{color:#fff;text-decoration:none;font-weight:600}
header.bar span{opacity:.85;font-size:13px}main{max-width:1080px;margin:0 auto;padding:24px}
section.block{background:#fff;border-radius:8px;padding:16px 20px;margin-bottom:20px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
h2{font-size:17px;margin:0 0 12px}table{width:100%;border-collapse:collapse;font-size:14px}td,th{text-align:left;padding:6px 8px;border-top:1px solid #eee;vertical-align:top}
th{color:#888;font-weight:normal;border-top:0}code{font-size:12px;color:#666;word-break:break-all}.empty{color:#999}
a{color:#576b95}.status-0{color:#07c160}.status-1{color:#fa9d3b}.status-x{color:#fa5151}
.grid{display:flex;flex-wrap:wrap;gap:12px}.grid figure{margin:0;width:132px;font-size:12px;color:#666}.grid img{width:132px;height:132px;object-fit:cover;border-radius:4px;background:#eee}
.phone{width:414px;margin:0 auto;background:#fff;min-height:80vh;box-shadow:0 2px 12px rgba(0,0,0,.12);border-radius:16px;overflow:hidden}
.phone .inner{padding:20px 16px 40px}.phone h1{font-size:22px;line-height:1.4;margin:0 0 14px;font-weight:500}
.meta{color:rgba(0,0,0,.45);font-size:15px;margin-bottom:22px}.meta .acct{color:#576b95;margin-right:8px}.meta span{margin-right:8px}
.rich{font-size:17px;line-height:1.6;overflow-wrap:break-word}.rich img{max-width:100%;height:auto}
.covers{display:flex;gap:12px;align-items:flex-start;margin:0 auto 20px;width:414px;flex-wrap:wrap}.covers figure{margin:0;font-size:12px;color:#888}
.crop{background-repeat:no-repeat;border-radius:4px;background-color:#eee}.crop235{width:282px;height:120px}.crop11{width:120px;height:120px}
.digest{background:#f7f7f7;border-left:3px solid #07c160;padding:8px 12px;color:#666;font-size:14px;margin:0 0 20px}
.source{margin-top:28px;font-size:14px;color:#576b95}nav.pager{width:414px;margin:16px auto;display:flex;justify-content:space-between;font-size:14px}
`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${CSS}</style></head><body><header class="bar"><a href="/">gzh sandbox</a><span>local WeChat API emulator: nothing here reaches WeChat</span></header><main>${body}</main></body></html>`;
}

export interface IndexModel {
  appId: string;
  apiBase: string;
  drafts: readonly SandboxDraft[];
  publishes: readonly SandboxPublish[];
  materials: readonly SandboxMaterial[];
  images: readonly SandboxContentImage[];
  /** More sections after the publishes (群发 and previews, src/sandbox/mass-view.ts): HTML, escaped there. */
  extra?: string;
}

function statusLabel(status: number): string {
  const cls = status === 0 ? 'status-0' : status === 1 ? 'status-1' : 'status-x';
  return `<span class="${cls}">${escapeHtml(`${status} ${PUBLISH_STATUS[status] ?? ''}`)}</span>`;
}

export function renderIndex(m: IndexModel): string {
  const drafts = [...m.drafts].sort((a, b) => b.seq - a.seq);
  const draftRows = drafts
    .map(
      (d) =>
        `<tr><td>${d.articles.map((a, i) => `<div><a href="/draft/${encodeURIComponent(d.media_id)}/${i + 1}">${escapeHtml(a.title)}</a></div>`).join('')}</td><td>${d.articles.length}</td><td>${escapeHtml(date(d.update_time))}</td><td><code>${escapeHtml(d.media_id)}</code></td></tr>`,
    )
    .join('');
  const publishRows = [...m.publishes]
    .sort((a, b) => b.publish_id - a.publish_id)
    .map((p) => {
      const titles = p.articles
        .map((a, i) => (p.article_id ? `<div><a href="/s/${encodeURIComponent(p.article_id)}/${i + 1}">${escapeHtml(a.title)}</a></div>` : `<div>${escapeHtml(a.title)}</div>`))
        .join('');
      return `<tr><td>${titles}</td><td>${statusLabel(p.status)}</td><td>${escapeHtml(date(p.update_time))}</td><td><code>${escapeHtml(p.publish_id)}</code></td></tr>`;
    })
    .join('');
  const materials = [...m.materials]
    .sort((a, b) => b.seq - a.seq)
    .map((x) => `<figure><img src="/mmbiz/${escapeHtml(x.file)}" alt="" loading="lazy"><figcaption>${escapeHtml(x.type)} · ${escapeHtml(x.name)}<br><code>${escapeHtml(x.media_id)}</code></figcaption></figure>`)
    .join('');
  const images = [...m.images]
    .reverse()
    .map((x) => `<figure><img src="/mmbiz/${escapeHtml(x.file)}" alt="" loading="lazy"><figcaption>${escapeHtml(x.name)} · ${Math.round(x.size / 1024)} KB</figcaption></figure>`)
    .join('');
  const table = (head: string[], rows: string, empty: string) =>
    rows ? `<table><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>${rows}</table>` : `<p class="empty">${escapeHtml(empty)}</p>`;
  return page(
    'gzh sandbox',
    `<section class="block"><h2>Account</h2><p>AppID <code>${escapeHtml(m.appId)}</code> · API base <code>${escapeHtml(m.apiBase)}</code> · <a href="/__sandbox/log">request log</a></p></section>
<section class="block"><h2>Drafts (${drafts.length})</h2>${table(['Articles', 'Count', 'Updated', 'media_id'], draftRows, 'No drafts yet: run gzh publish against this sandbox.')}</section>
<section class="block"><h2>Publishes (${m.publishes.length})</h2>${table(['Articles', 'Status', 'Updated', 'publish_id'], publishRows, 'Nothing submitted yet.')}</section>
${m.extra ?? ''}
<section class="block"><h2>Materials (${m.materials.length})</h2>${materials ? `<div class="grid">${materials}</div>` : '<p class="empty">No materials.</p>'}</section>
<section class="block"><h2>Content images (${m.images.length})</h2>${images ? `<div class="grid">${images}</div>` : '<p class="empty">No content images.</p>'}</section>`,
  );
}

/** CSS background that shows the crop `X1_Y1_X2_Y2` (fractions) of an image in a box. */
function cropStyle(url: string, crop: string): string {
  const n = crop.split('_').map(Number);
  const [x1, y1, x2, y2] = n.length === 4 && n.every((v) => Number.isFinite(v)) ? (n as [number, number, number, number]) : [0, 0, 1, 1];
  const w = Math.max(x2 - x1, 0.0001);
  const h = Math.max(y2 - y1, 0.0001);
  const px = w >= 1 ? 0 : (x1 / (1 - w)) * 100;
  const py = h >= 1 ? 0 : (y1 / (1 - h)) * 100;
  return `background-image:url('${url}');background-size:${(100 / w).toFixed(3)}% ${(100 / h).toFixed(3)}%;background-position:${px.toFixed(3)}% ${py.toFixed(3)}%`;
}

export interface ArticleModel {
  article: SandboxArticle;
  /** 1-based position and total, for the pager. */
  idx: number;
  count: number;
  /** Base path of sibling articles, e.g. `/draft/<id>` (pages are `${base}/${idx}`). */
  base: string;
  kind: 'draft' | 'published';
  time: number;
  thumb?: SandboxMaterial;
  /** An image post's pictures (image_info), as the materials they name. */
  pictures?: SandboxMaterial[];
  accountName: string;
}

export function renderArticle(m: ArticleModel): string {
  const a = m.article;
  let covers = '';
  if (m.thumb) {
    const url = `/mmbiz/${escapeHtml(m.thumb.file)}`;
    covers = `<div class="covers"><figure><div class="crop crop235" style="${escapeHtml(cropStyle(url, a.pic_crop_235_1 || '0_0_1_1'))}"></div><figcaption>2.35:1 cover (headline)</figcaption></figure><figure><div class="crop crop11" style="${escapeHtml(cropStyle(url, a.pic_crop_1_1 || '0_0_1_1'))}"></div><figcaption>1:1 cover</figcaption></figure></div>`;
  }
  // an image post (newspic): its pictures, then its plain-text content
  const pictures = (m.pictures ?? []).map((p) => `<img src="/mmbiz/${escapeHtml(p.file)}" alt="">`).join('');
  const content = a.article_type === 'newspic' ? `${pictures}<p>${escapeHtml(a.content)}</p>` : localiseImages(a.content);
  const pager = `<nav class="pager"><span>${m.idx > 1 ? `<a href="${escapeHtml(`${m.base}/${m.idx - 1}`)}">← previous</a>` : ''}</span><span>${escapeHtml(`${m.kind} · article ${m.idx} of ${m.count}`)}</span><span>${m.idx < m.count ? `<a href="${escapeHtml(`${m.base}/${m.idx + 1}`)}">next →</a>` : ''}</span></nav>`;
  return page(
    a.title,
    `${pager}${covers}<article class="phone"><div class="inner"><h1>${escapeHtml(a.title)}</h1><div class="meta">${a.author ? `<span>${escapeHtml(a.author)}</span>` : ''}<span class="acct">${escapeHtml(m.accountName)}</span><span>${escapeHtml(date(m.time).slice(0, 10))}</span></div>${a.digest ? `<p class="digest">${escapeHtml(a.digest)}</p>` : ''}<div class="rich">${content}</div>${/^https?:\/\//i.test(a.content_source_url) ? `<p class="source"><a href="${escapeHtml(a.content_source_url)}" rel="noopener">阅读原文</a></p>` : ''}</div></article>`,
  );
}

export function renderNotFound(what: string): string {
  return page('Not found', `<section class="block"><h2>Not found</h2><p>${escapeHtml(what)}</p><p><a href="/">Back to the sandbox</a></p></section>`);
}
