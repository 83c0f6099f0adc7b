// Client + sandbox round trips over 127.0.0.1: calls per second for small JSON calls, uploads and draft/add.
import sharp from 'sharp';
import { startSandbox } from '../dist/sandbox/index.js';
import { createWechatClient } from '../dist/wechat/index.js';

const sandbox = await startSandbox();
const client = createWechatClient({ appId: sandbox.appId, appSecret: sandbox.appSecret, apiBase: sandbox.apiBase, tokenCacheDir: false, env: {} });

async function measure(label, n, fn, concurrency = 8) {
  const started = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) { const i = next++; await fn(i); }
  }));
  const ms = performance.now() - started;
  console.log(`${label}: ${n} calls in ${ms.toFixed(0)} ms → ${(n / (ms / 1000)).toFixed(0)}/s`);
}

const png = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#4a8' } }).png().toBuffer();
const cover = (await client.addMaterial(png, 'cover.png', 'image')).media_id;
const content = `<section>${'<p style="margin:0 0 1em;line-height:1.8">这是一段用于基准测试的正文。</p>'.repeat(300)}</section>`;
await measure('draft/count', 2000, () => client.countDrafts());
await measure(`media/uploadimg (${(png.length / 1024).toFixed(0)} KB png)`, 300, (i) => client.uploadImage(png, `i${i}.png`));
await measure(`draft/add (${(content.length / 1000).toFixed(0)}k chars)`, 300, () => client.addDraft([{ title: '基准', content, thumb_media_id: cover }]));
await client.close();
await sandbox.close();
