/**
 * The stats report: one self-contained HTML page (inline SVG and CSS, no script, nothing fetched at view time)
 * with charts drawn by Observable Plot at build time, on a server-side DOM (linkedom). Each chart is a
 * `<figure data-chart=… data-series=…>` so a test (or a reader's script) can find it.
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import type { StatsReport } from './types.js';

/** Lines drawn in "reads per day": the most read articles (more would be unreadable). */
const MAX_LINES = 10;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const asDate = (day: string) => new Date(`${day}T00:00:00Z`);
const short = (title: string) => (title.length > 18 ? `${title.slice(0, 17)}…` : title);

export function renderStatsHtml(report: StatsReport): string {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const base = { document, width: 860, height: 320, marginLeft: 60, style: { fontSize: '12px', background: 'transparent' } } as const;
  const render = (plot: Element | SVGElement): string => (plot as Element).outerHTML;

  const top = report.articles.slice(0, MAX_LINES);
  const label = new Map(top.map((a) => [a.msgid, short(a.title || a.file)]));
  const perDay = top.flatMap((a) => a.daily.map((reads, i) => ({ date: asDate(report.days[i]!), reads, article: label.get(a.msgid)! })));
  const charts: { id: string; title: string; series: number; svg: string; note?: string }[] = [];

  if (top.length) {
    charts.push({
      id: 'reads-per-day',
      title: 'Reads per day',
      series: top.length,
      note: report.articles.length > MAX_LINES ? `the ${MAX_LINES} most read of ${report.articles.length} articles` : undefined,
      svg: render(Plot.plot({ ...base, y: { grid: true, label: 'reads' }, x: { type: 'utc', label: null }, color: { legend: true, type: 'categorical' }, marks: [Plot.ruleY([0]), Plot.lineY(perDay, { x: 'date', y: 'reads', stroke: 'article', strokeWidth: 2, curve: 'monotone-x' }), Plot.dot(perDay, { x: 'date', y: 'reads', fill: 'article', r: 2 })] })),
    });
    const sources = top.flatMap((a) => [
      { article: label.get(a.msgid)!, source: 'from followers', reads: a.readsFromFollowers },
      { article: label.get(a.msgid)!, source: 'from shares', reads: a.readsFromShares },
      { article: label.get(a.msgid)!, source: 'other', reads: Math.max(0, a.reads - a.readsFromFollowers - a.readsFromShares) },
    ]);
    charts.push({
      id: 'read-sources',
      title: 'Where reads came from',
      series: 3,
      svg: render(Plot.plot({ ...base, marginLeft: 150, height: 40 + 28 * top.length, x: { grid: true, label: 'reads' }, y: { label: null, domain: top.map((a) => label.get(a.msgid)!) }, color: { legend: true, domain: ['from followers', 'from shares', 'other'], range: ['#07c160', '#1989fa', '#c8c9cc'] }, marks: [Plot.barX(sources, { x: 'reads', y: 'article', fill: 'source' }), Plot.ruleX([0])] })),
    });
    const ranked = report.articles.slice(0, 15).map((a) => ({ article: short(a.title || a.file), reads: a.reads }));
    charts.push({
      id: 'top-articles',
      title: 'Top articles',
      series: 1,
      svg: render(Plot.plot({ ...base, marginLeft: 150, marginRight: 40, height: 40 + 28 * ranked.length, x: { grid: true, label: 'reads' }, y: { label: null, domain: ranked.map((r) => r.article) }, marks: [Plot.barX(ranked, { x: 'reads', y: 'article', fill: '#07c160' }), Plot.text(ranked, { x: 'reads', y: 'article', text: (d: { reads: number }) => String(d.reads), dx: 14 }), Plot.ruleX([0])] })),
    });
  }
  const growth = report.followers.daily.flatMap((d) => [
    { date: asDate(d.date), kind: 'new', n: d.newFollowers },
    { date: asDate(d.date), kind: 'cancelled', n: -d.cancelledFollowers },
  ]);
  if (growth.length) {
    charts.push({
      id: 'follower-growth',
      title: 'Follower growth',
      series: 2,
      svg: render(Plot.plot({ ...base, y: { grid: true, label: 'followers per day' }, x: { type: 'band', label: null, tickFormat: (d: Date) => d.toISOString().slice(5, 10) }, color: { legend: true, domain: ['new', 'cancelled'], range: ['#07c160', '#ee0a24'] }, marks: [Plot.barY(growth, { x: 'date', y: 'n', fill: 'kind' }), Plot.ruleY([0])] })),
    });
    const cumulative = report.followers.daily.map((d) => ({ date: asDate(d.date), n: d.cumulativeFollowers }));
    charts.push({
      id: 'followers',
      title: 'Followers in all',
      series: 1,
      svg: render(Plot.plot({ ...base, height: 220, y: { grid: true, label: 'followers', zero: false }, x: { type: 'utc', label: null }, marks: [Plot.lineY(cumulative, { x: 'date', y: 'n', stroke: '#07c160', strokeWidth: 2 })] })),
    });
  }

  const t = report.totals;
  const f = report.followers;
  const rows = report.articles
    .map((a) => `<tr><td>${escapeHtml(a.title)}</td><td><code>${escapeHtml(a.file)}</code></td><td>${a.firstDate}</td><td>${a.reads}</td><td>${a.readsFromFollowers}</td><td>${a.readsFromShares}</td><td>${a.readers}</td><td>${a.shares}</td><td>${a.favourites}</td></tr>`)
    .join('\n');
  const others = report.notFromRepo.map((a) => `<li>${escapeHtml(a.title)} <small>${escapeHtml(a.msgid)} · ${a.reads} reads</small></li>`).join('');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>gzh stats ${report.since} – ${report.until}</title>
<style>
body { font: 14px/1.5 -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif; margin: 2rem auto; max-width: 900px; padding: 0 1rem; color: #222; }
h1 { font-size: 1.4rem; } figure { margin: 2rem 0; } figcaption { font-weight: 600; margin-bottom: .5rem; } figcaption small { font-weight: normal; color: #888; }
.cards { display: flex; gap: 1rem; flex-wrap: wrap; } .card { background: #f5f7f5; border-radius: 8px; padding: .6rem 1rem; } .card b { display: block; font-size: 1.3rem; }
table { border-collapse: collapse; width: 100%; font-size: 13px; } th, td { border-bottom: 1px solid #eee; padding: 4px 6px; text-align: right; } th:nth-child(-n+3), td:nth-child(-n+3) { text-align: left; }
svg { max-width: 100%; height: auto; }
</style>
</head>
<body>
<h1>Analytics ${report.since} – ${report.until}</h1>
<div class="cards">
<div class="card"><b>${t.reads}</b>reads</div><div class="card"><b>${t.readsFromFollowers}</b>from followers</div><div class="card"><b>${t.readsFromShares}</b>from shares</div><div class="card"><b>${t.shares}</b>shares</div><div class="card"><b>${t.favourites}</b>favourites</div>
<div class="card"><b>${f.net >= 0 ? '+' : ''}${f.net}</b>followers (+${f.newFollowers} / −${f.cancelledFollowers})${f.cumulative !== null ? `, ${f.cumulative} in all` : ''}</div>
</div>
${charts.map((c) => `<figure class="chart" data-chart="${c.id}" data-series="${c.series}"><figcaption>${c.title}${c.note ? ` <small>${escapeHtml(c.note)}</small>` : ''}</figcaption>\n${c.svg}\n</figure>`).join('\n')}
<h2>Articles</h2>
<table><thead><tr><th>title</th><th>file</th><th>first day</th><th>reads</th><th>from followers</th><th>from shares</th><th>readers</th><th>shares</th><th>favourites</th></tr></thead>
<tbody>
${rows}
</tbody></table>
${others ? `<h2>Not from this repo</h2><ul>${others}</ul>` : ''}
<p><small>From WeChat's analytics (数据统计), Beijing days; "from followers" are reads from the account's chats, "from shares" from Moments and forwards (detailed by WeChat for 7 days after the send). Written by gzh stats.</small></p>
</body>
</html>
`;
}
