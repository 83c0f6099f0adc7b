/** The preview page's own CSS (the article itself only has its inline styles, as in WeChat). */
export const CLIENT_CSS = `
:root {
  --bg: #f2f3f5; --panel: #ffffff; --line: #e4e6ea; --text: #1f2329; --muted: #8a9099; --accent: #07c160;
  --accent-ink: #06ad56; --warn: #e6a23c; --error: #f0463c; --info: #3b82f6; --w: 390px;
  color-scheme: light;
}
* { box-sizing: border-box; }
html, body { height: 100%; }
body { margin: 0; background: var(--bg); color: var(--text); font: 13px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Noto Sans CJK SC", "Noto Sans SC", system-ui, sans-serif; -webkit-font-smoothing: antialiased; }
button, select { font: inherit; color: inherit; }
[hidden] { display: none !important; }
.app { display: grid; grid-template-columns: 248px minmax(0, 1fr) 320px; height: 100vh; }

/* article list */
.sidebar { background: var(--panel); border-right: 1px solid var(--line); display: flex; flex-direction: column; min-height: 0; }
.brand { display: flex; align-items: center; gap: 10px; padding: 16px 16px 14px; border-bottom: 1px solid var(--line); }
.logo { width: 32px; height: 32px; border-radius: 9px; background: linear-gradient(135deg, #09d26c, #05a550); color: #fff; display: grid; place-items: center; font-weight: 700; font-size: 16px; box-shadow: 0 2px 6px rgba(7,193,96,.35); }
.brand b { display: block; font-size: 14px; letter-spacing: .2px; }
.conn { display: flex; align-items: center; gap: 5px; color: var(--muted); font-size: 11.5px; }
.conn::before { content: ""; width: 7px; height: 7px; border-radius: 50%; background: #c0c4cc; }
.conn.live::before { background: var(--accent); box-shadow: 0 0 0 3px rgba(7,193,96,.15); }
.stats-link { display: block; margin: 10px 16px; color: var(--muted); font-size: 12px; }
.section-title { display: flex; justify-content: space-between; padding: 14px 16px 6px; color: var(--muted); font-size: 11px; font-weight: 600; letter-spacing: .6px; text-transform: uppercase; }
.list { overflow-y: auto; padding: 0 8px 12px; }
.item { display: grid; grid-template-columns: 8px 1fr; gap: 4px 10px; align-items: center; width: 100%; padding: 9px 10px; border: 0; border-radius: 8px; background: none; text-align: left; cursor: pointer; }
.item:hover { background: #f5f6f8; }
.item.active { background: #e9f8ef; }
.item .dot { display: block; width: 8px; height: 8px; border-radius: 50%; background: var(--accent); }
.item .dot.warn { background: var(--warn); }
.item .dot.error { background: var(--error); }
.item .name { font-weight: 600; font-size: 13px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.item .path { grid-column: 2; color: var(--muted); font: 11px/1.3 ui-monospace, SFMono-Regular, Menlo, monospace; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }

/* toolbar */
.stage { display: flex; flex-direction: column; min-width: 0; min-height: 0; }
.toolbar { display: flex; align-items: center; gap: 10px; padding: 10px 18px; background: rgba(255,255,255,.85); border-bottom: 1px solid var(--line); backdrop-filter: blur(8px); flex-wrap: wrap; }
.seg { display: inline-flex; padding: 2px; background: #eceef1; border-radius: 8px; }
.seg button { border: 0; background: none; padding: 4px 11px; border-radius: 6px; cursor: pointer; color: #4e5561; font-variant-numeric: tabular-nums; }
.seg button[aria-pressed="true"] { background: #fff; color: var(--text); box-shadow: 0 1px 2px rgba(0,0,0,.12); font-weight: 600; }
.btn { display: inline-flex; align-items: center; gap: 6px; height: 30px; padding: 0 12px; border: 1px solid var(--line); border-radius: 8px; background: #fff; cursor: pointer; }
.btn:hover { border-color: #cfd3d9; }
.btn[aria-pressed="true"] { background: #23262b; border-color: #23262b; color: #fff; }
.btn.primary { background: var(--accent); border-color: var(--accent); color: #fff; font-weight: 600; }
.btn.primary:hover { background: var(--accent-ink); }
.btn svg { width: 15px; height: 15px; }
.select { display: inline-flex; align-items: center; gap: 6px; height: 30px; padding: 0 4px 0 10px; border: 1px solid var(--line); border-radius: 8px; background: #fff; color: var(--muted); }
.select select { border: 0; background: transparent; color: var(--text); padding: 4px; outline: none; cursor: pointer; max-width: 180px; }
.spacer { flex: 1; }

/* phone */
.canvas { flex: 1; overflow: auto; display: flex; justify-content: center; align-items: flex-start; padding: 28px 24px 40px; background: radial-gradient(circle at 50% 0, #fbfbfc, var(--bg) 70%); }
.phone { position: relative; width: calc(var(--w) + 24px); height: min(calc(100vh - 120px), 880px); min-height: 520px; padding: 12px; border-radius: 54px; background: #111214; box-shadow: 0 0 0 1.5px #3a3c40 inset, 0 30px 60px -20px rgba(15,20,30,.35), 0 12px 24px -12px rgba(15,20,30,.25); transition: width .18s ease; flex: none; }
.phone::before { content: ""; position: absolute; top: 22px; left: 50%; width: 96px; height: 28px; margin-left: -48px; border-radius: 16px; background: #000; z-index: 3; }
.device { position: relative; display: flex; flex-direction: column; height: 100%; border-radius: 42px; overflow: hidden; background: #fff; }
.statusbar { display: flex; justify-content: space-between; align-items: center; height: 46px; padding: 6px 30px 0 34px; font: 600 15px/1 -apple-system, "SF Pro Text", system-ui, sans-serif; color: #000; flex: none; }
.statusbar .icons { display: inline-flex; gap: 5px; align-items: center; }
.statusbar .icons i { display: inline-block; background: currentColor; border-radius: 2px; }
.navbar { display: flex; justify-content: space-between; align-items: center; height: 44px; padding: 0 16px; color: #1a1a1a; flex: none; border-bottom: 1px solid rgba(0,0,0,.05); }
.navbar .close { font-size: 22px; line-height: 1; font-weight: 300; }
.navbar .more { font-size: 20px; letter-spacing: 1px; line-height: 1; }
.screen { flex: 1; overflow-y: auto; overscroll-behavior: contain; scrollbar-width: thin; }
.rich { padding: 22px 16px 48px; color: rgba(0,0,0,.9); font-size: 17px; line-height: 1.6; word-wrap: break-word; }
.a-title { margin: 0 0 14px; font-size: 22px; line-height: 1.4; font-weight: 500; letter-spacing: .3px; color: rgba(0,0,0,.9); }
.a-meta { display: flex; flex-wrap: wrap; gap: 0 10px; margin-bottom: 22px; font-size: 15px; line-height: 20px; color: rgba(0,0,0,.3); }
.a-meta .account { color: #576b95; }
.content img { max-width: 100%; }
.empty { color: var(--muted); text-align: center; padding: 60px 0; }
.phone.dark .device { background: #191919; }
.phone.dark .statusbar, .phone.dark .navbar { color: rgba(255,255,255,.85); }
.phone.dark .navbar { border-bottom-color: rgba(255,255,255,.06); }
.phone.dark .rich { color: rgba(255,255,255,.6); }
.phone.dark .a-title { color: rgba(255,255,255,.8); }
.phone.dark .a-meta { color: rgba(255,255,255,.35); }
.phone.dark .a-meta .account { color: #7d90a9; }

/* compile error overlay: over the phone, the last good render stays visible behind it */
.overlay { position: absolute; inset: 12px; border-radius: 42px; background: rgba(20,22,26,.42); backdrop-filter: blur(1px); display: flex; align-items: center; justify-content: center; padding: 22px; z-index: 5; }
.overlay .box { width: 100%; max-height: 100%; overflow: auto; background: #fff; border-radius: 14px; border-top: 4px solid var(--error); padding: 16px 18px; box-shadow: 0 12px 40px rgba(0,0,0,.3); }
.overlay h3 { margin: 0 0 8px; font-size: 14px; color: var(--error); display: flex; align-items: center; gap: 6px; }
.overlay .msg { margin: 0 0 10px; font-size: 14px; line-height: 1.55; color: var(--text); white-space: pre-wrap; word-break: break-word; }
.overlay .where { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; color: #4e5561; background: #f5f6f8; border-radius: 6px; padding: 6px 8px; word-break: break-all; }
.overlay .hint { margin: 10px 0 0; color: #4e5561; font-size: 12.5px; }
.overlay .note { margin: 12px 0 0; color: var(--muted); font-size: 12px; }

/* side panel */
.panel { background: var(--panel); border-left: 1px solid var(--line); overflow-y: auto; padding: 6px 0 20px; }
.card { padding: 14px 18px; border-bottom: 1px solid var(--line); }
.card:last-child { border-bottom: 0; }
.card h2 { display: flex; align-items: center; gap: 8px; margin: 0 0 10px; font-size: 11px; font-weight: 600; letter-spacing: .6px; text-transform: uppercase; color: var(--muted); }
.badge { min-width: 18px; height: 18px; padding: 0 6px; border-radius: 9px; background: #eceef1; color: #4e5561; font-size: 11px; line-height: 18px; text-align: center; letter-spacing: 0; }
.badge.error { background: #fde8e7; color: var(--error); }
.badge.warn { background: #fdf3e4; color: #b7791f; }
.messages { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 8px; }
.messages li { display: grid; grid-template-columns: auto 1fr; gap: 3px 8px; padding: 9px 10px; border-radius: 8px; background: #f7f8fa; }
.messages .sev { grid-row: span 2; align-self: start; margin-top: 1px; padding: 1px 6px; border-radius: 4px; font-size: 10.5px; font-weight: 700; text-transform: uppercase; letter-spacing: .3px; }
.sev.error { background: #fde8e7; color: var(--error); }
.sev.warn { background: #fdf3e4; color: #b7791f; }
.sev.info { background: #e8f0fe; color: var(--info); }
.messages .text { font-size: 12.5px; line-height: 1.5; word-break: break-word; }
.messages .loc { font: 11px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; color: var(--muted); word-break: break-all; }
.all-clear { display: flex; align-items: center; gap: 8px; color: #3a7d55; background: #eefaf3; border-radius: 8px; padding: 9px 10px; font-size: 12.5px; }
.cover-card { border-radius: 10px; overflow: hidden; border: 1px solid var(--line); background: #fff; }
.cover-card .img { aspect-ratio: 2.35 / 1; background: #eceef1 center / cover no-repeat; }
.cover-card .img.none { display: grid; place-items: center; color: var(--muted); font-size: 12px; background: repeating-linear-gradient(45deg, #f3f4f6, #f3f4f6 8px, #eceef1 8px, #eceef1 16px); }
.cover-card .t { padding: 9px 12px 11px; font-size: 14px; font-weight: 600; line-height: 1.45; }
.digest { margin: 8px 0 0; color: #4e5561; font-size: 12.5px; }
.tips p { margin: 0; color: #4e5561; font-size: 12.5px; }
.tips code { font: 11.5px ui-monospace, SFMono-Regular, Menlo, monospace; background: #f0f1f3; padding: 1px 5px; border-radius: 4px; }
.toast { position: fixed; left: 50%; bottom: 26px; transform: translateX(-50%); background: #23262b; color: #fff; padding: 10px 16px; border-radius: 10px; font-size: 13px; box-shadow: 0 10px 30px rgba(0,0,0,.25); z-index: 10; max-width: 520px; }
@media (max-width: 1100px) { .app { grid-template-columns: 210px minmax(0, 1fr); } .panel { display: none; } }
`;
