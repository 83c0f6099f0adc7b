/**
 * The preview page shell. Everything dynamic is filled in by the client script from the server's events;
 * the page itself never changes while writing (no reloads: scroll position and toggles stay).
 */
import { CLIENT_CSS } from './styles.js';

const COPY_ICON = '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><rect x="9" y="9" width="12" height="12" rx="2"/><path d="M5 15V5a2 2 0 0 1 2-2h10"/></svg>';
const MOON_ICON = '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M21 12.8A9 9 0 1 1 11.2 3a7 7 0 0 0 9.8 9.8z"/></svg>';

export function renderShell(options: { statsReport?: boolean } = {}): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>gzh dev</title>
<style>${CLIENT_CSS}</style>
</head>
<body>
<div class="app">
  <aside class="sidebar">
    <div class="brand"><span class="logo">公</span><div><b>gzh dev</b><span id="conn" class="conn">connecting…</span></div></div>
    <div class="section-title"><span>Articles</span><span id="count"></span></div>
    <nav id="list" class="list" aria-label="Articles"></nav>
${options.statsReport ? '    <a id="stats-report" class="stats-link" href="/stats.html" target="_blank" rel="noopener">Analytics report (gzh stats)</a>\n' : ''}  </aside>
  <main class="stage">
    <header class="toolbar">
      <div class="seg" id="widths" role="group" aria-label="Phone width">
        <button type="button" data-w="375" title="iPhone SE / mini">375</button><button type="button" data-w="390" title="iPhone 14/15">390</button><button type="button" data-w="430" title="iPhone Pro Max">430</button>
      </div>
      <button type="button" id="dark" class="btn" aria-pressed="false" title="WeChat dark mode, as readers with dark mode on see it">${MOON_ICON}Dark mode</button>
      <label class="select" title="Re-compile with another theme"><span>Theme</span><select id="theme"></select></label>
      <span class="spacer"></span>
      <button type="button" id="copy" class="btn primary" title="Copy the inline-styled HTML, then paste into the WeChat editor">${COPY_ICON}Copy for WeChat editor</button>
    </header>
    <div class="canvas">
      <div class="phone" id="phone">
        <div class="device">
          <div class="statusbar"><span>9:41</span><span class="icons"><i style="width:17px;height:10px"></i><i style="width:15px;height:10px;border-radius:5px 5px 2px 2px"></i><i style="width:24px;height:11px;border-radius:3px"></i></span></div>
          <div class="navbar"><span class="close">✕</span><span class="more">···</span></div>
          <div class="screen" id="screen">
            <article class="rich">
              <h1 id="title" class="a-title"></h1>
              <div class="a-meta"><span id="author"></span><span id="account" class="account"></span><span id="date"></span></div>
              <div id="content" class="content"><p class="empty">Loading…</p></div>
            </article>
          </div>
        </div>
        <div id="overlay" class="overlay" hidden role="alert">
          <div class="box"><h3 id="overlay-title">Compile error</h3><p id="overlay-msg" class="msg"></p><div id="overlay-where" class="where"></div><p id="overlay-hint" class="hint"></p><p id="overlay-note" class="note"></p></div>
        </div>
      </div>
    </div>
  </main>
  <aside class="panel">
    <section class="card"><h2>Problems <span id="pcount" class="badge">0</span></h2><ul id="messages" class="messages"></ul></section>
    <section class="card"><h2>Share card</h2><div id="cover" class="cover-card"></div><p id="digest" class="digest"></p></section>
    <section class="card tips"><h2>Pasting into WeChat</h2><p><b>Copy for WeChat editor</b> copies the styled HTML. Local images do not upload when pasted: the WeChat editor cannot fetch images from this computer. Run <code>gzh publish</code> to upload them and save a draft.</p></section>
  </aside>
</div>
<div id="toast" class="toast" hidden role="status"></div>
<script src="/__gzh/client.js" defer></script>
</body>
</html>
`;
}
