// Relay overhead per request: the same calls to the sandbox directly and through `gzh relay` (127.0.0.1, one
// at a time, interleaved in rounds so both see the same machine load). Prints p50/p99 of each and the difference.
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { generateRelayToken, hashToken, startRelay } from '../dist/relay/index.js';
import { startSandbox } from '../dist/sandbox/index.js';
import { createWechatClient } from '../dist/wechat/index.js';

const sandbox = await startSandbox();
const token = generateRelayToken();
const relay = await startRelay({
  listen: '127.0.0.1:0',
  apiBase: sandbox.apiBase,
  accounts: { main: { appId: sandbox.appId, appSecret: sandbox.appSecret } },
  tokens: [{ id: 'bench', sha256: hashToken(token), accounts: '*' }],
  perMinute: 0,
  env: {},
});
const direct = createWechatClient({ appId: sandbox.appId, appSecret: sandbox.appSecret, apiBase: sandbox.apiBase, tokenCacheDir: false, env: {} });
const relayed = createWechatClient({ appId: '', appSecret: '', relay: { url: relay.url, token }, tokenCacheDir: false, env: {} });

// noise compresses badly: a body image of a realistic size (~200 KB)
const noise = randomBytes(320 * 220 * 3);
const png = await sharp(noise, { raw: { width: 320, height: 220, channels: 3 } }).png().toBuffer();
const cover = (await direct.addMaterial(png, 'cover.png', 'image')).media_id;
const content = `<section>${'<p style="margin:0 0 1em;line-height:1.8">这是一段用于基准测试的正文。</p>'.repeat(300)}</section>`;

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const fmt = (ms) => `${ms.toFixed(2)} ms`;
const signed = (ms) => `${ms >= 0 ? '+' : '−'}${fmt(Math.abs(ms))}`;

async function compare(label, n, call) {
  // warm both paths (connections, token)
  for (let i = 0; i < 20; i++) await call(direct, i), await call(relayed, i);
  const times = { direct: [], relay: [] };
  const rounds = 10;
  for (let r = 0; r < rounds; r++) {
    for (const [name, client] of [['direct', direct], ['relay', relayed]]) {
      for (let i = 0; i < n / rounds; i++) {
        const t = performance.now();
        await call(client, i);
        times[name].push(performance.now() - t);
      }
    }
  }
  const d = times.direct.sort((a, b) => a - b);
  const v = times.relay.sort((a, b) => a - b);
  console.log(`${label} (${n} each):`);
  console.log(`  direct    p50 ${fmt(pct(d, 50))}  p99 ${fmt(pct(d, 99))}`);
  console.log(`  relay     p50 ${fmt(pct(v, 50))}  p99 ${fmt(pct(v, 99))}`);
  console.log(`  overhead  p50 ${signed(pct(v, 50) - pct(d, 50))}  p99 ${signed(pct(v, 99) - pct(d, 99))}`);
}

await compare('draft/count (GET, small JSON)', 1000, (c) => c.countDrafts());
await compare(`media/uploadimg (${(png.length / 1024).toFixed(0)} KB multipart, streamed)`, 300, (c, i) => c.uploadImage(png, `i${i}.png`));
await compare(`draft/add (${(content.length / 1000).toFixed(0)}k chars JSON)`, 300, (c) => c.addDraft([{ title: '基准', content, thumb_media_id: cover }]));

await Promise.all([direct.close(), relayed.close()]);
await relay.close({ drainMs: 0 });
await sandbox.close();
