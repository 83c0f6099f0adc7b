/**
 * The preview page's script (vanilla JS, served as /__gzh/client.js). It listens to the server's events,
 * patches only the changed blocks of the article (no reload: scroll position, toggles and images stay),
 * and records timings in `window.__gzh` for the latency benchmark.
 */
export const CLIENT_SCRIPT = String.raw`(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var clientId = Math.random().toString(36).slice(2) + Date.now().toString(36);
  var state = { articles: [], themes: [], theme: null, defaultTheme: '', error: null, current: null, payload: null, dark: false, connected: false };
  var stats = window.__gzh = { updates: 0, renders: 0, last: null };

  function store(key, value) { try { localStorage.setItem('gzh.' + key, value); } catch (e) { /* private mode */ } }
  function stored(key) { try { return localStorage.getItem('gzh.' + key); } catch (e) { return null; } }
  function el(tag, cls, text) { var n = document.createElement(tag); if (cls) n.className = cls; if (text != null) n.textContent = text; return n; }
  function place(m) { return [m.file || '', m.line, m.line ? m.column : undefined].filter(function (x) { return x !== undefined && x !== ''; }).join(':'); }

  // ---- toolbar ---------------------------------------------------------------------------------------
  function setWidth(w) {
    $('phone').style.setProperty('--w', w + 'px');
    Array.prototype.forEach.call($('widths').querySelectorAll('button'), function (b) { b.setAttribute('aria-pressed', String(b.dataset.w === String(w))); });
    store('width', w);
  }
  $('widths').addEventListener('click', function (e) { var w = e.target.closest('button'); if (w) setWidth(w.dataset.w); });
  setWidth(stored('width') || '390');

  function setDark(on) {
    state.dark = on;
    $('phone').classList.toggle('dark', on);
    $('dark').setAttribute('aria-pressed', String(on));
    store('dark', on ? '1' : '0');
    if (state.payload) patchContent(on ? state.payload.darkHtml : state.payload.html);
  }
  $('dark').addEventListener('click', function () { setDark(!state.dark); });
  setDark(stored('dark') === '1');

  $('theme').addEventListener('change', function () {
    var value = $('theme').value || null;
    fetch('/__gzh/theme', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ theme: value }) })
      .then(function (r) { if (!r.ok) toast('Could not switch the theme'); });
  });

  $('copy').addEventListener('click', copyForWechat);

  // ---- article list ----------------------------------------------------------------------------------
  function renderList() {
    var list = $('list');
    list.textContent = '';
    state.articles.forEach(function (a) {
      var b = el('button', 'item' + (a.id === state.current ? ' active' : ''));
      b.type = 'button';
      b.dataset.id = a.id;
      b.appendChild(el('span', 'dot ' + a.status));
      b.appendChild(el('span', 'name', a.title || a.file));
      b.appendChild(el('span', 'path', a.file));
      b.title = a.file;
      list.appendChild(b);
    });
    $('count').textContent = String(state.articles.length);
  }
  $('list').addEventListener('click', function (e) { var b = e.target.closest('.item'); if (b) location.hash = encodeURIComponent(b.dataset.id); });
  window.addEventListener('hashchange', function () { select(idFromHash(), true); });
  function idFromHash() { try { return decodeURIComponent(location.hash.slice(1)); } catch (e) { return ''; } }

  function renderThemes() {
    var select = $('theme');
    select.textContent = '';
    var own = el('option', null, 'From article (' + state.defaultTheme + ')');
    own.value = '';
    select.appendChild(own);
    state.themes.forEach(function (t) {
      var o = el('option', null, t.name);
      o.value = t.name;
      o.title = t.description;
      select.appendChild(o);
    });
    select.value = state.theme || '';
  }

  function select(id, fromHash) {
    var known = state.articles.some(function (a) { return a.id === id; });
    if (!known) id = state.articles.length ? state.articles[0].id : null;
    if (!fromHash && id && idFromHash() !== id) { history.replaceState(null, '', '#' + encodeURIComponent(id)); }
    var changed = id !== state.current;
    state.current = id;
    renderList();
    if (!id) { state.payload = null; $('content').innerHTML = '<p class="empty">No articles yet: add a Markdown file.</p>'; return; }
    load(id, changed);
  }

  function load(id, reset) {
    fetch('/__gzh/article?id=' + encodeURIComponent(id) + '&client=' + clientId)
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (p) { if (p && p.id === state.current) { if (reset) $('screen').scrollTop = 0; render(p, Date.now()); } });
  }

  // ---- rendering -------------------------------------------------------------------------------------
  function render(p, receivedAt) {
    state.payload = p;
    $('title').textContent = p.title || 'Untitled';
    $('author').textContent = p.author || '';
    $('author').hidden = !p.author;
    $('account').textContent = p.accountName || '';
    $('account').hidden = !p.accountName;
    var d = new Date();
    $('date').textContent = d.getFullYear() + '年' + (d.getMonth() + 1) + '月' + d.getDate() + '日';
    document.title = (p.title || p.file) + ' · gzh dev';
    var screen = $('screen');
    var top = screen.scrollTop;
    patchContent(state.dark ? p.darkHtml : p.html);
    screen.scrollTop = top;
    var patchedAt = Date.now();
    renderMessages(p.messages);
    renderCover(p);
    renderOverlay();
    stats.renders++;
    // two frames later the patched DOM has been painted
    requestAnimationFrame(function () {
      requestAnimationFrame(function () {
        stats.last = { id: p.id, version: p.version, server: p.timing, receivedAt: receivedAt, patchedAt: patchedAt, paintedAt: Date.now() };
        stats.updates++;
      });
    });
  }

  // Replace only the blocks that changed: unchanged images are not reloaded and nothing flickers.
  function patchContent(html) {
    var container = $('content');
    var next = document.createElement('template');
    next.innerHTML = html;
    var a = container, b = next.content;
    while (a.childNodes.length === 1 && b.childNodes.length === 1 && a.firstChild.nodeType === 1 && b.firstChild.nodeType === 1 &&
      a.firstChild.tagName === b.firstChild.tagName && sameAttributes(a.firstChild, b.firstChild)) {
      a = a.firstChild;
      b = b.firstChild;
    }
    var olds = Array.prototype.slice.call(a.childNodes), news = Array.prototype.slice.call(b.childNodes);
    var start = 0;
    while (start < olds.length && start < news.length && olds[start].isEqualNode(news[start])) start++;
    var endOld = olds.length, endNew = news.length;
    while (endOld > start && endNew > start && olds[endOld - 1].isEqualNode(news[endNew - 1])) { endOld--; endNew--; }
    var anchor = endOld < olds.length ? olds[endOld] : null;
    for (var i = start; i < endOld; i++) a.removeChild(olds[i]);
    for (var j = start; j < endNew; j++) a.insertBefore(news[j], anchor);
  }
  function sameAttributes(x, y) {
    if (x.attributes.length !== y.attributes.length) return false;
    for (var i = 0; i < x.attributes.length; i++) { var at = x.attributes[i]; if (y.getAttribute(at.name) !== at.value) return false; }
    return true;
  }

  function renderMessages(messages) {
    var ul = $('messages');
    ul.textContent = '';
    var errors = 0, warns = 0;
    messages.forEach(function (m) {
      if (m.severity === 'error') errors++; else if (m.severity === 'warn') warns++;
      var li = el('li');
      li.appendChild(el('span', 'sev ' + m.severity, m.severity === 'warn' ? 'warn' : m.severity));
      li.appendChild(el('span', 'text', m.message));
      li.appendChild(el('span', 'loc', place(m) + (m.ruleId ? ' · ' + m.ruleId : '')));
      ul.appendChild(li);
    });
    if (!messages.length) { var ok = el('li', 'all-clear', '✓ No problems: compile and title checks pass'); ul.appendChild(ok); }
    var badge = $('pcount');
    badge.textContent = String(messages.length);
    badge.className = 'badge' + (errors ? ' error' : warns ? ' warn' : '');
  }

  function renderCover(p) {
    var card = $('cover');
    card.textContent = '';
    var img = el('div', 'img' + (p.cover ? '' : ' none'), p.cover ? null : 'No cover: set cover: in the front matter');
    if (p.cover) img.style.backgroundImage = 'url("' + p.cover.replace(/"/g, '%22') + '")';
    card.appendChild(img);
    card.appendChild(el('div', 't', p.title || 'Untitled'));
    $('digest').textContent = p.digest || '';
    $('digest').hidden = !p.digest;
  }

  function renderOverlay() {
    var p = state.payload;
    var error = state.error || (p && p.error);
    $('overlay').hidden = !error;
    if (!error) return;
    $('overlay-title').textContent = state.error ? 'Config error' : error.internal ? 'Internal error' : 'Compile error';
    $('overlay-msg').textContent = error.message;
    $('overlay-where').textContent = place(error) || (p ? p.file : '');
    $('overlay-hint').textContent = error.hint || '';
    $('overlay-hint').hidden = !error.hint;
    $('overlay-note').textContent = p && p.stale ? 'Showing the last good render. Fix the file and save: this clears by itself.' : 'Fix the file and save: this clears by itself.';
  }

  // ---- copy ------------------------------------------------------------------------------------------
  function copyForWechat() {
    if (!state.payload) return;
    var holder = document.createElement('template');
    holder.innerHTML = state.payload.html;
    // absolute URLs: the editor resolves nothing against this page (local images still cannot upload)
    Array.prototype.forEach.call(holder.content.querySelectorAll('img'), function (img) { img.setAttribute('src', img.src); });
    var html = holder.innerHTML;
    var text = holder.content.textContent || '';
    var done = function () { toast('Copied. Paste into the WeChat editor — local images will not upload; use gzh publish for those.'); };
    if (window.ClipboardItem && navigator.clipboard && navigator.clipboard.write) {
      navigator.clipboard.write([new ClipboardItem({ 'text/html': new Blob([html], { type: 'text/html' }), 'text/plain': new Blob([text], { type: 'text/plain' }) })])
        .then(done, function () { copyBySelection(html) ? done() : toast('Copy failed: select the article and press Ctrl+C'); });
    } else if (copyBySelection(html)) done();
    else toast('Copy failed: select the article and press Ctrl+C');
  }
  function copyBySelection(html) {
    var box = el('div');
    box.contentEditable = 'true';
    box.style.cssText = 'position:fixed;left:-10000px;top:0;width:600px;';
    box.innerHTML = html;
    document.body.appendChild(box);
    var range = document.createRange();
    range.selectNodeContents(box);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    var ok = false;
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    sel.removeAllRanges();
    box.remove();
    return ok;
  }
  var toastTimer;
  function toast(text) {
    var t = $('toast');
    t.textContent = text;
    t.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { t.hidden = true; }, 3500);
  }

  // ---- server events ---------------------------------------------------------------------------------
  function connect() {
    var events = new EventSource('/__gzh/events?client=' + clientId);
    events.addEventListener('state', function (e) {
      var s = JSON.parse(e.data);
      var wasConnected = state.connected;
      state.connected = true;
      state.articles = s.articles;
      state.themes = s.themes;
      state.theme = s.theme;
      state.defaultTheme = s.defaultTheme;
      state.error = s.error || null;
      $('conn').textContent = 'live';
      $('conn').classList.add('live');
      renderThemes();
      var wanted = state.current || idFromHash();
      var stillThere = state.articles.some(function (a) { return a.id === wanted; });
      if (!wasConnected || !stillThere) select(wanted, false);
      else renderList();
      renderOverlay();
    });
    events.addEventListener('article', function (e) {
      var receivedAt = Date.now();
      var p = JSON.parse(e.data);
      if (p.id === state.current) render(p, receivedAt);
    });
    events.onerror = function () {
      // EventSource reconnects by itself; on reconnect the server sends its state again
      state.connected = false;
      $('conn').textContent = 'reconnecting…';
      $('conn').classList.remove('live');
    };
  }
  connect();
})();
`;
